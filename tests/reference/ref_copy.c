/* copy: every pixel converted to the output's dtype (saturated, rounded
 * toward zero, NaN to 0). */
#include "ref_common.h"

int ref_op_copy(const ref_image *input_image, ref_image *output_image)
{
  for (size_t i = 0; i < ref_image_size(input_image); i++)
    ref_set(output_image, i, ref_get(input_image, i));
  return 0;
}
