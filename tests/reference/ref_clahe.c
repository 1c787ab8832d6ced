/* clahe, naively: per pixel, the window's 256-bin histogram over [minimum,
 * maximum] (the image's where either is NaN), clipped at clip_limit * 255 *
 * n / 256 with the excess spread evenly, its normalised cumulative sum at the
 * pixel's own bin; float32 arithmetic in the spec's order. */
#include <math.h>

#include "ref_common.h"

static int bin_of(float v, float minimum, float range)
{
  const float f = (v - minimum) * 255.0f / range + 0.5f;
  if (!(f >= 1.0f)) /* NaN, negative and below 1 */
    return 0;
  return f >= 255.0f ? 255 : (int)f;
}

int ref_op_clahe(const ref_image *input_image, ref_image *output_image, int tile_size, float clip_limit,
                 float minimum_intensity, float maximum_intensity)
{
  const ref_image *in = input_image;
  if (isnan(minimum_intensity) || isnan(maximum_intensity)) {
    double mn, mx;
    ref_min_max(in, &mn, &mx);
    minimum_intensity = (float)mn;
    maximum_intensity = (float)mx;
  }
  const float range = maximum_intensity - minimum_intensity;
  const float limit_factor = clip_limit * 255.0f;
  const long w = (long)in->width, h = (long)in->height, d = (long)in->depth, half = tile_size / 2;
  for (long z = 0; z < d; z++)
    for (long y = 0; y < h; y++)
      for (long x = 0; x < w; x++) {
        const long x0 = x - half < 0 ? 0 : x - half, y0 = y - half < 0 ? 0 : y - half, z0 = z - half < 0 ? 0 : z - half;
        const long x1 = x0 + tile_size < w ? x0 + tile_size : w, y1 = y0 + tile_size < h ? y0 + tile_size : h,
                   z1 = z0 + tile_size < d ? z0 + tile_size : d;
        float hist[256] = {0};
        for (long k = z0; k < z1; k++)
          for (long j = y0; j < y1; j++)
            for (long i = x0; i < x1; i++)
              hist[bin_of((float)ref_get(in, (size_t)((k * h + j) * w + i)), minimum_intensity, range)] += 1.0f;
        const float n = (float)((x1 - x0) * (y1 - y0) * (z1 - z0));
        const float limit = limit_factor * n / 256.0f;
        float excess = 0.0f;
        for (int i = 0; i < 256; i++)
          if (hist[i] > limit) {
            excess += hist[i] - limit;
            hist[i] = limit;
          }
        const float increment = excess / 256.0f;
        float cdf[256];
        for (int i = 0; i < 256; i++) {
          hist[i] += increment;
          cdf[i] = i == 0 ? hist[0] : cdf[i - 1] + hist[i];
        }
        const size_t p = (size_t)((z * h + y) * w + x);
        const int b = bin_of((float)ref_get(in, p), minimum_intensity, range);
        const float ratio = (cdf[b] - cdf[0]) / (n - cdf[0]);
        const float scaled = ratio * range;
        ref_set(output_image, p, scaled + minimum_intensity);
      }
  return 0;
}
