/* neighbourhood: a rule folded over each pixel's box or ellipsoid
 * neighbourhood (the filter family: minimum, maximum, mean, variance,
 * standard deviation, median, mode, binary erosion and dilation). Pixels
 * outside the image repeat the edge pixel (clamp to edge), as clij's. The
 * op's rule arrives as defines (runtime/families/neighbourhood.c):
 *   CLE_NB_RULE      one of the CLE_NB_* numbers below
 *   CLE_NB_AXIS      neighbourhood_line: the axis of the pass (0 x, 1 y, 2 z)
 *   CLE_NB_BINARIZE  neighbourhood_line: read v != 0 instead of v (the first
 *                    pass of a binary erosion or dilation)
 *   CLE_NB_BLOCK     neighbourhood_line: outputs per work-item along the axis
 *                    (the tiled pass below); absent: one per pixel
 *   CLE_NB_TILE      neighbourhood_line along x with CLE_NB_BLOCK: the local
 *                    tile's capacity in values, at least rows per group *
 *                    (items per row * CLE_NB_BLOCK + 2 radius)
 *   CLE_NB_SPHERE    neighbourhood_window: the ellipsoid
 *                    dx^2/rx^2 + dy^2/ry^2 + dz^2/rz^2 <= 1 instead of the box
 *   CLE_NB_CAPACITY  neighbourhood_window, median and mode: the most pixels a
 *                    neighbourhood holds (the private array sorted per pixel)
 *   CLE_NB_NETWORK   neighbourhood_window, median of a box of at most 125
 *                    pixels: the selection code (with CLE_NB_NETWORK_SLOTS,
 *                    CLE_NB_NETWORK_MEDIAN; runtime/families/median_network.c)
 *   CLE_NB_FLOAT     with CLE_NB_NETWORK: 1 for a float32 source
 *
 * neighbourhood_line: one 1D pass of a separable box rule (minimum, maximum,
 * erosion, dilation, mean); the host runs x, then y, then z, each pass
 * storing dst's dtype, as clEsperanto does (so an integer mean truncates
 * after every pass, as pyclesperanto's does). With CLE_NB_BLOCK (the host's
 * choice for every radius whose halo fits the tile) a pass is memory-bound,
 * as kernels/gaussian_blur_separable.cl's are: each work-item computes
 * CLE_NB_BLOCK consecutive outputs along the axis from a sliding window of
 * inputs in registers (CLE_NB_BLOCK + 2 radius reads instead of
 * CLE_NB_BLOCK * (2 radius + 1)); along x the work-group first stages its
 * rows plus halo in local memory with coalesced reads and stores its outputs
 * through it again so that the writes are coalesced; along y and z the reads
 * go straight to global memory, coalesced along x, with the window's overlap
 * between neighbouring work-items served by the caches. Every output still
 * folds its taps one by one in the order -radius .. radius (a mean sums in
 * float from 0 in that order, not as a running sum), so the results are the
 * per-pixel pass's bit for bit.
 * neighbourhood_window: every rule over the whole neighbourhood, one
 * work-item per pixel; x is the fastest loop, so a work-group's reads of one
 * row are coalesced and its neighbours' rows come from cache.
 *
 * An axis of size 1 has radius 0 (a 2D image's neighbourhood is 2D, whatever
 * radius_z says), so each pixel is counted once. Mode counts only the pixels
 * inside the image (pyclesperanto's mode does); every other rule clamps.
 * Minimum and maximum skip NaN (NaN only where every pixel is NaN), as do
 * median and mode; mean and variance propagate it. */

#define CLE_NB_MINIMUM 0
#define CLE_NB_MAXIMUM 1
#define CLE_NB_MEAN 2
#define CLE_NB_VARIANCE 3
#define CLE_NB_STANDARD_DEVIATION 4
#define CLE_NB_MEDIAN 5
#define CLE_NB_MODE 6
#define CLE_NB_ERODE 7
#define CLE_NB_DILATE 8

#ifndef CLE_NB_RULE
#error "neighbourhood needs CLE_NB_RULE"
#endif

