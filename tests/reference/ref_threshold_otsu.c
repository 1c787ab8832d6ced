/* threshold_otsu as CLIc tier4::threshold_otsu_func defines it:
 * min and max of the image (float), a histogram with clEsperanto's rule
 * (ref_histogram.c) of 256 bins -- or, for integer images whose max - min
 * is below 256, one bin per integer value (max - min + 1 bins), which is
 * what pyclesperanto 0.25.1 does (measured) and scikit-image's histogram
 * does for such images -- bin centers min + i * (max - min) / (bins - 1) in double,
 * Otsu's criterion in double exactly as scikit-image's threshold_otsu
 * computes it from (counts, bin_centers) -- empty bins at both ends are
 * trimmed first, the first maximum of the between-class variance wins --
 * then dst = (float)pixel > (float)threshold as uint8 0/1. */
#include <math.h>
#include <stdlib.h>

#include "ref_common.h"

double ref_otsu_from_counts(const uint32_t *counts, int num_bins, float min, float max)
{
  double range = max - min; /* float difference, as upstream */
  int first = 0, last = num_bins - 1;
  while (first < last && counts[first] == 0)
    first++;
  while (last > first && counts[last] == 0)
    last--;
  int n = last - first + 1;
  double *center = malloc(sizeof(double) * (size_t)n);
  double *w1 = malloc(sizeof(double) * (size_t)n), *w2 = malloc(sizeof(double) * (size_t)n);
  double *m1 = malloc(sizeof(double) * (size_t)n), *m2 = malloc(sizeof(double) * (size_t)n);
  double threshold = NAN;
  if (!center || !w1 || !w2 || !m1 || !m2)
    goto done;
  for (int i = 0; i < n; i++)
    center[i] = num_bins > 1 ? ((double)(first + i) * range) / (num_bins - 1) + (double)min : (double)min;
  /* cumulative weights and (unnormalised) means from the left ... */
  double cw = 0, cm = 0;
  for (int i = 0; i < n; i++) {
    cw += counts[first + i];
    cm += counts[first + i] * center[i];
    w1[i] = cw;
    m1[i] = cm / cw;
  }
  /* ... and from the right */
  cw = 0;
  cm = 0;
  for (int i = n - 1; i >= 0; i--) {
    cw += counts[first + i];
    cm += counts[first + i] * center[i];
    w2[i] = cw;
    m2[i] = cm / cw;
  }
  int best = 0;
  double best_var = -1;
  for (int i = 0; i + 1 < n; i++) {
    double d = m1[i] - m2[i + 1];
    double var = (w1[i] * w2[i + 1]) * (d * d); /* numpy's evaluation order */
    if (var > best_var) {
      best_var = var;
      best = i;
    }
  }
  threshold = center[best];
done:
  free(center);
  free(w1);
  free(w2);
  free(m1);
  free(m2);
  return threshold;
}

int ref_otsu_bins(cle_dtype dtype, double min, double max)
{
  if (dtype != CLE_FLOAT32 && max - min < 256)
    return (int)(max - min) + 1;
  return 256;
}

int ref_op_threshold_otsu(const ref_image *src, ref_image *out)
{
  uint32_t counts[256];
  double lo, hi;
  ref_min_max(src, &lo, &hi);
  int bins = ref_otsu_bins(src->dtype, lo, hi);
  ref_histogram_counts(src, bins, (float)lo, (float)hi, counts);
  double threshold = ref_otsu_from_counts(counts, bins, (float)lo, (float)hi);
  float t = (float)threshold; /* NaN for an all-NaN image: every pixel gives 0 */
  for (size_t i = 0; i < ref_image_size(src); i++)
    ref_set(out, i, (float)ref_get(src, i) > t ? 1 : 0);
  return 0;
}
