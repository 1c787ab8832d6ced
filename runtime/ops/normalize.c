/* normalize as CLIc's normalize_func: low = low_percentile > 0 ?
 * roundf(percentile(low_percentile)) : the minimum, high likewise with the
 * maximum (the percentiles rounded to integers even for float images, as
 * pyclesperanto 0.25.1 does); then, in float32, output_image =
 * clip((low - input_image) * (-1 / (high - low)), 0, 1) -- pixelwise, the
 * order of CLIc's subtract, multiply and clip. A constant image (high ==
 * low) gives 0 everywhere (0 * -inf is NaN, which the clip makes 0). */
#include <math.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "families/pixelwise.h"
#include "families/reduce_all.h"
#include "ops_util.h"

int cle_impl_normalize(cle_array *input_image, cle_array *output_image, float low_percentile, float high_percentile)
{
  double min = NAN, max = NAN, low, high;
  if ((low_percentile <= 0 || high_percentile <= 0) && cle_reduce_all(input_image, &min, &max, NULL) != 0)
    return -1;
  if (low_percentile > 0) {
    if (cle_ops_percentile(input_image, low_percentile, &low) != 0)
      return -1;
    low = roundf((float)low);
  } else {
    low = min;
  }
  if (high_percentile > 0) {
    if (cle_ops_percentile(input_image, high_percentile, &high) != 0)
      return -1;
    high = roundf((float)high);
  } else {
    high = max;
  }
  return cle_ops_normalize_between(input_image, output_image, (float)low, (float)high);
}

int cle_ops_normalize_between(cle_array *input_image, cle_array *output_image, float lo, float hi)
{
  const float scalars[] = {lo, -1.0f / (hi - lo)};
  static const char rule[] = "#define CLE_PW_RULE(in0, in1, in2) fmin(fmax((s0 - (in0)) * s1, 0.0f), 1.0f)\n";
  cle_array *const inputs[] = {input_image};
  return cle_pixelwise(inputs, 1, output_image, scalars, 2, rule);
}