#define CLE_NB_WIDTH GET_IMAGE_WIDTH(src)
#define CLE_NB_HEIGHT GET_IMAGE_HEIGHT(src)
#define CLE_NB_DEPTH GET_IMAGE_DEPTH(src)

/* a NaN accumulator takes the next value; a NaN value never wins (fmin/fmax, and exact for integers) */
#define CLE_NB_LOWER(acc, v) ((v) < (acc) || (acc) != (acc) ? (v) : (acc))
#define CLE_NB_HIGHER(acc, v) ((v) > (acc) || (acc) != (acc) ? (v) : (acc))

/* a total order: -0 before +0, so median and mode pick one definite value, not either zero */
#define CLE_NB_BEFORE(a, b) ((a) < (b) || ((a) == (b) && signbit((float)(a)) && !signbit((float)(b))))

#if CLE_NB_RULE == CLE_NB_MINIMUM || CLE_NB_RULE == CLE_NB_ERODE
#define CLE_NB_FOLD CLE_NB_LOWER
#elif CLE_NB_RULE == CLE_NB_MAXIMUM || CLE_NB_RULE == CLE_NB_DILATE
#define CLE_NB_FOLD CLE_NB_HIGHER
#endif

/* the flat index of (x, y, z) clamped into the image (a macro: the sizes are the kernel's) */
#define cle_nb_index(x, y, z)                                                                             \
  (((long)clamp((int)(z), 0, CLE_NB_DEPTH - 1) * CLE_NB_HEIGHT + clamp((int)(y), 0, CLE_NB_HEIGHT - 1)) * \
       CLE_NB_WIDTH +                                                                                     \
   clamp((int)(x), 0, CLE_NB_WIDTH - 1))

#if defined(CLE_NB_AXIS) && defined(CLE_NB_BLOCK)
/* The tiled pass. A window value is what a tap folds: the pixel as float for
 * the mean, else the pixel (v != 0 for CLE_NB_BINARIZE); an accumulator has
 * the same type. FIRST starts an output with tap -radius, NEXT folds the next
 * tap into it, as the per-pixel pass below does. */
#if CLE_NB_RULE == CLE_NB_MEAN
#define CLE_NB_VALUE float
#define CLE_NB_READ(v) ((float)(v))
#define CLE_NB_FIRST(v) (0.0f + (v))
#define CLE_NB_NEXT(acc, v) ((acc) + (v))
#else
#define CLE_NB_VALUE IMAGE_src_PIXEL_TYPE
#ifdef CLE_NB_BINARIZE
#define CLE_NB_READ(v) ((IMAGE_src_PIXEL_TYPE)((v) != 0))
#else
#define CLE_NB_READ(v) (v)
#endif
#define CLE_NB_FIRST(v) (v)
#define CLE_NB_NEXT(acc, v) CLE_NB_FOLD(acc, v)
#endif
/* Taps per unrolled chunk, and the registers of the sliding window: a chunk's outputs need CLE_NB_BLOCK + 3 inputs. */
#define CLE_NB_CHUNK 4
#define CLE_NB_WINDOW (CLE_NB_BLOCK + CLE_NB_CHUNK - 1)

/* The sliding window, every index a constant once unrolled (so win and acc
 * live in registers). nb_start expects win[i] = input[i] for i <
 * CLE_NB_BLOCK, starts every output with tap 0 and moves the window by 1.
 * nb_chunk expects win[i] = input[t + i] for i < CLE_NB_WINDOW, folds taps t
 * .. t + 3 and moves by 4; nb_tap expects win[i] = input[t + i] for i <
 * CLE_NB_BLOCK, folds tap t and moves by 1. */
void nb_start(CLE_NB_VALUE *acc, CLE_NB_VALUE *win)
{
#pragma unroll
  for (int k = 0; k < CLE_NB_BLOCK; k++)
    acc[k] = CLE_NB_FIRST(win[k]);
#pragma unroll
  for (int i = 0; i < CLE_NB_BLOCK - 1; i++)
    win[i] = win[i + 1];
}

