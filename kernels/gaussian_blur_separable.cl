/* gaussian_blur_separable: one pass of clEsperanto's separable Gaussian
 * along one axis (x: gaussian_blur_rows, y or z: gaussian_blur_columns), as clij's
 * gaussian_blur_separable.cl defines it: taps v in [-radius, radius] weigh
 * exp(v^2 / (-2 sigma^2)), divided by the sum of those weights; positions
 * outside the image repeat the edge pixel. The pass reads src in its own
 * dtype and writes float32. The weights come from the host, already
 * normalised, in a buffer of 2 radius + 1 floats (zero-padded to a multiple
 * of 4): computed once per sigma in IEEE float on the host
 * (runtime/ops/gaussian_weights.c), they are the same on every device, and
 * a program without exp() and the weight sums builds in about half the
 * time on NVIDIA (a new process's first blur waits for it).
 *
 * A pass is memory-bound when done right: it reads n * sizeof(src) and
 * writes n * 4 bytes. What keeps it there:
 * - the work-group copies the weights into local memory, so a tap is one
 *   multiply-add;
 * - each work item computes B consecutive outputs along the axis (a block:
 *   CLE_ROW_BLOCK or CLE_COLUMN_BLOCK) from a sliding window of inputs held
 *   in registers: B + 2 radius loads instead of B * (2 radius + 1). Taps go in unrolled chunks
 *   of 4 (one float4 of weights, every register index a constant), then one
 *   at a time for the remaining 0..3;
 * - no 64-bit multiply per tap: a work item computes its 64-bit line offset
 *   once and then steps pointers or 32-bit local indices, so images beyond
 *   2^31 pixels need no other code path.
 * gaussian_blur_rows (x) stages the row segment plus halo in local memory
 * with coalesced loads and stores its outputs through local memory again so
 * that the global writes are coalesced too; gaussian_blur_columns (y, z)
 * reads rows straight from global memory, coalesced along x, and its window
 * overlaps are served by the caches.
 *
 * Compile-time constants from the host (runtime/ops/gaussian_blur.c), the
 * same for every pass of one blur, so that the passes of a float32 blur
 * share one program (CLE_ONE_PROGRAM: every kernel of this file is kept in
 * it; each program costs a new process ~50 ms of NVIDIA's compiler before
 * its code); the axis of a column pass is a runtime argument:
 *   CLE_TAPS          local capacity for the weights (a multiple of 4 >=
 *                     2 radius + 1), or 0: gaussian_blur_wide, one output
 *                     per work item reading the weights from global memory,
 *                     for kernels too wide for local memory
 *   CLE_ROW_BLOCK     outputs per work item along x (odd: its stride through
 *                     the local tile then touches every memory bank once)
 *   CLE_COLUMN_BLOCK  outputs per work item along y and z
 *   CLE_TILE          local floats for the x pass's staged rows, at least
 *                     rows per group * (items per row * CLE_ROW_BLOCK + 2 radius)
 * The float sums are evaluated in tap order, one multiply-add per tap in
 * every kernel, so a device gives the same bits on every run and path. */

#define CLE_ONE_PROGRAM

#if !defined(CLE_TAPS)
#error "gaussian_blur_separable needs CLE_TAPS"
#endif
#if CLE_TAPS > 0 && (!defined(CLE_ROW_BLOCK) || !defined(CLE_COLUMN_BLOCK) || !defined(CLE_TILE))
#error "gaussian_blur_separable needs CLE_ROW_BLOCK, CLE_COLUMN_BLOCK and CLE_TILE"
#endif

/* Taps per unrolled chunk: one float4 of weights. */
#define CHUNK 4
/* Registers of the sliding window: a chunk's B outputs need B + CHUNK - 1 inputs. */
#define WINDOW(B) ((B) + CHUNK - 1)

#if CLE_TAPS > 0

/* The input at position *q along the axis, clamped to [0, n - 1], as float;
 * then *q moves on by one and *next with it, except at the edges: *next
 * steps by stride only while *q is in [0, n - 1), which is clamp-to-edge
 * without an index multiply per tap. */
float column_input(__global const IMAGE_src_PIXEL_TYPE **next, int *q, const int n, const long stride)
{
  const float v = (float)**next;
  *next += (uint)*q < (uint)(n - 1) ? stride : 0; /* 0 <= *q < n - 1 */
  *q += 1;
  return v;
}

/* The normalised weights w[t], t in [0, 2 radius] and zero up to the next
 * multiple of 4, copied from the host's table (runtime/ops/gaussian_weights.c)
 * into local memory by every item of the work-group (also those outside the
 * image: barriers need all). Ends with a barrier. */
void gauss_weights(__local float *w, __global const float *weights, const int radius)
{
  const int lid = (get_local_id(2) * get_local_size(1) + get_local_id(1)) * get_local_size(0) + get_local_id(0);
  const int lsize = get_local_size(0) * get_local_size(1) * get_local_size(2);
  const int padded = (2 * radius + CHUNK) / CHUNK * CHUNK;
  for (int t = lid; t < padded; t += lsize)
    w[t] = weights[t];
  barrier(CLK_LOCAL_MEM_FENCE);
}

