/* The projection family (maximum, minimum, sum, mean, standard deviation and
 * arg-extremum projections along x, y or z): one kernel file,
 * kernels/projection.cl, given each op's rule from its spec as defines
 * (generated cle_ops.c) and laid out per device type: on GPUs
 * projection_columns (each work-item owns an output pixel and walks its
 * line: coalesced rows along y and z) or, along x for lines of at least 64
 * pixels, projection_rows (the same, the group's lines staged through local
 * memory with coalesced loads; projection_rows_packed moves 8- and 16-bit
 * lines as 32-bit words) -- but along x 8-bit sums, means, maximums and
 * minimums of any width, whose order is free because they are exact, take
 * projection_split (several work-items per line reading 16-byte vectors,
 * merged in local memory) --, on CPU devices
 * projection_slab (each work-item owns a contiguous run of the output and
 * reads it step by step in tiles; pocl ran one item per pixel at 2.6 GB/s). */
#include <stdlib.h>
#include <string.h>

#include "cle_private.h"
#include "families/projection.h"
#include "ops/ops_util.h"

enum {
  SLAB_TILE_BYTES = 4096, /* source bytes per step per tile: runs long enough to stream, tile in L1 */
  SLAB_RULE_TILE = 512,   /* pixels per tile of the fixed rules (accumulators of up to 24 bytes) */
  SLAB_LINES = 16,        /* lines per tile along x, read side by side */
  SLAB_MAX_ITEMS = 1024,
  /* projection_rows (GPUs, along x); H200, 512^3 float32 maximum / mean: 32-pixel chunks with
   * 128-line groups, 8 per unit, 0.155 / 0.176 ms; 64 and 64, 16 per unit, 0.144 / 0.145 (copy 0.27) */
  ROWS_GROUP = 64,             /* lines per block and items per group */
  ROWS_CHUNK = 64,             /* pixels of each line per step through local memory (up to 16.6 KiB) */
  ROWS_GROUPS_PER_UNIT = 16,   /* persistent groups per compute unit */
  LANES_ITEMS_PER_UNIT = 1024, /* projection_columns with 4 lanes needs this many items per compute unit */
  /* projection_split (GPUs, along x, 8-bit sums and extremes) */
  SPLIT_GROUP = 256,          /* items per group */
  SPLIT_GROUPS_PER_UNIT = 8,  /* persistent groups per compute unit */
  SPLIT_VECTORS_PER_ITEM = 4, /* vectors of a line each item takes, at least (where the line allows) */
  SPLIT_UNROLL = 4,           /* loads in flight per item */
  SPLIT_EXACT_SUM = 65793     /* 2^24 / 255: longer 8-bit lines may sum past float32's exact integers */
};

/* Which order-free rule the op's defines give, for 8-bit pixels along x (kernels/projection.cl,
 * projection_split): 1 a sum (any finish: the mean's too), while the line is at most SPLIT_EXACT_SUM
 * pixels, so every partial sum is an exact integer in float32; 2 a maximum, 3 a minimum (integers:
 * always exact); 0 none (another rule, or 16 bits and wider: today's in-order layouts). */
static int split_rule(const char *rule_defines, size_t src_size, size_t w)
{
  static const char *const prefixes[] = {
      "#define CLE_P_ACC_T float\n#define CLE_P_COMBINE(acc, v) (acc + v)\n",
      "#define CLE_P_ACC_T IMAGE_src_PIXEL_TYPE\n#define CLE_P_COMBINE(acc, v) (v > acc ? v : acc)\n",
      "#define CLE_P_ACC_T IMAGE_src_PIXEL_TYPE\n#define CLE_P_COMBINE(acc, v) (v < acc ? v : acc)\n"};
  if (src_size != 1)
    return 0;
  for (int r = 0; r < 3; r++)
    if (strncmp(rule_defines, prefixes[r], strlen(prefixes[r])) == 0)
      return r == 0 && w > SPLIT_EXACT_SUM ? 0 : r + 1;
  return 0;
}

/* dst = the projection along x on the projection_split layout (rule from split_rule). */
static int run_split(cle_device *dev, const cle_param *params, const char *defines, int rule, size_t w, size_t lines)
{
  size_t vw = 16; /* the widest vector that divides the line: lines start on its boundary */
  while (w % vw)
    vw /= 2;
  const size_t vecs = w / vw;
  const size_t group = cle_ops_group_size(dev, SPLIT_GROUP);
  size_t share = 1; /* items per line: a power of two, each taking SPLIT_VECTORS_PER_ITEM vectors or more */
  while (share * 2 <= group && share * 2 * SPLIT_VECTORS_PER_ITEM <= vecs)
    share *= 2;
  /* few lines: more items per line (down to one vector each) while the device is not full */
  const size_t full = (size_t)cle_device_compute_units(dev) * SPLIT_GROUPS_PER_UNIT * group;
  while (share * 2 <= group && share * 2 <= vecs && lines * share < full)
    share *= 2;
  char *split = cle_defines_append(defines,
                                   "#define CLE_P_SPLIT %d\n#define CLE_P_VW %zu\n#define CLE_P_SPLIT_T %zu\n"
                                   "#define CLE_P_GROUP %zu\n#define CLE_P_SPLIT_UNROLL %d\n",
                                   rule, vw, share, group, SPLIT_UNROLL);
  if (!split)
    return -1;
  size_t groups = cle_ops_blocks(lines, group / share);
  const size_t resident = (size_t)cle_device_compute_units(dev) * SPLIT_GROUPS_PER_UNIT;
  if (groups > resident)
    groups = resident;
  const size_t range[3] = {groups * group, 1, 1}, local[3] = {group, 1, 1};
  const int rc = cle_run_kernel(dev, "projection", "projection_split", params, 3, range, local, split);
  free(split);
  return rc;
}

