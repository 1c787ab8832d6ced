/* References of the touching_neighbors family (minimum, maximum, mean,
 * median, mode and standard deviation of touching neighbours), of the
 * *_of_touching_neighbors_map ops, and of the distance and proximal
 * neighbour matrices and multiply_matrix: naive host loops over the spec's
 * rules. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ref_common.h"

enum { TN_MINIMUM, TN_MAXIMUM, TN_MEAN, TN_MEDIAN, TN_MODE, TN_STANDARD_DEVIATION };

static int cmp_float(const void *a, const void *b)
{
  const float x = *(const float *)a, y = *(const float *)b;
  return x < y ? -1 : x > y ? 1 : 0;
}

/* Whether labels l != k touch in the n x n matrix m (row-major, row y = label y). */
static bool touch(const ref_image *m, size_t n, size_t l, size_t k)
{
  const size_t row = l > k ? l : k, col = l > k ? k : l;
  return ref_get(m, row * n + col) > 0;
}

/* The rule for label l over values[0..n) and the n x n matrix m. */
static float tn_value(const float *values, const ref_image *m, size_t n, size_t l, int rule, float *scratch)
{
  /* the values taken, in index order: the label's own (not for mode) and its neighbours' */
  size_t count = 0;
  for (size_t k = 0; k < n; k++)
    if (k == l ? rule != TN_MODE : touch(m, n, l, k))
      scratch[count++] = values[k];
  switch (rule) {
  case TN_MINIMUM:
  case TN_MAXIMUM: {
    float r = NAN;
    for (size_t i = 0; i < count; i++)
      if (!isnan(scratch[i]) && (isnan(r) || (rule == TN_MINIMUM ? scratch[i] < r : scratch[i] > r)))
        r = scratch[i];
    return r;
  }
  case TN_MEAN:
  case TN_STANDARD_DEVIATION: {
    float sum = 0;
    for (size_t i = 0; i < count; i++)
      sum += scratch[i];
    const float mean = sum / (float)count;
    if (rule == TN_MEAN)
      return mean;
    if (count < 2)
      return 0;
    float squares = 0;
    for (size_t i = 0; i < count; i++) {
      const float d = scratch[i] - mean;
      squares += d * d;
    }
    return sqrtf(squares / (float)(count - 1));
  }
  default: {
    size_t m_count = 0;
    for (size_t i = 0; i < count; i++)
      if (!isnan(scratch[i]))
        scratch[m_count++] = scratch[i];
    qsort(scratch, m_count, sizeof *scratch, cmp_float);
    if (rule == TN_MEDIAN)
      return m_count ? scratch[m_count / 2] : NAN;
    float best = 0;
    size_t best_count = 0;
    for (size_t i = 0; i < m_count;) {
      size_t j = i;
      while (j < m_count && scratch[j] == scratch[i])
        j++;
      if (j - i > best_count) {
        best_count = j - i;
        best = scratch[i];
      }
      i = j;
    }
    return best;
  }
  }
}

static int tn(const ref_image *vector, const ref_image *matrix, ref_image *out, int rule)
{
  const size_t n = ref_image_size(vector);
  if (matrix->width != n || matrix->height != n || matrix->depth != 1)
    return -1;
  float *values = malloc(n * sizeof *values), *scratch = malloc(n * sizeof *scratch);
  if (!values || !scratch) {
    free(values);
    free(scratch);
    return -1;
  }
  for (size_t k = 0; k < n; k++)
    values[k] = (float)ref_get(vector, k);
  for (size_t l = 0; l < n; l++)
    ref_set(out, l, tn_value(values, matrix, n, l, rule, scratch));
  free(values);
  free(scratch);
  return 0;
}

int ref_op_minimum_of_touching_neighbors(const ref_image *vector, const ref_image *matrix, ref_image *output_image)
{
  return tn(vector, matrix, output_image, TN_MINIMUM);
}

