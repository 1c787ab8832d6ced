/* The whole-image reductions: minimum_of_all_pixels, maximum_of_all_pixels
 * (exact for every dtype; NaN pixels are skipped, NaN if all are NaN),
 * sum_of_all_pixels (exact for integer dtypes with 64-bit integer
 * accumulation, a plain double sum in raster order for float32), and
 * mean_of_all_pixels, standard_deviation_of_all_pixels and
 * variance_of_all_pixels (two passes in long double: the mean, then the
 * squared deviations from it), product_of_all_pixels (in long double, in
 * raster order). ref_min_max is shared with histogram and Otsu. */
#include <math.h>

#include "ref_common.h"

void ref_min_max(const ref_image *src, double *min, double *max)
{
  double lo = NAN, hi = NAN;
  for (size_t i = 0; i < ref_image_size(src); i++) {
    double v = ref_get(src, i);
    if (isnan(v))
      continue;
    if (isnan(lo) || v < lo)
      lo = v;
    if (isnan(hi) || v > hi)
      hi = v;
  }
  *min = lo;
  *max = hi;
}

int ref_op_minimum_of_all_pixels(const ref_image *input_image, double *result)
{
  double max;
  ref_min_max(input_image, result, &max);
  return 0;
}

int ref_op_maximum_of_all_pixels(const ref_image *input_image, double *result)
{
  double min;
  ref_min_max(input_image, &min, result);
  return 0;
}

int ref_op_sum_of_all_pixels(const ref_image *input_image, double *result)
{
  if (input_image->dtype == CLE_FLOAT32) {
    double sum = 0;
    for (size_t i = 0; i < ref_image_size(input_image); i++)
      sum += ref_get(input_image, i);
    *result = sum;
  } else {
    int64_t sum = 0;
    for (size_t i = 0; i < ref_image_size(input_image); i++)
      sum += (int64_t)ref_get(input_image, i);
    *result = (double)sum;
  }
  return 0;
}

/* The mean and the sum of squared deviations from it, in long double. */
static void mean_m2(const ref_image *img, long double *mean, long double *m2)
{
  const size_t n = ref_image_size(img);
  long double sum = 0, dev = 0;
  for (size_t i = 0; i < n; i++)
    sum += ref_get(img, i);
  *mean = sum / n;
  for (size_t i = 0; i < n; i++) {
    const long double d = ref_get(img, i) - *mean;
    dev += d * d;
  }
  *m2 = dev;
}

int ref_op_mean_of_all_pixels(const ref_image *input_image, double *result)
{
  long double mean, m2;
  mean_m2(input_image, &mean, &m2);
  *result = (double)mean;
  return 0;
}

int ref_op_standard_deviation_of_all_pixels(const ref_image *input_image, double *result, int ddof)
{
  long double mean, m2;
  mean_m2(input_image, &mean, &m2);
  const long double n = (long double)ref_image_size(input_image);
  *result = n - ddof > 0 ? (double)sqrtl(m2 / (n - ddof)) : NAN;
  return 0;
}

int ref_op_variance_of_all_pixels(const ref_image *input_image, double *result, int ddof)
{
  long double mean, m2;
  mean_m2(input_image, &mean, &m2);
  const long double n = (long double)ref_image_size(input_image);
  *result = n - ddof > 0 ? (double)(m2 / (n - ddof)) : NAN;
  return 0;
}

/* The product in long double, in raster order. */
int ref_op_product_of_all_pixels(const ref_image *input_image, double *result)
{
  long double product = 1;
  for (size_t i = 0; i < ref_image_size(input_image); i++)
    product *= ref_get(input_image, i);
  *result = (double)product;
  return 0;
}
