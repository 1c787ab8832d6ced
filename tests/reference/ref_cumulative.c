/* References of cumulative_sum/product/max/min (kernels/cumulative.cl): a plain loop
 * over every line along the axis, values as doubles; integer sums exact (a double holds
 * every partial sum of the tests' lines exactly), float32 sums and every product rounded
 * to float32 at each step. */
#include <math.h>

#include "ref_common.h"

enum { CUM_SUM, CUM_PRODUCT, CUM_MAX, CUM_MIN };

static int cumulative(const ref_image *in, ref_image *out, int axis, int rule)
{
  const size_t w = in->width, h = in->height, d = in->depth;
  const size_t n = axis == 0 ? w : axis == 1 ? h : d;
  const size_t step = axis == 0 ? 1 : axis == 1 ? w : w * h;
  const int is_float = in->dtype == CLE_FLOAT32;
  for (size_t z = 0; z < d; z++)
    for (size_t y = 0; y < h; y++)
      for (size_t x = 0; x < w; x++) {
        if ((axis == 0 && x) || (axis == 1 && y) || (axis == 2 && z))
          continue;
        const size_t start = (z * h + y) * w + x;
        double acc = 0;
        for (size_t i = 0; i < n; i++) {
          const size_t j = start + i * step;
          const double v = ref_get(in, j);
          if (i == 0)
            acc = rule == CUM_PRODUCT ? (float)v : v;
          else if (rule == CUM_SUM)
            acc = is_float ? (double)((float)acc + (float)v) : acc + v;
          else if (rule == CUM_PRODUCT)
            acc = (float)((float)acc * (float)v);
          else if (isnan(acc))
            acc = v;
          else if (!isnan(v) && (rule == CUM_MAX ? v >= acc : v <= acc))
            acc = v; /* a tie gives the later pixel's (0 and -0) */
          ref_set(out, j, acc);
        }
      }
  return 0;
}

int ref_op_cumulative_sum(const ref_image *input_image, ref_image *output_image, int axis, bool keep_dims)
{
  (void)keep_dims;
  return cumulative(input_image, output_image, axis, CUM_SUM);
}

int ref_op_cumulative_product(const ref_image *input_image, ref_image *output_image, int axis, bool keep_dims)
{
  (void)keep_dims;
  return cumulative(input_image, output_image, axis, CUM_PRODUCT);
}

int ref_op_cumulative_max(const ref_image *input_image, ref_image *output_image, int axis, bool keep_dims)
{
  (void)keep_dims;
  return cumulative(input_image, output_image, axis, CUM_MAX);
}

int ref_op_cumulative_min(const ref_image *input_image, ref_image *output_image, int axis, bool keep_dims)
{
  (void)keep_dims;
  return cumulative(input_image, output_image, axis, CUM_MIN);
}
