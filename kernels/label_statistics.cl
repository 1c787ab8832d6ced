/* label_statistics: per-label measurements of a label image (and an
 * intensity image), deterministically: no float atomics, every sum taken in
 * a fixed order (runtime/ops/label_statistics.c drives the passes).
 *
 * The pixels (x fastest) are cut into C chunks of `chunk` consecutive
 * pixels; chunk c is walked in order by work-item c, which owns slot c of
 * the partial tables (every label 0..n_labels-1 has an entry per slot), so
 * nothing is shared while accumulating. Slot 0 is its own array (the
 * totals, read by the host), slots 1..C-1 follow one another in a second
 * (NAME_rest). A merge work-item per label then folds slots 1..C-1 into
 * slot 0, in slot order. C depends only on the pixel
 * and label counts, so a result is the same on every run.
 *
 * Tables (l = the label, N = n_labels, entry k of label l at k * N + l):
 *   ints  (ulong, K = 4): pixel count, sum of x, sum of y, sum of z (exact)
 *   bbox  (int,   K = 6): min x, max x, min y, max y, min z, max z
 *   reals (REAL,  K = 6): sum v, sum v x, sum v y, sum v z, min v, max v
 *                         (LS_INTENSITY only; min/max skip NaN)
 *   centers (REAL, 7 x N, after the merge): centroid x, y, z, mean v,
 *                         mass center x, y, z (sums / count, sums / sum v)
 *   spread (REAL, K = 5): sum (v - mean)^2, sum and max of the distance to
 *                         the centroid, sum and max of the distance to the
 *                         mass center (pass 2)
 * REAL is double where the device has cl_khr_fp64 (LS_FP64), else float.
 *
 * The fully parallel path (LS_ATOMIC; the host takes it unless an
 * intensity is NaN, infinite or an integer beyond 2^24): label_stats_atomic
 * and label_stats_atomic2 accumulate straight into slot 0 with integer
 * atomics -- counts, coordinate sums and boxes exactly, intensity sums and
 * distances in 64-bit fixed point, minima and maxima through order-keeping
 * integer keys -- so again the result is the same on every run; the merges
 * turn the totals into the slots' layout.
 *
 * Host defines: LS_WG (label_max's work-group size, a power of two),
 * LS_FLOAT (labels are float32: checked for whole numbers), LS_INTENSITY,
 * LS_FP64, LS_ATOMIC, LS_RUN (pixels per work-item of label_stats_atomic),
 * LS_STAGE (label_stats_atomic's work-group on GPUs, its runs staged in local
 * memory; 0 on CPU devices), LS_SKIP_BACKGROUND (label_stats_atomic leaves label 0 unmeasured: the
 * caller never reads it, and every background run would send its atomics
 * to the same few words), LS_COUNTS_ONLY (label_stats_atomic counts pixels
 * only: the caller reads nothing else).
 */
#if LS_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define REAL double
#else
#define REAL float
#endif

/* (x, y, z) of the next pixel in raster order of a w x h x d image */
inline void ls_next_pixel(int *x, int *y, int *z, int w, int h)
{
  if (++*x == w) {
    *x = 0;
    if (++*y == h) {
      *y = 0;
      ++*z;
    }
  }
}

/* 64-bit atomic add of v into the little-endian (low, high) word pair p:
 * the carry out of the low word is exact (old + low wraps), and integer
 * additions commute, so the total is the same in any order. */
inline void add64(__global uint *p, ulong v)
{
  const uint lo = (uint)v, old = atomic_add(p, lo);
  const uint carry = (uint)(old + lo < old);
  const uint hi = (uint)(v >> 32) + carry;
  if (hi)
    atomic_add(p + 1, hi);
}

/* A float's bits as an int that orders as the float does (finite values):
 * atomic_min/atomic_max on it find the smallest and largest value. */
inline int ls_order_key(float f)
{
  const int b = as_int(f);
  return b >= 0 ? b : b ^ 0x7fffffff;
}

/* Label l's centers from its totals (ints I; with LS_INTENSITY the sums R):
 * the centroid, and with intensities the mean and the mass center. */
