/* The histogram ops over tiles: threshold_otsu, threshold_yen, percentile
 * and normalize, each equal to the untiled op (the same threshold, the same
 * pixels).
 *
 *   1. The image's minimum and maximum, on the host's threads over the host
 *      image (cle_tiled_host_range: exact, NaN skipped as the untiled
 *      reduction skips it), not on the device: a comparison per pixel costs
 *      less than moving the pixel there.
 *   2. The bins from the image's range (cle_ops_histogram_range: 256, or
 *      one per integer value), every tile counted into them on the device
 *      over the image's [min, max] (each pixel lands in the bin the untiled
 *      count gives it), the counts summed in 64 bits: the untiled histogram.
 *   3. The untiled op's own function of the histogram (Otsu's, Yen's
 *      threshold, the percentile: ops_util.h), then the output: the
 *      thresholds' (float)pixel > threshold on the host's threads
 *      (cle_tiled_host_greater, greater_constant's comparison, exact);
 *      normalize's float arithmetic tile by tile on the device with the
 *      untiled op's last step.
 * So a threshold pushes the image once (the counts), normalize twice; before,
 * every op pushed it for the range too, and the thresholds once more for
 * the output.
 *
 * Not done: the range and the counts in one pass. The bins depend on the
 * whole image's range (position = (pixel - min) * (bins - 1) / (max - min),
 * rounded in float32), so counts over another range cannot be re-binned
 * exactly for float32 pixels: a finer bin may straddle two of the final
 * bins (integer images could be counted per value and re-binned exactly,
 * but 16- and 32-bit values need 65536+ counters a tile). Nor the counts on
 * the host: the untiled op's bins are the device's division, correctly
 * rounded where the device has fp64 or correctly rounded division, not
 * always elsewhere; counting on the device keeps the untiled op's bins on
 * every device. */
#include <math.h>
#include <stdint.h>

#include "cesperanto/cle_ops.h"
#include "cle_private.h"
#include "families/reduce_all.h"
#include "ops/ops_util.h"
#include "tiled/tiled_global.h"

/* The image's histogram from its tiles (input 0 of call); *lo, *hi the
 * extremes as cle_reduce_all gives them. */
static int tiled_intensity_histogram(const cle_tiled_call *call, cle_intensity_histogram *h, double *lo, double *hi)
{
  const size_t tiles = cle_tile_count(call->size, call->tile);
  double mn, mx;
  cle_tiled_host_range(call->inputs[0], &mn, &mx);
  *lo = mn;
  *hi = mx;
  cle_ops_histogram_range(call->inputs[0]->dtype, mn, mx, h);
  if (isnan(mn))
    return 0;
  for (size_t t = 0; t < tiles; t++) {
    cle_box box;
    cle_tile_at(call->size, call->tile, t, &box);
    cle_array *arr = cle_tiled_push_input(call, 0, &box);
    uint32_t counts[CLE_HISTOGRAM_BINS];
    const int rc = arr ? cle_ops_histogram_counts(arr, h->bins, h->min, h->max, counts) : -1;
    cle_release(arr);
    if (rc != 0)
      return -1;
    for (int i = 0; i < h->bins; i++)
      h->counts[i] += counts[i];
  }
  cle_ops_histogram_centers(h);
  return 0;
}

/* The image output, tile by tile: the op's last step. */
typedef cle_array *(*tile_step)(cle_array *tile, const float *args);

static cle_array *normalize_step(cle_array *tile, const float *args)
{
  cle_array *dst = cle_create_like_dtype(tile, CLE_FLOAT32);
  if (dst && cle_ops_normalize_between(tile, dst, args[0], args[1]) != 0) {
    cle_release(dst);
    return NULL;
  }
  return dst;
}

static int tiled_image_step(const cle_tiled_call *call, tile_step step, const float *args, cle_host_image *img)
{
  const size_t tiles = cle_tile_count(call->size, call->tile);
  int rc = 0;
  for (size_t t = 0; t < tiles && rc == 0; t++) {
    cle_box box;
    cle_tile_at(call->size, call->tile, t, &box);
    cle_array *arr = cle_tiled_push_input(call, 0, &box);
    cle_array *res = arr ? step(arr, args) : NULL;
    cle_release(arr);
    if (!res) {
      cle_error_add_context(call->op->name);
      rc = -1;
      break;
    }
    if (!img->data)
      rc = cle_tiled_alloc_output(call, cle_array_dtype(res), img); /* names the op */
    if (rc == 0 && (rc = cle_box_pull(res, &box, &box, img)) != 0)
      cle_error_add_context(call->op->name);
    cle_release(res);
  }
  if (rc != 0)
    cle_host_image_free(img);
  return rc;
}

static int threshold(const cle_tiled_call *call, cle_tiled_result *out, double (*fn)(const cle_intensity_histogram *))
{
  cle_intensity_histogram h;
  double lo, hi;
  if (tiled_intensity_histogram(call, &h, &lo, &hi) != 0) {
    cle_error_add_context(call->op->name);
    return -1;
  }
  /* an all-NaN image has no threshold: NaN compares false, dst is all 0 */
  const float t = isnan(h.min) ? NAN : (float)fn(&h);
  if (cle_tiled_alloc_output(call, CLE_UINT8, &out->image) != 0) /* binary(input_image) */
    return -1;
  cle_tiled_host_greater(call->inputs[0], t, out->image.data);
  return 0;
}

int cle_tiled_threshold_otsu(const cle_tiled_call *call, cle_tiled_result *out)
{
  return threshold(call, out, cle_ops_otsu_threshold);
}

int cle_tiled_threshold_yen(const cle_tiled_call *call, cle_tiled_result *out)
{
  return threshold(call, out, cle_ops_yen_threshold);
}

int cle_tiled_percentile(const cle_tiled_call *call, cle_tiled_result *out)
{
  if (cle_tiled_check_params(call->op, call->params) != 0)
    return -1;
  cle_intensity_histogram h;
  double lo, hi;
  if (tiled_intensity_histogram(call, &h, &lo, &hi) != 0) {
    cle_error_add_context(call->op->name);
    return -1;
  }
  out->scalar = cle_ops_percentile_of(&h, call->inputs[0]->dtype, (float)call->params[0].number);
  return 0;
}

/* As cle_impl_normalize (normalize.c): low/high the rounded percentiles where
 * asked for (> 0), else the extremes. */
int cle_tiled_normalize(const cle_tiled_call *call, cle_tiled_result *out)
{
  if (cle_tiled_check_params(call->op, call->params) != 0)
    return -1;
  const float low_percentile = (float)call->params[0].number, high_percentile = (float)call->params[1].number;
  cle_intensity_histogram h;
  double lo, hi;
  if (tiled_intensity_histogram(call, &h, &lo, &hi) != 0) {
    cle_error_add_context(call->op->name);
    return -1;
  }
  const cle_dtype dtype = call->inputs[0]->dtype;
  const double low = low_percentile > 0 ? roundf((float)cle_ops_percentile_of(&h, dtype, low_percentile)) : lo;
  const double high = high_percentile > 0 ? roundf((float)cle_ops_percentile_of(&h, dtype, high_percentile)) : hi;
  const float args[2] = {(float)low, (float)high};
  return tiled_image_step(call, normalize_step, args, &out->image);
}
