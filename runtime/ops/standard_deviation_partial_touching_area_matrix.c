/* standard_deviation_partial_touching_area_matrix: the touching-area matrix
 * (cle_impl_generate_touching_area_matrix, into a uint32 scratch matrix of
 * one row and column per element of the output), then per column the mean
 * absolute deviation of its nonzero ratios from 1 / their count (kernels/
 * touching_area.cl: touching_area_deviation). */
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "ops_util.h"

int cle_impl_standard_deviation_partial_touching_area_matrix(cle_array *input_image_label,
                                                             cle_array *output_image_vector)
{
  return cle_ops_touching_area_columns(input_image_label, output_image_vector, cle_array_size(output_image_vector),
                                       "touching_area_deviation");
}
