/* The projections along x, y and z: one output pixel per line of the input
 * along the axis, in the output's dtype (allocated by the op's creator rule),
 * written in numpy's order of the reduced array (the other two axes, x or y
 * fastest); keep_dims changes only the output's shape. Each line is walked
 * from index 0 upwards. Maximum and minimum compare the pixels themselves
 * (as doubles: exact for every dtype), keeping the first pixel unless a later
 * one is greater (smaller): a NaN first pixel stays, later NaNs never win;
 * the positions are the index of that pixel. Sum and mean accumulate in
 * float32 (clij's sum_projection / mean_projection), the mean divides that
 * sum by the line's length in float32; the product multiplies in float32
 * likewise. The standard deviation is two passes
 * in double -- the mean, then the squared deviations from it -- NaN when the
 * length is not above ddof; the variance the same without the square root. Also z_position_projection (the pixel at the
 * plane a position image names) and sum_reduction_x (float32 sums of blocks
 * along x). */
#include <math.h>

#include "ref_common.h"

typedef enum {
  PROJ_MAX,
  PROJ_MIN,
  PROJ_SUM,
  PROJ_MEAN,
  PROJ_ARGMAX,
  PROJ_ARGMIN,
  PROJ_STD,
  PROJ_VAR,
  PROJ_PROD
} proj_kind;

/* Element index of step s of the line (i, j): i runs over the faster of the
 * two other axes, j over the slower. */
static size_t at(const ref_image *src, int axis, size_t i, size_t j, size_t s)
{
  const size_t x = axis == 0 ? s : i, y = axis == 0 ? i : axis == 1 ? s : j, z = axis == 2 ? s : j;
  return (z * src->height + y) * src->width + x;
}

static int project(const ref_image *src, ref_image *out, int axis, proj_kind kind, int ddof)
{
  const size_t n = axis == 0 ? src->width : axis == 1 ? src->height : src->depth;
  const size_t fast = axis == 0 ? src->height : src->width, slow = axis == 2 ? src->height : src->depth;
  if (ref_image_size(out) != fast * slow)
    return -1;
  for (size_t j = 0; j < slow; j++)
    for (size_t i = 0; i < fast; i++) {
      double best = ref_get(src, at(src, axis, i, j, 0));
      size_t best_at = 0;
      float sum = (float)best, prod = (float)best;
      double total = 0;
      for (size_t s = 0; s < n; s++) {
        const double v = ref_get(src, at(src, axis, i, j, s));
        total += v;
        if (s == 0)
          continue;
        if (((kind == PROJ_MAX || kind == PROJ_ARGMAX) && v > best) ||
            ((kind == PROJ_MIN || kind == PROJ_ARGMIN) && v < best)) {
          best = v;
          best_at = s;
        }
        sum += (float)v;
        prod *= (float)v;
      }
      double result = best;
      if (kind == PROJ_SUM)
        result = sum;
      else if (kind == PROJ_PROD)
        result = prod;
      else if (kind == PROJ_MEAN)
        result = sum / (float)n;
      else if (kind == PROJ_ARGMAX || kind == PROJ_ARGMIN)
        result = (double)best_at;
      else if (kind == PROJ_STD || kind == PROJ_VAR) {
        const double mean = total / (double)n;
        double m2 = 0;
        for (size_t s = 0; s < n; s++) {
          const double d = ref_get(src, at(src, axis, i, j, s)) - mean;
          m2 += d * d;
        }
        const double var = (long)n - ddof > 0 ? m2 / (double)((long)n - ddof) : NAN;
        result = kind == PROJ_VAR ? var : sqrt(var);
      }
      ref_set(out, j * fast + i, result);
    }
  return 0;
}

#define PROJECTION(NAME, AXIS, KIND)                                                       \
  int ref_op_##NAME(const ref_image *input_image, ref_image *output_image, bool keep_dims) \
  {                                                                                        \
    (void)keep_dims;                                                                       \
    return project(input_image, output_image, AXIS, KIND, 0);                              \
  }

