/* histogram: counts of src's pixels in num_bins bins over [minimum, maximum]
 * with clEsperanto's rule (CLIc's histogram.cl): position =
 * ((float)value - minimum) * (float)(num_bins - 1) / (maximum - minimum)
 * in float32, bin = (uint)(position + 0.5), i.e. the nearest of the
 * num_bins centers minimum + i * range / (num_bins - 1); NaN and values
 * below go to bin 0, values nearer to a center past the last are not
 * counted (pyclesperanto 0.25.1's counts; its kernel writes them past the
 * end of its output, which can crash). The division is done in double where available
 * and rounded once, which is the correctly rounded float quotient (double
 * rounding is harmless for float operands). The + 0.5 is upstream's double
 * literal, i.e. exact: cle_nearest_bin gets the same integer in float alone
 * (on NVIDIA, convert_uint_sat((double)position + 0.5) put positions a few
 * ulps below a half into the upper bin, as a float addition would), so
 * every device bins exactly like the CPU reference.
 *
 * histogram (GPUs): each work-group strides over the image (coalesced)
 * counting into a local sub-histogram of CLE_HIST_LOCAL bins (> num_bins:
 * the sink bin is counted into, never copied out),
 * then adds its nonzero counts to dst (zeroed by the caller) with global
 * atomics. CLE_HIST_LOCAL 0 (too many bins for local memory) counts into
 * dst directly.
 * histogram_chunked (CPUs): work-groups of one item, each counting one
 * contiguous run of pixels into CLE_HIST_COPIES local sub-histograms
 * (pixel i into copy i % copies, so runs of equal bins do not wait on one
 * counter) with plain increments -- nothing else touches them -- then
 * either adds its totals to dst with atomics (CLE_HIST_ROWS 0) or writes
 * them to row g of dst, num_bins counts per group (CLE_HIST_ROWS 1, no
 * zeroing needed; the caller sums the rows). 8-bit images (CLE_HIST_LUT)
 * look each pixel's bin up in a 256-entry table built with the same rule.
 * Bytes moved: n * sizeof src + groups * num_bins * 4. */

#pragma OPENCL FP_CONTRACT OFF
#ifdef cl_khr_fp64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define CLE_DIV_RN(a, b) ((float)((double)(a) / (double)(b)))
#else
#define CLE_DIV_RN(a, b) ((a) / (b))
#endif

/* floor(position + 0.5) in exact arithmetic; 0 for NaN and negatives; last
 * + 1, the uncounted "sink" bin, past the last center. position -
 * floor(position) is exact in float (Sterbenz), so comparing it with 0.5
 * rounds half up without an inexact addition. */
inline uint cle_nearest_bin(float position, uint last)
{
  if (!(position > 0.0f))
    return 0;
  if (position >= (float)last + 1.0f)
    return last + 1;
  const float whole = floor(position);
  return min((uint)whole + (position - whole >= 0.5f ? 1u : 0u), last + 1);
}

#ifndef CLE_HIST_LOCAL
#error "histogram needs CLE_HIST_LOCAL"
#endif

/* clEsperanto's bin of one pixel value (see above). */
inline uint cle_bin(float value, float minimum, float range, float scale, uint last)
{
  const float position = CLE_DIV_RN((value - minimum) * scale, range);
  return cle_nearest_bin(position, last);
}

#if !CLE_HIST_CHUNKED
__kernel void histogram(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, const int num_bins, const float minimum,
                        const float maximum)
{
  const size_t n = (size_t)GET_IMAGE_WIDTH(src) * GET_IMAGE_HEIGHT(src) * GET_IMAGE_DEPTH(src);
  const size_t stride = get_global_size(0);
  const float range = maximum - minimum;
  const float scale = (float)(num_bins - 1);
  const uint last = (uint)(num_bins - 1);
#if CLE_HIST_LOCAL > 0
  __local uint counts[CLE_HIST_LOCAL];
  const int lid = get_local_id(0), lsize = get_local_size(0);
  for (int b = lid; b < num_bins; b += lsize)
    counts[b] = 0;
  barrier(CLK_LOCAL_MEM_FENCE);
#define CLE_COUNT(bin) atomic_inc(&counts[bin])
#else
#define CLE_COUNT(bin)        \
  do {                        \
    const uint bin_ = (bin);  \
    if (bin_ <= last)         \
      atomic_inc(&dst[bin_]); \
  } while (0)
#endif
  for (size_t i = get_global_id(0); i < n; i += stride) {
    CLE_COUNT(cle_bin((float)src[i], minimum, range, scale, last));
  }
#if CLE_HIST_LOCAL > 0
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int b = lid; b < num_bins; b += lsize)
    if (counts[b] != 0)
      atomic_add(&dst[b], counts[b]);
