/* erode_connected_labels as clEsperanto composes it: erode_labels of the
 * foreground (greater_constant 0) as one object, the labels kept where it
 * survives (mask), renumbered by relabel_sequential; radius < 1 copies. */
#include "cle_ops_impl.h"
#include "cesperanto/cle_ops.h"

int cle_impl_erode_connected_labels(cle_array *input_image, cle_array *output_image, int radius)
{
  if (radius < 1) {
    cle_array *copied = cle_copy(input_image, output_image);
    cle_release(copied);
    return copied ? 0 : -1;
  }
  cle_array *foreground = cle_greater_constant(input_image, NULL, 0);
  cle_array *eroded = foreground ? cle_erode_labels(foreground, NULL, radius, false) : NULL;
  cle_array *kept = eroded ? cle_mask(input_image, eroded, NULL) : NULL;
  cle_array *result = kept ? cle_relabel_sequential(kept, output_image, 4096) : NULL;
  cle_release(foreground);
  cle_release(eroded);
  cle_release(kept);
  cle_release(result);
  return result ? 0 : -1;
}
