/* threshold_triangle as CLIc's threshold_triangle_func: the shared intensity
 * histogram (intensity_histogram.c: 256 bins, or one per integer value for
 * integer images of a small range, as pyclesperanto 0.25.1 does), then
 * Zack's triangle rule on the host in double as scikit-image's
 * threshold_triangle writes it on (counts, bin_centers), then
 * output_image = input_image > threshold (greater_constant). */
#include <math.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "cesperanto/cle_ops.h"
#include "ops_util.h"

/* The line from the histogram's peak (its first highest bin) to the end of
 * its longer arm (the first or the last non-empty bin; the first when both
 * arms are equally long); the bin of that arm, from its end up to (not with)
 * the peak, farthest below the line -- the first such bin counting from the
 * arm's end -- gives the threshold, its center. With x the bins from the
 * arm's end and y their counts, that is the first maximum of
 * x * peak / norm - y * width / norm, norm = sqrt(peak^2 + width^2).
 * Fewer than two non-empty bins or one value: the minimum. */
double cle_ops_triangle_threshold(const cle_intensity_histogram *h)
{
  const int bins = h->bins;
  if ((double)h->max - (double)h->min <= 0)
    return h->min;
  int low = -1, high = -1, peak = 0;
  for (int i = 0; i < bins; i++) {
    if (h->counts[i] > 0) {
      if (low < 0)
        low = i;
      high = i;
    }
    if (h->counts[i] > h->counts[peak])
      peak = i;
  }
  if (low < 0 || low == high)
    return h->min;
  const double peak_height = (double)h->counts[peak];
  /* the longer arm above the peak: walk it down from the last non-empty bin */
  const int flip = peak - low < high - peak;
  const int start = flip ? high : low, step = flip ? -1 : 1;
  const int width = flip ? high - peak : peak - low;
  const double norm = sqrt(peak_height * peak_height + (double)width * width);
  const double norm_height = peak_height / norm, norm_width = width / norm;
  int best = 0;
  double best_length = -INFINITY;
  for (int x = 0; x < width; x++) {
    const double length = norm_height * x - norm_width * (double)h->counts[start + step * x];
    if (length > best_length) {
      best_length = length;
      best = x;
    }
  }
  return h->center[start + step * best];
}

int cle_impl_threshold_triangle(cle_array *input_image, cle_array *output_image)
{
  return cle_ops_binarize_above_histogram_threshold(input_image, output_image, cle_ops_triangle_threshold);
}
