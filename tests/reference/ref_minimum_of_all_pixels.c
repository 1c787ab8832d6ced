/* minimum_of_all_pixels as a double, exact for every dtype; NaN pixels are
 * skipped. ref_min_max (shared with histogram and Otsu) lives here. */
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

int ref_op_minimum_of_all_pixels(const ref_image *const *inputs, const cle_value *params, ref_image *out, double *scalar)
{
  (void)params;
  (void)out;
  double max;
  ref_min_max(inputs[0], scalar, &max);
  return 0;
}
