/* subtract_images: src0 - src1 in float32, float32 output. */
#include "ref_common.h"

int ref_op_subtract_images(const ref_image *const *inputs, const cle_value *params, ref_image *out, double *scalar)
{
  (void)params;
  (void)scalar;
  const ref_image *a = inputs[0], *b = inputs[1];
  if (ref_image_size(a) != ref_image_size(b) || ref_image_like(out, a, CLE_FLOAT32) != 0)
    return -1;
  for (size_t i = 0; i < ref_image_size(a); i++)
    ref_set(out, i, (float)ref_get(a, i) - (float)ref_get(b, i));
  return 0;
}
