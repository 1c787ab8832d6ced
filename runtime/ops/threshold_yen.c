/* threshold_yen as CLIc's threshold_yen_func: the shared intensity
 * histogram (intensity_histogram.c), then scikit-image's threshold_yen on
 * (counts, bin_centers) in double -- pmf = counts / total, P1 its cumulative
 * sum, P1_sq and P2_sq the cumulative sums of pmf^2 from each end, and the
 * first bin i maximising log(P1[i] (1 - P1[i]))^2 / (P1_sq[i] P2_sq[i + 1]))
 * (non-finite values never win) gives the threshold bin_centers[i] -- then
 * output_image = input_image > threshold (greater_constant). */
#include <math.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "cesperanto/cle_ops.h"
#include "ops_util.h"

double cle_ops_yen_threshold(const cle_intensity_histogram *h)
{
  double total = 0;
  for (int i = 0; i < h->bins; i++)
    total += h->counts[i];
  if (total <= 0 || h->bins < 2)
    return h->min;
  double p2_sq[CLE_HISTOGRAM_BINS];
  double sum = 0;
  for (int i = h->bins - 1; i >= 0; i--) {
    const double p = h->counts[i] / total;
    sum += p * p;
    p2_sq[i] = sum;
  }
  int best = 0;
  double best_crit = -INFINITY, p1 = 0, p1_sq = 0;
  for (int i = 0; i < h->bins - 1; i++) {
    const double p = h->counts[i] / total;
    p1 += p;
    p1_sq += p * p;
    const double spread = p1 * (1.0 - p1), crit = log(spread * spread / (p1_sq * p2_sq[i + 1]));
    if (isfinite(crit) && crit > best_crit) {
      best_crit = crit;
      best = i;
    }
  }
  return h->center[best];
}

int cle_impl_threshold_yen(cle_array *input_image, cle_array *output_image)
{
  return cle_ops_binarize_above_histogram_threshold(input_image, output_image, cle_ops_yen_threshold);
}
