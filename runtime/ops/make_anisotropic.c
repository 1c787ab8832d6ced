/* make_anisotropic: the image resampled from one spacing to a spacing per
 * axis, as pyclesperanto 0.25.1's (CLIc's tier8 make_anisotropic, scale with
 * resize): the factors current_spacing / target_spacing_* in float32, the
 * current spacing the smallest target where it is <= 0. A target <= 0 (the
 * default, which pyclesperanto 0.25.1 refuses) leaves its axis alone (factor
 * 1). The output is sized and created here (creator impl), by
 * cle_affine_rescale (affine.c). */
#include <math.h>

#include "affine.h"
#include "cle_ops_impl.h"

int cle_impl_make_anisotropic(cle_array *input_image, cle_array **output_image, float current_spacing,
                              float target_spacing_x, float target_spacing_y, float target_spacing_z, bool interpolate)
{
  static const char *const names[3] = {"target_spacing_x", "target_spacing_y", "target_spacing_z"};
  const float target[3] = {target_spacing_x, target_spacing_y, target_spacing_z};
  float current = current_spacing;
  if (!isfinite(current))
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "current_spacing must be finite (<= 0 for the smallest target spacing), got %g",
                         (double)current);
  for (int a = 0; a < 3; a++)
    if (!isfinite(target[a]))
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s must be finite (<= 0 to leave the axis alone), got %g",
                           names[a], (double)target[a]);
  if (current <= 0.0f) { /* the smallest target given (> 0); none given: nothing is resampled */
    current = INFINITY;
    for (int a = 0; a < 3; a++)
      if (target[a] > 0.0f)
        current = fminf(current, target[a]);
  }
  float factor[3];
  for (int a = 0; a < 3; a++)
    factor[a] = target[a] > 0.0f ? current / target[a] : 1.0f;
  return cle_affine_rescale(input_image, output_image, factor[0], factor[1], factor[2], interpolate);
}
