/* read_map_values: per label, the map's value at the label's last pixel in
 * raster order (kernels/label_measurements.cl: map_last_index, map_gather). */
#include "cle_ops_impl.h"
#include "label_statistics.h"

int cle_impl_read_map_values(cle_array *map, cle_array *label, cle_array *output_image)
{
  if (cle_label_same_shape(label, "label", map, "map") != 0)
    return -1;
  const size_t n_labels = cle_array_width(output_image); /* label's largest label + 1, by the creator */
  cle_array *last = cle_label_last_index(label, n_labels);
  int rc = last ? 0 : -1;
  if (rc == 0) {
    const cle_param params[] = {cle_param_array("map", map), cle_param_array("last", last),
                                cle_param_array("dst", output_image), cle_param_int("n_labels", (int)n_labels)};
    const size_t range[3] = {n_labels, 1, 1};
    rc = cle_run_kernel(cle_array_device(label), "label_measurements", "map_gather", params, 4, range, NULL, NULL);
  }
  cle_release(last);
  return rc;
}