int ref_op_maximum_of_touching_neighbors(const ref_image *vector, const ref_image *matrix, ref_image *output_image)
{
  return tn(vector, matrix, output_image, TN_MAXIMUM);
}

int ref_op_mean_of_touching_neighbors(const ref_image *vector, const ref_image *matrix, ref_image *output_image)
{
  return tn(vector, matrix, output_image, TN_MEAN);
}

int ref_op_median_of_touching_neighbors(const ref_image *vector, const ref_image *matrix, ref_image *output_image)
{
  return tn(vector, matrix, output_image, TN_MEDIAN);
}

int ref_op_mode_of_touching_neighbors(const ref_image *vector, const ref_image *matrix, ref_image *output_image)
{
  return tn(vector, matrix, output_image, TN_MODE);
}

int ref_op_standard_deviation_of_touching_neighbors(const ref_image *vector, const ref_image *matrix,
                                                    ref_image *output_image)
{
  return tn(vector, matrix, output_image, TN_STANDARD_DEVIATION);
}

/* ---- the maps ------------------------------------------------------------------ */

/* Label of pixel i as an index, or -1 when it is no label. */
static long label_at(const ref_image *labels, size_t i)
{
  const double v = ref_get(labels, i);
  return v >= 0 && v == floor(v) && v < 4294967296.0 ? (long)v : -1;
}

static int tn_map(const ref_image *map, const ref_image *labels, ref_image *out, int radius, bool ignore_background,
                  int rule)
{
  const size_t size = ref_image_size(labels);
  if (ref_image_size(map) != size || map->width != labels->width || map->height != labels->height)
    return -1;
  if (radius == 0) {
    for (size_t i = 0; i < size; i++)
      ref_set(out, i, (float)ref_get(map, i));
    return 0;
  }
  const double largest = ref_max_label(labels);
  if (isnan(largest) || largest > 4096)
    return -1;
  const size_t n = (size_t)largest + 1;
  /* values: the map at each label's last pixel (0 for an absent label); adjacency by faces */
  float *values = calloc(n, sizeof *values);
  unsigned char *adj = calloc(n * n, 1), *reach = calloc(n * n, 1), *next = calloc(n * n, 1);
  ref_image matrix = {0};
  ref_image vector = {0}, result = {0};
  int rc = values && adj && reach && next ? 0 : -1;
  if (rc == 0)
    rc = ref_image_alloc(&matrix, CLE_UINT8, 2, n, n, 1);
  if (rc == 0)
    rc = ref_image_alloc(&vector, CLE_FLOAT32, 1, n, 1, 1);
  if (rc == 0)
    rc = ref_image_alloc(&result, CLE_FLOAT32, 1, n, 1, 1);
  const size_t w = labels->width, h = labels->height, d = labels->depth;
  for (size_t z = 0; rc == 0 && z < d; z++)
    for (size_t y = 0; y < h; y++)
      for (size_t x = 0; x < w; x++) {
        const size_t i = (z * h + y) * w + x;
        const long a = label_at(labels, i);
        values[a] = (float)ref_get(map, i);
        const size_t others[3] = {x + 1 < w ? i + 1 : i, y + 1 < h ? i + w : i, z + 1 < d ? i + w * h : i};
        for (int k = 0; k < 3; k++) {
          const long b = label_at(labels, others[k]);
          if (a != b) {
            adj[a * n + b] = adj[b * n + a] = 1;
          }
        }
      }
  if (rc == 0) {
    if (ignore_background)
      for (size_t k = 0; k < n; k++)
        adj[k] = adj[k * n] = 0;
    /* within radius: r rounds of reach = reach or (reach and one more touch) */
    memcpy(reach, adj, n * n);
    for (int r = 1; r < radius && r < (int)n; r++) {
      for (size_t a = 0; a < n; a++)
        for (size_t b = 0; b < n; b++) {
          unsigned char v = reach[a * n + b];
          for (size_t k = 0; !v && k < n; k++)
            v = reach[a * n + k] && adj[k * n + b];
          next[a * n + b] = v;
        }
      memcpy(reach, next, n * n);
    }
    for (size_t k = 0; k < n * n; k++)
      ref_set(&matrix, k, reach[k]);
    for (size_t k = 0; k < n; k++)
      ref_set(&vector, k, values[k]);
    rc = tn(&vector, &matrix, &result, rule);
  }
  if (rc == 0) {
    ref_set(&result, 0, 0);
    for (size_t i = 0; i < size; i++)
      ref_set(out, i, ref_get(&result, (size_t)label_at(labels, i)));
  }
  free(values);
  free(adj);
  free(reach);
  free(next);
  ref_image_free(&matrix);
  ref_image_free(&vector);
  ref_image_free(&result);
  return rc;
}