int cle_projection(cle_array *src, cle_array *dst, int axis, int ddof, const char *rule_defines)
{
  cle_device *dev = cle_array_device(src);
  const cle_param params[] = {cle_param_array("src", src), cle_param_array("dst", dst), cle_param_int("ddof", ddof)};
  const size_t w = cle_array_width(src), h = cle_array_height(src), d = cle_array_depth(src);
  const size_t src_size = cle_dtype_size(cle_array_dtype(src));
  const size_t plane = axis == 0 ? 1 : axis == 1 ? w : w * h;
  const size_t total = axis == 0 ? h * d : axis == 1 ? w * d : w * h; /* output pixels */
  char *defines =
      cle_defines_append(rule_defines, "#define CLE_P_AXIS %d\n#define CLE_FP64 %d\n", axis, cle_device_has_fp64(dev));
  if (!defines)
    return -1;
  int rc;
  const int split = axis == 0 && !cle_ops_chunked_path(dev) ? split_rule(rule_defines, src_size, w) : 0;
  if (split) {
    rc = run_split(dev, params, defines, split, w, total);
  } else if (!cle_ops_chunked_path(dev) && axis == 0 && w >= ROWS_CHUNK &&
             cle_ops_group_size(dev, ROWS_GROUP) == ROWS_GROUP) {
    /* 8- and 16-bit lines that start on 4-byte boundaries move as 32-bit words */
    const size_t packed = src_size <= 2 && w % (4 / src_size) == 0 ? 4 / src_size : 0;
    char *rows =
        packed
            ? cle_defines_append(defines, "#define CLE_P_CHUNK %d\n#define CLE_P_GROUP %d\n#define CLE_P_PACKED %zu\n",
                                 ROWS_CHUNK, ROWS_GROUP, packed)
            : cle_defines_append(defines, "#define CLE_P_CHUNK %d\n#define CLE_P_GROUP %d\n", ROWS_CHUNK, ROWS_GROUP);
    if (!rows) {
      free(defines);
      return -1;
    }
    size_t groups = cle_ops_blocks(total, ROWS_GROUP);
    const size_t resident = (size_t)cle_device_compute_units(dev) * ROWS_GROUPS_PER_UNIT;
    if (groups > resident)
      groups = resident;
    const size_t range[3] = {groups * ROWS_GROUP, 1, 1}, local[3] = {ROWS_GROUP, 1, 1};
    rc = cle_run_kernel(dev, "projection", packed ? "projection_rows_packed" : "projection_rows", params, 3, range,
                        local, rows);
    free(rows);
  } else if (!cle_ops_chunked_path(dev)) {
    /* 8- and 16-bit pixels along y and z: 4 output pixels per item (vector loads), where the plane
     * allows it and the items still fill the device */
    const size_t lanes = axis > 0 && src_size <= 2 && plane % 4 == 0 &&
                                 total / 4 >= (size_t)cle_device_compute_units(dev) * LANES_ITEMS_PER_UNIT
                             ? 4
                             : 1;
    /* loads in flight per item: 16 bytes of pixels, at least 2 steps */
    const size_t unroll = src_size * lanes >= 8 ? 2 : 16 / (src_size * lanes);
    char *columns = cle_defines_append(defines, "#define CLE_P_UNROLL %zu\n#define CLE_P_LANES %zu\n", unroll, lanes);
    if (!columns) {
      free(defines);
      return -1;
    }
    const size_t range[3] = {total / lanes, 1, 1};
    rc = cle_run_kernel(dev, "projection", "projection_columns", params, 3, range, NULL, columns);
    free(columns);
  } else {
    size_t tile = SLAB_TILE_BYTES / src_size;                                 /* one tile per item if it can */
    if (strstr(rule_defines, "#define CLE_P_RULE ") && tile > SLAB_RULE_TILE) /* a fixed rule's accumulators */
      tile = SLAB_RULE_TILE;
    if (axis == 0)
      tile = SLAB_LINES;
    /* along y and z a tile stays within one block's plane */
    const size_t run = axis == 0 || tile < plane ? tile : plane;
    size_t items = (total + run - 1) / run;
    if (items > SLAB_MAX_ITEMS)
      items = SLAB_MAX_ITEMS;
    char *slab = cle_defines_append(defines, "#define CLE_P_TILE %zu\n", tile);
    if (!slab) {
      free(defines);
      return -1;
    }
    const size_t range[3] = {items, 1, 1}, one[3] = {1, 1, 1};
    rc = cle_run_kernel(dev, "projection", "projection_slab", params, 3, range, one, slab);
    free(slab);
  }
  free(defines);
  return rc;
}
