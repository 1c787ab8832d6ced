/* remove_labels_on_edges: the largest label M sizes a flag table of M + 1
 * bytes; the labels on the chosen borders are flagged on the device (one
 * launch per axis, over that border's two planes), the table comes back
 * and becomes remove_labels' renumbering table, applied in one launch
 * (label_util.c). */
#include <stdlib.h>

#include "cle_ops_impl.h"
#include "label_util.h"

int cle_impl_remove_labels_on_edges(cle_array *input_image, cle_array *output_image, bool exclude_x, bool exclude_y,
                                    bool exclude_z)
{
  uint32_t largest;
  if (label_largest(input_image, &largest) != 0)
    return -1;
  cle_device *dev = cle_array_device(input_image);
  const size_t n = (size_t)largest + 1;
  const size_t size[3] = {cle_array_width(input_image), cle_array_height(input_image), cle_array_depth(input_image)};
  const bool exclude[3] = {exclude_x, exclude_y, exclude_z};
  cle_array *flags = cle_create(dev, CLE_UINT8, n, 1, 1);
  uint8_t *host = malloc(n);
  uint32_t *lookup = malloc(n * sizeof *lookup);
  int rc = host && lookup ? 0 : cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "no host memory for %zu labels", n);
  if (rc == 0)
    rc = flags ? cle_array_fill(flags, 0) : -1;
  for (int axis = 0; rc == 0 && axis < 3; axis++) {
    if (!exclude[axis] || size[axis] < 2)
      continue;
    const size_t range[3] = {axis == 0 ? size[1] : size[0], axis == 2 ? size[1] : size[2], 1};
    const cle_param params[] = {cle_param_array("src", input_image), cle_param_array("flags", flags),
                                cle_param_int("axis", axis), cle_param_int("n_flags", (int)n)};
    rc = cle_run_kernel(dev, "remove_labels", "remove_labels_edge_flags", params, 4, range, NULL, NULL);
  }
  if (rc == 0)
    rc = cle_pull(flags, host, n);
  if (rc == 0) {
    uint32_t shift;
    label_removal_table(host, n, lookup, &shift);
    rc = label_apply_lookup(input_image, output_image, lookup, n, shift);
  }
  cle_release(flags);
  free(host);
  free(lookup);
  return rc;
}
