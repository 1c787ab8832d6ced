/* threshold_isodata as CLIc's threshold_isodata_func: the shared intensity
 * histogram (intensity_histogram.c: 256 bins, or one per integer value for
 * integer images of a small range, as pyclesperanto 0.25.1 does), then
 * Ridler & Calvard's rule on the host in double as scikit-image's
 * threshold_isodata writes it on (counts, bin_centers), then
 * output_image = input_image > threshold (greater_constant). */
#include <math.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "cesperanto/cle_ops.h"
#include "ops_util.h"

/* The lowest bin center t whose two sides' mean intensities (bins <= t,
 * bins > t; counts times centers) average to within [t, t + bin width):
 * (mean_low + mean_high) / 2 - t in [0, center[1] - center[0]). No such bin:
 * center[bins / 2]. An image of one value: its minimum. */
double cle_ops_isodata_threshold(const cle_intensity_histogram *h)
{
  const int bins = h->bins;
  if ((double)h->max - (double)h->min <= 0 || bins < 2)
    return h->min;
  double total = 0, total_moment = 0;
  for (int i = 0; i < bins; i++) {
    total += h->counts[i];
    total_moment += h->counts[i] * h->center[i];
  }
  const double width = h->center[1] - h->center[0];
  double below = 0, moment = 0;
  for (int i = 0; i < bins - 1; i++) {
    below += h->counts[i];
    moment += h->counts[i] * h->center[i];
    const double above = total - below;
    if (below <= 0 || above <= 0)
      continue;
    const double mean = (moment / below + (total_moment - moment) / above) / 2.0;
    const double distance = mean - h->center[i];
    if (distance >= 0 && distance < width)
      return h->center[i];
  }
  return h->center[bins / 2];
}

int cle_impl_threshold_isodata(cle_array *input_image, cle_array *output_image)
{
  return cle_ops_binarize_above_histogram_threshold(input_image, output_image, cle_ops_isodata_threshold);
}
