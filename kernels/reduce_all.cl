/* reduce_all: minimum, maximum, sum and/or sum of squared deviations of every pixel, or their product.
 *
 * The image is read as n / CLE_VEC vectors of CLE_VEC pixels (aligned
 * vector loads: an array is a whole buffer, so its base is aligned), the
 * n % CLE_VEC tail pixels by global item 0 at the end. Two layouts, chosen
 * by the host per device type:
 *  - CLE_CHUNKED 0 (GPUs): item g reads vectors g, g + G, g + 2G, ... (G =
 *    global size), so each step is one coalesced sweep; each loaded vector
 *    is folded into scalar accumulators at once (few registers).
 *  - CLE_CHUNKED 1 (CPUs): item g reads one contiguous run of vectors into
 *    CLE_VEC-lane accumulators (SIMD, sequential in memory, no per-step
 *    horizontal work), folded once at the end. Work-groups of one item.
 * Then a fixed tree in local memory combines the group into one partial
 * (min, max, sum) in `partials`; reduce_all_final (or the host, for few
 * groups) combines the partials in a fixed order. The order of every
 * operation depends only on the pixel count and the launch shape the host
 * derives from it and the device type, so float sums are the same on every
 * run.
 *
 * CLE_WANT_MINMAX / CLE_WANT_SUM / CLE_WANT_SQ compile only the quantities
 * asked for (a sum is one add per pixel). Accumulators: 64-bit integers for
 * integer images (exact); double for float images where CLE_FP64 (the
 * device has cl_khr_fp64), else float. Min and max stay in the pixel type
 * until the end (exact); NaN pixels are skipped (fmin/fmax). CLE_WANT_SQ
 * sums (pixel - K)^2 in double (float without CLE_FP64), K the first pixel:
 * with the sum, the host gets the variance in one pass, and the shift keeps
 * the cancellation of sum(x^2) - n mean^2 away. CLE_WANT_PROD (alone: never
 * with the others) multiplies the pixels in sq_t in the squared deviations'
 * slot instead: per lane (CPUs) or per vector (GPUs, a fixed tree over its
 * lanes), then the same fixed trees over items and groups. Bytes moved: n * sizeof src
 * (+ 40 per group). */

/* 16-lane vectors passed to builtins make clang (pocl) note that the x86
 * vector ABI differs without AVX-512: true, harmless inside one program, and
 * printed to stderr at every cold build. (Only on x86: NVIDIA's compiler is a
 * clang that does not know the group and would warn about the pragma.) */
#if defined(__clang__) && defined(__x86_64__)
#pragma clang diagnostic ignored "-Wpsabi"
#endif

#if CLE_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

#if !defined(CLE_WG) || !defined(CLE_SRC_FLOAT) || !defined(CLE_VEC) || !defined(CLE_CHUNKED) ||               \
    !defined(CLE_WANT_MINMAX) || !defined(CLE_WANT_SUM) || !defined(CLE_WANT_SQ) || !defined(CLE_WANT_PROD) || \
    !defined(CLE_FP64)
#error \
    "reduce_all needs CLE_WG, CLE_SRC_FLOAT, CLE_VEC, CLE_CHUNKED, CLE_WANT_MINMAX, CLE_WANT_SUM, CLE_WANT_SQ, CLE_WANT_PROD, CLE_FP64"
#endif
#if CLE_WANT_PROD && (CLE_WANT_MINMAX || CLE_WANT_SUM || CLE_WANT_SQ)
#error "reduce_all computes the product alone"
#endif

#if CLE_FP64
#define SQ_T double
#else
#define SQ_T float
#endif
typedef SQ_T sq_t;
/* The sq slot: a sum of squared deviations, or the product (CLE_WANT_PROD). */
#if CLE_WANT_PROD
#define SQ_INIT 1
#define SQ_COMBINE(a, b) ((a) * (b))
#else
#define SQ_INIT 0
#define SQ_COMBINE(a, b) ((a) + (b))
#endif
#define SQ_WANTED (CLE_WANT_SQ || CLE_WANT_PROD)

#if CLE_SRC_FLOAT
#if CLE_FP64
#define ACC_T double
#else
#define ACC_T float
#endif
#define ACC_MIN_INIT ((acc_t)NAN)
#define ACC_MAX_INIT ((acc_t)NAN)
#define ACC_MIN(a, b) fmin(a, b)
#define ACC_MAX(a, b) fmax(a, b)
#else
#define ACC_T long
#define ACC_MIN_INIT LONG_MAX
#define ACC_MAX_INIT LONG_MIN
#define ACC_MIN(a, b) min(a, b)
#define ACC_MAX(a, b) max(a, b)
#endif
typedef ACC_T acc_t;
#define ACC_ADD(a, b) ((a) + (b))
#define ACC_MUL(a, b) ((a) * (b))

