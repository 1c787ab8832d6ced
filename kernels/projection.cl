/* projection: the projections along x, y or z (maximum, minimum, sum, mean,
 * standard deviation, the position of the maximum or minimum). The runtime
 * (runtime/families/projection.c) defines
 *   CLE_P_AXIS              0 x, 1 y, 2 z
 *   CLE_FP64                1 where the device has cl_khr_fp64
 * and the op's spec (generated cle_ops.c) either a fold of its own rule
 *   CLE_P_ACC_T             accumulator type (the pixel type, or float)
 *   CLE_P_COMBINE(acc, v)   the next pixel's value v, converted to the
 *                           accumulator type
 *   CLE_P_FINISH(acc)       the value written (before saturation to dst's
 *                           type); cle_n is the count along the axis
 * or one of the fixed rules, CLE_P_RULE:
 *   CLE_P_MAXIMUM_POSITION  the index of the first pixel greater than every
 *   CLE_P_MINIMUM_POSITION  one before it (smaller than) -- where the maximum
 *                           (minimum) projection's fold takes its value
 *   CLE_P_STANDARD_DEVIATION  sqrt(sum (v - mean)^2 / (n - ddof)), NaN when
 *                           n <= ddof, in one pass of the deviations from
 *                           the first pixel K: s1 = sum (v - K), s2 = sum
 *                           (v - K)^2, m2 = s2 - s1 * s1 / n (clamped at 0),
 *                           in double where CLE_FP64, else float
 *   CLE_P_VARIANCE          the same without the square root:
 *                           sum (v - mean)^2 / (n - ddof), NaN when n <= ddof
 * Every output pixel starts from index 0 of its line and takes 1, 2, ... in
 * order, in every layout, so all give the same bits -- except where the order
 * cannot change them. Decision: 8-bit sums are exact, so their order is
 * free. An 8-bit pixel is an integer of at most 255 in magnitude, so every
 * partial sum of a line of at most 65793 (2^24 / 255) pixels is an integer
 * below 2^24, exact in float32: the in-order float fold gives the exact sum,
 * which any order gives too (and the mean, the sum's finish, with it). The
 * maximum and minimum of integers never depend on the order. So 8-bit sums
 * (lines up to 65793 pixels), means, maximums and minimums along x may take
 * projection_split on GPUs, which splits each line among several work-items;
 * std (rounded at each step) and the positions (the first of equal
 * extremes) keep the in-order layouts, as do 16-bit and wider pixels.
 *
 * The geometry: a projection is `batches` independent blocks of `n` planes of
 * `plane` pixels, the output one plane per block (output index b * plane + p,
 * which is numpy's order of the reduced array, keepdims or not):
 *   x: plane 1, n = width, batches = height * depth (each line a block)
 *   y: plane width, n = height, batches = depth
 *   z: plane width * height, n = depth, batches 1
 *
 * projection_columns (GPUs): one work-item per output pixel walks its line,
 * CLE_P_UNROLL steps' loads at a time (host: 16 bytes' worth of pixels);
 * along y and z each step of a work-group is one coalesced row read. (On the
 * H200, 16 pixels per item with 16-byte loads left too few work-items for a
 * 512 x 512 plane: 8-bit 512^3 took 1.8x as long; 4 gained nothing for
 * float32.) Along x each item would read its own contiguous line,
 * uncoalesced (H200, float32 512^3: 0.71 ms, where y and z run at 1.9 TB/s
 * for 8-bit and 4.3 TB/s for float32 images, 0.07 / 0.13 ms): it stays for
 * lines shorter than 64 pixels, where neighbouring items' lines share cache
 * lines. With CLE_P_LANES 4 (8- and 16-bit pixels, planes a multiple of 4,
 * enough items) an item folds 4 neighbouring output pixels from vector
 * loads: H200 1024^3 uint8 maximum along z 0.49 -> 0.28 ms, 56 -> 97 % of
 * the copy bandwidth. projection_rows (GPUs, along x): still one item per line, folding
 * it in order, but a group's lines pass through local memory 64 pixels each
 * at a time, read by the group with coalesced loads.
 * projection_split (GPUs, along x, the order-free 8-bit rules above):
 * several items per line read it as 16-byte (or narrower) vectors, coalesced,
 * fold them in registers (sums in int) and merge in local memory. It
 * replaces projection_rows_packed for these rules, which reached 64-74 % of
 * the copy bandwidth for H200 1024^3 uint8 along x (split: maximum 95 %,
 * mean 91 %, bench/results/h200-s10).
 * projection_slab (CPU devices): work-item g owns one contiguous run of the
 * output and walks it in tiles of at most CLE_P_TILE pixels within one block,
 * the axis outermost, so each step reads one contiguous run (sequential,
 * vectorizable) into a private tile; one item per pixel read one pixel per
 * plane per step, which pocl ran at 2.6 GB/s. Along x a tile is CLE_P_TILE
 * lines read side by side (one line at a time was bound by its chain of
 * dependent steps: 0.4 GB/s for an 8-bit maximum).
 * Bytes moved: N * sizeof src + (N / n) * sizeof dst for N pixels. */

