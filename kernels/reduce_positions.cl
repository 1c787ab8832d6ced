/* reduce_positions: whole-image reductions over the pixels' positions, one
 * record per work-group into `partials`, combined by the host in group
 * order (runtime/families/reduce_positions.c). CLE_RP_MODE picks what is
 * reduced:
 *   1 (extreme)  the largest (CLE_RP_MAX 1) or smallest pixel value and the
 *                smallest linear index holding it (numpy's argmax order);
 *                NaN pixels are skipped; reduce_positions_masked counts
 *                only the pixels whose mask pixel is not 0. Record: index (long, -1
 *                when no pixel counted), value (pixel type, exact).
 *   2 (box)      the smallest and largest x, y, z of the pixels that are
 *                not 0. Record: 6 longs (LONG_MAX / -1 when none).
 *   3 (moments)  sum(v), sum(v x), sum(v y), sum(v z) over all pixels, in
 *                double (float without CLE_FP64). Record: 4 sums.
 * Layout as reduce_all's: CLE_CHUNKED 1 (CPUs): work-groups of one item,
 * each a contiguous run of pixels; 0 (GPUs): groups of CLE_WG items
 * striding over the image, combined in local memory by a fixed tree. The
 * order of every operation depends only on the size and the launch shape,
 * so the sums are the same on every run. Records are CLE_RP_SLOTS 8-byte
 * slots. */

#if CLE_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define SUM_T double
#else
#define SUM_T float
#endif

#if !defined(CLE_WG) || !defined(CLE_CHUNKED) || !defined(CLE_RP_MODE) || !defined(CLE_RP_SLOTS)
#error "reduce_positions needs CLE_WG, CLE_CHUNKED, CLE_RP_MODE, CLE_RP_SLOTS"
#endif

typedef IMAGE_src_PIXEL_TYPE pix_t;

#if CLE_RP_MODE == 1
#define CLE_RP_N 2
#elif CLE_RP_MODE == 2
#define CLE_RP_N 6
#else
#define CLE_RP_N 4
#endif

/* The item's state: CLE_RP_N values. Extreme: v[0] the index (as long),
 * best the value. Box: six longs. Moments: four sums. */
typedef struct rp_state {
  long l[6];
  SUM_T s[4];
  pix_t best;
} rp_state;

inline void rp_init(rp_state *st)
{
  for (int k = 0; k < 3; k++) {
    st->l[k] = LONG_MAX;
    st->l[k + 3] = -1;
  }
  st->l[0] = CLE_RP_MODE == 1 ? -1 : st->l[0];
  for (int k = 0; k < 4; k++)
    st->s[k] = 0;
  st->best = 0;
}

#if CLE_RP_MODE == 1
/* Whether (value a at index ia) beats (b at ib); an index of -1 is no pixel. */
inline bool rp_beats(pix_t a, long ia, pix_t b, long ib)
{
  if (ia < 0)
    return false;
  if (ib < 0)
    return true;
#if CLE_RP_MAX
  return a > b || (a == b && ia < ib);
#else
  return a < b || (a == b && ia < ib);
#endif
}
#endif

/* Fold st2 into st (st2 holds later or other pixels; the rules are order-free). */
inline void rp_merge(rp_state *st, const rp_state *st2)
{
#if CLE_RP_MODE == 1
  if (rp_beats(st2->best, st2->l[0], st->best, st->l[0])) {
    st->best = st2->best;
    st->l[0] = st2->l[0];
  }
#elif CLE_RP_MODE == 2
  for (int k = 0; k < 3; k++) {
    st->l[k] = min(st->l[k], st2->l[k]);
    st->l[k + 3] = max(st->l[k + 3], st2->l[k + 3]);
  }
#else
  for (int k = 0; k < 4; k++)
    st->s[k] += st2->s[k];
#endif
}