void nb_chunk(CLE_NB_VALUE *acc, CLE_NB_VALUE *win)
{
#pragma unroll
  for (int k = 0; k < CLE_NB_BLOCK; k++) {
    acc[k] = CLE_NB_NEXT(acc[k], win[k]);
    acc[k] = CLE_NB_NEXT(acc[k], win[k + 1]);
    acc[k] = CLE_NB_NEXT(acc[k], win[k + 2]);
    acc[k] = CLE_NB_NEXT(acc[k], win[k + 3]);
  }
#pragma unroll
  for (int i = 0; i < CLE_NB_BLOCK - 1; i++)
    win[i] = win[i + CLE_NB_CHUNK];
}

void nb_tap(CLE_NB_VALUE *acc, CLE_NB_VALUE *win)
{
#pragma unroll
  for (int k = 0; k < CLE_NB_BLOCK; k++)
    acc[k] = CLE_NB_NEXT(acc[k], win[k]);
#pragma unroll
  for (int i = 0; i < CLE_NB_BLOCK - 1; i++)
    win[i] = win[i + 1];
}

/* The output of an accumulator over all 2 radius + 1 taps, before dst's conversion. */
#if CLE_NB_RULE == CLE_NB_MEAN
#define CLE_NB_RESULT(acc) ((acc) / (float)(2 * radius + 1))
#else
#define CLE_NB_RESULT(acc) (acc)
#endif

/* The reader of a pass's inputs: nb_input gives them in order along the axis
 * (from tap -radius of the work-item's first output on). */
#if CLE_NB_AXIS == 0
typedef struct nb_reader {
  __local const CLE_NB_VALUE *in; /* the work-item's inputs in the tile */
} nb_reader;

CLE_NB_VALUE nb_input(nb_reader *r)
{
  return *r->in++;
}
#else
typedef struct nb_reader {
  __global const IMAGE_src_PIXEL_TYPE *next; /* the input at position q, clamped */
  int q, n;                                  /* position along the axis, the axis' size */
  long stride;                               /* pixels between neighbours along the axis */
} nb_reader;

/* The input at position q clamped to [0, n - 1]; then q moves on by one and
 * next with it while q is in [0, n - 1): clamp to edge without an index
 * multiply per tap. */
CLE_NB_VALUE nb_input(nb_reader *r)
{
  const CLE_NB_VALUE v = CLE_NB_READ(*r->next);
  r->next += (uint)r->q < (uint)(r->n - 1) ? r->stride : 0;
  r->q += 1;
  return v;
}
#endif

/* acc[k] = the fold of output k's 2 radius + 1 taps. */
void nb_sweep(CLE_NB_VALUE *acc, nb_reader *r, const int radius)
{
  CLE_NB_VALUE win[CLE_NB_WINDOW];
#pragma unroll
  for (int i = 0; i < CLE_NB_BLOCK; i++)
    win[i] = nb_input(r);
  nb_start(acc, win);
  const int taps = 2 * radius + 1;
  int t = 1;
  for (; t + CLE_NB_CHUNK <= taps; t += CLE_NB_CHUNK) {
#pragma unroll
    for (int j = 0; j < CLE_NB_CHUNK; j++)
      win[CLE_NB_BLOCK - 1 + j] = nb_input(r);
    nb_chunk(acc, win);
  }
  for (; t < taps; t++) {
    win[CLE_NB_BLOCK - 1] = nb_input(r);
    nb_tap(acc, win);
  }
}

#if CLE_NB_AXIS == 0
/* x pass. Work-group: (items per row) x (rows); a row's items cover
 * CLE_NB_BLOCK consecutive outputs each, x0 .. x0 + items * CLE_NB_BLOCK - 1
 * (CLE_NB_BLOCK odd: the items' strides through the tile then touch every
 * memory bank once). The group stages its rows' inputs x0 - radius .. x0 +
 * items * CLE_NB_BLOCK + radius - 1, clamped to the row, in local memory. */
