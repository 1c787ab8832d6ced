/* histogram: counts of src's pixels in num_bins bins over [minimum, maximum]
 * with clEsperanto's rule (CLIc's histogram.cl): position =
 * ((float)value - minimum) * (float)(num_bins - 1) / (maximum - minimum)
 * in float32, bin = (uint)(position + 0.5), i.e. the nearest of the
 * num_bins centers minimum + i * range / (num_bins - 1); NaN and values
 * below go to bin 0, values past the last center to the last bin (upstream
 * leaves those undefined). The division is done in double where available
 * and rounded once, which is the correctly rounded float quotient (double
 * rounding is harmless for float operands), and the + 0.5 in double as
 * upstream's double literal does, so every device bins exactly like the
 * CPU reference.
 *
 * Each work-group strides over the image (coalesced) counting into a local
 * sub-histogram of CLE_HIST_LOCAL bins (>= num_bins), then adds its nonzero
 * counts to dst (zeroed by the caller) with global atomics. CLE_HIST_LOCAL 0
 * (too many bins for local memory) counts into dst directly.
 * Bytes moved: n * sizeof src + groups * num_bins * 4 (atomics). */

#pragma OPENCL FP_CONTRACT OFF
#ifdef cl_khr_fp64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define CLE_DIV_RN(a, b) ((float)((double)(a) / (double)(b)))
#define CLE_NEAREST_BIN(position) convert_uint_sat((double)(position) + 0.5)
#else
#define CLE_DIV_RN(a, b) ((a) / (b))
#define CLE_NEAREST_BIN(position) convert_uint_sat((position) + 0.5f)
#endif

#ifndef CLE_HIST_LOCAL
#error "histogram needs CLE_HIST_LOCAL"
#endif

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
#define CLE_COUNT(bin) atomic_inc(&dst[bin])
#endif
  for (size_t i = get_global_id(0); i < n; i += stride) {
    const float value = (float)src[i];
    const float position = CLE_DIV_RN((value - minimum) * scale, range);
    const uint bin = min(CLE_NEAREST_BIN(position), last);
    CLE_COUNT(bin);
  }
#if CLE_HIST_LOCAL > 0
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int b = lid; b < num_bins; b += lsize)
    if (counts[b] != 0)
      atomic_add(&dst[b], counts[b]);
#endif
}
