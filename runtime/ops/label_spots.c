/* label_spots: number the nonzero pixels 1, 2, ... in raster order (x
 * fastest). Each nonzero pixel is a root of its own in an int32 forest
 * (kernels/label_spots.cl), which label_scan numbers in index order, as it
 * numbers connected_component_labeling's roots: four launches, no host
 * synchronisation. */
#include <limits.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "label_scan.h"

int cle_impl_label_spots(cle_array *input_image, cle_array *output_image)
{
  const size_t n = cle_array_size(input_image);
  if (n > INT_MAX)
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "input_image has %zu pixels; at most %d are supported", n, INT_MAX);
  cle_device *dev = cle_array_device(input_image);
  cle_array *parent = cle_create(dev, CLE_INT32, n, 1, 1);
  if (!parent)
    return -1;
  const int group = label_group_size(dev, 256);
  const size_t local[3] = {(size_t)group, 1, 1};
  const size_t range[3] = {label_round_up(n, local[0]), 1, 1};
  const cle_param params[] = {cle_param_array("src", input_image), cle_param_array("parent", parent),
                              cle_param_int("n", (int)n)};
  int rc = cle_run_kernel(dev, "label_spots", "label_spots_forest", params, 3, range, local, NULL);
  if (rc == 0) {
    label_scan scan;
    rc = label_scan_build(dev, parent, (int)n, true, 0, &scan);
    if (rc == 0) {
      rc = label_scan_map(&scan, parent, output_image, (int)n);
      label_scan_release(&scan);
    }
  }
  cle_release(parent);
  return rc;
}
