/* symmetric_eigenvalues: the eigenvalues of a symmetric matrix per pixel,
 * [[xx, xy], [xy, yy]] (CLE_SE_3D 0) or [[xx, xy, xz], [xy, yy, yz],
 * [xz, yz, zz]] (CLE_SE_3D 1), each entry a float32 image; the smallest into
 * small, the largest into large, in 3D the middle one into middle (2D leaves
 * middle and the z entries unread). 2 x 2: half the trace -+ sqrt(d^2 + xy^2)
 * with d = (xx - yy) / 2. 3 x 3: the trigonometric solution of the
 * characteristic cubic (q + 2 p cos(phi + 2 pi k / 3), q the mean of the
 * diagonal), the middle one the trace minus the other two. Used by the
 * Gaussian Hessian (runtime/ops/hessian_gaussian.c). */

#ifndef CLE_SE_3D
#error "symmetric_eigenvalues needs CLE_SE_3D"
#endif

__kernel void symmetric_eigenvalues(IMAGE_xx_TYPE xx, IMAGE_xy_TYPE xy, IMAGE_xz_TYPE xz, IMAGE_yy_TYPE yy,
                                    IMAGE_yz_TYPE yz, IMAGE_zz_TYPE zz, IMAGE_small_TYPE small,
                                    IMAGE_middle_TYPE middle, IMAGE_large_TYPE large)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  const int w = GET_IMAGE_WIDTH(small), h = GET_IMAGE_HEIGHT(small), d = GET_IMAGE_DEPTH(small);
  if (x >= w || y >= h || z >= d)
    return;
  const long i = ((long)z * h + y) * w + x;
  const float a = xx[i], b = yy[i], o = xy[i];
  float lo, hi;
#if CLE_SE_3D
  const float c = zz[i], p_ = xz[i], q_ = yz[i];
  const float q = (a + b + c) / 3.0f;
  const float p1 = o * o + p_ * p_ + q_ * q_;
  const float p2 = (a - q) * (a - q) + (b - q) * (b - q) + (c - q) * (c - q) + 2.0f * p1;
  const float p = sqrt(p2 / 6.0f);
  float mid;
  if (p == 0.0f) {
    lo = mid = hi = q;
  } else {
    const float bxx = (a - q) / p, byy = (b - q) / p, bzz = (c - q) / p, bxy = o / p, bxz = p_ / p, byz = q_ / p;
    const float det = bxx * (byy * bzz - byz * byz) - bxy * (bxy * bzz - byz * bxz) + bxz * (bxy * byz - byy * bxz);
    const float phi = acos(clamp(det / 2.0f, -1.0f, 1.0f)) / 3.0f;
    hi = q + 2.0f * p * cos(phi);
    lo = q + 2.0f * p * cos(phi + 2.0f * M_PI_F / 3.0f);
    mid = clamp(3.0f * q - lo - hi, lo, hi);
  }
  middle[i] = mid;
#else
  const float half_trace = (a + b) / 2.0f, e = (a - b) / 2.0f;
  const float r = sqrt(e * e + o * o);
  lo = half_trace - r;
  hi = half_trace + r;
#endif
  small[i] = lo;
  large[i] = hi;
}
