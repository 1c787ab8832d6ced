/* fft: the work around VkFFT's transforms (runtime/fft.c) for fft, ifft,
 * convolve_fft and deconvolve_fft. Padded images and spectra are plain
 * float32 buffers of nx x ny x nz (x fastest); a spectrum holds complex
 * numbers as (real, imaginary) pairs. One work-item per pixel. */

#define CLE_INDEX(x, y, z, nx, ny) (((long)(z) * (ny) + (long)(y)) * (nx) + (long)(x))

/* ---- the complex path of runtime/fft.c (widths VkFFT's R2C does not take) ----
 * a: the source, b: the destination; nx, ny, nz: the real image's size; extra unused. */

/* b (complex, nx x ny x nz) = a (real) + 0i */
__kernel void fft_real_to_complex(__global const float *a, __global float *b, int nx, int ny, int nz, int extra)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= nx || y >= ny || z >= nz)
    return;
  const long i = CLE_INDEX(x, y, z, nx, ny);
  b[2 * i] = a[i];
  b[2 * i + 1] = 0.0f;
}

/* b (complex, nx / 2 + 1 columns) = the first nx / 2 + 1 columns of a (complex, nx columns) */
__kernel void fft_half_spectrum(__global const float *a, __global float *b, int nx, int ny, int nz, int extra)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  const int columns = nx / 2 + 1;
  if (x >= columns || y >= ny || z >= nz)
    return;
  const long i = CLE_INDEX(x, y, z, nx, ny), o = CLE_INDEX(x, y, z, columns, ny);
  b[2 * o] = a[2 * i];
  b[2 * o + 1] = a[2 * i + 1];
}

/* b (complex, nx columns) = the Hermitian spectrum whose first nx / 2 + 1 columns are a:
 * X(kx, ky, kz) = conj(X(-kx, -ky, -kz)) (indices modulo the size) for kx > nx / 2. */
__kernel void fft_hermitian_expand(__global const float *a, __global float *b, int nx, int ny, int nz, int extra)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= nx || y >= ny || z >= nz)
    return;
  const int columns = nx / 2 + 1;
  const long o = CLE_INDEX(x, y, z, nx, ny);
  if (x < columns) {
    const long i = CLE_INDEX(x, y, z, columns, ny);
    b[2 * o] = a[2 * i];
    b[2 * o + 1] = a[2 * i + 1];
  } else {
    const long i = CLE_INDEX(nx - x, (ny - y) % ny, (nz - z) % nz, columns, ny);
    b[2 * o] = a[2 * i];
    b[2 * o + 1] = -a[2 * i + 1];
  }
}

/* b (real) = the real part of a (complex) */
__kernel void fft_complex_to_real(__global const float *a, __global float *b, int nx, int ny, int nz, int extra)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= nx || y >= ny || z >= nz)
    return;
  const long i = CLE_INDEX(x, y, z, nx, ny);
  b[i] = a[2 * i];
}

/* b = a with the planes of the zero frequency along x (and of the Nyquist one, nx even) made
 * Hermitian: X(k) = (X(k) + conj(X(-k))) / 2 there, so that VkFFT's complex-to-real inverse,
 * which assumes it, gives numpy's irfftn (the real part) for any input. b holds a's other
 * columns already. Work-items: 2 x ny x nz (the two planes). */
__kernel void fft_hermitian_planes(__global const float *a, __global float *b, int nx, int ny, int nz, int extra)
{
  const int p = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (p > 1 || y >= ny || z >= nz || (p == 1 && nx % 2))
    return;
  const int columns = nx / 2 + 1, x = p ? nx / 2 : 0;
  const long i = CLE_INDEX(x, y, z, columns, ny), m = CLE_INDEX(x, (ny - y) % ny, (nz - z) % nz, columns, ny);
  b[2 * i] = (a[2 * i] + a[2 * m]) * 0.5f;
  b[2 * i + 1] = (a[2 * i + 1] - a[2 * m + 1]) * 0.5f;
}

/* ---- convolution and deconvolution ---- */

/* Each kernel taking an image (IMAGE_x_TYPE, defined only for the arrays a launch passes) is
 * compiled only where its image is defined, so any kernel of the file can be launched alone. */
#ifdef IMAGE_src_TYPE
/* dst (nx x ny x nz) = src read at a circular shift: dst(p) = src((p + shift) mod n) where that
 * position lies inside src, else 0. shift 0 places an image at the origin with zeros after it;
 * shift = the kernel's center puts its center at the origin and the rest around it. */
__kernel void fft_embed(IMAGE_src_TYPE src, __global float *dst, int nx, int ny, int nz, int shift_x, int shift_y,
                        int shift_z)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= nx || y >= ny || z >= nz)
    return;
  const int sx = (x + shift_x) % nx, sy = (y + shift_y) % ny, sz = (z + shift_z) % nz;
  float v = 0.0f;
  if (sx < GET_IMAGE_WIDTH(src) && sy < GET_IMAGE_HEIGHT(src) && sz < GET_IMAGE_DEPTH(src))
    v = (float)src[CLE_INDEX(sx, sy, sz, GET_IMAGE_WIDTH(src), GET_IMAGE_HEIGHT(src))];
  dst[CLE_INDEX(x, y, z, nx, ny)] = v;
}
#endif

