/* merge_touching_labels: the labels whose pixels are face neighbours are
 * united on the device (kernels/merge_touching_labels.c: a forest over the
 * M + 1 label values, M the largest label), the forest and the labels
 * present come back, and the host numbers the groups as clEsperanto's
 * rounds of merging do (see the spec): a group keeps the rank of its
 * largest label among the groups' largest labels and the label values
 * absent from the image. One launch maps every pixel (label_util.c). */
#include <stdlib.h>

#include "cle_ops_impl.h"
#include "label_util.h"
#include "label_scan.h"

int cle_impl_merge_touching_labels(cle_array *input_image, cle_array *output_image)
{
  uint32_t largest;
  if (label_largest(input_image, &largest) != 0)
    return -1;
  cle_device *dev = cle_array_device(input_image);
  const size_t n = (size_t)largest + 1;
  cle_array *parent = cle_create(dev, CLE_INT32, n, 1, 1);
  cle_array *present = cle_create(dev, CLE_UINT8, n, 1, 1);
  int32_t *root = malloc(n * sizeof *root);
  uint8_t *here = malloc(n);
  uint32_t *group_max = malloc(n * sizeof *group_max);
  uint32_t *lookup = malloc(n * sizeof *lookup);
  int rc = root && here && group_max && lookup
               ? 0
               : cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "no host memory for %zu labels", n);
  if (rc == 0)
    rc = parent && present ? cle_array_fill(present, 0) : -1;
  if (rc == 0) {
    const size_t local[3] = {(size_t)label_group_size(dev, 256), 1, 1};
    const size_t range[3] = {label_round_up(n, local[0]), 1, 1};
    const cle_param params[] = {cle_param_array("parent", parent), cle_param_int("n", (int)n)};
    rc = cle_run_kernel(dev, "merge_touching_labels", "merge_touching_init", params, 2, range, local, NULL);
  }
  if (rc == 0) {
    const size_t range[3] = {cle_array_width(input_image), cle_array_height(input_image), cle_array_depth(input_image)};
    const cle_param params[] = {cle_param_array("src", input_image), cle_param_array("parent", parent),
                                cle_param_array("present", present)};
    rc = cle_run_kernel(dev, "merge_touching_labels", "merge_touching_union", params, 3, range, NULL, NULL);
  }
  if (rc == 0)
    rc = cle_pull(parent, root, n * sizeof *root);
  if (rc == 0)
    rc = cle_pull(present, here, n);
  if (rc == 0) {
    /* Roots are each group's smallest label: parents point downwards, so
     * one pass in increasing order resolves every label to its root. */
    for (size_t l = 0; l < n; l++) {
      root[l] = root[root[l]];
      group_max[l] = 0;
    }
    for (size_t l = 1; l < n; l++)
      if (here[l] && l > group_max[root[l]])
        group_max[root[l]] = (uint32_t)l;
    /* The values that survive the rounds: each group's largest label and
     * every absent label, ranked in order. */
    uint32_t rank = 0;
    for (size_t l = 1; l < n; l++) {
      if (!here[l])
        rank++;
      else if (group_max[root[l]] == l)
        lookup[root[l]] = ++rank;
    }
    lookup[0] = 0;
    for (size_t l = 1; l < n; l++)
      lookup[l] = here[l] ? lookup[root[l]] : 0;
    rc = label_apply_lookup(input_image, output_image, lookup, n, 0);
  }
  cle_release(parent);
  cle_release(present);
  free(root);
  free(here);
  free(group_max);
  free(lookup);
  return rc;
}