inline void ls_centers(const __global ulong *I, const __global REAL *R, __global REAL *C, long l, long N)
{
  const REAL count = (REAL)I[l];
  C[l] = (REAL)I[N + l] / count;
  C[N + l] = (REAL)I[2 * N + l] / count;
  C[2 * N + l] = (REAL)I[3 * N + l] / count;
#if LS_INTENSITY
  const REAL sum = R[l];
  C[3 * N + l] = sum / count;
  C[4 * N + l] = R[N + l] / sum;
  C[5 * N + l] = R[2 * N + l] / sum;
  C[6 * N + l] = R[3 * N + l] / sum;
#else
  (void)R;
#endif
}

/* stats[1] bits: why a pixel is no label. */
#define LS_BAD_NEGATIVE 1u  /* < 0, or NaN */
#define LS_BAD_FRACTION 2u  /* not a whole number */
#define LS_BAD_TOO_LARGE 4u /* 2^32 or more */

#if defined(IMAGE_stats_TYPE)
/* The largest label into stats[0] and the LS_BAD_* bits seen into stats[1]
 * (both zeroed by the host): grid-stride loop, a tree in local memory, one
 * atomic per work-group (max and or: the order does not matter). */
__kernel void label_max(IMAGE_src_TYPE src, IMAGE_stats_TYPE stats, int n)
{
  __local uint local_max[LS_WG];
  __local uint local_bad[LS_WG];
  uint largest = 0, bad = 0;
  for (uint i = (uint)get_global_id(0); i < (uint)n; i += (uint)get_global_size(0)) {
#if LS_FLOAT
    const float v = src[i];
    if (!(v >= 0.0f))
      bad |= LS_BAD_NEGATIVE;
    else if (v != floor(v))
      bad |= LS_BAD_FRACTION;
    else if (v >= 4294967296.0f)
      bad |= LS_BAD_TOO_LARGE;
    else
      largest = max(largest, (uint)v);
#else
    const long v = (long)src[i];
    if (v < 0)
      bad |= LS_BAD_NEGATIVE;
    else
      largest = max(largest, (uint)v);
#endif
  }
  const int t = (int)get_local_id(0);
  local_max[t] = largest;
  local_bad[t] = bad;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int step = LS_WG / 2; step > 0; step >>= 1) {
    if (t < step) {
      local_max[t] = max(local_max[t], local_max[t + step]);
      local_bad[t] |= local_bad[t + step];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (t == 0) {
    atomic_max(&stats[0], local_max[0]);
    atomic_or(&stats[1], local_bad[0]);
  }
}
#endif

#if defined(IMAGE_labels_TYPE) && defined(IMAGE_ints_TYPE) && !LS_ATOMIC
/* Pass 1: work-item c fills slot c from the pixels [c * chunk, (c + 1) * chunk). */
__kernel void label_stats_pass1(IMAGE_labels_TYPE labels, IMAGE_intensity_TYPE intensity, IMAGE_ints_TYPE ints,
                                IMAGE_bbox_TYPE bbox, IMAGE_reals_TYPE reals, IMAGE_ints_rest_TYPE ints_rest,
                                IMAGE_bbox_rest_TYPE bbox_rest, IMAGE_reals_rest_TYPE reals_rest, int n_labels,
                                int n_pixels, int chunk)
{
  const int c = (int)get_global_id(0);
  const long start = (long)c * chunk;
  if (start >= n_pixels)
    return;
  const long end = min(start + (long)chunk, (long)n_pixels);
  const long N = n_labels;
  __global ulong *I = c ? (__global ulong *)ints_rest + (long)(c - 1) * 4 * N : (__global ulong *)ints;
  __global int *B = c ? (__global int *)bbox_rest + (long)(c - 1) * 6 * N : (__global int *)bbox;
  for (long l = 0; l < N; l++) {
    I[l] = 0;
    I[N + l] = 0;
    I[2 * N + l] = 0;
    I[3 * N + l] = 0;
    B[l] = INT_MAX;
    B[N + l] = -1;
    B[2 * N + l] = INT_MAX;
    B[3 * N + l] = -1;
    B[4 * N + l] = INT_MAX;
    B[5 * N + l] = -1;
  }
#if LS_INTENSITY
  __global REAL *R = c ? (__global REAL *)reals_rest + (long)(c - 1) * 6 * N : (__global REAL *)reals;
  for (long l = 0; l < N; l++) {
    R[l] = 0;
    R[N + l] = 0;
    R[2 * N + l] = 0;
    R[3 * N + l] = 0;
    R[4 * N + l] = NAN;
    R[5 * N + l] = NAN;
  }
#endif
  const int w = GET_IMAGE_WIDTH(labels), h = GET_IMAGE_HEIGHT(labels);
  int x = (int)(start % w), y = (int)((start / w) % h), z = (int)(start / ((long)w * h));
  for (long i = start; i < end; i++) {
    const long l = (long)(uint)labels[i];
    I[l] += 1;
    I[N + l] += (ulong)x;
    I[2 * N + l] += (ulong)y;
    I[3 * N + l] += (ulong)z;
    B[l] = min(B[l], x);
    B[N + l] = max(B[N + l], x);
    B[2 * N + l] = min(B[2 * N + l], y);
    B[3 * N + l] = max(B[3 * N + l], y);
    B[4 * N + l] = min(B[4 * N + l], z);
    B[5 * N + l] = max(B[5 * N + l], z);
#if LS_INTENSITY
    const REAL v = (REAL)intensity[i];
    R[l] += v;
    R[N + l] += v * (REAL)x;
    R[2 * N + l] += v * (REAL)y;
    R[3 * N + l] += v * (REAL)z;
    R[4 * N + l] = fmin(R[4 * N + l], v);
    R[5 * N + l] = fmax(R[5 * N + l], v);
#endif
    ls_next_pixel(&x, &y, &z, w, h);
  }
}
#endif

#if defined(IMAGE_labels_TYPE) && defined(IMAGE_ints_TYPE) && LS_ATOMIC
/* Pass 1 in one launch (LS_ATOMIC): integer atomics into slot 0 give exact
 * totals whatever their order. Counts, coordinate sums and boxes are
 * integers; with LS_INTENSITY (an intensity image whose values are all
 * finite, checked by the host) the sums of v, v x, v y and v z are taken in
 * fixed point -- each pixel's term rounded to a multiple of 2^-e_v (2^-e_vx
 * for the coordinate-weighted sums), the exponents chosen by the host so no
 * total can overflow 62 bits -- and min/max v through ls_order_key, so they
 * too are the same on every run. Work-item (cx, y, z) walks the pixels x in
 * [cx * LS_RUN, (cx + 1) * LS_RUN) of row (y, z), sums each run of one label
 * in registers and flushes it with one atomic per table entry. ints, bbox
 * and fixed are zeroed by the host, vrange filled with INT_MIN; the box is stored encoded for atomic_max, INT_MAX - min
 * and max + 1 (decoded by the merge), so a label without pixels decodes to
 * the empty box INT_MAX, -1 (and its min/max keys to NaN). */
__kernel void label_stats_atomic(IMAGE_labels_TYPE labels, IMAGE_intensity_TYPE intensity, IMAGE_ints_TYPE ints,
                                 IMAGE_bbox_TYPE bbox, IMAGE_fixed_TYPE fixed, IMAGE_vrange_TYPE vrange, int n_labels,
                                 int e_v, int e_vx)
{
  const int cx = (int)get_global_id(0), y = (int)get_global_id(1), z = (int)get_global_id(2);
  const int w = GET_IMAGE_WIDTH(labels), h = GET_IMAGE_HEIGHT(labels), d = GET_IMAGE_DEPTH(labels);
  const int x0 = cx * LS_RUN;
  const long row = ((long)z * h + y) * w;
#if LS_STAGE
  /* GPUs: the group's LS_STAGE runs of one row are read into local memory
   * with coalesced loads (one item reading its own 32-pixel run touched a
   * cache line per lane per load), each run padded by one pixel so that the
   * items' walks through their runs touch every bank once. The work-group
   * is (LS_STAGE, 1, 1): y and z are exact, only x runs past the row. */
  __local IMAGE_labels_PIXEL_TYPE tile[LS_STAGE * (LS_RUN + 1)];
  const int first = (int)get_group_id(0) * LS_STAGE * LS_RUN; /* the group's first pixel */
  for (int j = 0; j < LS_RUN; j++) {
    const int p = j * LS_STAGE + (int)get_local_id(0);
    if (first + p < w)
      tile[p + p / LS_RUN] = labels[row + first + p];
  }
  barrier(CLK_LOCAL_MEM_FENCE);
#define LS_LABEL_AT(x) tile[((x)-first) + ((x)-first) / LS_RUN]
#else
#define LS_LABEL_AT(x) labels[row + (x)]
#endif
  if (x0 >= w || y >= h || z >= d)
    return;
  const int x1 = min(x0 + LS_RUN, w);
  const long N = n_labels;
  __global uint *I = (__global uint *)ints; /* (low, high) words of ulong entries */
  __global int *B = (__global int *)bbox;
#if LS_INTENSITY
  __global uint *F = (__global uint *)fixed; /* (low, high) words of long entries, two's complement */
  __global int *V = (__global int *)vrange;
  const REAL scale_v = ldexp((REAL)1, e_v), scale_vx = ldexp((REAL)1, e_vx);
  long sv = 0, svx = 0, svy = 0, svz = 0;
  float vmin = INFINITY, vmax = -INFINITY;
#endif
  int start = x0;
  uint current = (uint)LS_LABEL_AT(x0);
  for (int x = x0; x <= x1; x++) {
    const uint l = x < x1 ? (uint)LS_LABEL_AT(x) : 0xffffffffu; /* x1: a sentinel that flushes the last run */
    if (l != current) {
      const long k = (long)current;
      if (!(LS_SKIP_BACKGROUND && k == 0)) {
        const ulong c = (ulong)(x - start);
        add64(I + 2 * k, c);
#if !LS_COUNTS_ONLY
        add64(I + 2 * (N + k), c * (ulong)(start + x - 1) / 2);
        add64(I + 2 * (2 * N + k), c * (ulong)y);
        add64(I + 2 * (3 * N + k), c * (ulong)z);
        atomic_max(&B[k], INT_MAX - start);
        atomic_max(&B[N + k], x);
        atomic_max(&B[2 * N + k], INT_MAX - y);
        atomic_max(&B[3 * N + k], y + 1);
        atomic_max(&B[4 * N + k], INT_MAX - z);
        atomic_max(&B[5 * N + k], z + 1);
#endif
#if LS_INTENSITY
        add64(F + 2 * k, (ulong)sv);
        add64(F + 2 * (N + k), (ulong)svx);
        add64(F + 2 * (2 * N + k), (ulong)svy);
        add64(F + 2 * (3 * N + k), (ulong)svz);
        atomic_max(&V[k], ~ls_order_key(vmin)); /* ~ reverses the order: the max of ~key is ~(the min key) */
        atomic_max(&V[N + k], ls_order_key(vmax));
#endif
      }
#if LS_INTENSITY
      sv = svx = svy = svz = 0;
      vmin = INFINITY;
      vmax = -INFINITY;
#endif
      current = l;
      start = x;
    }
#if LS_INTENSITY
    if (x < x1) {
      const REAL v = (REAL)intensity[row + x];
      sv += (long)rint(v * scale_v);
      svx += (long)rint(v * (REAL)x * scale_vx);
      svy += (long)rint(v * (REAL)y * scale_vx);
      svz += (long)rint(v * (REAL)z * scale_vx);
      vmin = fmin(vmin, (float)v);
      vmax = fmax(vmax, (float)v);
    }
#endif
  }
}
#endif

#if defined(IMAGE_fixed_TYPE) && !defined(IMAGE_labels_TYPE)
/* label_stats_atomic's totals into the tables the host reads: the box
 * decoded, the fixed-point sums and min/max keys (LS_INTENSITY) as REAL in
 * reals (the slots' layout), and the label's centers. One work-item per
 * label. */
__kernel void label_stats_merge_atomic(IMAGE_ints_TYPE ints, IMAGE_bbox_TYPE bbox, IMAGE_fixed_TYPE fixed,
                                       IMAGE_vrange_TYPE vrange, IMAGE_reals_TYPE reals, IMAGE_centers_TYPE centers,
                                       int n_labels, int e_v, int e_vx)
{
  const long l = (long)get_global_id(0);
  const long N = n_labels;
  if (l >= N)
    return;
  const __global ulong *I = (const __global ulong *)ints;
  __global int *B = (__global int *)bbox;
  for (long k = 0; k < 6; k += 2) {
    B[k * N + l] = INT_MAX - B[k * N + l];
    B[(k + 1) * N + l] = B[(k + 1) * N + l] - 1;
  }
  __global REAL *R = (__global REAL *)reals;
#if LS_INTENSITY
  const __global long *F = (const __global long *)fixed;
  const __global int *V = (const __global int *)vrange;
  R[l] = ldexp((REAL)F[l], -e_v);
  for (long k = 1; k < 4; k++)
    R[k * N + l] = ldexp((REAL)F[k * N + l], -e_vx);
  for (long k = 4; k < 6; k++) { /* a key back to its float; an untouched one (INT_MIN) decodes to NaN */
    const int key = k == 4 ? ~V[l] : V[N + l];
    R[k * N + l] = (REAL)as_float(key >= 0 ? key : key ^ 0x7fffffff);
  }
#endif
  __global REAL *C = (__global REAL *)centers;
  ls_centers(I, R, C, l, N);
#if LS_INTENSITY
  if (I[l] == 1 && R[l] != 0) { /* one pixel: its mass center is the pixel, not a ratio of two roundings */
    C[4 * N + l] = C[l];
    C[5 * N + l] = C[N + l];
    C[6 * N + l] = C[2 * N + l];
  }
#endif
}
#endif

#if defined(IMAGE_labels_TYPE) && defined(IMAGE_sfixed_TYPE)
/* Pass 2 in one launch (after label_stats_merge_atomic): as pass 2 below,
 * the sums of (v - mean)^2 (fixed point, 2^-e_sq) and of the distances to
 * the centroid and the mass center (2^-e_d) through 64-bit integer atomics,
 * their maxima through the distances' float bits (non-negative floats order
 * as their bits: float32-rounded). sfixed and smax are zeroed by the host. */
__kernel void label_stats_atomic2(IMAGE_labels_TYPE labels, IMAGE_intensity_TYPE intensity, IMAGE_centers_TYPE centers,
                                  IMAGE_sfixed_TYPE sfixed, IMAGE_smax_TYPE smax, int n_labels, int e_sq, int e_d)
{
  const int cx = (int)get_global_id(0), y = (int)get_global_id(1), z = (int)get_global_id(2);
  const int w = GET_IMAGE_WIDTH(labels), h = GET_IMAGE_HEIGHT(labels), d = GET_IMAGE_DEPTH(labels);
  const int x0 = cx * LS_RUN;
  if (x0 >= w || y >= h || z >= d)
    return;
  const int x1 = min(x0 + LS_RUN, w);
  const long N = n_labels;
  const __global REAL *C = (const __global REAL *)centers;
  __global uint *F = (__global uint *)sfixed;
  __global int *M = (__global int *)smax;
  const REAL scale_sq = ldexp((REAL)1, e_sq), scale_d = ldexp((REAL)1, e_d);
  const long row = ((long)z * h + y) * w;
  long s_sq = 0, s_dc = 0, s_dm = 0;
  float m_dc = 0, m_dm = 0;
  uint current = (uint)labels[row + x0];
  for (int x = x0; x <= x1; x++) {
    const uint l = x < x1 ? (uint)labels[row + x] : 0xffffffffu;
    if (l != current) {
      const long k = (long)current;
      if (!(LS_SKIP_BACKGROUND && k == 0)) {
        add64(F + 2 * k, (ulong)s_sq);
        add64(F + 2 * (N + k), (ulong)s_dc);
        add64(F + 2 * (2 * N + k), (ulong)s_dm);
        atomic_max(&M[k], as_int(m_dc));
        atomic_max(&M[N + k], as_int(m_dm));
      }
      s_sq = s_dc = s_dm = 0;
      m_dc = m_dm = 0;
      current = l;
    }
    if (x < x1) {
      const long k = (long)l;
      const REAL dx = (REAL)x - C[k], dy = (REAL)y - C[N + k], dz = (REAL)z - C[2 * N + k];
      const REAL dc = sqrt(dx * dx + dy * dy + dz * dz);
      s_dc += (long)rint(dc * scale_d);
      m_dc = fmax(m_dc, (float)dc);
#if LS_INTENSITY
      const REAL dv = (REAL)intensity[row + x] - C[3 * N + k];
      s_sq += (long)rint(dv * dv * scale_sq);
      const REAL mx = (REAL)x - C[4 * N + k], my = (REAL)y - C[5 * N + k], mz = (REAL)z - C[6 * N + k];
      const REAL dm = sqrt(mx * mx + my * my + mz * mz);
      s_dm +=
          isnan(dm) ? 0 : (long)rint(dm * scale_d); /* no mass center (intensities summing to 0): the host says NaN */
      m_dm = fmax(m_dm, (float)dm);
#endif
    }
  }
}
#endif

#if defined(IMAGE_sfixed_TYPE) && !defined(IMAGE_labels_TYPE)
/* label_stats_atomic2's totals as REAL into spread (pass 2's layout). */
__kernel void label_stats_merge_atomic2(IMAGE_sfixed_TYPE sfixed, IMAGE_smax_TYPE smax, IMAGE_spread_TYPE spread,
                                        int n_labels, int e_sq, int e_d)
{
  const long l = (long)get_global_id(0);
  const long N = n_labels;
  if (l >= N)
    return;
  const __global long *F = (const __global long *)sfixed;
  const __global float *M = (const __global float *)smax;
  __global REAL *S = (__global REAL *)spread;
  S[l] = ldexp((REAL)F[l], -e_sq);
  S[N + l] = ldexp((REAL)F[N + l], -e_d);
  S[2 * N + l] = (REAL)M[l];
  S[3 * N + l] = ldexp((REAL)F[2 * N + l], -e_d);
  S[4 * N + l] = (REAL)M[N + l];
}
#endif

#if defined(IMAGE_ints_rest_TYPE) && !defined(IMAGE_labels_TYPE)
/* Fold slots 1..n_slots-1 into slot 0 for label get_global_id(0), in slot
 * order, then the label's centers from the totals. */
__kernel void label_stats_merge1(IMAGE_ints_TYPE ints, IMAGE_bbox_TYPE bbox, IMAGE_reals_TYPE reals,
                                 IMAGE_ints_rest_TYPE ints_rest, IMAGE_bbox_rest_TYPE bbox_rest,
                                 IMAGE_reals_rest_TYPE reals_rest, IMAGE_centers_TYPE centers, int n_labels,
                                 int n_slots)
{
  const long l = (long)get_global_id(0);
  const long N = n_labels;
  if (l >= N)
    return;
  __global ulong *I = (__global ulong *)ints;
  __global int *B = (__global int *)bbox;
  const __global ulong *IR = (const __global ulong *)ints_rest;
  const __global int *BR = (const __global int *)bbox_rest;
  for (long s = 0; s < n_slots - 1; s++) {
    for (long k = 0; k < 4; k++)
      I[k * N + l] += IR[(s * 4 + k) * N + l];
    for (long k = 0; k < 6; k += 2) {
      B[k * N + l] = min(B[k * N + l], BR[(s * 6 + k) * N + l]);
      B[(k + 1) * N + l] = max(B[(k + 1) * N + l], BR[(s * 6 + k + 1) * N + l]);
    }
  }
  __global REAL *R = (__global REAL *)reals;
#if LS_INTENSITY
  const __global REAL *RR = (const __global REAL *)reals_rest;
  for (long s = 0; s < n_slots - 1; s++) {
    for (long k = 0; k < 4; k++)
      R[k * N + l] += RR[(s * 6 + k) * N + l];
    R[4 * N + l] = fmin(R[4 * N + l], RR[(s * 6 + 4) * N + l]);
    R[5 * N + l] = fmax(R[5 * N + l], RR[(s * 6 + 5) * N + l]);
  }
#endif
  ls_centers((const __global ulong *)I, R, (__global REAL *)centers, l, N);
}
#endif

#if defined(IMAGE_labels_TYPE) && defined(IMAGE_spread_TYPE)
/* Pass 2 (after merge1): deviations from the label's mean and distances to
 * its centers, slot c from the pixels of chunk c. */
__kernel void label_stats_pass2(IMAGE_labels_TYPE labels, IMAGE_intensity_TYPE intensity, IMAGE_centers_TYPE centers,
                                IMAGE_spread_TYPE spread, IMAGE_spread_rest_TYPE spread_rest, int n_labels,
                                int n_pixels, int chunk)
{
  const int c = (int)get_global_id(0);
  const long start = (long)c * chunk;
  if (start >= n_pixels)
    return;
  const long end = min(start + (long)chunk, (long)n_pixels);
  const long N = n_labels;
  const __global REAL *C = (const __global REAL *)centers;
  __global REAL *S = c ? (__global REAL *)spread_rest + (long)(c - 1) * 5 * N : (__global REAL *)spread;
  for (long k = 0; k < 5 * N; k++)
    S[k] = 0;
  const int w = GET_IMAGE_WIDTH(labels), h = GET_IMAGE_HEIGHT(labels);
  int x = (int)(start % w), y = (int)((start / w) % h), z = (int)(start / ((long)w * h));
  for (long i = start; i < end; i++) {
    const long l = (long)(uint)labels[i];
    const REAL dx = (REAL)x - C[l], dy = (REAL)y - C[N + l], dz = (REAL)z - C[2 * N + l];
    const REAL d = sqrt(dx * dx + dy * dy + dz * dz);
    S[N + l] += d;
    S[2 * N + l] = fmax(S[2 * N + l], d);
#if LS_INTENSITY
    const REAL v = (REAL)intensity[i];
    const REAL dv = v - C[3 * N + l];
    S[l] += dv * dv;
    const REAL mx = (REAL)x - C[4 * N + l], my = (REAL)y - C[5 * N + l], mz = (REAL)z - C[6 * N + l];
    const REAL dm = sqrt(mx * mx + my * my + mz * mz);
    S[3 * N + l] += dm;
    S[4 * N + l] = fmax(S[4 * N + l], dm);
#endif
    ls_next_pixel(&x, &y, &z, w, h);
  }
}
#endif

#if defined(IMAGE_spread_rest_TYPE) && !defined(IMAGE_labels_TYPE)
/* Fold the spread slots into slot 0, in slot order. */
__kernel void label_stats_merge2(IMAGE_spread_TYPE spread, IMAGE_spread_rest_TYPE spread_rest, int n_labels,
                                 int n_slots)
{
  const long l = (long)get_global_id(0);
  const long N = n_labels;
  if (l >= N)
    return;
  __global REAL *S = (__global REAL *)spread;
  const __global REAL *SR = (const __global REAL *)spread_rest;
  for (long s = 0; s < n_slots - 1; s++) {
    S[l] += SR[(s * 5) * N + l];
    S[N + l] += SR[(s * 5 + 1) * N + l];
    S[2 * N + l] = fmax(S[2 * N + l], SR[(s * 5 + 2) * N + l]);
    S[3 * N + l] += SR[(s * 5 + 3) * N + l];
    S[4 * N + l] = fmax(S[4 * N + l], SR[(s * 5 + 4) * N + l]);
  }
}
#endif
