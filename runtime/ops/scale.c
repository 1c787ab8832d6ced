/* scale: a scaling by factor_x, factor_y, factor_z, around the image's
 * center when centered (and not resized: a resized output starts at the
 * scaled image's corner anyway), applied by the affine kernel (affine.c). */
#include "affine.h"
#include "cle_ops_impl.h"

int cle_impl_scale(cle_array *input_image, cle_array *output_image, float factor_x, float factor_y, float factor_z,
                   bool centered, bool interpolate, bool resize)
{
  const char *const names[3] = {"factor_x", "factor_y", "factor_z"};
  const float values[3] = {factor_x, factor_y, factor_z};
  for (int i = 0; i < 3; i++) {
    if (cle_affine_check_finite(names[i], values[i]) != 0)
      return -1;
    if (values[i] == 0.0f)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s must not be 0 (a scaling without inverse)", names[i]);
  }
  cle_affine a;
  cle_affine_identity(&a);
  if (centered && !resize)
    cle_affine_center(&a, input_image, false);
  cle_affine_scale(&a, factor_x, factor_y, factor_z);
  if (centered && !resize)
    cle_affine_center(&a, input_image, true);
  return cle_affine_apply(input_image, output_image, &a, interpolate, resize);
}
