/* reduce_labels_to_centroids: every label drawn at one pixel, its centroid
 * truncated toward zero (label_statistics.c measures; kernels/
 * label_measurements.cl: scatter_labels draws on a zeroed image). Where
 * centroids of several labels fall on one pixel, the largest label wins. */
#include <stdlib.h>

#include "cle_ops_impl.h"
#include "label_statistics.h"

typedef struct spot {
  uint32_t position, label;
} spot;

static int by_position_then_label(const void *a, const void *b)
{
  const spot *p = a, *q = b;
  if (p->position != q->position)
    return p->position < q->position ? -1 : 1;
  return p->label < q->label ? -1 : p->label > q->label;
}

int cle_impl_reduce_labels_to_centroids(cle_array *input_image, cle_array *output_image)
{
  cle_label_stats s;
  if (cle_label_stats_compute(input_image, "input_image", NULL, NULL, CLE_LS_NO_BACKGROUND, &s) != 0)
    return -1;
  const size_t w = cle_array_width(input_image), h = cle_array_height(input_image);
  spot *spots = malloc((size_t)s.n_labels * sizeof *spots);
  int rc = spots ? cle_array_fill(output_image, 0) : cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory");
  size_t n = 0;
  for (int l = 1; rc == 0 && l < s.n_labels; l++) {
    if (!s.count[l])
      continue;
    const double c = (double)s.count[l];
    /* the mean of coordinates inside the image lies inside it */
    const size_t x = (size_t)((double)s.sum_x[l] / c), y = (size_t)((double)s.sum_y[l] / c),
                 z = (size_t)((double)s.sum_z[l] / c);
    spots[n].position = (uint32_t)((z * h + y) * w + x);
    spots[n++].label = (uint32_t)l;
  }
  if (rc == 0 && n > 0) {
    qsort(spots, n, sizeof *spots, by_position_then_label);
    size_t m = 0; /* one spot per position: the last, the largest label */
    for (size_t k = 0; k < n; k++) {
      if (m > 0 && spots[m - 1].position == spots[k].position)
        m--;
      spots[m++] = spots[k];
    }
    uint32_t *positions = malloc(m * sizeof *positions), *labels = malloc(m * sizeof *labels);
    if (!positions || !labels)
      rc = cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory");
    for (size_t k = 0; rc == 0 && k < m; k++) {
      positions[k] = spots[k].position;
      labels[k] = spots[k].label;
    }
    cle_device *dev = cle_array_device(input_image);
    cle_array *p = rc == 0 ? cle_push(dev, positions, CLE_UINT32, m, 1, 1) : NULL;
    cle_array *v = p ? cle_push(dev, labels, CLE_UINT32, m, 1, 1) : NULL;
    if (rc == 0 && !v)
      rc = -1;
    if (rc == 0) {
      const cle_param params[] = {cle_param_array("positions", p), cle_param_array("values", v),
                                  cle_param_array("dst", output_image), cle_param_int("n", (int)m)};
      const size_t range[3] = {m, 1, 1};
      rc = cle_run_kernel(dev, "label_measurements", "scatter_labels", params, 4, range, NULL, NULL);
    }
    cle_release(p);
    cle_release(v);
    free(positions);
    free(labels);
  }
  free(spots);
  cle_label_stats_release(&s);
  return rc;
}