/* The sliding window of a block of B outputs (one pair of functions per
 * block size): acc[k] (k < B) sums w[t] * input[k + t] in
 * tap order. A chunk step expects win[i] = input[t + i] for i < WINDOW(B),
 * adds taps t .. t + 3 and moves the window by 4; a tap step expects
 * win[i] = input[t + i] for i < B, adds tap t and moves by 1. Every
 * index is a constant once unrolled, so win and acc live in registers.
 * mad() on purpose: the preamble turns FP contraction off (bit-exact point
 * ops), but the Gaussian is compared within a tolerance anyway (pyclesperanto
 * computes exp on the device), and a fused multiply-add per tap halves the
 * arithmetic on GPUs. A device gives the same bits on every run. */
#define CLE_ACCUMULATE(B, SUFFIX)                                                    \
  void accumulate_chunk_##SUFFIX(float *acc, float *win, const float4 w)             \
  {                                                                                  \
    _Pragma("unroll") for (int k = 0; k < (B); k++)                                  \
    {                                                                                \
      acc[k] = mad(w.x, win[k], acc[k]);                                             \
      acc[k] = mad(w.y, win[k + 1], acc[k]);                                         \
      acc[k] = mad(w.z, win[k + 2], acc[k]);                                         \
      acc[k] = mad(w.w, win[k + 3], acc[k]);                                         \
    }                                                                                \
    _Pragma("unroll") for (int i = 0; i < (B)-1; i++) win[i] = win[i + CHUNK];       \
  }                                                                                  \
  void accumulate_tap_##SUFFIX(float *acc, float *win, const float w)                \
  {                                                                                  \
    _Pragma("unroll") for (int k = 0; k < (B); k++) acc[k] = mad(w, win[k], acc[k]); \
    _Pragma("unroll") for (int i = 0; i < (B)-1; i++) win[i] = win[i + 1];           \
  }
CLE_ACCUMULATE(CLE_ROW_BLOCK, rows)
CLE_ACCUMULATE(CLE_COLUMN_BLOCK, columns)

/* x pass. Work-group: (items per row) x (rows); a row's items cover
 * CLE_ROW_BLOCK consecutive outputs each, x0 .. x0 + items * CLE_ROW_BLOCK - 1. The
 * group stages its rows' inputs x0 - radius .. (pitch floats per row) in
 * local memory, clamped to the row, converting to float on the way. */
__kernel void gaussian_blur_rows(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, const int radius,
                                 __global const float *weights)
{
  __local float4 local_weights[CLE_TAPS / CHUNK];
  __local float tile[CLE_TILE];
  const int width = GET_IMAGE_WIDTH(dst), height = GET_IMAGE_HEIGHT(dst);
  const int lx = get_local_id(0), items = get_local_size(0);
  const int y = get_global_id(1), z = get_global_id(2);
  const int span = items * CLE_ROW_BLOCK, pitch = span + 2 * radius;
  const int x0 = get_group_id(0) * span;
  __local float *row = tile + get_local_id(1) * pitch;
  const long line = ((long)z * height + y) * width;
  const bool inside = y < height;

  if (inside)
    for (int c = lx; c < pitch; c += items)
      row[c] = (float)src[line + clamp(x0 - radius + c, 0, width - 1)];
  gauss_weights((__local float *)local_weights, weights, radius); /* its barrier publishes the row too */

  /* in[i] is the input at x0 + lx * CLE_ROW_BLOCK - radius + i. */
  __local const float *in = row + lx * CLE_ROW_BLOCK;
  __local const float *w = (__local const float *)local_weights;
  const int taps = 2 * radius + 1;
  float acc[CLE_ROW_BLOCK] = {0.0f}, win[WINDOW(CLE_ROW_BLOCK)];
#pragma unroll
  for (int i = 0; i < CLE_ROW_BLOCK - 1; i++)
    win[i] = in[i];
  int t = 0;
  for (; t + CHUNK <= taps; t += CHUNK) {
#pragma unroll
    for (int j = 0; j < CHUNK; j++)
      win[CLE_ROW_BLOCK - 1 + j] = in[CLE_ROW_BLOCK - 1 + t + j];
    accumulate_chunk_rows(acc, win, local_weights[t / CHUNK]);
  }
  for (; t < taps; t++) {
    win[CLE_ROW_BLOCK - 1] = in[CLE_ROW_BLOCK - 1 + t];
    accumulate_tap_rows(acc, win, w[t]);
  }

  /* Transpose through local memory: item lx's outputs are consecutive, so
   * direct stores would stride by CLE_ROW_BLOCK; this way each store is coalesced. */
  barrier(CLK_LOCAL_MEM_FENCE);
#pragma unroll
  for (int k = 0; k < CLE_ROW_BLOCK; k++)
    row[lx * CLE_ROW_BLOCK + k] = acc[k];
  barrier(CLK_LOCAL_MEM_FENCE);
  if (inside)
    for (int c = lx; c < span && x0 + c < width; c += items)
      dst[line + x0 + c] = CONVERT_dst_PIXEL_TYPE(row[c]);
}

