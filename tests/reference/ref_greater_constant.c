/* greater_constant: 1 where the pixel (as float) is > scalar, else 0; uint8. */
#include "ref_common.h"

int ref_op_greater_constant(const ref_image *const *inputs, const cle_value *params, ref_image *out, double *scalar)
{
  (void)scalar;
  const ref_image *src = inputs[0];
  float threshold = ref_param_float(&params[0]);
  if (ref_image_like(out, src, CLE_UINT8) != 0)
    return -1;
  for (size_t i = 0; i < ref_image_size(src); i++)
    ref_set(out, i, (float)ref_get(src, i) > threshold ? 1 : 0);
  return 0;
}