#if !defined(CLE_P_AXIS) || !defined(CLE_FP64)
#error "projection needs CLE_P_AXIS and CLE_FP64"
#endif

#if CLE_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double cle_p_real;
#else
typedef float cle_p_real;
#endif

#define CLE_P_MAXIMUM_POSITION 1
#define CLE_P_MINIMUM_POSITION 2
#define CLE_P_STANDARD_DEVIATION 3
#define CLE_P_VARIANCE 4

/* cle_p_acc, CLE_P_INIT(acc, v), CLE_P_STEP(acc, v, s) for the pixel v of
 * index s >= 1, CLE_P_RESULT(acc) (cle_n and ddof in scope). */
#if defined(CLE_P_RULE) && (CLE_P_RULE == CLE_P_MAXIMUM_POSITION || CLE_P_RULE == CLE_P_MINIMUM_POSITION)
typedef struct {
  IMAGE_src_PIXEL_TYPE best;
  uint at;
} cle_p_acc;
#if CLE_P_RULE == CLE_P_MAXIMUM_POSITION
#define CLE_P_BETTER(v, best) ((v) > (best))
#else
#define CLE_P_BETTER(v, best) ((v) < (best))
#endif
#define CLE_P_INIT(acc, v) ((acc).best = (v), (acc).at = 0)
#define CLE_P_STEP(acc, v, s)          \
  do {                                 \
    if (CLE_P_BETTER(v, (acc).best)) { \
      (acc).best = (v);                \
      (acc).at = (uint)(s);            \
    }                                  \
  } while (0)
#define CLE_P_RESULT(acc) ((acc).at)

#elif defined(CLE_P_RULE) && (CLE_P_RULE == CLE_P_STANDARD_DEVIATION || CLE_P_RULE == CLE_P_VARIANCE)
typedef struct {
  cle_p_real k, s1, s2;
} cle_p_acc;
#define CLE_P_INIT(acc, v) ((acc).k = (cle_p_real)(v), (acc).s1 = 0, (acc).s2 = 0)
#define CLE_P_STEP(acc, v, s)                        \
  do {                                               \
    const cle_p_real d_ = (cle_p_real)(v) - (acc).k; \
    (acc).s1 += d_;                                  \
    (acc).s2 += d_ * d_;                             \
  } while (0)
inline cle_p_real cle_p_deviation(cle_p_acc acc, size_t n, int ddof)
{
  const long dof = (long)n - ddof;
  if (dof <= 0)
    return (cle_p_real)NAN;
  cle_p_real m2 = acc.s2 - acc.s1 * acc.s1 / (cle_p_real)n;
  m2 = m2 < 0 ? 0 : m2; /* rounding; NaN stays */
#if CLE_P_RULE == CLE_P_VARIANCE
  return m2 / (cle_p_real)dof;
#else
  return sqrt(m2 / (cle_p_real)dof);
#endif
}
#define CLE_P_RESULT(acc) cle_p_deviation(acc, cle_n, ddof)

#elif !defined(CLE_P_RULE) && defined(CLE_P_ACC_T) && defined(CLE_P_COMBINE) && defined(CLE_P_FINISH)
typedef CLE_P_ACC_T cle_p_acc;
#define CLE_P_INIT(acc, v) ((acc) = (cle_p_acc)(v))
#define CLE_P_STEP(acc, v, s) ((acc) = CLE_P_COMBINE((acc), (cle_p_acc)(v)))
#define CLE_P_RESULT(acc) CLE_P_FINISH(acc)

