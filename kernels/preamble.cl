/* cesperanto — the clij dialect over OpenCL buffers.
 *
 * Prepended to every kernel after the per-array #defines the runtime writes
 * (IMAGE_x_TYPE, IMAGE_x_PIXEL_TYPE, POS_x_TYPE, POS_x_INSTANCE, READ_x_IMAGE,
 * WRITE_x_IMAGE, CONVERT_x_PIXEL_TYPE, IMAGE_SIZE_x_WIDTH/HEIGHT/DEPTH), so that
 * kernels written for CLIJ / clEsperanto compile unchanged:
 *
 *   __kernel void copy(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst) {
 *     const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
 *     const float v = READ_IMAGE(src, sampler, POS_src_INSTANCE(x, y, z, 0)).x;
 *     WRITE_IMAGE(dst, POS_dst_INSTANCE(x, y, z, 0), CONVERT_dst_PIXEL_TYPE(v));
 *   }
 *
 * Reads clamp the position to the image (clamp-to-edge) and return the value
 * in .x of a 2-vector, as clij's read_buffer does; writes outside the image
 * are dropped. Buffers are indexed with long so that images of more than
 * 2^31 pixels work. Image sizes are kernel arguments (IMAGE_x_TYPE declares
 * a hidden int4 before the buffer), so one program serves every shape.
 */

/* Float results are the same on every device: a * b + c is two roundings,
 * never contracted into one fma (NVIDIA contracts by default); a kernel that
 * wants an fma calls fma(). The runtime also builds every program with
 * -cl-fp32-correctly-rounded-divide-sqrt where the device supports it. */
#pragma OPENCL FP_CONTRACT OFF

#ifndef M_PI
#define M_PI 3.14159265358979323846f
#endif
#ifndef M_LOG2E
#define M_LOG2E 1.4426950408889634074f
#endif
#ifndef M_LOG10E
#define M_LOG10E 0.43429448190325182765f
#endif
#ifndef M_LN2
#define M_LN2 0.69314718055994530942f
#endif
#ifndef M_LN10
#define M_LN10 2.30258509299404568402f
#endif

/* Kernels pass `sampler` to READ_IMAGE; on buffers it selects nothing, but
 * it must exist. Many CLIJ kernels declare their own: the runtime then
 * defines CLE_KERNEL_DECLARES_SAMPLER and this one is left out. Devices
 * without image support have no sampler_t. */
#ifdef __IMAGE_SUPPORT__
#define CLE_SAMPLER_VALUE (CLK_NORMALIZED_COORDS_FALSE | CLK_ADDRESS_CLAMP_TO_EDGE | CLK_FILTER_NEAREST)
#else
#define sampler_t int
#define CLE_SAMPLER_VALUE 0
#endif
#ifndef CLE_KERNEL_DECLARES_SAMPLER
__constant sampler_t sampler = CLE_SAMPLER_VALUE;
#endif

#define GET_IMAGE_WIDTH(image_key) IMAGE_SIZE_##image_key##_WIDTH
#define GET_IMAGE_HEIGHT(image_key) IMAGE_SIZE_##image_key##_HEIGHT
#define GET_IMAGE_DEPTH(image_key) IMAGE_SIZE_##image_key##_DEPTH
#define READ_IMAGE(a, b, c) READ_##a##_IMAGE(a, b, c)
#define WRITE_IMAGE(a, b, c) WRITE_##a##_IMAGE(a, b, c)

/* ---- saturating conversions (clij semantics: clamp, then round toward zero; NaN gives 0) ---- */

/* The conversions and buffer accessors of a pixel type are compiled only where
 * the runtime defines CLE_DTYPE_<type>: for the dtypes of the program's arrays,
 * which are all the READ_x_IMAGE, WRITE_x_IMAGE and CONVERT_x_PIXEL_TYPE macros
 * name. Parsing all seven types' functions cost every NVIDIA build ~10 ms. */

#ifdef CLE_DTYPE_char
inline char clij_convert_char_sat(float value)
{
  if (isnan(value))
    return 0;
  if (value > 127.0f)
    return 127;
  if (value < -128.0f)
    return -128;
  return (char)value;
}
#endif