/* Visit pixel i (counted is whether the mask lets it in). */
inline void rp_visit(rp_state *st, pix_t v, bool counted, size_t i, size_t width, size_t height)
{
#if CLE_RP_MODE == 1
  if (!counted || v != v) /* masked out, or NaN */
    return;
  if (rp_beats(v, (long)i, st->best, st->l[0])) {
    st->best = v;
    st->l[0] = (long)i;
  }
#else
  (void)counted;
  const long x = (long)(i % width), y = (long)((i / width) % height), z = (long)(i / (width * height));
#if CLE_RP_MODE == 2
  if (v == 0)
    return;
  st->l[0] = min(st->l[0], x);
  st->l[1] = min(st->l[1], y);
  st->l[2] = min(st->l[2], z);
  st->l[3] = max(st->l[3], x);
  st->l[4] = max(st->l[4], y);
  st->l[5] = max(st->l[5], z);
#else
  const SUM_T w = (SUM_T)v;
  st->s[0] += w;
  st->s[1] += w * (SUM_T)x;
  st->s[2] += w * (SUM_T)y;
  st->s[3] += w * (SUM_T)z;
#endif
#endif
}

/* The kernels' body; COUNTED(i) says whether pixel i counts. */
#if CLE_CHUNKED
#define RP_RANGE                                        \
  const size_t per = (n + items - 1) / items, step = 1; \
  size_t i = gid * per;                                 \
  const size_t end = min(n, i + per);
#else
#define RP_RANGE  \
  size_t i = gid; \
  const size_t end = n, step = items;
#endif

#if CLE_WG > 1
#define RP_GROUP_COMBINE                                                \
  __local rp_state local_states[CLE_WG];                                \
  const int lid = get_local_id(0);                                      \
  local_states[lid] = st;                                               \
  barrier(CLK_LOCAL_MEM_FENCE);                                         \
  for (int s = CLE_WG / 2; s > 0; s >>= 1) {                            \
    if (lid < s) {                                                      \
      rp_state mine = local_states[lid], other = local_states[lid + s]; \
      rp_merge(&mine, &other);                                          \
      local_states[lid] = mine;                                         \
    }                                                                   \
    barrier(CLK_LOCAL_MEM_FENCE);                                       \
  }                                                                     \
  st = local_states[0];
#else
#define RP_GROUP_COMBINE
#endif

inline void rp_store(__global long *partials, const rp_state *st)
{
  __global long *out = partials + CLE_RP_SLOTS * get_group_id(0);
#if CLE_RP_MODE == 1
  out[0] = st->l[0];
  *(__global pix_t *)(out + 1) = st->best;
#elif CLE_RP_MODE == 2
  for (int k = 0; k < 6; k++)
    out[k] = st->l[k];
#else
  for (int k = 0; k < 4; k++)
    *(__global SUM_T *)(out + k) = st->s[k];
#endif
}

#define RP_BODY(COUNTED)                                                     \
  const size_t width = GET_IMAGE_WIDTH(src), height = GET_IMAGE_HEIGHT(src); \
  const size_t n = width * height * GET_IMAGE_DEPTH(src);                    \
  const size_t items = get_global_size(0), gid = get_global_id(0);           \
  RP_RANGE                                                                   \
  rp_state st;                                                               \
  rp_init(&st);                                                              \
  for (; i < end; i += step)                                                 \
    rp_visit(&st, src[i], COUNTED(i), i, width, height);                     \
  RP_GROUP_COMBINE                                                           \
  if (get_local_id(0) == 0)                                                  \
    rp_store((__global long *)partials, &st);

/* A program holds the kernel of its inputs only: the runtime defines
 * IMAGE_mask_TYPE when a mask is bound. */
#ifndef IMAGE_mask_TYPE
#define RP_ALL(i) true
__kernel void reduce_positions(IMAGE_src_TYPE src, IMAGE_partials_TYPE partials){RP_BODY(RP_ALL)}
#else
#define RP_MASKED(i) (mask[i] != 0)
__kernel void reduce_positions_masked(IMAGE_src_TYPE src, IMAGE_mask_TYPE mask, IMAGE_partials_TYPE partials)
{
  RP_BODY(RP_MASKED)
}
#endif