#else
#error "projection needs CLE_P_RULE, or CLE_P_ACC_T, CLE_P_COMBINE and CLE_P_FINISH"
#endif

/* plane, cle_n (steps along the axis) and batches of src. */
#if CLE_P_AXIS == 0
#define CLE_P_GEOMETRY(src)                             \
  const size_t plane = 1, cle_n = GET_IMAGE_WIDTH(src); \
  const size_t batches = (size_t)GET_IMAGE_HEIGHT(src) * GET_IMAGE_DEPTH(src)
#elif CLE_P_AXIS == 1
#define CLE_P_GEOMETRY(src)                                                 \
  const size_t plane = GET_IMAGE_WIDTH(src), cle_n = GET_IMAGE_HEIGHT(src); \
  const size_t batches = GET_IMAGE_DEPTH(src)
#else
#define CLE_P_GEOMETRY(src)                                                                                \
  const size_t plane = (size_t)GET_IMAGE_WIDTH(src) * GET_IMAGE_HEIGHT(src), cle_n = GET_IMAGE_DEPTH(src); \
  const size_t batches = 1
#endif

#ifdef CLE_P_LANES
/* projection_columns: CLE_P_LANES (1 or 4) neighbouring output pixels per
 * item. With 4 (along y and z, 8- and 16-bit pixels, planes a multiple of 4
 * wide) each step loads the 4 pixels as one vector, so a warp reads 128
 * (256) contiguous bytes of a row instead of 32 (64). Each lane folds its
 * own pixel's line in order: the same bits. CLE_P_UNPACK(v, x) spreads a
 * step's load v over the lanes' pixels x[]. */
#define CLE_P_VEC_(T, N) T##N
#define CLE_P_VEC(T, N) CLE_P_VEC_(T, N)
#if CLE_P_LANES == 1
typedef IMAGE_src_PIXEL_TYPE cle_p_vec;
#define CLE_P_UNPACK(v, x) ((x)[0] = (v))
#elif CLE_P_LANES == 4
typedef CLE_P_VEC(IMAGE_src_PIXEL_TYPE, CLE_P_LANES) cle_p_vec;
#define CLE_P_UNPACK(v, x) vstore4((v), 0, (x))
#else
#error "projection_columns takes 1 or 4 lanes"
#endif

__kernel void projection_columns(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, int ddof)
{
  CLE_P_GEOMETRY(src);
  const size_t i = get_global_id(0) * CLE_P_LANES; /* the first of its output pixels */
  if (i >= plane * batches)
    return;
#if CLE_P_AXIS == 2
  const size_t b = 0, p = i;
#elif CLE_P_AXIS == 0
  const size_t b = i, p = 0;
#else
  const size_t b = i / plane, p = i - b * plane;
#endif
  /* with 4 lanes plane is a multiple of 4: every step's vector is aligned */
  const __global cle_p_vec *line = (const __global cle_p_vec *)(src + b * cle_n * plane + p);
  const size_t stride = plane / CLE_P_LANES;
  cle_p_acc acc[CLE_P_LANES];
  IMAGE_src_PIXEL_TYPE first[CLE_P_LANES];
  CLE_P_UNPACK(line[0], first);
#pragma unroll
  for (int k = 0; k < CLE_P_LANES; k++)
    CLE_P_INIT(acc[k], first[k]);
  size_t s = 1;
  /* CLE_P_UNROLL loads issued before their folds: one small load in flight
   * per item is too little to cover the memory's latency for 8- and 16-bit
   * pixels (H200, 1024^3 maximum along z: uint8 0.75 -> 0.49 ms, uint16
   * 2.2 -> 0.77 ms; float32 1.0 ms either way). The folds keep their order. */
  for (; s + CLE_P_UNROLL <= cle_n; s += CLE_P_UNROLL) {
    cle_p_vec v[CLE_P_UNROLL];
#pragma unroll
    for (int u = 0; u < CLE_P_UNROLL; u++)
      v[u] = line[(s + u) * stride];
#pragma unroll
    for (int u = 0; u < CLE_P_UNROLL; u++) {
      IMAGE_src_PIXEL_TYPE x[CLE_P_LANES];
      CLE_P_UNPACK(v[u], x);
#pragma unroll
      for (int k = 0; k < CLE_P_LANES; k++)
        CLE_P_STEP(acc[k], x[k], s + u);
    }
  }
  for (; s < cle_n; s++) {
    IMAGE_src_PIXEL_TYPE x[CLE_P_LANES];
    CLE_P_UNPACK(line[s * stride], x);
#pragma unroll
    for (int k = 0; k < CLE_P_LANES; k++)
      CLE_P_STEP(acc[k], x[k], s);
  }
#pragma unroll
  for (int k = 0; k < CLE_P_LANES; k++)
    dst[i + k] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, CLE_P_RESULT(acc[k]));
}
#endif

