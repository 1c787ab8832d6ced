/* closing_labels: dilate_labels by radius, then the binary erosion of the
 * dilated foreground by radius steps (sphere and box alternating, sphere
 * first), and the dilated labels kept where that is set (mask). */
#include "cle_ops_impl.h"
#include "cesperanto/cle_ops.h"
#include "label_util.h"

int cle_impl_closing_labels(cle_array *input_image, cle_array *output_image, int radius)
{
  if (radius <= 0) {
    cle_array *copied = cle_copy(input_image, output_image);
    cle_release(copied);
    return copied ? 0 : -1;
  }
  cle_array *dilated = cle_dilate_labels(input_image, NULL, radius);
  cle_array *foreground = dilated ? cle_greater_constant(dilated, NULL, 0) : NULL;
  int rc = foreground ? label_erode_steps(&foreground, radius, 1) : -1;
  cle_array *result = rc == 0 ? cle_mask(dilated, foreground, output_image) : NULL;
  cle_release(dilated);
  cle_release(foreground);
  cle_release(result);
  return result ? 0 : -1;
}
