/* rigid_transform: a rotation by angle_x, then angle_y, then angle_z degrees
 * (around the image's center when centered), then a translation, applied by
 * the affine kernel (affine.c). rotate and translate are this op with no
 * translation or no rotation. */
#include "affine.h"
#include "cle_ops_impl.h"

int cle_impl_rigid_transform(cle_array *input_image, cle_array *output_image, float translate_x, float translate_y,
                             float translate_z, float angle_x, float angle_y, float angle_z, bool centered,
                             bool interpolate, bool resize)
{
  const char *const names[6] = {"translate_x", "translate_y", "translate_z", "angle_x", "angle_y", "angle_z"};
  const float values[6] = {translate_x, translate_y, translate_z, angle_x, angle_y, angle_z};
  for (int i = 0; i < 6; i++)
    if (cle_affine_check_finite(names[i], values[i]) != 0)
      return -1;
  cle_affine a;
  cle_affine_identity(&a);
  if (centered)
    cle_affine_center(&a, input_image, false);
  for (int axis = 0; axis < 3; axis++)
    if (values[3 + axis] != 0.0f)
      cle_affine_rotate(&a, axis, values[3 + axis]);
  if (centered)
    cle_affine_center(&a, input_image, true);
  cle_affine_translate(&a, translate_x, translate_y, translate_z);
  return cle_affine_apply(input_image, output_image, &a, interpolate, resize);
}