/* y or z pass. Work item: one x (coalesced across the group) and CLE_COLUMN_BLOCK
 * consecutive outputs p0 .. along the axis; it walks the axis with a pointer
 * that stops moving at the edges, which is clamp-to-edge without an index
 * multiply per row. */
__kernel void gaussian_blur_columns(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, const int radius,
                                    __global const float *weights, const int axis)
{
  __local float4 local_weights[CLE_TAPS / CHUNK];
  gauss_weights((__local float *)local_weights, weights, radius);

  const int width = GET_IMAGE_WIDTH(dst), height = GET_IMAGE_HEIGHT(dst), depth = GET_IMAGE_DEPTH(dst);
  const int x = get_global_id(0), along_y = axis == 1;
  /* y: (x, block of y, z); z: (x, y, block of z) */
  const int g1 = get_global_id(1), g2 = get_global_id(2); /* constant dimensions: pocl needs them */
  const int p0 = (along_y ? g1 : g2) * CLE_COLUMN_BLOCK, other = along_y ? g2 : g1;
  const int n = along_y ? height : depth;
  const long stride = along_y ? (long)width : (long)width * height;
  const long line = along_y ? (long)other * height * width + x : (long)other * width + x;
  if (x >= width || p0 >= n || other >= (along_y ? depth : height))
    return;

  /* Inputs are consumed in order from position p0 - radius on. */
  int q = p0 - radius;
  __global const IMAGE_src_PIXEL_TYPE *next = src + line + clamp(q, 0, n - 1) * stride;
  __local const float *w = (__local const float *)local_weights;
  const int taps = 2 * radius + 1;
  float acc[CLE_COLUMN_BLOCK] = {0.0f}, win[WINDOW(CLE_COLUMN_BLOCK)];
#pragma unroll
  for (int i = 0; i < CLE_COLUMN_BLOCK - 1; i++)
    win[i] = column_input(&next, &q, n, stride);
  int t = 0;
  for (; t + CHUNK <= taps; t += CHUNK) {
#pragma unroll
    for (int j = 0; j < CHUNK; j++)
      win[CLE_COLUMN_BLOCK - 1 + j] = column_input(&next, &q, n, stride);
    accumulate_chunk_columns(acc, win, local_weights[t / CHUNK]);
  }
  for (; t < taps; t++) {
    win[CLE_COLUMN_BLOCK - 1] = column_input(&next, &q, n, stride);
    accumulate_tap_columns(acc, win, w[t]);
  }

  __global IMAGE_dst_PIXEL_TYPE *out = dst + line + p0 * stride;
#pragma unroll
  for (int k = 0; k < CLE_COLUMN_BLOCK; k++, out += stride)
    if (p0 + k < n)
      *out = CONVERT_dst_PIXEL_TYPE(acc[k]);
}

#else /* CLE_TAPS == 0 */

/* Kernels wider than the local weight capacity (sigma above ~128), and the
 * stand-in a process's first blur runs while the kernels above are not built
 * (runtime/ops/gaussian_blur.c): one output per work item, the weights read
 * from the table in global memory, the same multiply-adds on the same clamped
 * inputs in the same order as the kernels above (so the same bits). Built
 * to compile fast, not to run fast: an index per tap rather than their pointer
 * walk, and the loop not unrolled. H200, NVIDIA's build in one window: 72 ms
 * unrolled, 55 not unrolled (measured with int indices, which save ~2 ms;
 * long ones stay, for images of 2^31 pixels and more), an empty kernel after
 * the preamble 37; the kernels above take 200-280 ms. */
__kernel void gaussian_blur_wide(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, const int radius,
                                 __global const float *weights, const int axis)
{
  const int width = GET_IMAGE_WIDTH(dst), height = GET_IMAGE_HEIGHT(dst), depth = GET_IMAGE_DEPTH(dst);
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= width || y >= height || z >= depth)
    return;
  const int n = axis == 0 ? width : axis == 1 ? height : depth, p = axis == 0 ? x : axis == 1 ? y : z;
  const long stride = axis == 0 ? 1 : axis == 1 ? (long)width : (long)width * height;
  const long i = ((long)z * height + y) * width + x;
  __global const IMAGE_src_PIXEL_TYPE *line = src + (i - p * stride);
  float acc = 0.0f;
#pragma unroll 1
  for (int t = 0; t <= 2 * radius; t++)
    acc = mad(weights[t], (float)line[clamp(p - radius + t, 0, n - 1) * stride], acc);
  dst[i] = CONVERT_dst_PIXEL_TYPE(acc);
}

#endif /* CLE_TAPS */
