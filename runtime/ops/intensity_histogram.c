/* The histogram that clEsperanto's histogram-based ops share (Otsu, Yen,
 * percentile): the image's minimum and maximum (one fused reduction), then
 * 256 bins with clEsperanto's binning rule -- or one bin per integer value
 * for integer images whose max - min is below 256, as pyclesperanto 0.25.1
 * does (measured on Otsu, Yen and percentile alike) -- and the bins'
 * centers min + i * (max - min) / (bins - 1) in double, the range taken as
 * the double difference of the float32 extremes (pyclesperanto's percentile
 * gives the exact maximum at 100 %). */
#include <math.h>

#include "cle_private.h"
#include "families/reduce_all.h"
#include "ops_util.h"

int cle_ops_intensity_histogram(cle_array *src, cle_intensity_histogram *h)
{
  double lo, hi;
  if (cle_reduce_all(src, &lo, &hi, NULL) != 0)
    return -1;
  h->min = (float)lo;
  h->max = (float)hi;
  h->bins =
      cle_array_dtype(src) != CLE_FLOAT32 && hi - lo < CLE_HISTOGRAM_BINS ? (int)(hi - lo) + 1 : CLE_HISTOGRAM_BINS;
  if (isnan(lo)) { /* every pixel NaN: no range, no counts */
    for (int i = 0; i < h->bins; i++)
      h->counts[i] = 0;
    for (int i = 0; i < h->bins; i++)
      h->center[i] = NAN;
    return 0;
  }
  if (cle_ops_histogram_counts(src, h->bins, h->min, h->max, h->counts) != 0)
    return -1;
  const double range = (double)h->max - (double)h->min;
  for (int i = 0; i < h->bins; i++)
    h->center[i] = h->bins > 1 ? ((double)i * range) / (h->bins - 1) + (double)h->min : (double)h->min;
  return 0;
}
