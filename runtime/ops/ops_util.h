/* Helpers shared by the hand-written ops (runtime/ops) and the kernel
 * families (runtime/families): work-group sizes, the per-device-type
 * layout, program defines. Messages they set never name an op: the
 * generated cle_OP adds the op's name to any error. */
#ifndef CESPERANTO_OPS_UTIL_H
#define CESPERANTO_OPS_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include "cesperanto/cle.h"

/* Largest power of two <= wanted that the device allows in one work-group. */
size_t cle_ops_group_size(const cle_device *dev, size_t wanted);
/* Round v up to a multiple of m (m >= 1). */
static inline size_t cle_ops_round_up(size_t v, size_t m)
{
  return (v + m - 1) / m * m;
}

/* Smallest power of two >= v, at most limit (a power of two). */
static inline size_t cle_ops_pow2_at_least(size_t v, size_t limit)
{
  size_t p = 1;
  while (p < v && p < limit)
    p *= 2;
  return p;
}

/* How many blocks of block items cover n. */
static inline size_t cle_ops_blocks(size_t n, size_t block)
{
  return (n + block - 1) / block;
}
/* One pass of a separable op, from in into out (k: the pass, 0, 1, ... in order). */
typedef int (*cle_ops_pass_fn)(cle_array *in, cle_array *out, int k, void *ctx);
/* n_passes (>= 1) passes from src into dst, x then y then z as the caller
 * orders them: they ping-pong between dst and one temporary like dst so that
 * the last lands in dst, and no pass reads what it writes (dst == src is
 * computed into a temporary, then copied over). 0, or -1 with the error set. */
int cle_ops_separable_passes(cle_array *src, cle_array *dst, int n_passes, cle_ops_pass_fn pass, void *ctx);
/* The double (is_double) or float stored at p, as a double: a device partial
 * read back into host memory, whose layout depends on cl_khr_fp64. */
double cle_ops_load_real(const unsigned char *p, int is_double);
/* "(z, y, x)" in numpy order into buf. */
const char *cle_ops_shape_text(const cle_array *arr, char *buf, size_t size);

/* 1 when whole-image reductions on dev take the CPU layout (few
 * work-groups, one contiguous chunk per work-item), 0 for the GPU layout
 * (coalesced strided sweeps). The device type decides; the environment
 * variable CLE_REDUCE_PATH=cpu|gpu forces one (for tests of both on one
 * device). */
int cle_ops_chunked_path(const cle_device *dev);

/* A new string: base (may be NULL) followed by the printf-formatted line(s),
 * for the defines of a program; NULL with the error set if out of memory.
 * The caller frees it. */
char *cle_defines_append(const char *base, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The histogram of clEsperanto's histogram-based thresholds and percentile
 * (intensity_histogram.c): bins = 256, or max - min + 1 for integer images
 * whose range is below 256; counts by histogram's rule over [min, max];
 * center[i] = min + i * (max - min) / (bins - 1) in double. An all-NaN
 * image has min NaN and no counts. Counts are 64-bit: the tiled ops
 * (runtime/tiled/tiled_histogram.c) sum the histograms of tiles into it. */
enum { CLE_HISTOGRAM_BINS = 256 };
typedef struct cle_intensity_histogram {
  float min, max;
  int bins;
  uint64_t counts[CLE_HISTOGRAM_BINS];
  double center[CLE_HISTOGRAM_BINS];
} cle_intensity_histogram;
int cle_ops_intensity_histogram(cle_array *src, cle_intensity_histogram *h);
/* Its parts, for callers that count in parts (tiles): min, max and bins of an
 * image of dtype whose extremes are lo, hi (NaN: every pixel NaN), counts
 * zeroed, centers NaN; then the centers once the counts are in. */
void cle_ops_histogram_range(cle_dtype dtype, double lo, double hi, cle_intensity_histogram *h);
void cle_ops_histogram_centers(cle_intensity_histogram *h);
/* The thresholds of that histogram (h->min not NaN): Otsu's
 * (threshold_otsu.c), Yen's (threshold_yen.c), isodata's
 * (threshold_isodata.c), the triangle's (threshold_triangle.c) and Li's
 * (threshold_li.c, which also takes the image's mean as a float32), as those
 * ops compute them. */
double cle_ops_otsu_threshold(const cle_intensity_histogram *h);
double cle_ops_yen_threshold(const cle_intensity_histogram *h);
double cle_ops_isodata_threshold(const cle_intensity_histogram *h);
double cle_ops_triangle_threshold(const cle_intensity_histogram *h);
double cle_ops_li_threshold(const cle_intensity_histogram *h, float mean);
/* The histogram thresholds' last step: dst = src > rule(src's histogram) (greater_constant,
 * binary); an all-NaN image has no threshold and gives all 0. 0, or -1 with the error set. */
int cle_ops_binarize_above_histogram_threshold(cle_array *src, cle_array *dst,
                                               double (*rule)(const cle_intensity_histogram *h));
/* The touching-area matrix of labels (generate_touching_area_matrix) into an
 * n x n uint32 scratch matrix, then the column kernel `kernel` of
 * kernels/touching_area.cl (one work-item per column) from it into dst: the
 * partial matrix and its deviation. 0, or -1 with the error set. */
int cle_ops_touching_area_columns(cle_array *labels, cle_array *dst, size_t n, const char *kernel);

/* pyclesperanto's percentile of src (percentile.c): from that histogram. */
int cle_ops_percentile(cle_array *src, float percentile, double *result);
/* The same from a histogram of an image of dtype. */
double cle_ops_percentile_of(const cle_intensity_histogram *h, cle_dtype dtype, float percentile);
/* normalize's last step (normalize.c): output_image (float32) =
 * clip((lo - input_image) * (-1 / (hi - lo)), 0, 1), pixelwise. 0 or -1. */
int cle_ops_normalize_between(cle_array *input_image, cle_array *output_image, float lo, float hi);

/* Zero the uint32 vector dst (num_bins elements) and count src into it with
 * clEsperanto's histogram rule over [min, max] (histogram.c). */
int cle_ops_histogram_into(cle_array *src, cle_array *dst, int num_bins, float min, float max);
/* The same counts into host memory counts[num_bins]: on the CPU layout one
 * launch writing per-group rows summed on the host (no zeroing, no atomics). */
int cle_ops_histogram_counts(cle_array *src, int num_bins, float min, float max, uint32_t *counts);

#endif
