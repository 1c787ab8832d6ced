/* stencil: fixed 3 x 3 x 3 neighbourhood rules (finite differences, Sobel,
 * Laplace, binary edges, local extrema). The op's rule arrives as
 * CLE_ST_RULE, one of the numbers below (runtime/families/stencil.c), with
 * CLE_ST_SPHERE (laplace: the 2 ndim face neighbours instead of all 3^ndim -
 * 1). One work-item per pixel; pixels are read as float. An axis of size 1
 * has no neighbours along it.
 *   gradient_x/y/z  numpy.gradient along the axis: (v[+1] - v[-1]) / 2
 *                   inside, one-sided differences v[1] - v[0] and v[n-1] -
 *                   v[n-2] at the ends (0 where the axis has one pixel)
 *   sobel           sqrt(gx^2 + gy^2 + gz^2) of clij's unnormalised Sobel
 *                   kernels (derivative 1, 0, -1 along the axis times the
 *                   smoothing 1, 2, 1 along the other axes), outside pixels
 *                   repeat the edge pixel
 *   laplace         n * v - the sum of the n neighbours, outside pixels
 *                   repeating the edge pixel
 *   binary_edge     1 where the pixel is nonzero and one of its face
 *                   neighbours (clamped) is 0, else 0
 *   local_maximum   1 where every neighbour inside the image is smaller
 *   local_minimum   1 where every neighbour inside the image is larger
 *   small_hessian / large_hessian
 *                   the smallest / largest eigenvalue of the Hessian by
 *                   central differences (v[+1] - 2 v + v[-1] on the diagonal,
 *                   (v[+1,+1] - v[+1,-1] - v[-1,+1] + v[-1,-1]) / 4 off it),
 *                   outside pixels repeating the edge pixel: 2 x 2 for a 2D
 *                   (or 1D) image, in closed form; 3 x 3 for 3D by the
 *                   trigonometric solution of the characteristic cubic
 *                   (preamble.cl's solver, CLE_SYMMETRIC_EIGENVALUES)
 *   infsup / supinf binary (nonzero = set, pixels outside the image unset):
 *                   infsup is 1 where the pixel is set or every structuring
 *                   element through it (2D: the 4 lines of 3 pixels; 3D: the
 *                   9 planes of 3 x 3 pixels of clij's) holds a set pixel;
 *                   supinf is 1 where the pixel is set and some element
 *                   through it is set throughout */

#define CLE_ST_GRADIENT_X 0
#define CLE_ST_GRADIENT_Y 1
#define CLE_ST_GRADIENT_Z 2
#define CLE_ST_SOBEL 3
#define CLE_ST_LAPLACE 4
#define CLE_ST_BINARY_EDGE 5
#define CLE_ST_LOCAL_MAXIMUM 6
#define CLE_ST_LOCAL_MINIMUM 7
#define CLE_ST_SMALL_HESSIAN 8
#define CLE_ST_LARGE_HESSIAN 9
#define CLE_ST_INFSUP 10
#define CLE_ST_SUPINF 11

#ifndef CLE_ST_RULE
#error "stencil needs CLE_ST_RULE"
#endif

#define CLE_ST_W GET_IMAGE_WIDTH(src)
#define CLE_ST_H GET_IMAGE_HEIGHT(src)
#define CLE_ST_D GET_IMAGE_DEPTH(src)
/* the pixel at (x, y, z) + (dx, dy, dz), clamped into the image, as float */
#define CLE_ST_AT(dx, dy, dz)                                                                                     \
  ((float)src[((long)clamp(z + (dz), 0, CLE_ST_D - 1) * CLE_ST_H + clamp(y + (dy), 0, CLE_ST_H - 1)) * CLE_ST_W + \
              clamp(x + (dx), 0, CLE_ST_W - 1)])

/* 1 where (x, y, z) + (dx, dy, dz) is inside the image and nonzero, else 0 (outside is unset) */
#define CLE_ST_SET(dx, dy, dz)                                                                      \
  (x + (dx) >= 0 && x + (dx) < CLE_ST_W && y + (dy) >= 0 && y + (dy) < CLE_ST_H && z + (dz) >= 0 && \
   z + (dz) < CLE_ST_D && CLE_ST_AT(dx, dy, dz) != 0.0f)

__kernel void stencil(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= CLE_ST_W || y >= CLE_ST_H || z >= CLE_ST_D)
    return;
  const int rx = CLE_ST_W > 1, ry = CLE_ST_H > 1, rz = CLE_ST_D > 1; /* neighbours along each axis */
