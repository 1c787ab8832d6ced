/* write_values_to_positions: the value row of each point written at its
 * coordinates, into an image sized by the points or the caller's
 * (point_lists.c). */
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "point_lists.h"

int cle_impl_write_values_to_positions(cle_array *input_image, cle_array **output_image)
{
  const size_t rows = cle_array_height(input_image);
  if (cle_array_depth(input_image) != 1 || rows < 2 || rows > 4)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "input_image must be a point list with values: a column per point and 2 to 4 rows (x[, "
                         "y[, z]], value), got height %zu and depth %zu",
                         rows, cle_array_depth(input_image));
  const int ndim = (int)rows - 1;
  size_t size[3];
  if (cle_point_list_extent(input_image, "input_image", ndim, size) != 0 ||
      cle_point_list_output(input_image, "output_image", output_image, cle_array_dtype(input_image), ndim, size, 0) !=
          0)
    return -1;
  return cle_point_list_draw(input_image, ndim, *output_image, 1);
}
