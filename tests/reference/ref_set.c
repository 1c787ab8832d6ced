/* set: every pixel of the (in place) image becomes scalar, converted from
 * float to the image's dtype. */
#include "ref_common.h"

int ref_op_set(ref_image *input_image, float scalar)
{
  for (size_t i = 0; i < ref_image_size(input_image); i++)
    ref_set(input_image, i, scalar);
  return 0;
}
