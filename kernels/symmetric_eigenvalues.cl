/* symmetric_eigenvalues: the eigenvalues of a symmetric matrix per pixel,
 * [[xx, xy], [xy, yy]] (CLE_SE_3D 0) or [[xx, xy, xz], [xy, yy, yz],
 * [xz, yz, zz]] (CLE_SE_3D 1), each entry a float32 image; the smallest into
 * small, the largest into large, in 3D the middle one into middle (2D leaves
 * middle and the z entries unread), by preamble.cl's solver
 * (CLE_SYMMETRIC_EIGENVALUES). Used by the Gaussian Hessian
 * (runtime/ops/hessian_gaussian.c). */

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
  float lo, hi;
#if CLE_SE_3D
  float mid;
  cle_eigenvalues_3x3(xx[i], xy[i], xz[i], yy[i], yz[i], zz[i], &lo, &mid, &hi);
  middle[i] = mid;
#else
  cle_eigenvalues_2x2(xx[i], xy[i], yy[i], &lo, &hi);
#endif
  small[i] = lo;
  large[i] = hi;
}
