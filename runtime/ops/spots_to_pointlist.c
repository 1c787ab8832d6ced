/* spots_to_pointlist: label_spots numbers the nonzero pixels in raster
 * order, labelled_spots_to_pointlist lists their coordinates; a given output
 * must have the list's shape and gets it converted (copy). */
#include "cesperanto/cle_ops.h"
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "ops_util.h"

int cle_impl_spots_to_pointlist(cle_array *input_image, cle_array **output_image)
{
  cle_array *spots = cle_label_spots(input_image, NULL);
  if (!spots)
    return -1;
  cle_array *list = cle_labelled_spots_to_pointlist(spots, NULL);
  cle_release(spots);
  if (!list)
    return -1;
  if (!*output_image) {
    *output_image = list;
    return 0;
  }
  cle_array *out = *output_image;
  int rc = 0;
  if (cle_array_width(out) != cle_array_width(list) || cle_array_height(out) != cle_array_height(list) ||
      cle_array_depth(out) != cle_array_depth(list)) {
    char got[64], want[64];
    rc = cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "output_image has shape %s, expected %s",
                       cle_ops_shape_text(out, got, sizeof got), cle_ops_shape_text(list, want, sizeof want));
  } else {
    cle_array *copied = cle_copy(list, out);
    rc = copied ? 0 : -1;
    cle_release(copied);
  }
  cle_release(list);
  return rc;
}
