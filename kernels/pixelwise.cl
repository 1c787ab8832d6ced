/* pixelwise: the pixel-wise family -- dst = a rule of one to three images
 * (in0, in1, in2, all of dst's shape) and up to four numbers (s0..s3),
 * pixel by pixel. Each op's rule comes from its spec (cle-gen writes the
 * defines; runtime/families/pixelwise.c adds CLE_VEC):
 *   CLE_PW_RULE(in0, in1, in2)  an output pixel from the input pixels, which
 *                               are float, or of their own dtype with
 *                               CLE_PW_NATIVE; it may read s0..s3 and, with
 *                               CLE_PW_COORDS, the pixel's cx, cy, cz
 *   CLE_PW_WHERE(in0, in1, in2) optional: where it is 0, the pixel is the
 *                               first input's own value (converted exactly, not
 *                               through float), not the rule's
 *   CLE_VEC                     pixels per work-item (GPUs: 16 bytes of the widest
 *                               dtype; CPU devices: 1, vectorized across work-items)
 * The value is stored in dst's dtype with clij's conversion (saturated,
 * rounded toward zero, NaN to 0).
 *
 * The arrays are dense and share one shape, so the image is one flat run of
 * n pixels: work-item g loads CLE_VEC consecutive pixels of each input with
 * vector loads, applies the rule lane by lane (the same scalar expression as
 * the tail, so both give the same bits) and stores CLE_VEC results with one
 * vector store; the last work-item does the tail one pixel at a time.
 * Bytes moved: n * (the inputs' and dst's pixel sizes). */

#pragma OPENCL FP_CONTRACT OFF

/* A rule's pow: in double, rounded once to float, where the device has
 * doubles. OpenCL lets float pow be 16 ulp off, and NVIDIA's is: pow(x, 1)
 * was not x, and pow(15, 2) came out below 225 (224 in uint8). */
#ifdef cl_khr_fp64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
inline float cle_pow(float x, float y)
{
  return (float)pow((double)x, (double)y);
}
#else
#define cle_pow pow
#endif

#if !defined(CLE_PW_RULE) || !defined(CLE_VEC)
#error "pixelwise needs CLE_PW_RULE(in0, in1, in2) and CLE_VEC"
#endif

#define CLE_VLOAD_(N) vload##N
#define CLE_VLOAD(N) CLE_VLOAD_(N)
#define CLE_VSTORE_(N) vstore##N
#define CLE_VSTORE(N) CLE_VSTORE_(N)

#ifdef CLE_PW_NATIVE
#define CLE_PW_IN(v) (v)
#else
#define CLE_PW_IN(v) ((float)(v))
#endif

#ifdef CLE_PW_COORDS
#define CLE_PW_COORDS_OF(i)                       \
  const int cw = (int)width_, ch = (int)height_;  \
  const int cd = (int)GET_IMAGE_DEPTH(dst);       \
  const int cx = (int)((i) % width_);             \
  const int cy = (int)(((i) / width_) % height_); \
  const int cz = (int)((i) / (width_ * height_));
#else
#define CLE_PW_COORDS_OF(i)
#endif

/* The rule's arguments come from arity-specific macros whose expansion holds
 * commas, so the call goes through a variadic apply. */
#define CLE_PW_APPLY(m, ...) m(__VA_ARGS__)
#ifdef CLE_PW_WHERE
#define CLE_PW_OUT(a0, a1, a2, raw0)                                                 \
  (CLE_PW_WHERE(a0, a1, a2) ? CLE_SAT(IMAGE_dst_PIXEL_TYPE, CLE_PW_RULE(a0, a1, a2)) \
                            : CLE_SAT(IMAGE_dst_PIXEL_TYPE, raw0))
#else
#define CLE_PW_OUT(a0, a1, a2, raw0) CLE_SAT(IMAGE_dst_PIXEL_TYPE, CLE_PW_RULE(a0, a1, a2))
#endif

/* Aligned vector loads and stores through vector pointers: an array is a
 * whole buffer, so its base is aligned (vloadN only assumes the element's
 * alignment, and NVIDIA's compiler then moves 8-bit images byte by byte). */
