/* gaussian_derivative: one 1D pass of clEsperanto's Gaussian derivative
 * along CLE_AXIS (0 x, 1 y, 2 z): dst = sum over v in [-radius, radius] of
 * weights[v + radius] * src[p + v] (outside pixels repeat the edge pixel),
 * divided by norm, in float32, summed from v = -radius upwards. The weights
 * and norm come from the host (runtime/ops/gaussian_derivative.c), computed
 * once, so every device applies the same numbers. */

#ifndef CLE_AXIS
#error "gaussian_derivative needs CLE_AXIS"
#endif

__kernel void gaussian_derivative(IMAGE_src_TYPE src, IMAGE_weights_TYPE weights, IMAGE_dst_TYPE dst, int radius,
                                  float norm)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  const int w = GET_IMAGE_WIDTH(src), h = GET_IMAGE_HEIGHT(src), d = GET_IMAGE_DEPTH(src);
  if (x >= w || y >= h || z >= d)
    return;
  float sum = 0.0f;
  for (int v = -radius; v <= radius; v++) {
    const int px = CLE_AXIS == 0 ? clamp(x + v, 0, w - 1) : x;
    const int py = CLE_AXIS == 1 ? clamp(y + v, 0, h - 1) : y;
    const int pz = CLE_AXIS == 2 ? clamp(z + v, 0, d - 1) : z;
    sum += weights[v + radius] * (float)src[((long)pz * h + py) * w + px];
  }
  dst[((long)z * h + y) * w + x] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, sum / norm);
}
