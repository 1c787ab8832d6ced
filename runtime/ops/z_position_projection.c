/* z_position_projection: per (x, y), the input's pixel at the plane the
 * position image names (kernels/z_position_projection.cl). position must
 * cover the input's plane exactly, with a depth of 1. */
#include <stdio.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "ops_util.h"

int cle_impl_z_position_projection(cle_array *input_image, cle_array *position, cle_array *output_image)
{
  if (cle_array_width(position) != cle_array_width(input_image) ||
      cle_array_height(position) != cle_array_height(input_image) || cle_array_depth(position) != 1) {
    char want[64], got[64];
    cle_ops_shape_text(position, got, sizeof got);
    if (cle_array_ndim(input_image) >= 2)
      snprintf(want, sizeof want, "(%zu, %zu)", cle_array_height(input_image), cle_array_width(input_image));
    else
      snprintf(want, sizeof want, "(%zu,)", cle_array_width(input_image));
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "position must have input_image's width and height, %s, and a depth of 1, got %s", want, got);
  }
  const cle_param params[] = {cle_param_array("input_image", input_image), cle_param_array("position", position),
                              cle_param_array("output_image", output_image)};
  const size_t range[3] = {cle_array_width(input_image) * cle_array_height(input_image), 1, 1};
  return cle_run_kernel(cle_array_device(input_image), "z_position_projection", "z_position_projection", params, 3,
                        range, NULL, NULL);
}