#if CLE_ST_RULE <= CLE_ST_GRADIENT_Z
  const int n = CLE_ST_RULE == CLE_ST_GRADIENT_X ? CLE_ST_W : CLE_ST_RULE == CLE_ST_GRADIENT_Y ? CLE_ST_H : CLE_ST_D;
  const int i = CLE_ST_RULE == CLE_ST_GRADIENT_X ? x : CLE_ST_RULE == CLE_ST_GRADIENT_Y ? y : z;
  const int ax = CLE_ST_RULE == CLE_ST_GRADIENT_X, ay = CLE_ST_RULE == CLE_ST_GRADIENT_Y,
            az = CLE_ST_RULE == CLE_ST_GRADIENT_Z;
  float result = 0.0f;
  if (n > 1) {
    if (i == 0)
      result = CLE_ST_AT(ax, ay, az) - CLE_ST_AT(0, 0, 0);
    else if (i == n - 1)
      result = CLE_ST_AT(0, 0, 0) - CLE_ST_AT(-ax, -ay, -az);
    else
      result = (CLE_ST_AT(ax, ay, az) - CLE_ST_AT(-ax, -ay, -az)) / 2.0f;
  }
#elif CLE_ST_RULE == CLE_ST_SOBEL
  float gx = 0.0f, gy = 0.0f, gz = 0.0f;
  if (rx && ry && !rz) {
    /* a 2D image (the branch is uniform): the box's 3 x 3 pixels read once,
     * through three clamped row pointers, and only the taps that weigh. The
     * general loop below gives the same bits: it adds the same nonzero terms
     * in the same order (w * v with w = +-1 or +-2, the -1 as a subtraction,
     * which is exact), and its zero terms only add +-0 (no change once
     * squared) or, where a pixel is infinite or NaN, NaN: gz, 0 * v summed
     * over all 9, is +0 or NaN, and so is gz here (0 times the sum of v - v). */
    const int xm = max(x - 1, 0), xp = min(x + 1, CLE_ST_W - 1);
    __global const IMAGE_src_PIXEL_TYPE *r0 = src + (long)max(y - 1, 0) * CLE_ST_W;
    __global const IMAGE_src_PIXEL_TYPE *r1 = src + (long)y * CLE_ST_W;
    __global const IMAGE_src_PIXEL_TYPE *r2 = src + (long)min(y + 1, CLE_ST_H - 1) * CLE_ST_W;
    /* vXY: the pixel at (x + X - 1, y + Y - 1) */
    const float v00 = (float)r0[xm], v10 = (float)r0[x], v20 = (float)r0[xp];
    const float v01 = (float)r1[xm], v11 = (float)r1[x], v21 = (float)r1[xp];
    const float v02 = (float)r2[xm], v12 = (float)r2[x], v22 = (float)r2[xp];
    gx = ((((v00 - v20) + 2.0f * v01) - 2.0f * v21) + v02) - v22;
    gy = ((((v00 + 2.0f * v10) + v20) - v02) - 2.0f * v12) - v22;
    gz = 0.0f * ((((v00 - v00) + (v10 - v10) + (v20 - v20)) + ((v01 - v01) + (v11 - v11) + (v21 - v21))) +
                 ((v02 - v02) + (v12 - v12) + (v22 - v22)));
  } else {
    for (int dz = -rz; dz <= rz; dz++)
      for (int dy = -ry; dy <= ry; dy++)
        for (int dx = -rx; dx <= rx; dx++) {
          const float v = CLE_ST_AT(dx, dy, dz);
          const float sx = rx ? 2 - dx * dx : 1, sy = ry ? 2 - dy * dy : 1, sz = rz ? 2 - dz * dz : 1;
          gx += (float)(-dx) * sy * sz * v;
          gy += (float)(-dy) * sx * sz * v;
          gz += (float)(-dz) * sx * sy * v;
        }
  }
  const float result = sqrt(gx * gx + gy * gy + gz * gz);
#elif CLE_ST_RULE == CLE_ST_LAPLACE
  float sum = 0.0f;
  int n = 0;
  for (int dz = -rz; dz <= rz; dz++)
    for (int dy = -ry; dy <= ry; dy++)
      for (int dx = -rx; dx <= rx; dx++)
        if ((dx || dy || dz) && (!CLE_ST_SPHERE || dx * dx + dy * dy + dz * dz == 1)) {
          sum += CLE_ST_AT(dx, dy, dz);
          n++;
        }
  const float result = (float)n * CLE_ST_AT(0, 0, 0) - sum;
