/* unpad: a box of the output's size (created by the spec's size() rule: a
 * size of 0 keeps the input's) cut out of the input at offset 0 or, with
 * center, at ceil((input size - output size) / 2) along each axis
 * (pyclesperanto 0.25.1's rounding). kernels/copy_region.cl, unpad. */
#include "cle_ops_impl.h"
#include "cle_private.h"

int cle_impl_unpad(cle_array *input_image, cle_array *output_image, int size_x, int size_y, int size_z, bool center)
{
  static const char *const names[3] = {"size_x", "size_y", "size_z"}, *const axes[3] = {"width", "height", "depth"};
  const int size[3] = {size_x, size_y, size_z};
  const size_t in[3] = {cle_array_width(input_image), cle_array_height(input_image), cle_array_depth(input_image)};
  const size_t out[3] = {cle_array_width(output_image), cle_array_height(output_image), cle_array_depth(output_image)};
  int offset[3];
  for (int a = 0; a < 3; a++) {
    if ((size_t)size[a] > in[a])
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                           "%s must be at most the input's %s, %zu (or 0 to keep it), got %d; pad makes images larger",
                           names[a], axes[a], in[a], size[a]);
    offset[a] = center ? (int)((in[a] - out[a] + 1) / 2) : 0;
  }
  const cle_param params[] = {cle_param_array("input_image", input_image),
                              cle_param_array("output_image", output_image), cle_param_int("offset_x", offset[0]),
                              cle_param_int("offset_y", offset[1]), cle_param_int("offset_z", offset[2])};
  return cle_run_kernel(cle_array_device(output_image), "copy_region", "unpad", params, 5, out, NULL, NULL);
}
