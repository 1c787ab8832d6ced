/* The histogram that clEsperanto's histogram-based ops share (Otsu, Yen,
 * isodata, triangle, Li, percentile): the image's minimum and maximum (one
 * fused reduction), then 256 bins with clEsperanto's binning rule -- or one
 * bin per integer value for integer images whose max - min is below 256, as
 * pyclesperanto 0.25.1 does (measured on Otsu, Yen, percentile, isodata,
 * triangle and Li alike) -- and the bins' centers
 * min + i * (max - min) / (bins - 1) in double, the range taken as the
 * double difference of the float32 extremes (pyclesperanto's percentile
 * gives the exact maximum at 100 %). */
#include <math.h>

#include "cesperanto/cle_ops.h"
#include "cle_private.h"
#include "families/reduce_all.h"
#include "ops_util.h"

void cle_ops_histogram_range(cle_dtype dtype, double lo, double hi, cle_intensity_histogram *h)
{
  h->min = (float)lo;
  h->max = (float)hi;
  h->bins = dtype != CLE_FLOAT32 && hi - lo < CLE_HISTOGRAM_BINS ? (int)(hi - lo) + 1 : CLE_HISTOGRAM_BINS;
  for (int i = 0; i < CLE_HISTOGRAM_BINS; i++) {
    h->counts[i] = 0;
    h->center[i] = NAN;
  }
}

void cle_ops_histogram_centers(cle_intensity_histogram *h)
{
  if (isnan(h->min)) /* every pixel NaN: no range, no counts */
    return;
  const double range = (double)h->max - (double)h->min;
  for (int i = 0; i < h->bins; i++)
    h->center[i] = h->bins > 1 ? ((double)i * range) / (h->bins - 1) + (double)h->min : (double)h->min;
}

int cle_ops_intensity_histogram(cle_array *src, cle_intensity_histogram *h)
{
  double lo, hi;
  if (cle_reduce_all(src, &lo, &hi, NULL) != 0)
    return -1;
  cle_ops_histogram_range(cle_array_dtype(src), lo, hi, h);
  if (isnan(lo))
    return 0;
  uint32_t counts[CLE_HISTOGRAM_BINS];
  if (cle_ops_histogram_counts(src, h->bins, h->min, h->max, counts) != 0)
    return -1;
  for (int i = 0; i < h->bins; i++)
    h->counts[i] = counts[i];
  cle_ops_histogram_centers(h);
  return 0;
}

int cle_ops_binarize_above_histogram_threshold(cle_array *src, cle_array *dst,
                                               double (*rule)(const cle_intensity_histogram *h))
{
  cle_intensity_histogram h;
  if (cle_ops_intensity_histogram(src, &h) != 0)
    return -1;
  /* an all-NaN image has no threshold: NaN compares false, dst is all 0 */
  const float threshold = isnan(h.min) ? NAN : (float)rule(&h);
  cle_array *binary = cle_greater_constant(src, dst, threshold);
  cle_release(binary);
  return binary ? 0 : -1;
}
