/* read_values_from_positions: the image's pixel at each point of a point
 * list (kernels/point_lists.cl: read_positions), one work-item per point. */
#include "cle_ops_impl.h"
#include "cle_private.h"

int cle_impl_read_values_from_positions(cle_array *input_image, cle_array *list, cle_array *output_image)
{
  const int ndim = cle_array_ndim(input_image);
  if (cle_array_depth(list) != 1)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "list must be a point list (one column per point, a row per axis), got depth %zu",
                         cle_array_depth(list));
  if (cle_array_height(list) < (size_t)ndim)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "list must have a row per axis of input_image (%d: x, y, z), got %zu", ndim,
                         cle_array_height(list));
  const cle_param params[] = {cle_param_array("input_image", input_image), cle_param_array("list", list),
                              cle_param_array("output_image", output_image), cle_param_int("ndim", ndim)};
  const size_t range[3] = {cle_array_width(list), 1, 1};
  return cle_run_kernel(cle_array_device(input_image), "point_lists", "read_positions", params, 4, range, NULL, NULL);
}