#ifdef CLE_P_TILE
/* Along y and z a tile is a run of one block's plane (pixel t of step s at
 * base[s * plane + t]); along x it is up to CLE_P_TILE whole lines, walked
 * side by side (pixel t of step s at base[t * n + s]): each line is read in
 * order, and the steps of different lines do not wait for each other. */
#if CLE_P_AXIS == 0
#define CLE_P_AT(base, t, s) (base)[(size_t)(t)*cle_n + (s)]
#else
#define CLE_P_AT(base, t, s) (base)[(s)*plane + (size_t)(t)]
#endif

__kernel void projection_slab(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, int ddof)
{
  CLE_P_GEOMETRY(src);
  const size_t total = plane * batches, items = get_global_size(0);
  const size_t per = (total + items - 1) / items;
  const size_t begin = min(total, get_global_id(0) * per), end = min(total, begin + per);
  cle_p_acc acc[CLE_P_TILE];
  for (size_t t0 = begin; t0 < end;) {
#if CLE_P_AXIS == 0
    const int len = (int)min((size_t)CLE_P_TILE, end - t0);
    const __global IMAGE_src_PIXEL_TYPE *base = src + t0 * cle_n;
#else
    const size_t b = t0 / plane, p0 = t0 - b * plane; /* a tile stays within one block */
    const int len = (int)min((size_t)CLE_P_TILE, min(end - t0, plane - p0));
    const __global IMAGE_src_PIXEL_TYPE *base = src + b * cle_n * plane + p0;
#endif
    for (int t = 0; t < len; t++)
      CLE_P_INIT(acc[t], CLE_P_AT(base, t, 0));
    for (size_t s = 1; s < cle_n; s++) {
      for (int t = 0; t < len; t++) {
        const IMAGE_src_PIXEL_TYPE v = CLE_P_AT(base, t, s);
        CLE_P_STEP(acc[t], v, s);
      }
    }
    for (int t = 0; t < len; t++)
      dst[t0 + t] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, CLE_P_RESULT(acc[t]));
    t0 += (size_t)len;
  }
}
#endif

#ifdef CLE_P_CHUNK
/* projection_rows (GPUs, along x, lines of at least CLE_P_CHUNK pixels): a
 * work-group of CLE_P_GROUP items takes blocks of CLE_P_GROUP consecutive
 * lines (item l line l), block after block (a persistent grid: a few groups
 * per compute unit, so the last wave is not a half-empty one). The lines
 * pass through local memory CLE_P_CHUNK (64) pixels at a time: every load
 * of a warp reads 32 consecutive pixels of one line, and the next chunk is
 * loaded into registers while the items fold the current one out of local
 * memory, each its own line in order -- from index 0 upwards, as in
 * projection_columns, so both give the same bits. A tile row holds the
 * chunk plus 4 bytes, an odd number of 4-byte words: the items' reads of
 * their own rows touch every bank once. (H200, float32 512^3 maximum: one
 * item per line reading its own line took 0.71 ms; 64-byte chunks staged
 * without the register prefetch, 0.65 ms.) */
#define CLE_P_STRIDE (CLE_P_CHUNK + 4 / (int)sizeof(IMAGE_src_PIXEL_TYPE))
#define CLE_P_ROWS_PER_LOAD (CLE_P_GROUP / CLE_P_CHUNK) /* lines one load of the group covers */

