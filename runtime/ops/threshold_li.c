/* threshold_li as CLIc's threshold_li_func: the shared intensity histogram
 * (intensity_histogram.c: 256 bins, or one per integer value for integer
 * images of a small range, as pyclesperanto 0.25.1 does) and the image's
 * mean (mean_of_all_pixels, as a float32), then Li & Tam's iterative minimum
 * cross-entropy on the host in double over the bins, then
 * output_image = input_image > threshold (greater_constant). */
#include <math.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "cesperanto/cle_ops.h"
#include "ops_util.h"

/* Intensities shifted by the minimum (c = center - min): from t = mean - min,
 * repeat t' = (mb - mf) / (log mb - log mf) with mf, mb the count-weighted
 * means of c over the bins with c > t and c <= t, while |t' - t| is above
 * half a bin width and at most 100 times; stop (keeping t) when a side is
 * empty or a mean is not positive. The threshold is t + min (not a bin
 * center). One value: the minimum; a NaN mean: NaN. */
double cle_ops_li_threshold(const cle_intensity_histogram *h, float mean)
{
  const int bins = h->bins;
  const double range = (double)h->max - (double)h->min;
  if (range <= 0 || bins < 2)
    return h->min;
  const double min = h->min, tolerance = 0.5 * (range / (bins - 1));
  double next = (double)mean - min, current = -2.0 * tolerance;
  for (int iteration = 0; fabs(next - current) > tolerance && iteration < 100; iteration++) {
    current = next;
    double sum_fore = 0, weight_fore = 0, sum_back = 0, weight_back = 0;
    for (int i = 0; i < bins; i++) {
      const double c = h->center[i] - min, n = (double)h->counts[i];
      if (c > current) {
        sum_fore += n * c;
        weight_fore += n;
      } else {
        sum_back += n * c;
        weight_back += n;
      }
    }
    if (weight_fore <= 0 || weight_back <= 0)
      break;
    const double mean_fore = sum_fore / weight_fore, mean_back = sum_back / weight_back;
    if (mean_back <= 0 || mean_fore <= 0)
      break;
    next = (mean_back - mean_fore) / (log(mean_back) - log(mean_fore));
  }
  return next + min;
}

int cle_impl_threshold_li(cle_array *input_image, cle_array *output_image)
{
  cle_intensity_histogram h;
  if (cle_ops_intensity_histogram(input_image, &h) != 0)
    return -1;
  float threshold = NAN; /* an all-NaN image: NaN compares false, dst is all 0 */
  if (!isnan(h.min)) {
    const double mean = cle_mean_of_all_pixels(input_image);
    if (isnan(mean) && cle_last_error() != CLE_OK) /* NaN pixels give a NaN mean too */
      return -1;
    threshold = (float)cle_ops_li_threshold(&h, (float)mean);
  }
  cle_array *binary = cle_greater_constant(input_image, output_image, threshold);
  cle_release(binary);
  return binary ? 0 : -1;
}
