/* filter_label_by_size: remove the labels whose pixel count is outside
 * [minimum_size, maximum_size] and renumber the rest (label_statistics.c
 * counts, cle_label_remove renumbers through kernels/replace_values.cl). */
#include <stdlib.h>

#include "cle_ops_impl.h"
#include "label_statistics.h"

int cle_impl_filter_label_by_size(cle_array *input_image, cle_array *output_image, float minimum_size,
                                  float maximum_size)
{
  cle_label_stats s;
  if (cle_label_stats_compute(input_image, "input_image", NULL, NULL, CLE_LS_NO_BACKGROUND | CLE_LS_COUNTS_ONLY, &s) !=
      0)
    return -1;
  unsigned char *keep = malloc((size_t)s.n_labels);
  int rc = keep ? 0 : cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory");
  if (rc == 0) {
    /* pyclesperanto compares the float32 count with the float32 bounds */
    for (int l = 0; l < s.n_labels; l++) {
      const float size = (float)s.count[l];
      keep[l] = !(size < minimum_size || size > maximum_size);
    }
    rc = cle_label_remove_known(input_image, keep, s.n_labels, s.n_labels - 1, output_image);
  }
  free(keep);
  cle_label_stats_release(&s);
  return rc;
}