/* T##n for a macro T (uchar16 from IMAGE_src_PIXEL_TYPE and 16). */
#define CLE_VT_(T, n) T##n
#define CLE_VT(T, n) CLE_VT_(T, n)
#define CLE_CONVERT_(T, n) convert_##T##n
#define CLE_CONVERT(T, n) CLE_CONVERT_(T, n)

/* NAME(v): OP over the lanes of a CLE_VEC-vector of T, as a fixed tree
 * (halves, then quarters, ...). CLE_VEC is 4, 8 or 16. */
#define CLE_HREDUCE(NAME, T, OP)              \
  inline T NAME(CLE_VT(T, CLE_VEC) v)         \
  {                                           \
    CLE_HREDUCE_TO8(T, OP)                    \
    CLE_HREDUCE_TO4(T, OP)                    \
    const CLE_VT(T, 2) v2 = OP(v4.lo, v4.hi); \
    return OP(v2.x, v2.y);                    \
  }
#if CLE_VEC == 16
#define CLE_HREDUCE_TO8(T, OP) const CLE_VT(T, 8) v8 = OP(v.lo, v.hi);
#define CLE_HREDUCE_TO4(T, OP) const CLE_VT(T, 4) v4 = OP(v8.lo, v8.hi);
#elif CLE_VEC == 8
#define CLE_HREDUCE_TO8(T, OP)
#define CLE_HREDUCE_TO4(T, OP) const CLE_VT(T, 4) v4 = OP(v.lo, v.hi);
#elif CLE_VEC == 4
#define CLE_HREDUCE_TO8(T, OP)
#define CLE_HREDUCE_TO4(T, OP) const CLE_VT(T, 4) v4 = v;
#else
#error "CLE_VEC must be 4, 8 or 16"
#endif