/* dst (wx x wy x wz) = the first pixels of src (nx x ny x nz, at least dst's size) */
__kernel void fft_crop(__global const float *src, int nx, int ny, __global float *dst, int wx, int wy, int wz)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= wx || y >= wy || z >= wz)
    return;
  dst[CLE_INDEX(x, y, z, wx, wy)] = src[CLE_INDEX(x, y, z, nx, ny)];
}

/* a = a * b, or a * conj(b) with conjugate, complex, elementwise over nx x rows */
__kernel void fft_multiply(__global float *a, __global const float *b, int nx, int rows, int conjugate)
{
  const int x = get_global_id(0), r = get_global_id(1);
  if (x >= nx || r >= rows)
    return;
  const long i = 2 * ((long)r * nx + x);
  const float ar = a[i], ai = a[i + 1], br = b[i], bi = conjugate ? -b[i + 1] : b[i + 1];
  a[i] = ar * br - ai * bi;
  a[i + 1] = ar * bi + ai * br;
}

/* dst = conj(src), complex, elementwise over nx x rows (dst may be src) */
__kernel void fft_conjugate(__global const float *src, __global float *dst, int nx, int rows)
{
  const int x = get_global_id(0), r = get_global_id(1);
  if (x >= nx || r >= rows)
    return;
  const long i = 2 * ((long)r * nx + x);
  dst[i] = src[i];
  dst[i + 1] = -src[i + 1];
}

/* Richardson-Lucy: ratio = observed / blurred where blurred > 0, else 0 (elementwise over nx x
 * rows; blurred's rows are pitch floats apart: nx, or 2 (nx / 2 + 1) from cle_fft_convolve). A
 * work item takes 2 neighbours of a row as one 8-byte access (rows of even length start 8-byte
 * aligned; an odd row's last item takes one). */
inline float cle_rl_quotient(float o, float b)
{
  return b > 0.0f ? o / b : 0.0f;
}

__kernel void fft_rl_ratio(__global const float *observed, __global const float *blurred, __global float *ratio, int nx,
                           int rows, int pitch)
{
  const int x = 2 * get_global_id(0), r = get_global_id(1);
  if (x >= nx || r >= rows)
    return;
  const long i = (long)r * nx + x, j = (long)r * pitch + x;
  if (x + 1 < nx && !(nx & 1) && !(pitch & 1)) {
    const float2 o = vload2(0, observed + i), b = vload2(0, blurred + j);
    vstore2((float2)(cle_rl_quotient(o.x, b.x), cle_rl_quotient(o.y, b.y)), 0, ratio + i);
  } else {
    for (int k = 0; k < 2 && x + k < nx; k++)
      ratio[i + k] = cle_rl_quotient(observed[i + k], blurred[j + k]);
  }
}

/* minmod(a, b): the one of smaller magnitude when both have one sign, else 0 */
inline float cle_minmod(float a, float b)
{
  if (a > 0.0f && b > 0.0f)
    return fmin(a, b);
  if (a < 0.0f && b < 0.0f)
    return fmax(a, b);
  return 0.0f;
}

/* The estimate at (x, y, z) clamped into the image (wx x wy x wz) of the padded buffer. */
inline float cle_rl_at(__global const float *f, int x, int y, int z, int nx, int ny, int wx, int wy, int wz)
{
  x = clamp(x, 0, wx - 1);
  y = clamp(y, 0, wy - 1);
  z = clamp(z, 0, wz - 1);
  return f[CLE_INDEX(x, y, z, nx, ny)];
}

/* The normalised gradient's component along axis at (x, y, z): the forward difference along the
 * axis over sqrt(its square + the minmod of the other axes' forward and backward differences,
 * squared), 0 where that is 0 (Dey et al. 2006, unit pixel spacing). */
inline float cle_tv_component(__global const float *f, int x, int y, int z, int axis, int nx, int ny, int wx, int wy,
                              int wz)
{
  const float c = cle_rl_at(f, x, y, z, nx, ny, wx, wy, wz);
  const float dxp = cle_rl_at(f, x + 1, y, z, nx, ny, wx, wy, wz) - c;
  const float dxm = c - cle_rl_at(f, x - 1, y, z, nx, ny, wx, wy, wz);
  const float dyp = cle_rl_at(f, x, y + 1, z, nx, ny, wx, wy, wz) - c;
  const float dym = c - cle_rl_at(f, x, y - 1, z, nx, ny, wx, wy, wz);
  const float dzp = cle_rl_at(f, x, y, z + 1, nx, ny, wx, wy, wz) - c;
  const float dzm = c - cle_rl_at(f, x, y, z - 1, nx, ny, wx, wy, wz);
  float d, o1, o2;
  if (axis == 0) {
    d = dxp;
    o1 = cle_minmod(dyp, dym);
    o2 = cle_minmod(dzp, dzm);
  } else if (axis == 1) {
    d = dyp;
    o1 = cle_minmod(dxp, dxm);
    o2 = cle_minmod(dzp, dzm);
  } else {
    d = dzp;
    o1 = cle_minmod(dxp, dxm);
    o2 = cle_minmod(dyp, dym);
  }
  const float norm = sqrt(d * d + o1 * o1 + o2 * o2);
  return norm > 0.0f ? d / norm : 0.0f;
}