__kernel void neighbourhood_line(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, int radius)
{
  __local CLE_NB_VALUE tile[CLE_NB_TILE];
  const int width = CLE_NB_WIDTH, height = CLE_NB_HEIGHT;
  const int lx = get_local_id(0), items = get_local_size(0);
  const int y = get_global_id(1), z = get_global_id(2);
  const int span = items * CLE_NB_BLOCK, pitch = span + 2 * radius;
  const int x0 = get_group_id(0) * span;
  __local CLE_NB_VALUE *row = tile + get_local_id(1) * pitch;
  const long line = ((long)z * height + y) * width;
  const bool inside = y < height; /* every item takes part in the barriers */

  if (inside)
    for (int c = lx; c < pitch; c += items)
      row[c] = CLE_NB_READ(src[line + clamp(x0 - radius + c, 0, width - 1)]);
  barrier(CLK_LOCAL_MEM_FENCE);

  /* the item's inputs start at x0 + lx * CLE_NB_BLOCK - radius */
  nb_reader r = {row + lx * CLE_NB_BLOCK};
  CLE_NB_VALUE acc[CLE_NB_BLOCK];
  nb_sweep(acc, &r, radius);

  /* Out through the tile: item lx's outputs are consecutive, so direct
   * stores would stride by CLE_NB_BLOCK; this way every store is coalesced. */
  barrier(CLK_LOCAL_MEM_FENCE);
#pragma unroll
  for (int k = 0; k < CLE_NB_BLOCK; k++)
    row[lx * CLE_NB_BLOCK + k] = CLE_NB_RESULT(acc[k]);
  barrier(CLK_LOCAL_MEM_FENCE);
  if (inside)
    for (int c = lx; c < span && x0 + c < width; c += items)
      dst[line + x0 + c] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, row[c]);
}
#else
/* y or z pass. Work-item: one x (coalesced across the group) and
 * CLE_NB_BLOCK consecutive outputs p0 .. along the axis. */
__kernel void neighbourhood_line(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, int radius)
{
  const int width = CLE_NB_WIDTH, height = CLE_NB_HEIGHT, depth = CLE_NB_DEPTH;
  const int x = get_global_id(0);
#if CLE_NB_AXIS == 1
  const int p0 = get_global_id(1) * CLE_NB_BLOCK, z = get_global_id(2), n = height;
  const long stride = width, line = (long)z * height * width + x;
  if (x >= width || p0 >= n || z >= depth)
    return;
#else
  const int y = get_global_id(1), p0 = get_global_id(2) * CLE_NB_BLOCK, n = depth;
  const long stride = (long)width * height, line = (long)y * width + x;
  if (x >= width || y >= height || p0 >= n)
    return;
#endif
  /* the item's inputs start at position p0 - radius */
  nb_reader r = {src + line + clamp(p0 - radius, 0, n - 1) * stride, p0 - radius, n, stride};
  CLE_NB_VALUE acc[CLE_NB_BLOCK];
  nb_sweep(acc, &r, radius);

  __global IMAGE_dst_PIXEL_TYPE *out = dst + line + p0 * stride;
#pragma unroll
  for (int k = 0; k < CLE_NB_BLOCK; k++, out += stride)
    if (p0 + k < n)
      *out = CLE_SAT(IMAGE_dst_PIXEL_TYPE, CLE_NB_RESULT(acc[k]));
}
#endif
#endif

#if defined(CLE_NB_AXIS) && !defined(CLE_NB_BLOCK)
/* The per-pixel pass: radii too wide for the tile. */
__kernel void neighbourhood_line(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, int radius)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= CLE_NB_WIDTH || y >= CLE_NB_HEIGHT || z >= CLE_NB_DEPTH)
    return;
  const int4 step = (int4)(CLE_NB_AXIS == 0, CLE_NB_AXIS == 1, CLE_NB_AXIS == 2, 0);
#if CLE_NB_RULE == CLE_NB_MEAN
  float sum = 0.0f;
  for (int d = -radius; d <= radius; d++)
    sum += (float)src[cle_nb_index(x + d * step.x, y + d * step.y, z + d * step.z)];
  const float result = sum / (float)(2 * radius + 1);