__kernel void projection_rows(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, int ddof)
{
  __local IMAGE_src_PIXEL_TYPE tile[CLE_P_GROUP * CLE_P_STRIDE];
  CLE_P_GEOMETRY(src);
  (void)plane;
  const int l = (int)get_local_id(0), col = l % CLE_P_CHUNK, row = l / CLE_P_CHUNK;
  const size_t blocks = (batches + CLE_P_GROUP - 1) / CLE_P_GROUP;
  __local const IMAGE_src_PIXEL_TYPE *mine = tile + l * CLE_P_STRIDE;
  for (size_t block = get_group_id(0); block < blocks; block += get_num_groups(0)) {
    const size_t first = block * CLE_P_GROUP; /* the block's first line */
    const int lines = (int)min((size_t)CLE_P_GROUP, batches - first);
    const __global IMAGE_src_PIXEL_TYPE *base = src + first * cle_n + col;
    IMAGE_src_PIXEL_TYPE next[CLE_P_CHUNK]; /* the chunk in flight: pixel col of lines row, row + ROWS_PER_LOAD, ... */
    int len = (int)min((size_t)CLE_P_CHUNK, cle_n);
#pragma unroll
    for (int j = 0; j < CLE_P_CHUNK; j++) {
      const int r = row + j * CLE_P_ROWS_PER_LOAD;
      next[j] = r < lines && col < len ? base[(size_t)r * cle_n] : (IMAGE_src_PIXEL_TYPE)0;
    }
    cle_p_acc acc;
    for (size_t s0 = 0; s0 < cle_n; s0 += CLE_P_CHUNK) {
      barrier(CLK_LOCAL_MEM_FENCE); /* the previous chunk's fold is done with the tile */
#pragma unroll
      for (int j = 0; j < CLE_P_CHUNK; j++)
        tile[(row + j * CLE_P_ROWS_PER_LOAD) * CLE_P_STRIDE + col] = next[j];
      barrier(CLK_LOCAL_MEM_FENCE);
      const int here = len;
      if (s0 + CLE_P_CHUNK < cle_n) {
        len = (int)min((size_t)CLE_P_CHUNK, cle_n - s0 - CLE_P_CHUNK);
#pragma unroll
        for (int j = 0; j < CLE_P_CHUNK; j++) {
          const int r = row + j * CLE_P_ROWS_PER_LOAD;
          if (r < lines && col < len)
            next[j] = base[(size_t)r * cle_n + s0 + CLE_P_CHUNK];
        }
      }
      if (l < lines) {
        if (s0 > 0 && here == CLE_P_CHUNK) {
#pragma unroll
          for (int k = 0; k < CLE_P_CHUNK; k++) {
            const IMAGE_src_PIXEL_TYPE v = mine[k];
            CLE_P_STEP(acc, v, s0 + k);
          }
        } else {
          int k = 0;
          if (s0 == 0) {
            CLE_P_INIT(acc, mine[0]);
            k = 1;
          }
          for (; k < here; k++) {
            const IMAGE_src_PIXEL_TYPE v = mine[k];
            CLE_P_STEP(acc, v, s0 + k);
          }
        }
      }
    }
    if (l < lines)
      dst[first + l] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, CLE_P_RESULT(acc));
  }
}

#if defined(CLE_P_PACKED)
/* projection_rows_packed: projection_rows for 8- and 16-bit pixels on lines
 * a multiple of CLE_P_PACKED (4 / pixel size) long, so every line starts on
 * a 4-byte boundary: the group moves the chunks as 32-bit words of
 * CLE_P_PACKED pixels, a warp's load 128 contiguous bytes (2 lines' chunks
 * of 8-bit pixels) where projection_rows reads 32, and each item folds its
 * row a word at a time, pixel by pixel in order: the same bits. (H200,
 * 1024^3 along x: uint8 maximum 0.61 -> 0.37-0.43 ms, mean 1.13 -> 0.38-0.43,
 * 25-46 -> 64-74 % of the copy bandwidth; uint16 82 -> 83-90 %.) */
#define CLE_P_WORDS (CLE_P_CHUNK / CLE_P_PACKED) /* words of a line's chunk */
#define CLE_P_WSTRIDE (CLE_P_WORDS + 1)          /* an odd number of words per tile row */
#define CLE_P_WROWS (CLE_P_GROUP / CLE_P_WORDS)  /* lines one load of the group covers */
#define CLE_P_WLOADS (CLE_P_GROUP / CLE_P_WROWS) /* loads per item per chunk */
#define CLE_P_XVEC_(T, N) T##N
#define CLE_P_XVEC(T, N) CLE_P_XVEC_(T, N)
#define CLE_P_AS_(T) as_##T
#define CLE_P_AS(T) CLE_P_AS_(T)
#define CLE_P_VSTORE_(N) vstore##N
#define CLE_P_VSTORE(N) CLE_P_VSTORE_(N)

