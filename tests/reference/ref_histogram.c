/* histogram with clEsperanto's binning rule (clij-opencl-kernels
 * histogram.cl; CLIc tier3::histogram_func):
 * - if minimum_intensity or maximum_intensity is NaN, both are taken from
 *   the image (its minimum and maximum, as float);
 * - position = ((float)value - min) * (float)(num_bins - 1) / (max - min),
 *   every step in float32; bin = (uint)(position + 0.5) with the addition in
 *   double (upstream's double literal): the nearest of the centers
 *   min + i * (max - min) / (num_bins - 1); NaN and values below min go to
 *   bin 0, values past the last center to the last bin (upstream leaves the
 *   latter undefined). Checked against pyclesperanto 0.25.1's histogram;
 * - counts are uint32, a 1D vector of num_bins. */
#include <math.h>

#include "ref_common.h"

void ref_histogram_counts(const ref_image *src, int num_bins, float min, float max, uint32_t *counts)
{
  for (int b = 0; b < num_bins; b++)
    counts[b] = 0;
  float range = max - min;
  float scale = (float)(num_bins - 1);
  for (size_t i = 0; i < ref_image_size(src); i++) {
    float value = (float)ref_get(src, i);
    double position = (double)(((value - min) * scale) / range) + 0.5;
    long bin = 0;
    if (position >= (double)num_bins)
      continue; /* nearest to a center past the last: not counted */
    if (position > 0)
      bin = (long)position;
    counts[bin]++;
  }
}

int ref_op_histogram(const ref_image *src, ref_image *out, int num_bins, float min, float max)
{
  if (num_bins < 1 || out->dtype != CLE_UINT32 || ref_image_size(out) != (size_t)num_bins)
    return -1;
  if (isnan(min) || isnan(max)) {
    double lo, hi;
    ref_min_max(src, &lo, &hi);
    min = (float)lo;
    max = (float)hi;
  }
  ref_histogram_counts(src, num_bins, min, max, out->data);
  return 0;
}