#endif
}
#else /* CLE_HIST_CHUNKED */

#if !defined(CLE_HIST_COPIES) || !defined(CLE_HIST_ROWS) || !defined(CLE_HIST_LUT) || !defined(CLE_HIST_LUT_OFFSET) || \
    !defined(CLE_HIST_FLOAT_DIV) || CLE_HIST_LOCAL == 0
#error \
    "histogram_chunked needs CLE_HIST_LOCAL > 0, CLE_HIST_COPIES, CLE_HIST_ROWS, CLE_HIST_LUT(_OFFSET), CLE_HIST_FLOAT_DIV"
#endif

#if CLE_HIST_LUT
/* table index of an 8-bit pixel: uchar as is, char (CLE_HIST_LUT_OFFSET 128) shifted */
#define CLE_LUT_INDEX(v) ((int)(v) + CLE_HIST_LUT_OFFSET)
#define CLE_BIN_OF(v) lut[CLE_LUT_INDEX(v)]
#elif CLE_HIST_FLOAT_DIV
/* The program is built with -cl-fp32-correctly-rounded-divide-sqrt, so a
 * float division gives the correctly rounded quotient that CLE_DIV_RN gets
 * through double (several times slower on pocl): the same bins as cle_bin. */
inline uint cle_bin_float(float value, float minimum, float range, float scale, uint last)
{
  const float position = (value - minimum) * scale / range;
  return cle_nearest_bin(position, last);
}
#define CLE_BIN_OF(v) cle_bin_float((float)(v), minimum, range, scale, last)
#else
#define CLE_BIN_OF(v) cle_bin((float)(v), minimum, range, scale, last)
#endif

__kernel void histogram_chunked(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, const int num_bins, const float minimum,
                                const float maximum)
{
  __local uint counts[CLE_HIST_COPIES * CLE_HIST_LOCAL];
  const size_t n = (size_t)GET_IMAGE_WIDTH(src) * GET_IMAGE_HEIGHT(src) * GET_IMAGE_DEPTH(src);
  const size_t items = get_global_size(0), gid = get_global_id(0);
  const size_t per = (n + items - 1) / items, begin = min(n, gid * per), end = min(n, begin + per);
  const float range = maximum - minimum;
  const float scale = (float)(num_bins - 1);
  const uint last = (uint)(num_bins - 1);
  for (int b = 0; b < CLE_HIST_COPIES * CLE_HIST_LOCAL; b++)
    counts[b] = 0;
#if CLE_HIST_LUT
  __local uint lut[256];
  for (int k = 0; k < 256; k++) /* every 8-bit value once */
    lut[k] = cle_bin((float)(k - CLE_HIST_LUT_OFFSET), minimum, range, scale, last);
#endif
  size_t i = begin;
  for (; i + CLE_HIST_COPIES <= end; i += CLE_HIST_COPIES)
    for (int c = 0; c < CLE_HIST_COPIES; c++)
      counts[c * CLE_HIST_LOCAL + CLE_BIN_OF(src[i + c])]++;
  for (; i < end; i++)
    counts[CLE_BIN_OF(src[i])]++;
  for (int b = 0; b < num_bins; b++) {
    uint total = 0;
    for (int c = 0; c < CLE_HIST_COPIES; c++)
      total += counts[c * CLE_HIST_LOCAL + b];
#if CLE_HIST_ROWS
    dst[gid * num_bins + b] = total;
#else
    if (total != 0)
      atomic_add(&dst[b], total);
#endif
  }
}
#endif