int ref_op_minimum_of_touching_neighbors_map(const ref_image *map, const ref_image *labels, ref_image *output_image,
                                             int radius, bool ignore_background)
{
  return tn_map(map, labels, output_image, radius, ignore_background, TN_MINIMUM);
}

int ref_op_maximum_of_touching_neighbors_map(const ref_image *map, const ref_image *labels, ref_image *output_image,
                                             int radius, bool ignore_background)
{
  return tn_map(map, labels, output_image, radius, ignore_background, TN_MAXIMUM);
}

int ref_op_mean_of_touching_neighbors_map(const ref_image *map, const ref_image *labels, ref_image *output_image,
                                          int radius, bool ignore_background)
{
  return tn_map(map, labels, output_image, radius, ignore_background, TN_MEAN);
}

int ref_op_median_of_touching_neighbors_map(const ref_image *map, const ref_image *labels, ref_image *output_image,
                                            int radius, bool ignore_background)
{
  return tn_map(map, labels, output_image, radius, ignore_background, TN_MEDIAN);
}

int ref_op_mode_of_touching_neighbors_map(const ref_image *map, const ref_image *labels, ref_image *output_image,
                                          int radius, bool ignore_background)
{
  return tn_map(map, labels, output_image, radius, ignore_background, TN_MODE);
}

int ref_op_standard_deviation_of_touching_neighbors_map(const ref_image *map, const ref_image *labels,
                                                        ref_image *output_image, int radius, bool ignore_background)
{
  return tn_map(map, labels, output_image, radius, ignore_background, TN_STANDARD_DEVIATION);
}

/* ---- matrices ------------------------------------------------------------------ */

int ref_op_multiply_matrix(const ref_image *matrix1, const ref_image *matrix2, ref_image *matrix_destination)
{
  const size_t m = matrix1->height, k_count = matrix1->width, n = matrix2->width;
  if (matrix2->height != k_count || matrix1->depth != 1 || matrix2->depth != 1)
    return -1;
  for (size_t y = 0; y < m; y++)
    for (size_t x = 0; x < n; x++) {
      float sum = 0;
      for (size_t k = 0; k < k_count; k++)
        sum += (float)ref_get(matrix1, y * k_count + k) * (float)ref_get(matrix2, k * n + x);
      ref_set(matrix_destination, y * n + x, sum);
    }
  return 0;
}

int ref_op_generate_distance_matrix(const ref_image *coordinate_list1, const ref_image *coordinate_list2,
                                    ref_image *distance_matrix_destination)
{
  const size_t n1 = coordinate_list1->width, n2 = coordinate_list2->width, dims = coordinate_list1->height;
  if (coordinate_list2->height != dims || coordinate_list1->depth != 1 || coordinate_list2->depth != 1)
    return -1;
  const size_t w = n1 + 1;
  for (size_t j = 0; j < n2; j++)
    for (size_t i = 0; i < n1; i++) {
      float sum = 0;
      for (size_t r = 0; r < dims; r++) {
        const float v = (float)ref_get(coordinate_list1, r * n1 + i) - (float)ref_get(coordinate_list2, r * n2 + j);
        sum += v * v;
      }
      ref_set(distance_matrix_destination, (j + 1) * w + i + 1, sqrtf(sum));
    }
  return 0;
}
