/* masked_voronoi_labeling: connected_component_labeling (box) of the seeds
 * into int32, -1 (a barrier) outside the mask (masked_voronoi_seed), grown
 * by onlyzero_overwrite_maximum steps, box and sphere alternating (box
 * first), until a step changes nothing (label_util.c: label_grow), then
 * 0 outside the mask (masked_voronoi_finish). */
#include <limits.h>

#include "cle_ops_impl.h"
#include "cesperanto/cle_ops.h"
#include "label_util.h"

int cle_impl_masked_voronoi_labeling(cle_array *input_image, cle_array *mask, cle_array *output_image)
{
  const size_t n = cle_array_size(input_image);
  if (n > INT_MAX)
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "input_image has %zu pixels; at most %d are supported", n, INT_MAX);
  cle_device *dev = cle_array_device(input_image);
  cle_array *labels = cle_create_like_dtype(input_image, CLE_INT32);
  cle_array *a = cle_create_like_dtype(input_image, CLE_INT32);
  cle_array *b = cle_create_like_dtype(input_image, CLE_INT32);
  int rc = labels && a && b ? 0 : -1;
  if (rc == 0) {
    cle_array *done = cle_connected_component_labeling(input_image, labels, "box");
    rc = done ? 0 : -1;
    cle_release(done);
  }
  const size_t range[3] = {n, 1, 1};
  if (rc == 0) {
    const cle_param params[] = {cle_param_array("labels", labels), cle_param_array("mask", mask),
                                cle_param_array("work", a), cle_param_int("n", (int)n)};
    rc = cle_run_kernel(dev, "onlyzero_overwrite_maximum", "masked_voronoi_seed", params, 4, range, NULL, NULL);
  }
  cle_array *grown = a;
  if (rc == 0)
    rc = label_grow(a, b, -1, 1, &grown);
  if (rc == 0) {
    const cle_param params[] = {cle_param_array("work", grown), cle_param_array("dst", output_image),
                                cle_param_int("n", (int)n)};
    rc = cle_run_kernel(dev, "onlyzero_overwrite_maximum", "masked_voronoi_finish", params, 3, range, NULL, NULL);
  }
  cle_release(labels);
  cle_release(a);
  cle_release(b);
  return rc;
}
