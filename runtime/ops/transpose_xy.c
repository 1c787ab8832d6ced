/* transpose_xy: runtime/ops/transpose.c (the element-wise kernel on CPU
 * devices, coalesced tiles or rows on GPUs). */
#include "cle_ops_impl.h"
#include "transpose.h"

int cle_impl_transpose_xy(cle_array *input_image, cle_array *output_image)
{
  return cle_ops_transpose(input_image, output_image, CLE_TRANSPOSE_XY);
}