PROJECTION(maximum_x_projection, 0, PROJ_MAX)
PROJECTION(maximum_y_projection, 1, PROJ_MAX)
PROJECTION(maximum_z_projection, 2, PROJ_MAX)
PROJECTION(minimum_x_projection, 0, PROJ_MIN)
PROJECTION(minimum_y_projection, 1, PROJ_MIN)
PROJECTION(minimum_z_projection, 2, PROJ_MIN)
PROJECTION(sum_x_projection, 0, PROJ_SUM)
PROJECTION(sum_y_projection, 1, PROJ_SUM)
PROJECTION(sum_z_projection, 2, PROJ_SUM)
PROJECTION(product_x_projection, 0, PROJ_PROD)
PROJECTION(product_y_projection, 1, PROJ_PROD)
PROJECTION(product_z_projection, 2, PROJ_PROD)
PROJECTION(mean_x_projection, 0, PROJ_MEAN)
PROJECTION(mean_y_projection, 1, PROJ_MEAN)
PROJECTION(mean_z_projection, 2, PROJ_MEAN)
PROJECTION(x_position_of_maximum_x_projection, 0, PROJ_ARGMAX)
PROJECTION(x_position_of_minimum_x_projection, 0, PROJ_ARGMIN)
PROJECTION(y_position_of_maximum_y_projection, 1, PROJ_ARGMAX)
PROJECTION(y_position_of_minimum_y_projection, 1, PROJ_ARGMIN)
PROJECTION(z_position_of_maximum_z_projection, 2, PROJ_ARGMAX)
PROJECTION(z_position_of_minimum_z_projection, 2, PROJ_ARGMIN)

#define DEVIATION(NAME, AXIS, KIND)                                                                  \
  int ref_op_##NAME(const ref_image *input_image, ref_image *output_image, int ddof, bool keep_dims) \
  {                                                                                                  \
    (void)keep_dims;                                                                                 \
    return project(input_image, output_image, AXIS, KIND, ddof);                                     \
  }

DEVIATION(std_x_projection, 0, PROJ_STD)
DEVIATION(std_y_projection, 1, PROJ_STD)
DEVIATION(std_z_projection, 2, PROJ_STD)
DEVIATION(variance_x_projection, 0, PROJ_VAR)
DEVIATION(variance_y_projection, 1, PROJ_VAR)
DEVIATION(variance_z_projection, 2, PROJ_VAR)

int ref_op_z_position_projection(const ref_image *input_image, const ref_image *position, ref_image *output_image)
{
  const size_t plane = input_image->width * input_image->height, depth = input_image->depth;
  if (position->width != input_image->width || position->height != input_image->height || position->depth != 1 ||
      ref_image_size(output_image) != plane)
    return -1;
  for (size_t i = 0; i < plane; i++) {
    const double p = ref_get(position, i);
    const size_t z = !(p > 0) ? 0 : p >= (double)(depth - 1) ? depth - 1 : (size_t)p; /* NaN: 0 */
    ref_set(output_image, i, ref_get(input_image, z * plane + i));
  }
  return 0;
}

int ref_op_sum_reduction_x(const ref_image *input_image, ref_image *output_image, int blocksize)
{
  const size_t w = input_image->width, blocks = (w + (size_t)blocksize - 1) / (size_t)blocksize;
  if (output_image->width != blocks || output_image->height != input_image->height ||
      output_image->depth != input_image->depth)
    return -1;
  for (size_t row = 0; row < input_image->height * input_image->depth; row++)
    for (size_t x = 0; x < blocks; x++) {
      float sum = 0;
      for (size_t i = x * (size_t)blocksize; i < w && i < (x + 1) * (size_t)blocksize; i++)
        sum = i == x * (size_t)blocksize ? (float)ref_get(input_image, row * w + i)
                                         : sum + (float)ref_get(input_image, row * w + i);
      ref_set(output_image, row * blocks + x, sum);
    }
  return 0;
}