/* Richardson-Lucy's update: dst = estimate * correction inside the image (wx x wy x wz at the
 * origin of the padded nx x ny x nz buffers; correction's rows pitch floats apart), 0 outside;
 * over nx x (ny nz), 2 neighbours of a row per work item as in fft_rl_ratio. Without total
 * variation: a kernel of its own, whose few registers keep the device full. */
__kernel void fft_rl_update(__global const float *estimate, __global const float *correction, __global float *dst,
                            int nx, int ny, int nz, int wx, int wy, int wz, int pitch)
{
  const int x = 2 * get_global_id(0), r = get_global_id(1);
  if (x >= nx || r >= ny * nz)
    return;
  const int y = r % ny, z = r / ny;
  const long i = (long)r * nx + x, j = (long)r * pitch + x;
  const bool inside = y < wy && z < wz;
  if (x + 1 < nx && !(nx & 1) && !(pitch & 1)) {
    const float2 e = vload2(0, estimate + i), c = vload2(0, correction + j);
    vstore2((float2)(inside && x < wx ? e.x * c.x : 0.0f, inside && x + 1 < wx ? e.y * c.y : 0.0f), 0, dst + i);
  } else {
    for (int k = 0; k < 2 && x + k < nx; k++)
      dst[i + k] = inside && x + k < wx ? estimate[i + k] * correction[j + k] : 0.0f;
  }
}

/* The update with total variation (regularization > 0): the correction is divided by
 * 1 - regularization * div(grad f / |grad f|) (the divergence by backward differences of
 * cle_tv_component; an edge pixel's missing neighbour repeats it). One pixel per work item. */
__kernel void fft_rl_update_tv(__global const float *estimate, __global const float *correction, __global float *dst,
                               int nx, int ny, int nz, int wx, int wy, int wz, float regularization, int pitch)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= nx || y >= ny || z >= nz)
    return;
  const long i = CLE_INDEX(x, y, z, nx, ny);
  if (x >= wx || y >= wy || z >= wz) {
    dst[i] = 0.0f;
    return;
  }
  float div = 0.0f;
  if (wx > 1)
    div += cle_tv_component(estimate, x, y, z, 0, nx, ny, wx, wy, wz) -
           (x > 0 ? cle_tv_component(estimate, x - 1, y, z, 0, nx, ny, wx, wy, wz) : 0.0f);
  if (wy > 1)
    div += cle_tv_component(estimate, x, y, z, 1, nx, ny, wx, wy, wz) -
           (y > 0 ? cle_tv_component(estimate, x, y - 1, z, 1, nx, ny, wx, wy, wz) : 0.0f);
  if (wz > 1)
    div += cle_tv_component(estimate, x, y, z, 2, nx, ny, wx, wy, wz) -
           (z > 0 ? cle_tv_component(estimate, x, y, z - 1, 2, nx, ny, wx, wy, wz) : 0.0f);
  const float update = correction[x + (long)pitch * (y + (long)ny * z)] / (1.0f - regularization * div);
  dst[i] = estimate[i] * update;
}

#ifdef IMAGE_normalization_TYPE
/* Richardson-Lucy with a normalization image (its size, at the origin of the padded estimate):
 * estimate /= normalization, where normalization < 1e-5 (or NaN) counts as 1 (clij2-fft's rule). */
__kernel void fft_rl_normalize(__global float *estimate, int nx, int ny, IMAGE_normalization_TYPE normalization)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  const int w = GET_IMAGE_WIDTH(normalization), h = GET_IMAGE_HEIGHT(normalization);
  if (x >= w || y >= h || z >= GET_IMAGE_DEPTH(normalization))
    return;
  const float v = (float)normalization[CLE_INDEX(x, y, z, w, h)];
  const long i = CLE_INDEX(x, y, z, nx, ny);
  estimate[i] = estimate[i] / (v >= 1e-5f ? v : 1.0f);
}
#endif

/* Richardson-Lucy's start: dst = 1 inside the image (wx x wy x wz at the origin), 0 outside */
__kernel void fft_fill_box(__global float *dst, int nx, int ny, int nz, int wx, int wy, int wz)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= nx || y >= ny || z >= nz)
    return;
  dst[CLE_INDEX(x, y, z, nx, ny)] = x < wx && y < wy && z < wz ? 1.0f : 0.0f;
}
