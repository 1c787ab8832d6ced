/* hessian_eigenvalues: the eigenvalues of the Hessian by central differences
 * per pixel (v[+1] - 2 v + v[-1] on the diagonal, (v[+1,+1] - v[+1,-1] -
 * v[-1,+1] + v[-1,-1]) / 4 off it, outside pixels repeating the edge pixel),
 * as stencil.cl's small_hessian / large_hessian rules compute them, all at
 * once: the smallest into small, the largest into large and, for a 3D image
 * (CLE_HE_3D 1), the middle one into middle (CLE_HE_3D 0: a 2 x 2 Hessian,
 * middle and the z differences unused). The solver is preamble.cl's
 * (CLE_SYMMETRIC_EIGENVALUES), so small and large equal small_hessian_eigenvalue
 * and large_hessian_eigenvalue bit for bit. */

#ifndef CLE_HE_3D
#error "hessian_eigenvalues needs CLE_HE_3D"
#endif

__kernel void hessian_eigenvalues(IMAGE_src_TYPE src, IMAGE_small_TYPE small, IMAGE_middle_TYPE middle,
                                  IMAGE_large_TYPE large)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  const int w = GET_IMAGE_WIDTH(src), h = GET_IMAGE_HEIGHT(src), d = GET_IMAGE_DEPTH(src);
  if (x >= w || y >= h || z >= d)
    return;
#define CLE_HE_AT(dx, dy, dz) \
  ((float)src[((long)clamp(z + (dz), 0, d - 1) * h + clamp(y + (dy), 0, h - 1)) * w + clamp(x + (dx), 0, w - 1)])
  const float c = CLE_HE_AT(0, 0, 0);
  const float xx = CLE_HE_AT(1, 0, 0) - 2.0f * c + CLE_HE_AT(-1, 0, 0);
  const float yy = CLE_HE_AT(0, 1, 0) - 2.0f * c + CLE_HE_AT(0, -1, 0);
  const float xy = (CLE_HE_AT(1, 1, 0) - CLE_HE_AT(1, -1, 0) - CLE_HE_AT(-1, 1, 0) + CLE_HE_AT(-1, -1, 0)) / 4.0f;
  const long i = ((long)z * h + y) * w + x;
  float lo, hi;
#if CLE_HE_3D
  const float zz = CLE_HE_AT(0, 0, 1) - 2.0f * c + CLE_HE_AT(0, 0, -1);
  const float xz = (CLE_HE_AT(1, 0, 1) - CLE_HE_AT(1, 0, -1) - CLE_HE_AT(-1, 0, 1) + CLE_HE_AT(-1, 0, -1)) / 4.0f;
  const float yz = (CLE_HE_AT(0, 1, 1) - CLE_HE_AT(0, 1, -1) - CLE_HE_AT(0, -1, 1) + CLE_HE_AT(0, -1, -1)) / 4.0f;
  float mid;
  cle_eigenvalues_3x3(xx, xy, xz, yy, yz, zz, &lo, &mid, &hi);
  middle[i] = mid;
#else
  cle_eigenvalues_2x2(xx, xy, yy, &lo, &hi);
#endif
#undef CLE_HE_AT
  small[i] = lo;
  large[i] = hi;
}
