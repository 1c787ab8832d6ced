/* generate_partial_touching_area_matrix: the touching-area matrix
 * (cle_impl_generate_touching_area_matrix, into a uint32 scratch matrix of
 * the output's size), each column divided by its sum (kernels/
 * touching_area.cl: touching_area_ratio). */
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "ops_util.h"

int cle_impl_generate_partial_touching_area_matrix(cle_array *input_image_label, cle_array *output_image_matrix)
{
  return cle_ops_touching_area_columns(input_image_label, output_image_matrix, cle_array_width(output_image_matrix),
                                       "touching_area_ratio");
}
