/* centroids_of_labels: the mean x, y, z of every label's pixels
 * (label_statistics.c: exact 64-bit sums over exact counts), written as a
 * 3 x N float32 matrix. */
#include <stdlib.h>

#include "cle_ops_impl.h"
#include "label_statistics.h"

int cle_impl_centroids_of_labels(cle_array *label_image, cle_array *centroids_coordinates, bool include_background)
{
  cle_label_stats s;
  if (cle_label_stats_compute(label_image, "label_image", NULL, NULL, 0, &s) != 0)
    return -1;
  const size_t n = cle_array_width(centroids_coordinates); /* by the creator: the labels measured, at least 1 */
  const int first = include_background ? 0 : 1;
  float *xyz = calloc(3 * n, sizeof *xyz);
  int rc = xyz ? 0 : cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory");
  for (size_t k = 0; rc == 0 && k < n; k++) {
    const size_t l = (size_t)first + k;
    if (l >= (size_t)s.n_labels || s.count[l] == 0)
      continue; /* no pixel (or an image without labels): 0, as pyclesperanto */
    const double c = (double)s.count[l];
    xyz[k] = (float)((double)s.sum_x[l] / c);
    xyz[n + k] = (float)((double)s.sum_y[l] / c);
    xyz[2 * n + k] = (float)((double)s.sum_z[l] / c);
  }
  if (rc == 0)
    rc = cle_array_write(centroids_coordinates, xyz, 3 * n * sizeof *xyz);
  free(xyz);
  cle_label_stats_release(&s);
  return rc;
}
