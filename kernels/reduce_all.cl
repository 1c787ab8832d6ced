/* reduce_all: minimum, maximum and sum of every pixel in two passes.
 *
 * reduce_all_partial: num_groups work-groups of CLE_WG items; item g reads
 * pixels g, g + G, g + 2G, ... (G = global size, so each step is one
 * coalesced sweep), then a fixed tree in local memory combines the group
 * into one partial (min, max, sum) in `partials`. reduce_all_final: one
 * work-group combines the partials the same way and writes the result.
 * The order of every operation depends only on the pixel count and CLE_WG,
 * so float sums are the same on every run.
 *
 * Accumulators: 64-bit integers for integer images (exact); double for
 * float images where the device has cl_khr_fp64, else float. NaN pixels are
 * skipped by min and max (fmin/fmax). Slot 7 of `result` (uint) says how
 * many bytes an accumulator has. Bytes moved: n * sizeof src (+ 24 per group). */

#ifdef cl_khr_fp64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

#if !defined(CLE_WG) || !defined(CLE_SRC_FLOAT)
#error "reduce_all needs CLE_WG and CLE_SRC_FLOAT"
#endif

#if CLE_SRC_FLOAT
#ifdef cl_khr_fp64
typedef double acc_t;
#else
typedef float acc_t;
#endif
#define ACC_MIN_INIT ((acc_t)NAN)
#define ACC_MAX_INIT ((acc_t)NAN)
#define ACC_MIN(a, b) fmin(a, b)
#define ACC_MAX(a, b) fmax(a, b)
#else
typedef long acc_t;
#define ACC_MIN_INIT LONG_MAX
#define ACC_MAX_INIT LONG_MIN
#define ACC_MIN(a, b) min(a, b)
#define ACC_MAX(a, b) max(a, b)
#endif

/* Tree-combine the group's (mn, mx, sm) in local memory; item 0 gets the result. */
inline void cle_group_combine(__local acc_t *lmin, __local acc_t *lmax, __local acc_t *lsum, int lid,
                              acc_t mn, acc_t mx, acc_t sm)
{
  lmin[lid] = mn;
  lmax[lid] = mx;
  lsum[lid] = sm;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int s = CLE_WG / 2; s > 0; s >>= 1) {
    if (lid < s) {
      lmin[lid] = ACC_MIN(lmin[lid], lmin[lid + s]);
      lmax[lid] = ACC_MAX(lmax[lid], lmax[lid + s]);
      lsum[lid] = lsum[lid] + lsum[lid + s];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
}

/* The runtime defines IMAGE_x_TYPE only for the arrays bound to the kernel
 * being built, so each kernel is compiled only in its own program. */
#ifdef IMAGE_src_TYPE
__kernel void reduce_all_partial(IMAGE_src_TYPE src, IMAGE_partials_TYPE partials)
{
  __local acc_t lmin[CLE_WG], lmax[CLE_WG], lsum[CLE_WG];
  const size_t n = (size_t)GET_IMAGE_WIDTH(src) * GET_IMAGE_HEIGHT(src) * GET_IMAGE_DEPTH(src);
  const size_t stride = get_global_size(0);
  const int lid = get_local_id(0);
  acc_t mn = ACC_MIN_INIT, mx = ACC_MAX_INIT, sm = 0;
  for (size_t i = get_global_id(0); i < n; i += stride) {
    const acc_t v = (acc_t)src[i];
    mn = ACC_MIN(mn, v);
    mx = ACC_MAX(mx, v);
    sm += v;
  }
  cle_group_combine(lmin, lmax, lsum, lid, mn, mx, sm);
  if (lid == 0) {
    __global acc_t *out = (__global acc_t *)partials + 3 * get_group_id(0);
    out[0] = lmin[0];
    out[1] = lmax[0];
    out[2] = lsum[0];
  }
}

#endif

#ifdef IMAGE_result_TYPE
__kernel void reduce_all_final(IMAGE_partials_TYPE partials, IMAGE_result_TYPE result, const int num_partials)
{
  __local acc_t lmin[CLE_WG], lmax[CLE_WG], lsum[CLE_WG];
  const __global acc_t *in = (const __global acc_t *)partials;
  const int lid = get_local_id(0);
  acc_t mn = ACC_MIN_INIT, mx = ACC_MAX_INIT, sm = 0;
  for (int g = lid; g < num_partials; g += CLE_WG) {
    mn = ACC_MIN(mn, in[3 * g]);
    mx = ACC_MAX(mx, in[3 * g + 1]);
    sm += in[3 * g + 2];
  }
  cle_group_combine(lmin, lmax, lsum, lid, mn, mx, sm);
  if (lid == 0) {
    __global acc_t *out = (__global acc_t *)result;
    out[0] = lmin[0];
    out[1] = lmax[0];
    out[2] = lsum[0];
    ((__global uint *)result)[7] = (uint)sizeof(acc_t);
  }
}
#endif