#else
#ifdef CLE_NB_BINARIZE
#define CLE_NB_LOAD(i) ((IMAGE_src_PIXEL_TYPE)(src[i] != 0))
#else
#define CLE_NB_LOAD(i) (src[i])
#endif
  IMAGE_src_PIXEL_TYPE result =
      CLE_NB_LOAD(cle_nb_index(x - radius * step.x, y - radius * step.y, z - radius * step.z));
  for (int d = -radius + 1; d <= radius; d++) {
    const IMAGE_src_PIXEL_TYPE v = CLE_NB_LOAD(cle_nb_index(x + d * step.x, y + d * step.y, z + d * step.z));
    result = CLE_NB_FOLD(result, v);
  }
#endif
  dst[((long)z * CLE_NB_HEIGHT + y) * CLE_NB_WIDTH + x] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, result);
}
#endif

#ifndef CLE_NB_AXIS
/* Every (dx, dy, dz) of the neighbourhood, x fastest; BODY sees v, the pixel (clamped). */
#if CLE_NB_SPHERE
#define CLE_NB_INSIDE(dx, dy, dz)                                                                                  \
  ((rx ? (float)((dx) * (dx)) / (float)(rx * rx) : 0.0f) + (ry ? (float)((dy) * (dy)) / (float)(ry * ry) : 0.0f) + \
       (rz ? (float)((dz) * (dz)) / (float)(rz * rz) : 0.0f) <=                                                    \
   1.0f)
#else
#define CLE_NB_INSIDE(dx, dy, dz) 1
#endif
/* mode counts only the pixels inside the image (pyclesperanto's); every other rule clamps */
#if CLE_NB_RULE == CLE_NB_MODE
#define CLE_NB_IN_IMAGE(dx, dy, dz)                                                                          \
  (x + (dx) >= 0 && x + (dx) < CLE_NB_WIDTH && y + (dy) >= 0 && y + (dy) < CLE_NB_HEIGHT && z + (dz) >= 0 && \
   z + (dz) < CLE_NB_DEPTH)
#else
#define CLE_NB_IN_IMAGE(dx, dy, dz) 1
#endif
#ifdef CLE_NB_NETWORK
/* The network's keys: integers as they are; float bits with the magnitude
 * flipped for negative values, so that integer order is float order with
 * -0 before +0 (the kernel's total order) -- one min and one max per
 * compare-exchange. */
#if CLE_NB_FLOAT
typedef int cle_nb_key;
inline cle_nb_key cle_nb_key_of(float v, int *nan_seen)
{
  *nan_seen |= v != v;
  const int i = as_int(v);
  return i ^ ((i >> 31) & 0x7fffffff);
}
#define CLE_NB_FROM_KEY(k) as_float((k) ^ (((k) >> 31) & 0x7fffffff))
#else
typedef IMAGE_src_PIXEL_TYPE cle_nb_key;
#define cle_nb_key_of(v, nan_seen) (v)
#define CLE_NB_FROM_KEY(k) (k)
#endif
#define CLE_NB_LOAD(dx, dy, dz) cle_nb_key_of(src[cle_nb_index(x + (dx), y + (dy), z + (dz))], &nan_seen)
#define CLE_NB_CS(a, b)                  \
  {                                      \
    const cle_nb_key lower_ = min(a, b); \
    b = max(a, b);                       \
    a = lower_;                          \
  }
#endif

#define CLE_NB_EACH(BODY)                                                           \
  for (int dz = -rz; dz <= rz; dz++)                                                \
    for (int dy = -ry; dy <= ry; dy++)                                              \
      for (int dx = -rx; dx <= rx; dx++)                                            \
        if (CLE_NB_INSIDE(dx, dy, dz) && CLE_NB_IN_IMAGE(dx, dy, dz)) {             \
          const IMAGE_src_PIXEL_TYPE v = src[cle_nb_index(x + dx, y + dy, z + dz)]; \
          BODY                                                                      \
        }

__kernel void neighbourhood_window(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, int rx, int ry, int rz)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= CLE_NB_WIDTH || y >= CLE_NB_HEIGHT || z >= CLE_NB_DEPTH)
    return;
#if CLE_NB_RULE == CLE_NB_MEAN
  float sum = 0.0f;
  int count = 0;
  CLE_NB_EACH(sum += (float)v; count++;)
  const float result = sum / (float)count;
