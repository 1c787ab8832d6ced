/* percentile as CLIc's percentile_func: the shared intensity histogram
 * (intensity_histogram.c); the target count total * percentile / 100; the
 * first bin whose cumulative count reaches it (lower bound); the value
 * interpolated between the previous bin's center and its own by how much of
 * the bin the target takes, in double, then float32 -- rounded to the
 * nearest integer (halves away from zero) for integer images. */
#include <math.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "ops_util.h"

double cle_ops_percentile_of(const cle_intensity_histogram *h, cle_dtype dtype, float percentile)
{
  if (isnan(h->min))
    return NAN;
  double cumulative[CLE_HISTOGRAM_BINS], sum = 0;
  for (int i = 0; i < h->bins; i++)
    cumulative[i] = sum += h->counts[i];
  const double target = sum * (percentile / 100.0);
  int i = 0;
  while (i < h->bins - 1 && cumulative[i] < target)
    i++;
  const double lower = i == 0 ? h->center[0] : h->center[i - 1], upper = h->center[i];
  const double previous = i == 0 ? 0.0 : cumulative[i - 1];
  const double fraction = h->counts[i] ? (target - previous) / h->counts[i] : 0.0;
  float value = (float)(lower + fraction * (upper - lower));
  if (dtype != CLE_FLOAT32)
    value = roundf(value);
  return value;
}

int cle_ops_percentile(cle_array *src, float percentile, double *result)
{
  cle_intensity_histogram h;
  if (cle_ops_intensity_histogram(src, &h) != 0)
    return -1;
  *result = cle_ops_percentile_of(&h, cle_array_dtype(src), percentile);
  return 0;
}

int cle_impl_percentile(cle_array *input_image, double *result, float percentile)
{
  return cle_ops_percentile(input_image, percentile, result);
}
