/* standard_deviation_partial_touching_area_matrix: the touching-area matrix
 * (cle_impl_generate_touching_area_matrix, into a uint32 scratch matrix of
 * one row and column per element of the output), then per column the mean
 * absolute deviation of its nonzero ratios from 1 / their count (kernels/
 * touching_area.cl: touching_area_deviation). */
#include "cle_ops_impl.h"
#include "cle_private.h"

int cle_impl_standard_deviation_partial_touching_area_matrix(cle_array *input_image_label,
                                                             cle_array *output_image_vector)
{
  const size_t n = cle_array_size(output_image_vector);
  cle_device *dev = cle_array_device(input_image_label);
  cle_array *area = cle_create(dev, CLE_UINT32, n, n, 1);
  int rc = area ? cle_impl_generate_touching_area_matrix(input_image_label, area) : -1;
  if (rc == 0) {
    const cle_param params[] = {cle_param_array("area", area), cle_param_array("dst", output_image_vector)};
    const size_t range[3] = {n, 1, 1};
    rc = cle_run_kernel(dev, "touching_area", "touching_area_deviation", params, 2, range, NULL, NULL);
  }
  cle_release(area);
  return rc;
}
