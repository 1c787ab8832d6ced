/* pointlist_to_labelled_spots: point i of the list drawn as label i + 1 into
 * a uint32 image sized by the points (point_lists.c). */
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "point_lists.h"

int cle_impl_pointlist_to_labelled_spots(cle_array *input_image, cle_array **output_image)
{
  const size_t rows = cle_array_height(input_image);
  if (cle_array_depth(input_image) != 1 || rows > 3)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "input_image must be a point list: a column per point and 1 to 3 rows (x, y, z), got "
                         "height %zu and depth %zu",
                         rows, cle_array_depth(input_image));
  size_t size[3];
  if (cle_point_list_extent(input_image, "input_image", (int)rows, size) != 0 ||
      cle_point_list_output(input_image, "output_image", output_image, CLE_UINT32, (int)rows, size, 1) != 0)
    return -1;
  return cle_point_list_draw(input_image, (int)rows, *output_image, 0);
}
