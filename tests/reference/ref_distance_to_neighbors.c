/* References of the distance-to-neighbours ops (kernels/distance_to_neighbors.cl):
 * each label's candidate distances gathered, sorted (qsort, ties by row) and
 * summed in that order; the touching ones by a plain loop over the half below
 * the diagonal. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "ref_common.h"

typedef struct {
  float value;
  size_t row;
} candidate;

static int ascending(const void *a, const void *b)
{
  const candidate *x = a, *y = b;
  if (x->value != y->value)
    return x->value < y->value ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

static int descending(const void *a, const void *b)
{
  const candidate *x = a, *y = b;
  if (x->value != y->value)
    return x->value > y->value ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

enum { NEAREST_MEAN, FARTHEST_MEAN, NEAREST_MAXIMUM };

static int n_neighbors(const ref_image *d, ref_image *out, int n, int rule)
{
  const size_t w = d->width, rows = d->height * d->depth;
  candidate *c = malloc((rows + 1) * sizeof *c);
  if (!c)
    return -1;
  for (size_t x = 0; x < w; x++) {
    size_t m = 0;
    for (size_t y = 1; y < rows; y++) {
      const float v = (float)ref_get(d, y * w + x);
      if (y != x && !isnan(v))
        c[m++] = (candidate){v, y};
    }
    qsort(c, m, sizeof *c, rule == FARTHEST_MEAN ? descending : ascending);
    const size_t k = (size_t)n < m ? (size_t)n : m;
    float result;
    if (rule == NEAREST_MAXIMUM) {
      result = k ? c[k - 1].value : NAN;
    } else {
      float sum = 0.0f;
      for (size_t i = 0; i < k; i++)
        sum = sum + c[i].value;
      result = sum / (float)k;
    }
    ref_set(out, x, result);
  }
  free(c);
  return 0;
}

int ref_op_mean_distance_n_nearest_neighbors(const ref_image *input_image_distance_matrix,
                                             ref_image *output_image_index_list, int n)
{
  return n_neighbors(input_image_distance_matrix, output_image_index_list, n, NEAREST_MEAN);
}

int ref_op_mean_distance_n_farthest_neighbors(const ref_image *input_image_distance_matrix,
                                              ref_image *output_image_index_list, int n)
{
  return n_neighbors(input_image_distance_matrix, output_image_index_list, n, FARTHEST_MEAN);
}

int ref_op_maximum_distance_n_nearest_neighbors(const ref_image *input_image_distance_matrix,
                                                ref_image *output_image_index_list, int n)
{
  return n_neighbors(input_image_distance_matrix, output_image_index_list, n, NEAREST_MAXIMUM);
}

enum { TOUCH_MEAN, TOUCH_MAXIMUM, TOUCH_MINIMUM };

static int touching(const ref_image *d, const ref_image *t, ref_image *out, int rule)
{
  const size_t w = d->width, d_rows = d->height * d->depth, t_rows = t->height * t->depth;
  for (size_t x = 0; x < w; x++) {
    float sum = 0.0f, best = 0.0f;
    size_t count = 0, taken = 0;
    for (size_t k = 1; k < w; k++) {
      const size_t hi = k > x ? k : x, lo = k > x ? x : k;
      if (k == x || hi >= d_rows || hi >= t_rows || lo >= t->width || !(ref_get(t, hi * t->width + lo) > 0))
        continue;
      const float v = (float)ref_get(d, hi * w + lo);
      sum = sum + v;
      count++;
      if (!isnan(v) && (taken++ == 0 || (rule == TOUCH_MAXIMUM ? v > best : v < best)))
        best = v;
    }
    ref_set(out, x, rule == TOUCH_MEAN ? (count ? sum / (float)count : 0.0f) : best);
  }
  return 0;
}

int ref_op_mean_distance_touching_neighbors(const ref_image *input_image_distance_matrix,
                                            const ref_image *input_image_touch_matrix,
                                            ref_image *output_image_index_list)
{
  return touching(input_image_distance_matrix, input_image_touch_matrix, output_image_index_list, TOUCH_MEAN);
}

int ref_op_maximum_distance_touching_neighbors(const ref_image *input_image_distance_matrix,
                                               const ref_image *input_image_touch_matrix,
                                               ref_image *output_image_index_list)
{
  return touching(input_image_distance_matrix, input_image_touch_matrix, output_image_index_list, TOUCH_MAXIMUM);
}

int ref_op_minimum_distance_touching_neighbors(const ref_image *input_image_distance_matrix,
                                               const ref_image *input_image_touch_matrix,
                                               ref_image *output_image_index_list)
{
  return touching(input_image_distance_matrix, input_image_touch_matrix, output_image_index_list, TOUCH_MINIMUM);
}
