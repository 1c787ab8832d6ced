/* gaussian_blur_separable: one pass of clEsperanto's separable Gaussian
 * along the axis CLE_AXIS (0 x, 1 y, 2 z; a build-time constant).
 *
 * Taps v in [-radius, radius] weigh exp(v^2 / (-2 sigma^2)) and the sum is
 * divided by the sum of the weights, as clij's gaussian_blur_separable.cl;
 * positions outside the image repeat the edge pixel. The weights are
 * computed once per work-group into local memory (CLE_TAPS >= 2*radius+1
 * floats) or, for very wide kernels (CLE_TAPS 0), per tap. Interior pixels
 * read their window without clamping.
 *
 * The global range is the image rounded up to the work-group size, so items
 * outside the image only help fill the weights. Bytes moved per pass:
 * n * (sizeof src + sizeof dst); the window overlap is served by caches. */

/* Exact saturating conversion to a pixel type: OpenCL's convert_T_sat
 * (integer to integer exact, float to integer rounded toward zero, NaN to 0);
 * float has no _sat form. */
#define convert_float_sat(x) convert_float(x)
#define CLE_SAT_(T, x) convert_##T##_sat(x)
#define CLE_SAT(T, x) CLE_SAT_(T, x)

#if !defined(CLE_AXIS) || !defined(CLE_TAPS)
#error "gaussian_blur_separable needs CLE_AXIS and CLE_TAPS"
#endif

__kernel void gaussian_blur_separable(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, const int radius,
                                      const float sigma)
{
  const int width = GET_IMAGE_WIDTH(dst), height = GET_IMAGE_HEIGHT(dst), depth = GET_IMAGE_DEPTH(dst);
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  const float norm = -2.0f * sigma * sigma;

#if CLE_TAPS > 0
  __local float weights[CLE_TAPS];
  const int lid = (get_local_id(2) * get_local_size(1) + get_local_id(1)) * get_local_size(0) + get_local_id(0);
  const int lsize = get_local_size(0) * get_local_size(1) * get_local_size(2);
  for (int t = lid; t <= 2 * radius; t += lsize) {
    const int v = t - radius;
    weights[t] = exp((float)(v * v) / norm);
  }
  barrier(CLK_LOCAL_MEM_FENCE);
#define CLE_WEIGHT(t) weights[t]
#else
#define CLE_WEIGHT(t) exp((float)(((t) - radius) * ((t) - radius)) / norm)
#endif

  if (x >= width || y >= height || z >= depth)
    return;
#if CLE_AXIS == 0
  const int n = width, p = x;
  const long stride = 1;
#elif CLE_AXIS == 1
  const int n = height, p = y;
  const long stride = width;
#else
  const int n = depth, p = z;
  const long stride = (long)width * height;
#endif
  const long i = ((long)z * height + y) * width + x;
  float acc = 0.0f, wsum = 0.0f;
  if (p >= radius && p < n - radius) {
    const long first = i - radius * stride;
    for (int t = 0; t <= 2 * radius; t++) {
      const float w = CLE_WEIGHT(t);
      acc += w * (float)src[first + t * stride];
      wsum += w;
    }
  } else {
    const long line = i - p * stride;
    for (int t = 0; t <= 2 * radius; t++) {
      const int q = clamp(p + t - radius, 0, n - 1);
      const float w = CLE_WEIGHT(t);
      acc += w * (float)src[line + q * stride];
      wsum += w;
    }
  }
  dst[i] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, acc / wsum);
}
