/* label_scan: the host side of kernels/label_scan.cl (a fixed three launches
 * whatever the number of flags: blocks, block offsets, map), laid out per
 * device type: on GPUs work-groups of 256 scanning in local memory, on CPU
 * devices (pocl) few work-items, each walking one contiguous block. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "label_scan.h"
#include "ops_util.h"

enum {
  CPU_MIN_ITEM = 65536, /* flags or pixels per CPU work-item at least: a launch of one costs more */
  CPU_MAX_ITEMS = 64    /* enough for 64 cores */
};

size_t label_round_up(size_t n, size_t group)
{
  return (n + group - 1) / group * group;
}

int label_group_size(const cle_device *dev, int wanted)
{
  const size_t limit = cle_device_max_work_group_size(dev);
  int group = 1;
  while (group * 2 <= wanted && (size_t)group * 2 <= limit)
    group *= 2;
  return group;
}

static void scan_defines(const label_scan *scan, char *buf, size_t size)
{
  snprintf(buf, size, "#define SCAN_WG %d\n#define LABEL_SCAN_ROOTS %d\n", scan->group, scan->roots ? 1 : 0);
}

void label_scan_release(label_scan *scan)
{
  cle_release(scan->words);
  cle_release(scan->offsets);
  scan->words = scan->offsets = NULL;
}

int label_scan_build(cle_device *dev, cle_array *flags, int n_flags, bool roots, int flags_per_block, label_scan *scan)
{
  memset(scan, 0, sizeof *scan);
  scan->dev = dev;
  scan->roots = roots;
  scan->chunked = cle_ops_chunked_path(dev) != 0;
  scan->n_flags = n_flags;
  /* 256 where the device allows it (a power of two: the local scan halves
   * it), so a block is 8192 flags by default. */
  scan->group = label_group_size(dev, 256);
  if (n_flags < 1)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "label_scan over %d flags", n_flags);
  const long long n_words = ((long long)n_flags + 31) / 32;
  long long per_block = flags_per_block > 0 ? ((long long)flags_per_block + 31) / 32 : scan->group;
  if (scan->chunked) {
    long long blocks = ((long long)n_flags + CPU_MIN_ITEM - 1) / CPU_MIN_ITEM;
    if (blocks > CPU_MAX_ITEMS)
      blocks = CPU_MAX_ITEMS;
    per_block = (n_words + blocks - 1) / blocks;
  }
  if (per_block > n_words)
    per_block = n_words; /* one block; also keeps the int arithmetic in the kernels small */
  scan->words_per_block = (int)per_block;
  scan->n_blocks = (int)((n_words + per_block - 1) / per_block);

  scan->words = cle_create(dev, CLE_UINT32, (size_t)(2 * n_words), 1, 1);
  scan->offsets = cle_create(dev, CLE_UINT32, (size_t)scan->n_blocks + 1, 1, 1);
  if (!scan->words || !scan->offsets) {
    label_scan_release(scan);
    return -1;
  }

  char defines[64];
  scan_defines(scan, defines, sizeof defines);
  const size_t local[3] = {(size_t)scan->group, 1, 1};
  const cle_param block_params[] = {cle_param_array("flags", flags), cle_param_array("words", scan->words),
                                    cle_param_array("offsets", scan->offsets), cle_param_int("n_flags", n_flags),
                                    cle_param_int("words_per_block", scan->words_per_block)};
  const size_t block_range[3] = {(size_t)scan->n_blocks * (size_t)scan->group, 1, 1};
  const cle_param offset_params[] = {cle_param_array("offsets", scan->offsets),
                                     cle_param_int("n_blocks", scan->n_blocks)};
  int rc;
  if (scan->chunked) {
    const size_t one[3] = {1, 1, 1}, blocks[3] = {(size_t)scan->n_blocks, 1, 1};
    rc = cle_run_kernel(dev, "label_scan", "label_scan_blocks_chunked", block_params, 5, blocks, one, defines);
    if (rc == 0)
      rc = cle_run_kernel(dev, "label_scan", "label_scan_offsets_chunked", offset_params, 2, one, one, defines);
  } else {
    rc = cle_run_kernel(dev, "label_scan", "label_scan_blocks", block_params, 5, block_range, local, defines);
    if (rc == 0)
      rc = cle_run_kernel(dev, "label_scan", "label_scan_offsets", offset_params, 2, local, local, defines);
  }
  if (rc != 0) {
    label_scan_release(scan);
    return -1;
  }
  return 0;
}

/* Largest label dst's dtype holds (float32: every uint, rounded). */
static unsigned dst_max(cle_dtype dtype)
{
  switch (dtype) {
  case CLE_INT8: return 127u;
  case CLE_UINT8: return 255u;
  case CLE_INT16: return 32767u;
  case CLE_UINT16: return 65535u;
  case CLE_INT32: return 2147483647u;
  default: return 4294967295u;
  }
}

int label_scan_map(const label_scan *scan, cle_array *src, cle_array *dst, int n)
{
  char defines[96];
  scan_defines(scan, defines, sizeof defines);
  const size_t used = strlen(defines);
  snprintf(defines + used, sizeof defines - used, "#define LABEL_DST_MAX %uu\n", dst_max(cle_array_dtype(dst)));
  const cle_param params[] = {cle_param_array("src", src),
                              cle_param_array("dst", dst),
                              cle_param_array("words", scan->words),
                              cle_param_array("offsets", scan->offsets),
                              cle_param_int("n", n),
                              cle_param_int("words_per_block", scan->words_per_block)};
  int rc;
  if (scan->chunked) {
    size_t items = ((size_t)n + CPU_MIN_ITEM - 1) / CPU_MIN_ITEM;
    if (items > CPU_MAX_ITEMS)
      items = CPU_MAX_ITEMS;
    const size_t per_item = ((size_t)n + items - 1) / items;
    const cle_param chunked_params[] = {
        params[0], params[1], params[2], params[3], params[4], params[5], cle_param_int("per_item", (int)per_item)};
    const size_t one[3] = {1, 1, 1}, range[3] = {items, 1, 1};
    rc = cle_run_kernel(scan->dev, "label_scan", "label_scan_map_chunked", chunked_params, 7, range, one, defines);
  } else {
    const size_t local[3] = {(size_t)scan->group, 1, 1};
    const size_t range[3] = {label_round_up((size_t)n, local[0]), 1, 1};
    rc = cle_run_kernel(scan->dev, "label_scan", "label_scan_map", params, 6, range, local, defines);
  }
  return rc;
}
