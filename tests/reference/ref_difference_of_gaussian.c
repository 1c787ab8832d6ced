/* difference_of_gaussian: gaussian_blur(sigma1) - gaussian_blur(sigma2),
 * each blur float32 as in ref_gaussian_blur.c, the difference in float32. */
#include "ref_common.h"

int ref_op_difference_of_gaussian(const ref_image *const *inputs, const cle_value *params, ref_image *out, double *scalar)
{
  (void)scalar;
  ref_image b1, b2;
  const ref_image *src = inputs[0];
  if (ref_gaussian_image(src, ref_param_float(&params[0]), ref_param_float(&params[1]),
                         ref_param_float(&params[2]), &b1) != 0)
    return -1;
  if (ref_gaussian_image(src, ref_param_float(&params[3]), ref_param_float(&params[4]),
                         ref_param_float(&params[5]), &b2) != 0) {
    ref_image_free(&b1);
    return -1;
  }
  int rc = ref_image_like(out, src, CLE_FLOAT32);
  if (rc == 0)
    for (size_t i = 0; i < ref_image_size(src); i++)
      ref_set(out, i, (float)ref_get(&b1, i) - (float)ref_get(&b2, i));
  ref_image_free(&b1);
  ref_image_free(&b2);
  return rc;
}