/* Tree-combine the group's (mn, mx, sm, sq) in local memory; item 0 gets the result. */
#if CLE_WG > 1
inline void cle_group_combine(__local acc_t *lmin, __local acc_t *lmax, __local acc_t *lsum, __local sq_t *lsq, int lid,
                              acc_t *mn, acc_t *mx, acc_t *sm, sq_t *sq)
{
  lmin[lid] = *mn;
  lmax[lid] = *mx;
  lsum[lid] = *sm;
  lsq[lid] = *sq;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int s = CLE_WG / 2; s > 0; s >>= 1) {
    if (lid < s) {
#if CLE_WANT_MINMAX
      lmin[lid] = ACC_MIN(lmin[lid], lmin[lid + s]);
      lmax[lid] = ACC_MAX(lmax[lid], lmax[lid + s]);
#endif
#if CLE_WANT_SUM
      lsum[lid] = lsum[lid] + lsum[lid + s];
#endif
#if SQ_WANTED
      lsq[lid] = SQ_COMBINE(lsq[lid], lsq[lid + s]);
#endif
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  *mn = lmin[0];
  *mx = lmax[0];
  *sm = lsum[0];
  *sq = lsq[0];
}
#define CLE_GROUP_COMBINE(mn, mx, sm, sq)                 \
  __local acc_t lmin[CLE_WG], lmax[CLE_WG], lsum[CLE_WG]; \
  __local sq_t lsq[CLE_WG];                               \
  cle_group_combine(lmin, lmax, lsum, lsq, get_local_id(0), &mn, &mx, &sm, &sq)
#else
#define CLE_GROUP_COMBINE(mn, mx, sm, sq)
#endif

/* The runtime defines IMAGE_x_TYPE only for the arrays bound to the kernel
 * being built, so each kernel is compiled only in its own program. */
#ifdef IMAGE_src_TYPE
typedef IMAGE_src_PIXEL_TYPE pix_t;
typedef CLE_VT(IMAGE_src_PIXEL_TYPE, CLE_VEC) pixv_t;
#if CLE_SRC_FLOAT
#define PIX_MIN(a, b) fmin(a, b)
#define PIX_MAX(a, b) fmax(a, b)
#else
#define PIX_MIN(a, b) min(a, b)
#define PIX_MAX(a, b) max(a, b)
#endif
CLE_HREDUCE(cle_hmin, IMAGE_src_PIXEL_TYPE, PIX_MIN)
CLE_HREDUCE(cle_hmax, IMAGE_src_PIXEL_TYPE, PIX_MAX)

/* Squared deviations from the shift, lane by lane, in sq_t. */
typedef CLE_VT(SQ_T, CLE_VEC) sqv_t;
#define CLE_TO_SQV(x) CLE_CONVERT(SQ_T, CLE_VEC)(x)
CLE_HREDUCE(cle_hsum_sq, SQ_T, ACC_ADD)
CLE_HREDUCE(cle_hprod_sq, SQ_T, ACC_MUL)

#if !CLE_CHUNKED
/* The strided layout's squared deviations of one vector, in the cheapest type
 * that holds them: exact int / long for 8- and 16-bit pixels, float for float
 * pixels (1 rounding per 4 pixels, then summed in sq_t: double arithmetic
 * per pixel left the H200 at 68 % of its bandwidth), sq_t for 32-bit ones. */
#if CLE_SRC_FLOAT
#define SQ_STEP_T float
#elif CLE_SRC_BYTES == 1
#define SQ_STEP_T int
#elif CLE_SRC_BYTES == 2
#define SQ_STEP_T long
#else
#define SQ_STEP_T SQ_T
#endif
typedef CLE_VT(SQ_STEP_T, CLE_VEC) sq_stepv_t;
#define CLE_TO_SQ_STEPV(x) CLE_CONVERT(SQ_STEP_T, CLE_VEC)(x)
CLE_HREDUCE(cle_hsum_sq_step, SQ_STEP_T, ACC_ADD)
#endif

#if CLE_CHUNKED
/* Per-lane sums in the accumulator type. */
typedef CLE_VT(ACC_T, CLE_VEC) accv_t;
#define CLE_TO_ACCV(x) CLE_CONVERT(ACC_T, CLE_VEC)(x)
CLE_HREDUCE(cle_hsum, ACC_T, ACC_ADD)
#elif CLE_SRC_FLOAT || CLE_SRC_BYTES == 4
/* One vector's sum in the accumulator type (a 32-bit integer could overflow). */
#define STEP_T ACC_T
#else
/* One vector's sum of 8- or 16-bit pixels fits an int exactly (16 * 65535). */
#define STEP_T int
#endif
#ifdef STEP_T
#define CLE_TO_STEPV(x) CLE_CONVERT(STEP_T, CLE_VEC)(x)
CLE_HREDUCE(cle_hsum_step, STEP_T, ACC_ADD)
#endif

__kernel void reduce_all_partial(IMAGE_src_TYPE src, IMAGE_partials_TYPE partials)
{
  const size_t n = (size_t)GET_IMAGE_WIDTH(src) * GET_IMAGE_HEIGHT(src) * GET_IMAGE_DEPTH(src);
  const size_t nv = n / CLE_VEC, items = get_global_size(0), gid = get_global_id(0);
  const __global pixv_t *vsrc = (const __global pixv_t *)src;
#if CLE_CHUNKED
  const size_t per = (nv + items - 1) / items;
  size_t v = gid * per;
  const size_t end = min(nv, v + per), step = 1;
#else
  size_t v = gid;
  const size_t end = nv, step = items;
#endif
  const bool any = v < end;
  acc_t mn = ACC_MIN_INIT, mx = ACC_MAX_INIT, sm = 0;
  sq_t sq = SQ_INIT;
#if CLE_WANT_SQ
  const sq_t shift = (sq_t)src[0];
#if !CLE_CHUNKED
  const SQ_STEP_T shift_step = (SQ_STEP_T)src[0];
#endif
#endif
#if CLE_CHUNKED
#if CLE_WANT_MINMAX
  pixv_t mnv = any ? vsrc[v] : (pixv_t)0, mxv = mnv;
#endif
#if CLE_WANT_SUM
  accv_t smv = 0;
#endif
#if CLE_WANT_SQ
  sqv_t sqv = 0;
#endif
#if CLE_WANT_PROD
  sqv_t prv = 1;
#endif
  for (; v < end; v += step) {
    const pixv_t x = vsrc[v];
#if CLE_WANT_MINMAX
    mnv = PIX_MIN(mnv, x);
    mxv = PIX_MAX(mxv, x);
#endif
#if CLE_WANT_SUM
    smv += CLE_TO_ACCV(x);
#endif
#if CLE_WANT_SQ
    const sqv_t d = CLE_TO_SQV(x) - shift;
    sqv += d * d;
#endif
#if CLE_WANT_PROD
    prv *= CLE_TO_SQV(x);
#endif
  }
#if CLE_WANT_MINMAX
  if (any) {
    mn = (acc_t)cle_hmin(mnv);
    mx = (acc_t)cle_hmax(mxv);
  }
#endif
#if CLE_WANT_SUM
  sm = cle_hsum(smv);
#endif
#if CLE_WANT_SQ
  sq = cle_hsum_sq(sqv);
#endif
#if CLE_WANT_PROD
  sq = cle_hprod_sq(prv);
#endif
#else /* strided */
#if CLE_WANT_MINMAX
#define CLE_FOLD_MINMAX(x)         \
  mnp = PIX_MIN(mnp, cle_hmin(x)); \
  mxp = PIX_MAX(mxp, cle_hmax(x));
#else
#define CLE_FOLD_MINMAX(x)
#endif
#if CLE_WANT_SUM
#define CLE_FOLD_SUM(x) sm += (acc_t)cle_hsum_step(CLE_TO_STEPV(x));
#else
#define CLE_FOLD_SUM(x)
#endif
#if CLE_WANT_SQ
#define CLE_FOLD_SQ(x)                                     \
  {                                                        \
    const sq_stepv_t d_ = CLE_TO_SQ_STEPV(x) - shift_step; \
    sq += (sq_t)cle_hsum_sq_step(d_ * d_);                 \
  }
#elif CLE_WANT_PROD
#define CLE_FOLD_SQ(x) sq *= cle_hprod_sq(CLE_TO_SQV(x));
#else
#define CLE_FOLD_SQ(x)
#endif
/* One loaded vector into the item's accumulators. */
#define CLE_STRIDED_FOLD(x) \
  CLE_FOLD_MINMAX(x)        \
  CLE_FOLD_SUM(x)           \
  CLE_FOLD_SQ(x)
#if CLE_WANT_MINMAX
  pix_t mnp = 0, mxp = 0;
  if (any) {
    mnp = cle_hmin(vsrc[v]);
    mxp = mnp;
  }
#endif
  /* two vectors per iteration: both loads are in flight at once */
  for (; v + step < end; v += 2 * step) {
    const pixv_t x0 = vsrc[v], x1 = vsrc[v + step];
    CLE_STRIDED_FOLD(x0);
    CLE_STRIDED_FOLD(x1);
  }
  if (v < end) {
    const pixv_t x = vsrc[v];
    CLE_STRIDED_FOLD(x);
  }
#if CLE_WANT_MINMAX
  if (any) {
    mn = (acc_t)mnp;
    mx = (acc_t)mxp;
  }
#endif
#endif
  if (gid == 0) {
    for (size_t i = nv * CLE_VEC; i < n; i++) {
      const acc_t p = (acc_t)src[i];
      mn = ACC_MIN(mn, p);
      mx = ACC_MAX(mx, p);
      sm += p;
#if CLE_WANT_SQ
      const sq_t d = (sq_t)src[i] - shift;
      sq += d * d;
#endif
#if CLE_WANT_PROD
      sq *= (sq_t)src[i];
#endif
    }
  }
  CLE_GROUP_COMBINE(mn, mx, sm, sq);
  if (get_local_id(0) == 0) {
    __global acc_t *out = (__global acc_t *)partials + 5 * get_group_id(0);
    out[0] = mn;
    out[1] = mx;
    out[2] = sm;
    *(__global sq_t *)(out + 3) = sq;
#if CLE_WANT_SQ
    *(__global sq_t *)(out + 4) = shift; /* the host needs K too */
#endif
  }
}

#endif

#ifdef IMAGE_result_TYPE
__kernel void reduce_all_final(IMAGE_partials_TYPE partials, IMAGE_result_TYPE result, const int num_partials)
{
  const __global acc_t *in = (const __global acc_t *)partials;
  acc_t mn = ACC_MIN_INIT, mx = ACC_MAX_INIT, sm = 0;
  sq_t sq = SQ_INIT;
  for (int g = get_local_id(0); g < num_partials; g += CLE_WG) {
#if CLE_WANT_MINMAX
    mn = ACC_MIN(mn, in[5 * g]);
    mx = ACC_MAX(mx, in[5 * g + 1]);
#endif
#if CLE_WANT_SUM
    sm += in[5 * g + 2];
#endif
#if SQ_WANTED
    sq = SQ_COMBINE(sq, *(const __global sq_t *)(in + 5 * g + 3));
#endif
  }
  CLE_GROUP_COMBINE(mn, mx, sm, sq);
  if (get_local_id(0) == 0) {
    __global acc_t *out = (__global acc_t *)result;
    out[0] = mn;
    out[1] = mx;
    out[2] = sm;
    *(__global sq_t *)(out + 3) = sq;
    *(__global sq_t *)(out + 4) = *(const __global sq_t *)(in + 4);
  }
}
#endif
