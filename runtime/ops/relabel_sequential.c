/* relabel_sequential: new label = 1 + the number of labels present below
 * the old one. On the device:
 *   1. cle_label_max (label_statistics.c): the largest label M, and whether
 *      any pixel is not a valid label (negative, fractional, NaN);
 *   2. relabel_flag: flags[v] = 1 for every label v present (a uint8 table
 *      of M + 1 entries, zero-filled first);
 *   3-5. label_scan: count the flags in blocks of `blocksize` (clEsperanto's
 *      tuning parameter, kept with the same meaning), scan the block counts,
 *      and map every pixel through the counts.
 * Five launches, one fill and one small read. Bytes moved for n pixels of
 * b bytes: 3bn + the table (M + 1 bytes, twice) + bn for dst. */
#include <limits.h>
#include <math.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "label_scan.h"

int cle_impl_relabel_sequential(cle_array *src, cle_array *dst, int blocksize)
{
  if (blocksize < 1)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "blocksize must be >= 1, got %d", blocksize);
  const size_t n = cle_array_size(src);
  if (n > INT_MAX)
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "input_image has %zu pixels; at most %d are supported", n, INT_MAX);
  cle_device *dev = cle_array_device(src);

  const int group = label_group_size(dev, 256);
  const double largest = cle_label_max(src, "input_image"); /* checks the labels too */
  if (isnan(largest))
    return -1;
  /* The flag table has largest + 1 entries, indexed with int on the device. */
  if (largest >= INT_MAX)
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "input_image's largest label is %.0f; at most %d is supported", largest,
                         INT_MAX - 1);
  const int n_flags = (int)largest + 1;

  cle_array *flags = cle_create(dev, CLE_UINT8, (size_t)n_flags, 1, 1);
  int rc = flags ? cle_array_fill(flags, 0) : -1;
  if (rc == 0) {
    const cle_param params[] = {cle_param_array("src", src), cle_param_array("flags", flags),
                                cle_param_int("n", (int)n)};
    const size_t local[3] = {(size_t)group, 1, 1};
    const size_t range[3] = {label_round_up(n, local[0]), 1, 1};
    rc = cle_run_kernel(dev, "relabel_sequential", "relabel_flag", params, 3, range, local, NULL);
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
