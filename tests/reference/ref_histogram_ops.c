/* The other histogram-based ops, written from scikit-image's and CLIc's
 * formulas: threshold_yen (scikit-image's threshold_yen on the counts and
 * centers of threshold_otsu's histogram), percentile (CLIc's interpolation
 * in the cumulative counts; integers rounded), normalize (percentiles
 * rounded, then clip((low - x) * (-1 / (high - low)), 0, 1) in float). */
#include <math.h>
#include <stdlib.h>

#include "ref_common.h"

/* The histogram of those ops: bins, counts and centers (range in double). */
typedef struct hist {
  int bins;
  float min, max;
  uint32_t counts[256];
  double center[256];
} hist;

static int make_hist(const ref_image *img, hist *h)
{
  double lo, hi;
  ref_min_max(img, &lo, &hi);
  if (isnan(lo))
    return -1;
  h->min = (float)lo;
  h->max = (float)hi;
  h->bins = ref_otsu_bins(img->dtype, lo, hi);
  ref_histogram_counts(img, h->bins, h->min, h->max, h->counts);
  for (int i = 0; i < h->bins; i++)
    h->center[i] = h->bins > 1 ? i * ((double)h->max - (double)h->min) / (h->bins - 1) + h->min : h->min;
  return 0;
}

static double percentile_of(const ref_image *img, float percentile)
{
  hist h;
  if (make_hist(img, &h) != 0)
    return NAN;
  double total = 0;
  for (int i = 0; i < h.bins; i++)
    total += h.counts[i];
  const double target = total * (percentile / 100.0);
  double below = 0;
  int i = 0;
  for (; i < h.bins - 1 && below + h.counts[i] < target; i++)
    below += h.counts[i];
  const double from = h.center[i > 0 ? i - 1 : 0], to = h.center[i];
  const float value = (float)(from + (h.counts[i] ? (target - below) / h.counts[i] : 0) * (to - from));
  return img->dtype == CLE_FLOAT32 ? value : roundf(value);
}

int ref_op_percentile(const ref_image *input_image, double *result, float percentile)
{
  *result = percentile_of(input_image, percentile);
  return 0;
}

int ref_op_threshold_yen(const ref_image *input_image, ref_image *output_image)
{
  hist h;
  double threshold = NAN;
  if (make_hist(input_image, &h) == 0) {
    double total = 0;
    for (int i = 0; i < h.bins; i++)
      total += h.counts[i];
    threshold = h.min;
    double best = -INFINITY;
    for (int t = 0; t + 1 < h.bins; t++) {
      double p1 = 0, p1_sq = 0, p2_sq = 0;
      for (int i = 0; i <= t; i++) {
        p1 += h.counts[i] / total;
        p1_sq += (h.counts[i] / total) * (h.counts[i] / total);
      }
      for (int i = h.bins - 1; i > t; i--)
        p2_sq += (h.counts[i] / total) * (h.counts[i] / total);
      const double crit = log((p1 * (1 - p1)) * (p1 * (1 - p1)) / (p1_sq * p2_sq));
      if (isfinite(crit) && crit > best) {
        best = crit;
        threshold = h.center[t];
      }
    }
  }
  for (size_t i = 0; i < ref_image_size(input_image); i++)
    ref_set(output_image, i, (float)ref_get(input_image, i) > (float)threshold);
  return 0;
}

int ref_op_normalize(const ref_image *input_image, ref_image *output_image, float low_percentile, float high_percentile)
{
  double min, max;
  ref_min_max(input_image, &min, &max);
  const float low = low_percentile > 0 ? roundf((float)percentile_of(input_image, low_percentile)) : (float)min;
  const float high = high_percentile > 0 ? roundf((float)percentile_of(input_image, high_percentile)) : (float)max;
  const float scale = -1.0f / (high - low);
  for (size_t i = 0; i < ref_image_size(input_image); i++) {
    const float v = (low - (float)ref_get(input_image, i)) * scale;
    ref_set(output_image, i, fminf(fmaxf(v, 0.0f), 1.0f));
  }
  return 0;
}

int ref_op_gamma_correction(const ref_image *input_image, ref_image *output_image, float gamma)
{
  double min, max;
  ref_min_max(input_image, &min, &max);
  const float m = (float)max;
  for (size_t i = 0; i < ref_image_size(input_image); i++)
    ref_set(output_image, i, (float)pow((double)((float)ref_get(input_image, i) / m), (double)gamma) * m);
  return 0;
}

int ref_op_replace_values(const ref_image *input_image0, const ref_image *input_image1, ref_image *output_image)
{
  const double last = (double)ref_image_size(input_image1) - 1;
  for (size_t i = 0; i < ref_image_size(input_image0); i++) {
    const double v = ref_get(input_image0, i);
    const double index = isnan(v) ? 0 : fmin(fmax(trunc(v), 0), last);
    ref_set(output_image, i, ref_get(input_image1, (size_t)index));
  }
  return 0;
}
