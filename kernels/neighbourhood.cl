/* neighbourhood: a rule folded over each pixel's box or ellipsoid
 * neighbourhood (the filter family: minimum, maximum, mean, variance,
 * standard deviation, median, mode, binary erosion and dilation). Pixels
 * outside the image repeat the edge pixel (clamp to edge), as clij's. The
 * op's rule arrives as defines (runtime/families/neighbourhood.c):
 *   CLE_NB_RULE      one of the CLE_NB_* numbers below
 *   CLE_NB_AXIS      neighbourhood_line: the axis of the pass (0 x, 1 y, 2 z)
 *   CLE_NB_BINARIZE  neighbourhood_line: read v != 0 instead of v (the first
 *                    pass of a binary erosion or dilation)
 *   CLE_NB_SPHERE    neighbourhood_window: the ellipsoid
 *                    dx^2/rx^2 + dy^2/ry^2 + dz^2/rz^2 <= 1 instead of the box
 *   CLE_NB_CAPACITY  neighbourhood_window, median and mode: the most pixels a
 *                    neighbourhood holds (the private array sorted per pixel)
 *
 * neighbourhood_line: one 1D pass of a separable box rule (minimum, maximum,
 * erosion, dilation, mean); the host runs x, then y, then z, each pass
 * storing dst's dtype, as clEsperanto does (so an integer mean truncates
 * after every pass, as pyclesperanto's does).
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

#ifdef CLE_NB_AXIS
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