#elif CLE_NB_RULE == CLE_NB_VARIANCE || CLE_NB_RULE == CLE_NB_STANDARD_DEVIATION
  float sum = 0.0f;
  int count = 0;
  CLE_NB_EACH(sum += (float)v; count++;)
  const float mean = sum / (float)count;
  float squares = 0.0f;
  CLE_NB_EACH(const float d = (float)v - mean; squares += d * d;)
#if CLE_NB_RULE == CLE_NB_VARIANCE
  const float result = squares / (float)count;
#else
  const float result = sqrt(squares / (float)count);
#endif
#elif CLE_NB_RULE == CLE_NB_MEDIAN
#ifdef CLE_NB_NETWORK
  /* a box of at most 125 pixels: runtime/families/median_network.c's
   * straight-line forgetful selection over keys in registers; a NaN pixel
   * sends the pixel to the general selection below */
  int nan_seen = 0;
  cle_nb_key CLE_NB_NETWORK_SLOTS;
  CLE_NB_NETWORK
  if (!nan_seen) {
    dst[((long)z * CLE_NB_HEIGHT + y) * CLE_NB_WIDTH + x] =
        CLE_SAT(IMAGE_dst_PIXEL_TYPE, CLE_NB_FROM_KEY(CLE_NB_NETWORK_MEDIAN));
    return;
  }
#endif
  IMAGE_src_PIXEL_TYPE values[CLE_NB_CAPACITY];
  int n = 0;
  CLE_NB_EACH(if (v == v) values[n++] = v;) /* NaN (v != v) is left out */
  /* the (n / 2)-th smallest by Wirth's selection: the value a sort would put
   * there, in about 2 n steps instead of the sort's n^2 / 4 */
  const int k = n / 2;
  int lo = 0, hi = n - 1;
  while (lo < hi) {
    const IMAGE_src_PIXEL_TYPE pivot = values[k];
    int i = lo, j = hi;
    do {
      while (CLE_NB_BEFORE(values[i], pivot))
        i++;
      while (CLE_NB_BEFORE(pivot, values[j]))
        j--;
      if (i <= j) {
        const IMAGE_src_PIXEL_TYPE t = values[i];
        values[i++] = values[j];
        values[j--] = t;
      }
    } while (i <= j);
    if (j < k)
      lo = i;
    if (k < i)
      hi = j;
  }
  const float nan_ = NAN;
  const IMAGE_src_PIXEL_TYPE result = n ? values[k] : (IMAGE_src_PIXEL_TYPE)nan_;
#elif CLE_NB_RULE == CLE_NB_MODE
  IMAGE_src_PIXEL_TYPE values[CLE_NB_CAPACITY];
  int n = 0;
  /* insertion sort as the values arrive; NaN (v != v) is left out */
  CLE_NB_EACH(if (v == v) {
    int k = n++;
    while (k > 0 && CLE_NB_BEFORE(v, values[k - 1])) {
      values[k] = values[k - 1];
      k--;
    }
    values[k] = v;
  })
  /* the value of the longest run of equal values; the smallest on ties */
  IMAGE_src_PIXEL_TYPE result = n ? values[0] : (IMAGE_src_PIXEL_TYPE)NAN;
  int best = 0;
  for (int i = 0; i < n;) {
    int j = i + 1;
    while (j < n && values[j] == values[i])
      j++;
    if (j - i > best) {
      best = j - i;
      result = values[i];
    }
    i = j;
  }
#else
#if CLE_NB_RULE == CLE_NB_ERODE || CLE_NB_RULE == CLE_NB_DILATE
#define CLE_NB_VALUE(v) ((IMAGE_src_PIXEL_TYPE)((v) != 0))
#else
#define CLE_NB_VALUE(v) (v)
#endif
  IMAGE_src_PIXEL_TYPE result = CLE_NB_VALUE(src[cle_nb_index(x, y, z)]);
  CLE_NB_EACH(result = CLE_NB_FOLD(result, CLE_NB_VALUE(v));)
#endif
  dst[((long)z * CLE_NB_HEIGHT + y) * CLE_NB_WIDTH + x] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, result);
}
#endif
