/* gaussian_derivative, naively: per axis with sigma > 0 and size > 1, the
 * derivative-of-Gaussian taps of the spec (computed in double here, against
 * the runtime's float32) correlated with clamped pixels, divided by the sum
 * of |tap| (a zero tap counting 1), each pass stored in float32. */
#include <math.h>

#include "ref_common.h"

static size_t clamped(long v, size_t n)
{
  return v < 0 ? 0 : (size_t)v >= n ? n - 1 : (size_t)v;
}

static void pass(const ref_image *src, ref_image *dst, int axis, double sigma, int order)
{
  const int n_taps = (int)((float)sigma * 8.0f + 0.5f);
  const int c = n_taps > 1 ? (n_taps - 1) / 2 : 0;
  double h[2 * 4096 + 1], norm = 0;
  for (int v = -c; v <= c; v++) {
    const double e = exp(v * v / (-2 * sigma * sigma));
    const double t = order == 0   ? e
                     : order == 1 ? v / (sigma * sigma) * e
                                  : (v * v - sigma * sigma) / pow(sigma, 4) * e;
    h[v + c] = t;
    norm += fabs(t == 0 ? 1 : t);
  }
  for (size_t z = 0; z < src->depth; z++)
    for (size_t y = 0; y < src->height; y++)
      for (size_t x = 0; x < src->width; x++) {
        double sum = 0;
        for (int v = -c; v <= c; v++) {
          const size_t px = axis == 0 ? clamped((long)x + v, src->width) : x;
          const size_t py = axis == 1 ? clamped((long)y + v, src->height) : y;
          const size_t pz = axis == 2 ? clamped((long)z + v, src->depth) : z;
          sum += h[v + c] * ref_get(src, (pz * src->height + py) * src->width + px);
        }
        ref_set(dst, (z * src->height + y) * src->width + x, (float)(sum / norm));
      }
}

int ref_op_gaussian_derivative(const ref_image *input_image, ref_image *output_image, float sigma_x, float sigma_y,
                               float sigma_z, int order_x, int order_y, int order_z)
{
  const float sigma[3] = {sigma_x, sigma_y, sigma_z};
  const int order[3] = {order_x, order_y, order_z};
  const size_t size[3] = {input_image->width, input_image->height, input_image->depth};
  ref_image a = {0}, b = {0};
  if (ref_image_like(&a, input_image, CLE_FLOAT32) || ref_image_like(&b, input_image, CLE_FLOAT32)) {
    ref_image_free(&a);
    return -1;
  }
  for (size_t i = 0; i < ref_image_size(input_image); i++)
    ref_set(&a, i, (float)ref_get(input_image, i));
  ref_image *in = &a, *out = &b;
  for (int axis = 0; axis < 3; axis++) {
    if (size[axis] <= 1 || !(sigma[axis] > 0))
      continue;
    if (sigma[axis] * 8.0 > 2 * 4096)
      return ref_image_free(&a), ref_image_free(&b), -1;
    pass(in, out, axis, sigma[axis], order[axis]);
    ref_image *t = in;
    in = out;
    out = t;
  }
  for (size_t i = 0; i < ref_image_size(input_image); i++)
    ref_set(output_image, i, ref_get(in, i));
  ref_image_free(&a);
  ref_image_free(&b);
  return 0;
}
