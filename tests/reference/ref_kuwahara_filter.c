/* kuwahara_filter, naively: for each pixel and each region (quadrant, or
 * octant for depth > 1) on its own, the Gaussian-weighted sums over the
 * region's taps in raster order (z, y, x from -r, r = 2 radius + 1),
 * clamped reads; then the inverse-variance blend of the regions' means, in
 * float32 as the spec states. */
#include <math.h>

#include "ref_common.h"

static long clampl(long v, long lo, long hi)
{
  return v < lo ? lo : v > hi ? hi : v;
}

int ref_op_kuwahara_filter(const ref_image *input_image, ref_image *output_image, int radius, float sigma)
{
  const ref_image *in = input_image;
  const float two_sigma_sq = 2.0f * sigma * sigma;
  if (!(two_sigma_sq > 0.0f) || radius < 0)
    return -1;
  const long r = 2L * radius + 1, w = (long)in->width, h = (long)in->height, d = (long)in->depth;
  const int regions = d > 1 ? 8 : 4;
  const long rz = d > 1 ? r : 0;
  for (long z = 0; z < d; z++)
    for (long y = 0; y < h; y++)
      for (long x = 0; x < w; x++) {
        float mean[8], inv_var[8], total = 0.0f;
        for (int q = 0; q < regions; q++) {
          /* the region's side along each axis: dx <= 0 or dx >= 0 (bit 0), y bit 1, z bit 2 */
          const long x0 = q & 1 ? 0 : -r, x1 = q & 1 ? r : 0, y0 = q & 2 ? 0 : -r, y1 = q & 2 ? r : 0;
          const long z0 = q & 4 ? 0 : -rz, z1 = q & 4 ? rz : 0;
          float sum = 0.0f, sum_sq = 0.0f, weight_sum = 0.0f;
          for (long dz = z0; dz <= z1; dz++)
            for (long dy = y0; dy <= y1; dy++)
              for (long dx = x0; dx <= x1; dx++) {
                const float wt = expf(-(float)(dx * dx + dy * dy + dz * dz) / two_sigma_sq);
                const size_t at =
                    (size_t)((clampl(z + dz, 0, d - 1) * h + clampl(y + dy, 0, h - 1)) * w + clampl(x + dx, 0, w - 1));
                const float v = (float)ref_get(in, at);
                const float wv = wt * v;
                sum += wv;
                sum_sq += wv * v;
                weight_sum += wt;
              }
          float variance = 0.0f;
          mean[q] = sum;
          if (weight_sum > 0.0f) {
            mean[q] = sum / weight_sum;
            const float e2 = sum_sq / weight_sum, m2 = mean[q] * mean[q];
            variance = fmaxf(0.0f, e2 - m2);
          }
          const float denominator = variance + 1e-6f;
          inv_var[q] = 1.0f / denominator;
          total += inv_var[q];
        }
        float result = 0.0f;
        for (int q = 0; q < regions; q++) {
          const float share = inv_var[q] / total, term = mean[q] * share;
          result += term;
        }
        ref_set(output_image, (size_t)((z * h + y) * w + x), result);
      }
  return 0;
}