__kernel void projection_rows_packed(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, int ddof)
{
  __local uint tile[CLE_P_GROUP * CLE_P_WSTRIDE];
  CLE_P_GEOMETRY(src);
  (void)plane;
  const int l = (int)get_local_id(0), col = l % CLE_P_WORDS, row = l / CLE_P_WORDS;
  const size_t blocks = (batches + CLE_P_GROUP - 1) / CLE_P_GROUP;
  const size_t words = cle_n / CLE_P_PACKED; /* of a line */
  __local const uint *mine = tile + l * CLE_P_WSTRIDE;
  const __global uint *src_words = (const __global uint *)src;
  for (size_t block = get_group_id(0); block < blocks; block += get_num_groups(0)) {
    const size_t first = block * CLE_P_GROUP;
    const int lines = (int)min((size_t)CLE_P_GROUP, batches - first);
    const __global uint *base = src_words + first * words + col;
    uint next[CLE_P_WLOADS];
    int len = (int)min((size_t)CLE_P_WORDS, words); /* words of the chunk in flight */
#pragma unroll
    for (int j = 0; j < CLE_P_WLOADS; j++) {
      const int r = row + j * CLE_P_WROWS;
      next[j] = r < lines && col < len ? base[(size_t)r * words] : 0u;
    }
    cle_p_acc acc;
    for (size_t w0 = 0; w0 < words; w0 += CLE_P_WORDS) {
      barrier(CLK_LOCAL_MEM_FENCE);
#pragma unroll
      for (int j = 0; j < CLE_P_WLOADS; j++)
        tile[(row + j * CLE_P_WROWS) * CLE_P_WSTRIDE + col] = next[j];
      barrier(CLK_LOCAL_MEM_FENCE);
      const int here = len;
      if (w0 + CLE_P_WORDS < words) {
        len = (int)min((size_t)CLE_P_WORDS, words - w0 - CLE_P_WORDS);
#pragma unroll
        for (int j = 0; j < CLE_P_WLOADS; j++) {
          const int r = row + j * CLE_P_WROWS;
          if (r < lines && col < len)
            next[j] = base[(size_t)r * words + w0 + CLE_P_WORDS];
        }
      }
      if (l < lines) {
        for (int k = 0; k < here; k++) {
          IMAGE_src_PIXEL_TYPE x[CLE_P_PACKED];
          CLE_P_VSTORE(CLE_P_PACKED)(CLE_P_AS(CLE_P_XVEC(IMAGE_src_PIXEL_TYPE, CLE_P_PACKED))(mine[k]), 0, x);
          const size_t s = (w0 + k) * CLE_P_PACKED;
#pragma unroll
          for (int u = 0; u < CLE_P_PACKED; u++) {
            if (s + u == 0)
              CLE_P_INIT(acc, x[0]);
            else
              CLE_P_STEP(acc, x[u], s + u);
          }
        }
      }
    }
    if (l < lines)
      dst[first + l] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, CLE_P_RESULT(acc));
  }
}
#endif
#endif

#ifdef CLE_P_SPLIT
/* projection_split (GPUs, along x, 8-bit pixels; see the header: their sums,
 * maximums and minimums are exact, so the order of the fold is free):
 * CLE_P_SPLIT_T items share a line, a work-group of CLE_P_GROUP items takes
 * CLE_P_GROUP / CLE_P_SPLIT_T consecutive lines at a time (persistent
 * groups, block after block). Line pixels move as vectors of CLE_P_VW
 * pixels (the largest of 16, 8, 4, 2, 1 dividing the width, so every line
 * starts on a vector boundary): item t of a line takes its vectors t, t +
 * T, t + 2T, ..., CLE_P_SPLIT_UNROLL loads issued before their folds, so a
 * warp's load is 32 neighbouring vectors (up to 512 contiguous bytes). Each
 * pixel is widened to int and folded lane by lane in registers (sums in int:
 * no conversion to float per pixel; extremes too, so no byte is repacked),
 * then each item's lanes are merged, then the line's T items in a tree in
 * local memory. The line's exact total (for a sum an integer below 2^24,
 * guarded by the host) becomes the accumulator of the in-order fold, so
 * CLE_P_FINISH gives the same bits.
 *   CLE_P_SPLIT  1 sum, 2 maximum, 3 minimum (the host recognises the op's
 *                CLE_P_ACC_T and CLE_P_COMBINE) */
