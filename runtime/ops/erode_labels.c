/* erode_labels as clEsperanto composes it: the pixels on label edges
 * (detect_label_edges) become background (binary_not, mask), then
 * radius - 1 minimum filters of radius 1, sphere and box alternating
 * (sphere first), then relabel_sequential, or connected_component_labeling
 * (sphere) of what is left when relabel is set. The filters stop early once
 * more cannot change anything (label_util.c: label_erode_steps). */
#include "cle_ops_impl.h"
#include "cesperanto/cle_ops.h"
#include "label_util.h"

int cle_impl_erode_labels(cle_array *input_image, cle_array *output_image, int radius, bool relabel)
{
  if (radius <= 0) {
    cle_array *copied = cle_copy(input_image, output_image);
    cle_release(copied);
    return copied ? 0 : -1;
  }
  cle_array *edges = cle_detect_label_edges(input_image, NULL);
  cle_array *inner = edges ? cle_binary_not(edges, NULL) : NULL;
  cle_array *work = inner ? cle_mask(input_image, inner, NULL) : NULL;
  cle_release(edges);
  cle_release(inner);
  int rc = work ? label_erode_steps(&work, (long)radius - 1, 0) : -1;
  cle_array *result = NULL;
  if (rc == 0 && relabel) {
    cle_array *binary = cle_not_equal_constant(work, NULL, 0);
    result = binary ? cle_connected_component_labeling(binary, output_image, "sphere") : NULL;
    cle_release(binary);
  } else if (rc == 0) {
    result = cle_relabel_sequential(work, output_image, 4096);
  }
  cle_release(work);
  cle_release(result);
  return result ? 0 : -1;
}