#elif CLE_ST_RULE == CLE_ST_BINARY_EDGE
  float result = 0.0f;
  if (CLE_ST_AT(0, 0, 0) != 0.0f)
    result = (CLE_ST_AT(1, 0, 0) == 0.0f || CLE_ST_AT(-1, 0, 0) == 0.0f || CLE_ST_AT(0, 1, 0) == 0.0f ||
              CLE_ST_AT(0, -1, 0) == 0.0f || CLE_ST_AT(0, 0, 1) == 0.0f || CLE_ST_AT(0, 0, -1) == 0.0f)
                 ? 1.0f
                 : 0.0f;
#elif CLE_ST_RULE == CLE_ST_SMALL_HESSIAN || CLE_ST_RULE == CLE_ST_LARGE_HESSIAN
  const float c = CLE_ST_AT(0, 0, 0);
  const float xx = CLE_ST_AT(1, 0, 0) - 2.0f * c + CLE_ST_AT(-1, 0, 0);
  const float yy = CLE_ST_AT(0, 1, 0) - 2.0f * c + CLE_ST_AT(0, -1, 0);
  const float xy = (CLE_ST_AT(1, 1, 0) - CLE_ST_AT(1, -1, 0) - CLE_ST_AT(-1, 1, 0) + CLE_ST_AT(-1, -1, 0)) / 4.0f;
  float small, large;
  if (!rz) {
    cle_eigenvalues_2x2(xx, xy, yy, &small, &large);
  } else {
    const float zz = CLE_ST_AT(0, 0, 1) - 2.0f * c + CLE_ST_AT(0, 0, -1);
    const float xz = (CLE_ST_AT(1, 0, 1) - CLE_ST_AT(1, 0, -1) - CLE_ST_AT(-1, 0, 1) + CLE_ST_AT(-1, 0, -1)) / 4.0f;
    const float yz = (CLE_ST_AT(0, 1, 1) - CLE_ST_AT(0, 1, -1) - CLE_ST_AT(0, -1, 1) + CLE_ST_AT(0, -1, -1)) / 4.0f;
    float middle;
    cle_eigenvalues_3x3(xx, xy, xz, yy, yz, zz, &small, &middle, &large); /* kernels/preamble.cl */
  }
#if CLE_ST_RULE == CLE_ST_SMALL_HESSIAN
  const float result = small;
#else
  const float result = large;
#endif
#elif CLE_ST_RULE == CLE_ST_INFSUP || CLE_ST_RULE == CLE_ST_SUPINF
  /* element e's offsets: 2D lines (+-d), 3D planes a * u + b * v for a, b in -1..1 */
  const int4 line[4] = {(int4)(1, 1, 0, 0), (int4)(0, 1, 0, 0), (int4)(-1, 1, 0, 0), (int4)(1, 0, 0, 0)};
  const int4 u[9] = {(int4)(1, 0, 0, 0),  (int4)(1, 0, 0, 0),  (int4)(0, 1, 0, 0),
                     (int4)(1, 0, 0, 0),  (int4)(0, 1, -1, 0), (int4)(1, 0, 1, 0),
                     (int4)(1, 0, -1, 0), (int4)(1, 1, 0, 0),  (int4)(1, -1, 0, 0)};
  const int4 v[9] = {(int4)(0, 1, 0, 0), (int4)(0, 0, 1, 0), (int4)(0, 0, 1, 0), (int4)(0, 1, 1, 0), (int4)(1, 0, 0, 0),
                     (int4)(0, 1, 0, 0), (int4)(0, 1, 0, 0), (int4)(0, 0, 1, 0), (int4)(0, 0, 1, 0)};
  const int set = CLE_ST_AT(0, 0, 0) != 0.0f;
  const int n_elements = rz ? 9 : 4;
#if CLE_ST_RULE == CLE_ST_INFSUP
  int result_ = 1; /* every element holds a set pixel */
  for (int e = 0; !set && result_ && e < n_elements; e++) {
    int any = 0;
    for (int a = -1; a <= 1; a++)
      for (int b = rz ? -1 : 0; b <= (rz ? 1 : 0); b++) {
        const int4 d = rz ? a * u[e] + b * v[e] : a * line[e];
        any |= CLE_ST_SET(d.x, d.y, d.z);
      }
    result_ = any;
  }