#ifdef CLE_DTYPE_uchar
inline uchar clij_convert_uchar_sat(float value)
{
  if (!(value > 0.0f))
    return 0; /* also NaN */
  if (value > 255.0f)
    return 255;
  return (uchar)value;
}
#endif

#ifdef CLE_DTYPE_short
inline short clij_convert_short_sat(float value)
{
  if (isnan(value))
    return 0;
  if (value > 32767.0f)
    return 32767;
  if (value < -32768.0f)
    return -32768;
  return (short)value;
}
#endif

#ifdef CLE_DTYPE_ushort
inline ushort clij_convert_ushort_sat(float value)
{
  if (!(value > 0.0f))
    return 0;
  if (value > 65535.0f)
    return 65535;
  return (ushort)value;
}
#endif

#ifdef CLE_DTYPE_int
/* 2147483647 is not a float: compare with 2^31 itself. */
inline int clij_convert_int_sat(float value)
{
  if (isnan(value))
    return 0;
  if (value >= 2147483648.0f)
    return 2147483647;
  if (value <= -2147483648.0f)
    return (int)(-2147483647 - 1);
  return (int)value;
}
#endif

#ifdef CLE_DTYPE_uint
inline uint clij_convert_uint_sat(float value)
{
  if (!(value > 0.0f))
    return 0;
  if (value >= 4294967296.0f)
    return 4294967295u;
  return (uint)value;
}
#endif

#ifdef CLE_DTYPE_float
inline float clij_convert_float_sat(float value)
{
  return value;
}
#endif

/* CLE_SAT(T, x): exact saturating conversion of any scalar to pixel type T,
 * OpenCL's convert_T_sat (integer to integer exact, float to integer rounded
 * toward zero, NaN to 0). Float has no _sat form in OpenCL; pocl's headers
 * rename the name to a function that does not exist, so it is replaced. */
#undef convert_float_sat
#define convert_float_sat(x) convert_float(x)
#define CLE_SAT_(T, x) convert_##T##_sat(x)
#define CLE_SAT(T, x) CLE_SAT_(T, x)
/* CLE_SAT_VEC(T, N, x): the same, lane by lane, into a T##N vector. */
#undef convert_float4_sat
#undef convert_float8_sat
#undef convert_float16_sat
#define convert_float4_sat(x) convert_float4(x)
#define convert_float8_sat(x) convert_float8(x)
#define convert_float16_sat(x) convert_float16(x)
#define CLE_SAT_VEC_(T, N, x) convert_##T##N##_sat(x)
#define CLE_SAT_VEC(T, N, x) CLE_SAT_VEC_(T, N, x)

/* ---- buffer access: read_buffer{1,2,3}d<suffix>, write_buffer{1,2,3}d<suffix> ---- */

