/* kernel_image: each output pixel from the input's neighbourhood shaped and
 * weighted by a second image, the kernel (a structuring element or a
 * correlation kernel of any size, centred at size / 2 along each axis, as
 * scipy.ndimage's). Pixels outside the input repeat the edge pixel. The rule
 * arrives as CLE_KI_RULE (runtime/families/kernel_image.c):
 *   0 erosion     the smallest of the pixel itself and the pixels under the
 *                 kernel's nonzero elements (pyclesperanto's)
 *   1 dilation    the largest (both exact, NaN skipped)
 *   2 correlate   sum of pixel * kernel in float32 (pyclesperanto's convolve
 *                 does not flip the kernel)
 *   3 normalized  sum(p k) / sqrt(sum(p^2) sum(k^2)) in float32
 * One work-item per pixel; the kernel is read in raster order (x fastest). */

#ifndef CLE_KI_RULE
#error "kernel_image needs CLE_KI_RULE"
#endif

#define CLE_KI_W GET_IMAGE_WIDTH(src)
#define CLE_KI_H GET_IMAGE_HEIGHT(src)
#define CLE_KI_D GET_IMAGE_DEPTH(src)

__kernel void kernel_image(IMAGE_src_TYPE src, IMAGE_weights_TYPE weights, IMAGE_dst_TYPE dst)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= CLE_KI_W || y >= CLE_KI_H || z >= CLE_KI_D)
    return;
  const int kw = GET_IMAGE_WIDTH(weights), kh = GET_IMAGE_HEIGHT(weights), kd = GET_IMAGE_DEPTH(weights);
  const int cx = kw / 2, cy = kh / 2, cz = kd / 2;
#if CLE_KI_RULE <= 1
  /* the pixel itself always counts, as in pyclesperanto's erosion and dilation */
  IMAGE_src_PIXEL_TYPE best = src[((long)z * CLE_KI_H + y) * CLE_KI_W + x];
  int any = best == best;
#else
  float sum = 0.0f, pp = 0.0f, kk = 0.0f;
#endif
  for (int k = 0; k < kd; k++)
    for (int j = 0; j < kh; j++)
      for (int i = 0; i < kw; i++) {
        const float w = (float)weights[((long)k * kh + j) * kw + i];
        const long at =
            ((long)clamp(z + k - cz, 0, CLE_KI_D - 1) * CLE_KI_H + clamp(y + j - cy, 0, CLE_KI_H - 1)) * CLE_KI_W +
            clamp(x + i - cx, 0, CLE_KI_W - 1);
#if CLE_KI_RULE <= 1
        if (w == 0.0f)
          continue;
        const IMAGE_src_PIXEL_TYPE v = src[at];
        if (v != v)
          continue;
#if CLE_KI_RULE == 0
        if (!any || v < best)
#else
        if (!any || v > best)
#endif
          best = v;
        any = 1;
#else
        const float v = (float)src[at];
        sum += v * w;
#if CLE_KI_RULE == 3
        pp += v * v;
        kk += w * w;
#endif
#endif
      }
#if CLE_KI_RULE <= 1
  const float nan_ = NAN;
  const long i = ((long)z * CLE_KI_H + y) * CLE_KI_W + x;
  dst[i] = any ? CLE_SAT(IMAGE_dst_PIXEL_TYPE, best) : CLE_SAT(IMAGE_dst_PIXEL_TYPE, nan_);
#elif CLE_KI_RULE == 2
  dst[((long)z * CLE_KI_H + y) * CLE_KI_W + x] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, sum);
#else
  dst[((long)z * CLE_KI_H + y) * CLE_KI_W + x] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, sum / sqrt(pp * kk));
#endif
}