#define CLE_PW_VT_(T, n) T##n
#define CLE_PW_VT(T, n) CLE_PW_VT_(T, n)
#define CLE_PW_LOAD(k)                    \
  IMAGE_in##k##_PIXEL_TYPE p##k[CLE_VEC]; \
  CLE_VSTORE(CLE_VEC)(((const __global CLE_PW_VT(IMAGE_in##k##_PIXEL_TYPE, CLE_VEC) *)in##k)[g], 0, p##k);
#define CLE_PW_STORE(g) ((__global CLE_PW_VT(IMAGE_dst_PIXEL_TYPE, CLE_VEC) *)dst)[g] = CLE_VLOAD(CLE_VEC)(0, out_)

#if CLE_VEC == 1 /* one pixel per work-item */
#define CLE_PW_BODY(LOADS, LANE_ARGS, TAIL_ARGS)                               \
  const size_t width_ = GET_IMAGE_WIDTH(dst), height_ = GET_IMAGE_HEIGHT(dst); \
  const size_t n = width_ * height_ * GET_IMAGE_DEPTH(dst);                    \
  const size_t i = get_global_id(0);                                           \
  if (i < n) {                                                                 \
    CLE_PW_COORDS_OF(i)                                                        \
    dst[i] = CLE_PW_APPLY(CLE_PW_OUT, TAIL_ARGS(i));                           \
  }
#else /* CLE_VEC pixels per work-item, the rule lane by lane */
#define CLE_PW_BODY(LOADS, LANE_ARGS, TAIL_ARGS)                               \
  const size_t width_ = GET_IMAGE_WIDTH(dst), height_ = GET_IMAGE_HEIGHT(dst); \
  const size_t n = width_ * height_ * GET_IMAGE_DEPTH(dst);                    \
  const size_t g = get_global_id(0), first = g * CLE_VEC;                      \
  if (first + CLE_VEC <= n) {                                                  \
    LOADS                                                                      \
    IMAGE_dst_PIXEL_TYPE out_[CLE_VEC];                                        \
    for (int l = 0; l < CLE_VEC; l++) {                                        \
      const size_t i = first + l;                                              \
      CLE_PW_COORDS_OF(i)                                                      \
      out_[l] = CLE_PW_APPLY(CLE_PW_OUT, LANE_ARGS(l));                        \
    }                                                                          \
    CLE_PW_STORE(g);                                                           \
  } else {                                                                     \
    for (size_t i = first; i < n; i++) {                                       \
      CLE_PW_COORDS_OF(i)                                                      \
      dst[i] = CLE_PW_APPLY(CLE_PW_OUT, TAIL_ARGS(i));                         \
    }                                                                          \
  }
#endif

#define CLE_PW_LOADS_1 CLE_PW_LOAD(0)
#define CLE_PW_LANE_1(l) CLE_PW_IN(p0[l]), 0.0f, 0.0f, p0[l]
#define CLE_PW_LOADS_2 CLE_PW_LOAD(0) CLE_PW_LOAD(1)
#define CLE_PW_LANE_2(l) CLE_PW_IN(p0[l]), CLE_PW_IN(p1[l]), 0.0f, p0[l]
#define CLE_PW_LOADS_3 CLE_PW_LOAD(0) CLE_PW_LOAD(1) CLE_PW_LOAD(2)
#define CLE_PW_LANE_3(l) CLE_PW_IN(p0[l]), CLE_PW_IN(p1[l]), CLE_PW_IN(p2[l]), p0[l]
#define CLE_PW_TAIL_1(i) CLE_PW_IN(in0[i]), 0.0f, 0.0f, in0[i]
#define CLE_PW_TAIL_2(i) CLE_PW_IN(in0[i]), CLE_PW_IN(in1[i]), 0.0f, in0[i]
#define CLE_PW_TAIL_3(i) CLE_PW_IN(in0[i]), CLE_PW_IN(in1[i]), CLE_PW_IN(in2[i]), in0[i]

__kernel void pixelwise_1(IMAGE_in0_TYPE in0, IMAGE_dst_TYPE dst, const float s0, const float s1, const float s2,
                          const float s3)
{
  CLE_PW_BODY(CLE_PW_LOADS_1, CLE_PW_LANE_1, CLE_PW_TAIL_1);
}

/* A program holds only the kernel of its arity: the runtime defines the
 * macros of the arrays it binds (IMAGE_in1_TYPE only when there is an in1). */
#ifdef IMAGE_in1_TYPE
__kernel void pixelwise_2(IMAGE_in0_TYPE in0, IMAGE_in1_TYPE in1, IMAGE_dst_TYPE dst, const float s0, const float s1,
                          const float s2, const float s3)
{
  CLE_PW_BODY(CLE_PW_LOADS_2, CLE_PW_LANE_2, CLE_PW_TAIL_2);
}
#endif

#ifdef IMAGE_in2_TYPE
__kernel void pixelwise_3(IMAGE_in0_TYPE in0, IMAGE_in1_TYPE in1, IMAGE_in2_TYPE in2, IMAGE_dst_TYPE dst,
                          const float s0, const float s1, const float s2, const float s3)
{
  CLE_PW_BODY(CLE_PW_LOADS_3, CLE_PW_LANE_3, CLE_PW_TAIL_3);
}
#endif
