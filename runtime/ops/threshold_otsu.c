/* threshold_otsu as CLIc's threshold_otsu_func: the shared intensity
 * histogram (intensity_histogram.c: 256 bins, or one per integer value for
 * integer images of a small range, as pyclesperanto 0.25.1 does;
 * scikit-image's histogram does the same for such images) -- Otsu's criterion on the host
 * in double (the counts come back: on CPU devices each work-group's row of
 * them, from one launch that needs no zeroed buffer), then dst = src >
 * threshold on the device (greater_constant). The tiled op
 * (runtime/tiled/tiled_histogram.c) shares cle_ops_otsu_threshold. */
#include <math.h>
#include <stdint.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "cesperanto/cle_ops.h"
#include "ops_util.h"

/* scikit-image's threshold_otsu on (counts, bin_centers), bin centers
 * min + i * (max - min) / (bins - 1) (min for a single bin): leading and
 * trailing empty bins are trimmed, then weight1/weight2 are cumulative
 * counts from each end, mean1/mean2 cumulative count*center sums divided
 * by them, and the first i maximising weight1[i] * weight2[i+1] *
 * (mean1[i] - mean2[i+1])^2 gives the threshold bin_centers[i]. Everything
 * in double, in numpy's order. */
double cle_ops_otsu_threshold(const cle_intensity_histogram *h)
{
  const uint64_t *counts = h->counts;
  const int bins = h->bins;
  const float min = h->min, max = h->max;
  const double range = max - min; /* a float difference, as CLIc computes it */
  int first = 0, last = bins - 1;
  while (first < last && counts[first] == 0)
    first++;
  while (last > first && counts[last] == 0)
    last--;
  double center[CLE_HISTOGRAM_BINS], weight2[CLE_HISTOGRAM_BINS], mean2[CLE_HISTOGRAM_BINS];
  for (int i = first; i <= last; i++)
    center[i] = bins > 1 ? ((double)i * range) / (bins - 1) + (double)min : (double)min;
  double weight = 0, moment = 0;
  for (int i = last; i >= first; i--) {
    weight += counts[i];
    moment += counts[i] * center[i];
    weight2[i] = weight;
    mean2[i] = moment / weight;
  }
  int best = first;
  double best_variance = -1;
  weight = 0;
  moment = 0;
  for (int i = first; i < last; i++) {
    weight += counts[i];
    moment += counts[i] * center[i];
    const double mean1 = moment / weight;
    const double diff = mean1 - mean2[i + 1];
    const double variance = (weight * weight2[i + 1]) * (diff * diff);
    if (variance > best_variance) {
      best_variance = variance;
      best = i;
    }
  }
  return center[best];
}

int cle_impl_threshold_otsu(cle_array *input_image, cle_array *output_image)
{
  return cle_ops_binarize_above_histogram_threshold(input_image, output_image, cle_ops_otsu_threshold);
}