#if CLE_P_SPLIT == 1
#define CLE_P_MERGE(a, b) ((a) + (b))
#define CLE_P_IDENTITY 0 /* what a vector past the line's end stands for */
#elif CLE_P_SPLIT == 2
#define CLE_P_MERGE(a, b) max((a), (b))
#define CLE_P_IDENTITY INT_MIN
#elif CLE_P_SPLIT == 3
#define CLE_P_MERGE(a, b) min((a), (b))
#define CLE_P_IDENTITY INT_MAX
#else
#error "CLE_P_SPLIT is 1 (sum), 2 (maximum) or 3 (minimum)"
#endif
#define CLE_P_SVEC_(T, N) T##N
#define CLE_P_SVEC(T, N) CLE_P_SVEC_(T, N)
#define CLE_P_SCONV_(N) convert_int##N
#define CLE_P_SCONV(N) CLE_P_SCONV_(N)
#define CLE_P_SSTORE_(N) vstore##N
#define CLE_P_SSTORE(N) CLE_P_SSTORE_(N)
#if CLE_P_VW == 1
typedef IMAGE_src_PIXEL_TYPE cle_p_svec;
typedef int cle_p_spart;
#define CLE_P_LIFT(v) ((int)(v))
#else
typedef CLE_P_SVEC(IMAGE_src_PIXEL_TYPE, CLE_P_VW) cle_p_svec;
typedef CLE_P_SVEC(int, CLE_P_VW) cle_p_spart;
#define CLE_P_LIFT(v) CLE_P_SCONV(CLE_P_VW)(v)
#endif
#define CLE_P_SPLIT_LINES (CLE_P_GROUP / CLE_P_SPLIT_T) /* lines per block */

__kernel void projection_split(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, int ddof)
{
  __local int parts[CLE_P_GROUP];
  CLE_P_GEOMETRY(src);
  (void)plane;
  const int l = (int)get_local_id(0), t = l % CLE_P_SPLIT_T, li = l / CLE_P_SPLIT_T;
  const size_t vecs = cle_n / CLE_P_VW; /* of a line, at least CLE_P_SPLIT_T */
  const size_t blocks = (batches + CLE_P_SPLIT_LINES - 1) / CLE_P_SPLIT_LINES;
  for (size_t block = get_group_id(0); block < blocks; block += get_num_groups(0)) {
    const size_t line_index = block * CLE_P_SPLIT_LINES + li;
    if (line_index < batches) {
      const __global cle_p_svec *line = (const __global cle_p_svec *)src + line_index * vecs;
      cle_p_spart acc = (cle_p_spart)CLE_P_IDENTITY;
      for (size_t j0 = t; j0 < vecs; j0 += CLE_P_SPLIT_UNROLL * CLE_P_SPLIT_T) {
        cle_p_spart v[CLE_P_SPLIT_UNROLL];
#pragma unroll
        for (int u = 0; u < CLE_P_SPLIT_UNROLL; u++) {
          const size_t j = j0 + (size_t)u * CLE_P_SPLIT_T;
          v[u] = j < vecs ? CLE_P_LIFT(line[j]) : (cle_p_spart)CLE_P_IDENTITY;
        }
#pragma unroll
        for (int u = 0; u < CLE_P_SPLIT_UNROLL; u++)
          acc = CLE_P_MERGE(acc, v[u]);
      }
#if CLE_P_VW == 1
      parts[l] = acc;
#else
      int lanes[CLE_P_VW];
      CLE_P_SSTORE(CLE_P_VW)(acc, 0, lanes);
      int part = lanes[0];
#pragma unroll
      for (int k = 1; k < CLE_P_VW; k++)
        part = CLE_P_MERGE(part, lanes[k]);
      parts[l] = part;
#endif
    }
    barrier(CLK_LOCAL_MEM_FENCE);
#pragma unroll
    for (int s = CLE_P_SPLIT_T / 2; s > 0; s /= 2) {
      if (t < s)
        parts[l] = CLE_P_MERGE(parts[l], parts[l + s]);
      barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (t == 0 && line_index < batches) {
      /* exact: the in-order fold's accumulator (a float sum, or the pixel) */
      const cle_p_acc acc = (cle_p_acc)parts[l];
      dst[line_index] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, CLE_P_RESULT(acc));
    }
  }
}
#endif
