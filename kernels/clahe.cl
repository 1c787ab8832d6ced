/* clahe: clEsperanto's contrast-limited adaptive histogram equalization,
 * one work-item per pixel. The window is the tile_size^ndim block starting
 * tile_size / 2 pixels before the pixel along each axis (at 0 at the
 * image's start), cut off at the image's end. Its pixels are counted into
 * 256 bins over [minimum, maximum]: bin (v - minimum) * 255 / (maximum -
 * minimum) + 0.5 rounded toward zero, below 0 (and NaN) counting in bin 0,
 * above 255 in bin 255. Each count above limit = clip_limit * n / 256 (n the
 * window's pixels, clip_limit already times 255 by the host) is cut to it,
 * the cut-off total spread evenly over all bins, and the pixel becomes
 * (cdf[b] - cdf[0]) / (n - cdf[0]) * (maximum - minimum) + minimum for its
 * own bin b, cdf the running sum of the clipped counts; all in float32, in
 * bin order (runtime/ops/clahe.c). */

inline uint clahe_bin(float v, float minimum, float range)
{
  return min(convert_uint_sat((v - minimum) * 255.0f / range + 0.5f), 255u);
}

__kernel void clahe(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, int tile_size, float clip_limit, float minimum,
                    float maximum)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  const int w = GET_IMAGE_WIDTH(src), h = GET_IMAGE_HEIGHT(src), d = GET_IMAGE_DEPTH(src);
  if (x >= w || y >= h || z >= d)
    return;
  const float range = maximum - minimum;
  const int x0 = max(0, x - tile_size / 2), y0 = max(0, y - tile_size / 2), z0 = max(0, z - tile_size / 2);
  const int x1 = (int)min((long)x0 + tile_size, (long)w), y1 = (int)min((long)y0 + tile_size, (long)h),
            z1 = (int)min((long)z0 + tile_size, (long)d);
  uint counts[256];
  for (int i = 0; i < 256; i++)
    counts[i] = 0;
  for (int k = z0; k < z1; k++)
    for (int j = y0; j < y1; j++)
      for (int i = x0; i < x1; i++)
        counts[clahe_bin((float)src[((long)k * h + j) * w + i], minimum, range)]++;
  const float n = (float)((long)(x1 - x0) * (y1 - y0) * (z1 - z0));
  const float limit = clip_limit * n / 256.0f;
  float excess = 0.0f;
  for (int i = 0; i < 256; i++)
    if ((float)counts[i] > limit)
      excess += (float)counts[i] - limit;
  const float increment = excess / 256.0f;
  const uint b = clahe_bin((float)src[((long)z * h + y) * w + x], minimum, range);
  const float first = fmin((float)counts[0], limit) + increment;
  float cdf = first;
  for (uint i = 1; i <= b; i++)
    cdf = cdf + (fmin((float)counts[i], limit) + increment);
  const float value = (cdf - first) / (n - first) * range + minimum;
  dst[((long)z * h + y) * w + x] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, value);
}
