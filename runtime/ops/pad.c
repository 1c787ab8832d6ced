/* pad: the input placed into a larger output (created by the spec's size()
 * rule: a size of 0 keeps the input's), at offset 0 or, with center, at
 * ceil((output size - input size) / 2) along each axis (pyclesperanto
 * 0.25.1's rounding); value everywhere else. kernels/copy_region.cl, pad. */
#include "cle_ops_impl.h"
#include "cle_private.h"

int cle_impl_pad(cle_array *input_image, cle_array *output_image, int size_x, int size_y, int size_z, float value,
                 bool center)
{
  static const char *const names[3] = {"size_x", "size_y", "size_z"}, *const axes[3] = {"width", "height", "depth"};
  const int size[3] = {size_x, size_y, size_z};
  const size_t in[3] = {cle_array_width(input_image), cle_array_height(input_image), cle_array_depth(input_image)};
  const size_t out[3] = {cle_array_width(output_image), cle_array_height(output_image), cle_array_depth(output_image)};
  int offset[3];
  for (int a = 0; a < 3; a++) {
    if (size[a] != 0 && (size_t)size[a] < in[a])
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                           "%s must be 0 (keep the input's %s) or at least the input's %s, %zu, got %d; unpad makes "
                           "images smaller",
                           names[a], axes[a], axes[a], in[a], size[a]);
    offset[a] = center ? (int)((out[a] - in[a] + 1) / 2) : 0;
  }
  const cle_param params[] = {
      cle_param_array("input_image", input_image), cle_param_array("output_image", output_image),
      cle_param_int("offset_x", offset[0]),        cle_param_int("offset_y", offset[1]),
      cle_param_int("offset_z", offset[2]),        cle_param_float("value", value)};
  return cle_run_kernel(cle_array_device(output_image), "copy_region", "pad", params, 6, out, NULL, NULL);
}
