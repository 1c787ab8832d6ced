/* add_images_weighted: dst = factor1 * src0 + factor2 * src1, evaluated in
 * float32 in that order (two products, one sum), float32 output. */
#include "ref_common.h"

int ref_op_add_images_weighted(const ref_image *const *inputs, const cle_value *params, ref_image *out, double *scalar)
{
  (void)scalar;
  const ref_image *a = inputs[0], *b = inputs[1];
  float f1 = ref_param_float(&params[0]), f2 = ref_param_float(&params[1]);
  if (ref_image_size(a) != ref_image_size(b) || ref_image_like(out, a, CLE_FLOAT32) != 0)
    return -1;
  for (size_t i = 0; i < ref_image_size(a); i++) {
    float p = f1 * (float)ref_get(a, i);
    float q = f2 * (float)ref_get(b, i);
    ref_set(out, i, p + q);
  }
  return 0;
}
