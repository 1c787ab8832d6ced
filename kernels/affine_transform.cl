/* affine_transform: inverse mapping, one work-item per output pixel.
 *
 * Output pixel (i, j, k) takes the input at the position p = M (i + 0.5,
 * j + 0.5, k + 0.5, 1): pixel centers sit at half-integers, and M is the top
 * 3 x 4 of the inverse of the transform (runtime/ops/affine.c), each
 * coordinate evaluated in float32 as m0 * x + m1 * y + m2 * z + m3, left to
 * right. Along an axis where the input has size 1 (z of a 2D image, y and z
 * of a 1D one) p is not looked at: that one row or plane is read.
 *
 * Nearest (default): the pixel that contains p, floor(p); 0 where p lies
 * outside [0, size) along an axis. The value is copied in its own dtype.
 * CLE_AFFINE_LINEAR: linear interpolation between pixel centers along every
 * other axis, in float32: u = p - 0.5, the pixels floor(u) and floor(u) + 1
 * weighted 1 - t and t (t = u - floor(u)), the weights of the axes
 * multiplied (x, then y, then z), the taps summed z-major, x fastest. Pixels
 * outside the input count as 0; a tap of weight 0 is skipped, so a NaN
 * pixel spreads only where it weighs.
 *
 * Either way the result is stored in the output's dtype (saturated, rounded
 * toward zero, NaN to 0). */

/* Nearest along one axis: the index of the pixel that holds p, or -1 outside. */
inline int affine_nearest(float p, int n)
{
  if (n == 1)
    return 0;
  if (!(p >= 0.0f && p < (float)n))
    return -1;
  return min((int)p, n - 1);
}

/* Linear along one axis: the first tap *i0 and the second's weight *t; 0 when
 * both taps fall outside the input (or p is NaN). */
inline int affine_linear(float p, int n, int *i0, float *t)
{
  if (n == 1) {
    *i0 = 0;
    *t = 0.0f;
    return 1;
  }
  const float u = p - 0.5f;
  if (!(u > -1.0f && u < (float)n))
    return 0;
  const float f = floor(u);
  *i0 = (int)f;
  *t = u - f;
  return 1;
}

__kernel void affine_transform(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, float m00, float m01, float m02, float m03,
                               float m10, float m11, float m12, float m13, float m20, float m21, float m22, float m23)
{
  const int i = get_global_id(0), j = get_global_id(1), k = get_global_id(2);
  const int ow = GET_IMAGE_WIDTH(dst), oh = GET_IMAGE_HEIGHT(dst), od = GET_IMAGE_DEPTH(dst);
  if (i >= ow || j >= oh || k >= od)
    return;
  const int w = GET_IMAGE_WIDTH(src), h = GET_IMAGE_HEIGHT(src), d = GET_IMAGE_DEPTH(src);
  const float x = (float)i + 0.5f, y = (float)j + 0.5f, z = (float)k + 0.5f;
  const float px = m00 * x + m01 * y + m02 * z + m03;
  const float py = m10 * x + m11 * y + m12 * z + m13;
  const float pz = m20 * x + m21 * y + m22 * z + m23;
  const long at = ((long)k * oh + j) * ow + i;
#ifdef CLE_AFFINE_LINEAR
  int x0, y0, z0;
  float tx, ty, tz;
  float acc = 0.0f;
  if (affine_linear(px, w, &x0, &tx) && affine_linear(py, h, &y0, &ty) && affine_linear(pz, d, &z0, &tz)) {
    for (int c = 0; c < 2; c++) {
      const int zz = z0 + c;
      const float wz = c ? tz : 1.0f - tz;
      if (wz == 0.0f || zz < 0 || zz >= d)
        continue;
      for (int b = 0; b < 2; b++) {
        const int yy = y0 + b;
        const float wy = b ? ty : 1.0f - ty;
        if (wy == 0.0f || yy < 0 || yy >= h)
          continue;
        for (int a = 0; a < 2; a++) {
          const int xx = x0 + a;
          const float wx = a ? tx : 1.0f - tx;
          if (wx == 0.0f || xx < 0 || xx >= w)
            continue;
          acc += wx * wy * wz * (float)src[((long)zz * h + yy) * w + xx];
        }
      }
    }
  }
  dst[at] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, acc);
#else
  const int sx = affine_nearest(px, w), sy = affine_nearest(py, h), sz = affine_nearest(pz, d);
  if (sx < 0 || sy < 0 || sz < 0)
    dst[at] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, 0);
  else
    dst[at] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, src[((long)sz * h + sy) * w + sx]);
#endif
}