#define CLE_BUFFER_ACCESS(T, S)                                                                                    \
  inline T##2 read_buffer1d##S(int width, int height, int depth, __global T *buffer, sampler_t smp, int position)  \
  {                                                                                                                \
    const int x = clamp(position, 0, width - 1);                                                                   \
    return (T##2)(buffer[x], 0);                                                                                   \
  }                                                                                                                \
  inline T##2 read_buffer2d##S(int width, int height, int depth, __global T *buffer, sampler_t smp, int2 position) \
  {                                                                                                                \
    const int x = clamp(position.x, 0, width - 1);                                                                 \
    const int y = clamp(position.y, 0, height - 1);                                                                \
    return (T##2)(buffer[(long)y * width + x], 0);                                                                 \
  }                                                                                                                \
  inline T##2 read_buffer3d##S(int width, int height, int depth, __global T *buffer, sampler_t smp, int4 position) \
  {                                                                                                                \
    const int x = clamp(position.x, 0, width - 1);                                                                 \
    const int y = clamp(position.y, 0, height - 1);                                                                \
    const int z = clamp(position.z, 0, depth - 1);                                                                 \
    return (T##2)(buffer[((long)z * height + y) * width + x], 0);                                                  \
  }                                                                                                                \
  inline void write_buffer1d##S(int width, int height, int depth, __global T *buffer, int position, T value)       \
  {                                                                                                                \
    if (position >= 0 && position < width)                                                                         \
      buffer[position] = value;                                                                                    \
  }                                                                                                                \
  inline void write_buffer2d##S(int width, int height, int depth, __global T *buffer, int2 position, T value)      \
  {                                                                                                                \
    if (position.x >= 0 && position.x < width && position.y >= 0 && position.y < height)                           \
      buffer[(long)position.y * width + position.x] = value;                                                       \
  }                                                                                                                \
  inline void write_buffer3d##S(int width, int height, int depth, __global T *buffer, int4 position, T value)      \
  {                                                                                                                \
    if (position.x >= 0 && position.x < width && position.y >= 0 && position.y < height && position.z >= 0 &&      \
        position.z < depth)                                                                                        \
      buffer[((long)position.z * height + position.y) * width + position.x] = value;                               \
  }

#ifdef CLE_DTYPE_char
CLE_BUFFER_ACCESS(char, c)
#endif
#ifdef CLE_DTYPE_uchar
CLE_BUFFER_ACCESS(uchar, uc)
#endif
#ifdef CLE_DTYPE_short
CLE_BUFFER_ACCESS(short, s)
#endif
#ifdef CLE_DTYPE_ushort
CLE_BUFFER_ACCESS(ushort, us)
#endif
#ifdef CLE_DTYPE_int
CLE_BUFFER_ACCESS(int, i)
#endif
#ifdef CLE_DTYPE_uint
CLE_BUFFER_ACCESS(uint, ui)
#endif
#ifdef CLE_DTYPE_float
CLE_BUFFER_ACCESS(float, f)
#endif

#undef CLE_BUFFER_ACCESS

#ifdef CLE_SYMMETRIC_EIGENVALUES
/* The eigenvalues of a symmetric matrix in float32, for the kernels that
 * define CLE_SYMMETRIC_EIGENVALUES (the Hessian rules of stencil.cl,
 * symmetric_eigenvalues.cl, hessian_eigenvalues.cl): one solver, so their
 * results agree bit for bit.
 * 2 x 2 [[xx, xy], [xy, yy]]: half the trace -+ sqrt(d^2 + xy^2), d = (xx - yy) / 2.
 * 3 x 3 [[xx, xy, xz], [xy, yy, yz], [xz, yz, zz]]: the trigonometric solution of the
 * characteristic cubic, q + 2 p cos(phi + 2 pi k / 3) with q the mean of the diagonal;
 * the middle one is the trace minus the other two, clamped between them. */
inline void cle_eigenvalues_2x2(float xx, float xy, float yy, float *lo, float *hi)
{
  const float half_trace = (xx + yy) / 2.0f, d = (xx - yy) / 2.0f;
  const float r = sqrt(d * d + xy * xy);
  *lo = half_trace - r;
  *hi = half_trace + r;
}

inline void cle_eigenvalues_3x3(float xx, float xy, float xz, float yy, float yz, float zz, float *lo, float *mid,
                                float *hi)
{
  const float q = (xx + yy + zz) / 3.0f;
  const float p1 = xy * xy + xz * xz + yz * yz;
  const float p2 = (xx - q) * (xx - q) + (yy - q) * (yy - q) + (zz - q) * (zz - q) + 2.0f * p1;
  const float p = sqrt(p2 / 6.0f);
  if (p == 0.0f) {
    *lo = *mid = *hi = q;
    return;
  }
  const float bxx = (xx - q) / p, byy = (yy - q) / p, bzz = (zz - q) / p, bxy = xy / p, bxz = xz / p, byz = yz / p;
  const float det = bxx * (byy * bzz - byz * byz) - bxy * (bxy * bzz - byz * bxz) + bxz * (bxy * byz - byy * bxz);
  const float phi = acos(clamp(det / 2.0f, -1.0f, 1.0f)) / 3.0f;
  *hi = q + 2.0f * p * cos(phi);
  *lo = q + 2.0f * p * cos(phi + 2.0f * M_PI_F / 3.0f);
  *mid = clamp(3.0f * q - *lo - *hi, *lo, *hi);
}
#endif
