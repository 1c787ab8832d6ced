/* relabel_sequential: new label = 1 + the number of labels present below
 * the old one. On the device:
 *   1. relabel_check: the largest label M, and whether any pixel is not a
 *      valid label (negative, fractional, NaN); the host reads these 8 bytes;
 *   2. relabel_flag: flags[v] = 1 for every label v present (a uint8 table
 *      of M + 1 entries, zero-filled first);
 *   3-5. label_scan: count the flags in blocks of `blocksize` (clEsperanto's
 *      tuning parameter, kept with the same meaning), scan the block counts,
 *      and map every pixel through the counts.
 * Five launches, one fill and one small read. Bytes moved for n pixels of
 * b bytes: 3bn + the table (M + 1 bytes, twice) + bn for dst. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "label_scan.h"

/* As kernels/relabel_sequential.cl. */
enum { BAD_NEGATIVE = 1, BAD_FRACTION = 2, BAD_TOO_LARGE = 4 };
/* relabel_check runs at most this many work-groups (grid-stride loop), so
 * its atomics stay few. */
enum { CHECK_MAX_GROUPS = 1024 };

/* The compile-time constants of kernels/relabel_sequential.cl (the same for
 * both its kernels: one program each, both compile the whole file). */
static void relabel_defines(int group, const cle_array *src, char *buf, size_t size)
{
  snprintf(buf, size, "#define CHECK_WG %d\n#define RELABEL_FLOAT %d\n", group, cle_array_dtype(src) == CLE_FLOAT32);
}

/* The largest label of src into *largest; -1 with the error set if src holds
 * a value that is no label. */
static int check_labels(cle_device *dev, cle_array *src, int n, int group, uint32_t *largest)
{
  size_t groups = ((size_t)n + (size_t)group - 1) / (size_t)group;
  if (groups > CHECK_MAX_GROUPS)
    groups = CHECK_MAX_GROUPS;
  char defines[64];
  relabel_defines(group, src, defines, sizeof defines);

  cle_array *stats = cle_create(dev, CLE_UINT32, 2, 1, 1);
  uint32_t found[2] = {0, 0};
  const cle_param params[] = {cle_param_array("src", src), cle_param_array("stats", stats), cle_param_int("n", n)};
  const size_t local[3] = {(size_t)group, 1, 1};
  const size_t range[3] = {groups * (size_t)group, 1, 1};
  int rc = stats ? 0 : -1;
  if (rc == 0)
    rc = cle_array_fill(stats, 0);
  if (rc == 0)
    rc = cle_run_kernel(dev, "relabel_sequential", "relabel_check", params, 3, range, local, defines);
  if (rc == 0)
    rc = cle_pull(stats, found, sizeof found);
  cle_release(stats);
  if (rc != 0)
    return -1;
  if (found[1] & BAD_NEGATIVE)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "input_image must hold labels >= 0, but has a negative (or NaN) pixel");
  if (found[1] & BAD_FRACTION)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "input_image must hold whole-number labels, but has a fractional pixel");
  if (found[1] & BAD_TOO_LARGE)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "input_image must hold labels below 2^32, but has a larger pixel");
  *largest = found[0];
  return 0;
}

int cle_impl_relabel_sequential(cle_array *src, cle_array *dst, int blocksize)
{
  if (blocksize < 1)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "blocksize must be >= 1, got %d", blocksize);
  const size_t n = cle_array_size(src);
  if (n > INT_MAX)
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "input_image has %zu pixels; at most %d are supported", n, INT_MAX);
  cle_device *dev = cle_array_device(src);

  const int group = label_group_size(dev, 256);
  uint32_t largest = 0;
  if (check_labels(dev, src, (int)n, group, &largest) != 0)
    return -1;
  /* The flag table has largest + 1 entries, indexed with int on the device. */
  if (largest >= INT_MAX)
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "input_image's largest label is %u; at most %d is supported",
                         (unsigned)largest, INT_MAX - 1);
  const int n_flags = (int)largest + 1;

  cle_array *flags = cle_create(dev, CLE_UINT8, (size_t)n_flags, 1, 1);
  int rc = flags ? cle_array_fill(flags, 0) : -1;
  if (rc == 0) {
    const cle_param params[] = {cle_param_array("src", src), cle_param_array("flags", flags),
                                cle_param_int("n", (int)n)};
    const size_t local[3] = {(size_t)group, 1, 1};
    const size_t range[3] = {label_round_up(n, local[0]), 1, 1};
    char defines[64];
    relabel_defines(group, src, defines, sizeof defines);
    rc = cle_run_kernel(dev, "relabel_sequential", "relabel_flag", params, 3, range, local, defines);
  }
  if (rc != 0) {
    cle_release(flags);
    return -1;
  }

  label_scan scan;
  rc = label_scan_build(dev, flags, n_flags, false, blocksize, &scan);
  if (rc == 0) {
    rc = label_scan_map(&scan, src, dst, (int)n);
    label_scan_release(&scan);
  }
  cle_release(flags);
  return rc;
}
