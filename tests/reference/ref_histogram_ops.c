/* The other histogram-based ops, written from scikit-image's and CLIc's
 * formulas: threshold_yen (scikit-image's threshold_yen on the counts and
 * centers of threshold_otsu's histogram), percentile (CLIc's interpolation
 * in the cumulative counts; integers rounded), normalize (percentiles
 * rounded, then clip((low - x) * (-1 / (high - low)), 0, 1) in float),
 * threshold_isodata, threshold_triangle and threshold_li (scikit-image's
 * rules on that histogram, each candidate's sums taken afresh). */
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

/* output_image = input_image > threshold, both as float32 (NaN: all 0). */
static void binarize(const ref_image *input_image, ref_image *output_image, double threshold)
{
  for (size_t i = 0; i < ref_image_size(input_image); i++)
    ref_set(output_image, i, (float)ref_get(input_image, i) > (float)threshold);
}

/* isodata: every candidate bin's two means summed afresh from the counts. */
int ref_op_threshold_isodata(const ref_image *input_image, ref_image *output_image)
{
  hist h;
  double threshold = NAN;
  if (make_hist(input_image, &h) == 0) {
    threshold = h.min;
    if (h.max > h.min) {
      threshold = h.center[h.bins / 2];
      for (int t = 0; t + 1 < h.bins; t++) {
        double n_low = 0, s_low = 0, n_high = 0, s_high = 0;
        for (int i = 0; i < h.bins; i++) {
          if (i <= t) {
            n_low += h.counts[i];
            s_low += h.counts[i] * h.center[i];
          } else {
            n_high += h.counts[i];
            s_high += h.counts[i] * h.center[i];
          }
        }
        if (n_low == 0 || n_high == 0)
          continue;
        const double d = (s_low / n_low + s_high / n_high) / 2 - h.center[t];
        if (d >= 0 && d < h.center[1] - h.center[0]) {
          threshold = h.center[t];
          break;
        }
      }
    }
  }
  binarize(input_image, output_image, threshold);
  return 0;
}

/* triangle: both arms measured, the longer one (the lower on a tie) walked
 * from its end bin e toward the peak p; a bin b's distance below the line
 * from (e, 0) to (p, peak count) is (peak * |b - e| - |p - e| * count[b]) / norm. */
int ref_op_threshold_triangle(const ref_image *input_image, ref_image *output_image)
{
  hist h;
  double threshold = NAN;
  if (make_hist(input_image, &h) == 0) {
    threshold = h.min;
    int first = -1, last = -1, peak = 0;
    for (int i = 0; i < h.bins; i++)
      if (h.counts[i]) {
        last = i;
        if (first < 0)
          first = i;
      }
    for (int i = 1; i < h.bins; i++)
      if (h.counts[i] > h.counts[peak])
        peak = i;
    if (h.max > h.min && first >= 0 && first != last) {
      const int end = peak - first >= last - peak ? first : last;
      const int w = abs(peak - end);
      const double height = h.counts[peak], norm = sqrt(height * height + (double)w * w);
      double best = -INFINITY;
      for (int x = 0; x < w; x++) {
        const int b = end < peak ? end + x : end - x;
        const double d = height / norm * x - w / norm * h.counts[b];
        if (d > best) {
          best = d;
          threshold = h.center[b];
        }
      }
    }
  }
  binarize(input_image, output_image, threshold);
  return 0;
}

/* Li: the pixels' mean in double (as float32), then the iteration on the
 * shifted bin centers, each side's mean summed afresh. */
int ref_op_threshold_li(const ref_image *input_image, ref_image *output_image)
{
  hist h;
  double threshold = NAN;
  if (make_hist(input_image, &h) == 0) {
    threshold = h.min;
    double sum = 0;
    for (size_t i = 0; i < ref_image_size(input_image); i++)
      sum += ref_get(input_image, i);
    const float mean = (float)(sum / (double)ref_image_size(input_image));
    if (h.max > h.min) {
      const double tol = ((double)h.max - h.min) / (h.bins - 1) / 2;
      double t = (double)mean - h.min, previous = -2 * tol;
      for (int step = 0; step < 100 && fabs(t - previous) > tol; step++) {
        previous = t;
        double n[2] = {0, 0}, s[2] = {0, 0};
        for (int i = 0; i < h.bins; i++) {
          const int fore = h.center[i] - h.min > previous;
          n[fore] += h.counts[i];
          s[fore] += h.counts[i] * (h.center[i] - h.min);
        }
        if (n[0] <= 0 || n[1] <= 0 || s[0] / n[0] <= 0 || s[1] / n[1] <= 0)
          break;
        const double back = s[0] / n[0], fore = s[1] / n[1];
        t = (back - fore) / (log(back) - log(fore));
      }
      threshold = t + h.min;
    }
  }
  binarize(input_image, output_image, threshold);
  return 0;
}
