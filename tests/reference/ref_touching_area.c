/* CPU references of the touching-area matrices: every pixel looks at its
 * (up to) 6 face neighbours on both sides, and the ratio and deviation
 * follow pyclesperanto 0.25.1's matrix steps literally (column sums, the
 * divided matrix, the symmetric touch matrix, its column counts, the mean
 * matrix, |ratio - mean| / count summed down each column, NaN to 0), in
 * float32 where clEsperanto computes in float32. */
#include <math.h>
#include <stdlib.h>

#include "ref_common.h"

/* The (n x n, row-major) touching-area counts of labels into a new array; NULL on failure. */
static double *touching_area(const ref_image *labels, size_t n)
{
  double *area = calloc(n * n, sizeof *area);
  if (!area)
    return NULL;
  const size_t w = labels->width, h = labels->height, d = labels->depth;
  const long off[6][3] = {{-1, 0, 0}, {1, 0, 0}, {0, -1, 0}, {0, 1, 0}, {0, 0, -1}, {0, 0, 1}};
  for (size_t z = 0; z < d; z++)
    for (size_t y = 0; y < h; y++)
      for (size_t x = 0; x < w; x++) {
        const size_t a = (size_t)ref_get(labels, (z * h + y) * w + x);
        for (int k = 0; k < 6; k++) {
          const long nx = (long)x + off[k][0], ny = (long)y + off[k][1], nz = (long)z + off[k][2];
          if (nx < 0 || ny < 0 || nz < 0 || nx >= (long)w || ny >= (long)h || nz >= (long)d)
            continue;
          const size_t b = (size_t)ref_get(labels, ((size_t)nz * h + (size_t)ny) * w + (size_t)nx);
          if (a < n && b < n && a != b)
            area[b * n + a] += 1; /* this pixel's face: row of the neighbour's label, column of its own */
        }
      }
  return area;
}

int ref_op_generate_touching_area_matrix(const ref_image *input_image_label, ref_image *output_image_matrix)
{
  const size_t n = output_image_matrix->width;
  double *area = touching_area(input_image_label, n);
  if (!area)
    return -1;
  for (size_t i = 0; i < n * n; i++)
    ref_set(output_image_matrix, i, area[i]);
  free(area);
  return 0;
}

/* The partial touching-area matrix (float32, row-major) into a new array; NULL on failure. */
static float *partial(const ref_image *labels, size_t n)
{
  double *area = touching_area(labels, n);
  float *ratio = area ? malloc(n * n * sizeof *ratio) : NULL;
  if (ratio)
    for (size_t x = 0; x < n; x++) {
      double sum = 0;
      for (size_t y = 0; y < n; y++)
        sum += area[y * n + x];
      for (size_t y = 0; y < n; y++)
        ratio[y * n + x] = (float)area[y * n + x] / (float)sum;
    }
  free(area);
  return ratio;
}

int ref_op_generate_partial_touching_area_matrix(const ref_image *input_image_label, ref_image *output_image_matrix)
{
  const size_t n = output_image_matrix->width;
  float *ratio = partial(input_image_label, n);
  if (!ratio)
    return -1;
  for (size_t i = 0; i < n * n; i++)
    ref_set(output_image_matrix, i, ratio[i]);
  free(ratio);
  return 0;
}

int ref_op_standard_deviation_partial_touching_area_matrix(const ref_image *input_image_label,
                                                           ref_image *output_image_vector)
{
  const size_t n = ref_image_size(output_image_vector);
  float *p = partial(input_image_label, n);
  float *touch = p ? malloc(n * n * sizeof *touch) : NULL;
  if (!touch) {
    free(p);
    return -1;
  }
  /* touching: ratio > 0 both ways (NaN is not > 0), never the diagonal */
  for (size_t y = 0; y < n; y++)
    for (size_t x = 0; x < n; x++)
      touch[y * n + x] = x != y && p[y * n + x] > 0 && p[x * n + y] > 0;
  for (size_t x = 0; x < n; x++) {
    float count = 0;
    for (size_t y = 0; y < n; y++)
      count += touch[y * n + x];
    const float reciprocal = 1.0f / count;
    float sum = 0;
    for (size_t y = 0; y < n; y++) {
      const float mean = touch[y * n + x] * reciprocal;
      sum += fabsf(p[y * n + x] - mean) / count;
    }
    ref_set(output_image_vector, x, isnan(sum) ? 0 : sum);
  }
  free(p);
  free(touch);
  return 0;
}
