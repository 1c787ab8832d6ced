/* make_isotropic: the image resampled to one spacing along every axis, as
 * pyclesperanto 0.25.1's (CLIc's tier8 make_isotropic, scale with resize):
 * the factors current_spacing / target_spacing in float32, the target the
 * smallest current spacing where it is <= 0. The output is sized and created
 * here (creator impl), by cle_affine_rescale (affine.c). */
#include <math.h>

#include "affine.h"
#include "cle_ops_impl.h"

int cle_impl_make_isotropic(cle_array *input_image, cle_array **output_image, float current_spacing_x,
                            float current_spacing_y, float current_spacing_z, float target_spacing, bool interpolate)
{
  static const char *const names[3] = {"current_spacing_x", "current_spacing_y", "current_spacing_z"};
  const float spacing[3] = {current_spacing_x, current_spacing_y, current_spacing_z};
  for (int a = 0; a < 3; a++)
    if (!(isfinite(spacing[a]) && spacing[a] > 0.0f))
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s must be a finite number > 0, got %g", names[a],
                           (double)spacing[a]);
  if (isnan(target_spacing) || isinf(target_spacing))
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "target_spacing must be finite (<= 0 for the smallest current spacing), got %g",
                         (double)target_spacing);
  float target = target_spacing;
  if (target <= 0.0f)
    target = fminf(fminf(current_spacing_x, current_spacing_y), current_spacing_z);
  return cle_affine_rescale(input_image, output_image, current_spacing_x / target, current_spacing_y / target,
                            current_spacing_z / target, interpolate);
}