#else
  int result_ = 0; /* some element is set throughout */
  for (int e = 0; set && !result_ && e < n_elements; e++) {
    int all = 1;
    for (int a = -1; a <= 1; a++)
      for (int b = rz ? -1 : 0; b <= (rz ? 1 : 0); b++) {
        const int4 d = rz ? a * u[e] + b * v[e] : a * line[e];
        all &= CLE_ST_SET(d.x, d.y, d.z);
      }
    result_ = all;
  }
#endif
  const float result = result_ ? 1.0f : 0.0f;
#else
  const float centre = CLE_ST_AT(0, 0, 0);
  int extreme = centre == centre; /* NaN is no extremum */
  for (int dz = -rz; dz <= rz; dz++)
    for (int dy = -ry; dy <= ry; dy++)
      for (int dx = -rx; dx <= rx; dx++)
        if ((dx || dy || dz) && x + dx >= 0 && x + dx < CLE_ST_W && y + dy >= 0 && y + dy < CLE_ST_H && z + dz >= 0 &&
            z + dz < CLE_ST_D) {
          const float v = CLE_ST_AT(dx, dy, dz);
#if CLE_ST_RULE == CLE_ST_LOCAL_MAXIMUM
          extreme &= v < centre || v != v;
#else
          extreme &= v > centre || v != v;
#endif
        }
  const float result = extreme ? 1.0f : 0.0f;
#endif
  dst[((long)z * CLE_ST_H + y) * CLE_ST_W + x] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, result);
}

#ifdef CLE_ST_BLOCK
/* sobel_rows: the 2D Sobel (width and height > 1, depth 1) with CLE_ST_BLOCK
 * outputs per work-item down a column: the item loads its CLE_ST_BLOCK + 2
 * rows' three pixels up front (clamped rows, so every load is valid and
 * none waits for a branch; only the stores are guarded), then computes:
 * 3 reads per output instead of 9, all in flight at once (H200, 8192^2
 * float32: one item per pixel ran at a third of the memory's speed; a
 * sliding window loading one row per output, at 58 %). The same sums in the
 * same order as the 2D branch of the per-pixel kernel: the same bits. */
__kernel void sobel_rows(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst)
{
  const int x = get_global_id(0), y0 = get_global_id(1) * CLE_ST_BLOCK;
  if (x >= CLE_ST_W || y0 >= CLE_ST_H)
    return;
  const int xm = max(x - 1, 0), xp = min(x + 1, CLE_ST_W - 1);
  /* l, c, r [i]: the pixels at x - 1, x, x + 1 of row y0 - 1 + i, clamped */
  float l[CLE_ST_BLOCK + 2], c[CLE_ST_BLOCK + 2], r[CLE_ST_BLOCK + 2];
#pragma unroll
  for (int i = 0; i < CLE_ST_BLOCK + 2; i++) {
    __global const IMAGE_src_PIXEL_TYPE *row = src + (long)clamp(y0 - 1 + i, 0, CLE_ST_H - 1) * CLE_ST_W;
    l[i] = (float)row[xm];
    c[i] = (float)row[x];
    r[i] = (float)row[xp];
  }
#pragma unroll
  for (int k = 0; k < CLE_ST_BLOCK; k++) {
    /* vXY: the pixel at (x + X - 1, y + Y - 1) for the output row y = y0 + k */
    const float v00 = l[k], v10 = c[k], v20 = r[k];
    const float v01 = l[k + 1], v11 = c[k + 1], v21 = r[k + 1];
    const float v02 = l[k + 2], v12 = c[k + 2], v22 = r[k + 2];
    const float gx = ((((v00 - v20) + 2.0f * v01) - 2.0f * v21) + v02) - v22;
    const float gy = ((((v00 + 2.0f * v10) + v20) - v02) - 2.0f * v12) - v22;
    const float gz = 0.0f * ((((v00 - v00) + (v10 - v10) + (v20 - v20)) + ((v01 - v01) + (v11 - v11) + (v21 - v21))) +
                             ((v02 - v02) + (v12 - v12) + (v22 - v22)));
    if (y0 + k < CLE_ST_H)
      dst[(long)(y0 + k) * CLE_ST_W + x] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, sqrt(gx * gx + gy * gy + gz * gz));
  }
}
#endif
