/* set: every pixel of the (in place) image becomes scalar, converted from
 * float to the image's dtype. */
#include "ref_common.h"

int ref_op_set(const ref_image *const *inputs, const cle_value *params, ref_image *out, double *scalar)
{
  (void)inputs;
  (void)scalar;
  float value = ref_param_float(&params[0]);
  for (size_t i = 0; i < ref_image_size(out); i++)
    ref_set(out, i, value);
  return 0;
}
