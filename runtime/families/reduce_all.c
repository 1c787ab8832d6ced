/* The reduce_all family: min / max / sum / mean / standard deviation / variance / product of all
 * pixels (kernels/reduce_all.cl): one
 * pass of work-groups writing partials, then one work-group combining them
 * on the device or, for few groups, the host combining them in the same
 * fixed order (no second launch). Only the quantities asked for are
 * computed. The launch shape is a fixed function of the pixel count, the
 * dtype and the device type (reduce_shape), so float sums are the same on
 * every run on one device. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cle_private.h"
#include "families/reduce_all.h"
#include "ops/ops_util.h"
#include "settings.h"

enum {
  GPU_GROUP = 256, /* items per work-group of the strided (GPU) layout */
  GPU_MAX_GROUPS = 1024,
  GPU_VEC_BYTES = 16,   /* one 16-byte load per item per step: uchar16, ushort8, float4 */
  CPU_VEC = 16,         /* lanes of the chunked (CPU) layout: 16 .. 64 bytes per step */
  CPU_MIN_VECS = 4096,  /* at least 64 Ki pixels per CPU work-item: a launch of one costs more */
  CPU_MAX_GROUPS = 64,  /* enough chunks for 64 cores; a fixed count keeps sums independent of threads */
  HOST_COMBINE_MAX = 64 /* up to this many partials the host combines them (1.5 KiB read back) */
};

typedef struct reduce_shape {
  size_t vec, group, groups;
  int chunked;
} reduce_shape;

static reduce_shape shape_for(const cle_device *dev, size_t n, size_t pixel_bytes)
{
  reduce_shape s;
  s.chunked = cle_ops_chunked_path(dev);
  if (s.chunked) {
    s.vec = CPU_VEC;
    s.group = 1;
    const size_t nv = n / s.vec;
    s.groups = (nv + CPU_MIN_VECS - 1) / CPU_MIN_VECS;
    if (s.groups > CPU_MAX_GROUPS)
      s.groups = CPU_MAX_GROUPS;
  } else {
    s.vec = GPU_VEC_BYTES / pixel_bytes < 4 ? 4 : GPU_VEC_BYTES / pixel_bytes;
    s.group = cle_ops_group_size(dev, GPU_GROUP);
    const size_t nv = n / s.vec;
    s.groups = (nv + s.group - 1) / s.group;
    if (s.groups > GPU_MAX_GROUPS)
      s.groups = GPU_MAX_GROUPS;
  }
  if (s.groups < 1)
    s.groups = 1;
  return s;
}

enum { RECORD = 5 }; /* per partial: min, max, sum, sum of squared deviations, their shift */

/* Accumulator k of record g in raw partials: int64, double or float. */
static double acc_value(const unsigned char *raw, size_t g, int k, int is_float, size_t acc_bytes)
{
  const unsigned char *p = raw + (RECORD * g + (size_t)k) * acc_bytes;
  if (!is_float) {
    int64_t v;
    memcpy(&v, p, sizeof v);
    return (double)v;
  }
  return cle_ops_load_real(p, acc_bytes == sizeof(double));
}

/* Slot k (3: the sum of squared deviations, 4: their shift) of record g:
 * double, or float without fp64. */
static double sq_value(const unsigned char *raw, size_t g, int k, int fp64, size_t acc_bytes)
{
  return cle_ops_load_real(raw + (RECORD * g + (size_t)k) * acc_bytes, fp64);
}

/* The host's combine of `groups` partial records, in group order; min and
 * max skip NaN as fmin/fmax do. Integer sums stay in int64 (exact). */
static void combine(const unsigned char *raw, size_t groups, int is_float, int fp64, size_t acc_bytes, int product,
                    double out[RECORD])
{
  double mn = NAN, mx = NAN, fsum = 0, sq = product ? 1 : 0;
  int64_t isum = 0;
  for (size_t g = 0; g < groups; g++) {
    mn = fmin(mn, acc_value(raw, g, 0, is_float, acc_bytes));
    mx = fmax(mx, acc_value(raw, g, 1, is_float, acc_bytes));
    if (is_float && acc_bytes == sizeof(float)) {
      float a = (float)fsum, b;
      memcpy(&b, raw + (RECORD * g + 2) * acc_bytes, sizeof b);
      fsum = a + b; /* a float device sums in float; so does this */
    } else if (is_float) {
      fsum += acc_value(raw, g, 2, is_float, acc_bytes);
    } else {
      int64_t v;
      memcpy(&v, raw + (RECORD * g + 2) * acc_bytes, sizeof v);
      isum += v;
    }
    const double d = sq_value(raw, g, 3, fp64, acc_bytes);
    if (product)
      sq = fp64 ? sq * d : (double)((float)sq * (float)d);
    else
      sq = fp64 ? sq + d : (double)((float)sq + (float)d);
  }
  out[0] = mn;
  out[1] = mx;
  out[2] = is_float ? fsum : (double)isum;
  out[3] = sq;
  out[4] = sq_value(raw, 0, 4, fp64, acc_bytes);
}

/* What reduce() computes: any of min, max, sum, and the sum of squared
 * deviations from the first pixel (out[3], the pixel in out[4]); or, alone,
 * the product of the pixels (out[3]). */
enum { WANT_MINMAX = 1, WANT_SUM = 2, WANT_SQ = 4, WANT_PROD = 8 };

static int reduce(cle_array *src, unsigned want, double out[RECORD])
{
  cle_device *dev = cle_array_device(src);
  const size_t n = cle_array_size(src);
  const cle_dtype dtype = cle_array_dtype(src);
  /* CLE_REDUCE_FP32=1 accumulates float images in float as a device
   * without cl_khr_fp64 does (for tests of that path on any device) */
  static const char *const on_off[] = {"0", "1", NULL};
  const int is_float = dtype == CLE_FLOAT32,
            fp64 = cle_device_has_fp64(dev) && cle_setting_choice("CLE_REDUCE_FP32", on_off, 0) == 0;
  const size_t acc_bytes = is_float && !fp64 ? sizeof(float) : 8;
  const reduce_shape s = shape_for(dev, n, cle_dtype_size(dtype));
  const int minmax = (want & WANT_MINMAX) != 0, sum = (want & WANT_SUM) != 0, sq = (want & WANT_SQ) != 0,
            prod = (want & WANT_PROD) != 0;
  char defines[320];
  snprintf(defines, sizeof defines,
           "#define CLE_WG %zu\n#define CLE_SRC_FLOAT %d\n#define CLE_SRC_BYTES %zu\n#define CLE_VEC %zu\n"
           "#define CLE_CHUNKED %d\n#define CLE_WANT_MINMAX %d\n#define CLE_WANT_SUM %d\n#define CLE_WANT_SQ %d\n"
           "#define CLE_WANT_PROD %d\n#define CLE_FP64 %d\n",
           s.group, is_float, cle_dtype_size(dtype), s.vec, s.chunked, minmax, sum, sq, prod, fp64);

  /* four accumulators per group, as uint32 words (cle_pull reads whole arrays) */
  const size_t record_words = RECORD * acc_bytes / sizeof(uint32_t);
  cle_array *partials = cle_create(dev, CLE_UINT32, record_words * s.groups, 1, 1);
  cle_array *result = NULL;
  int rc = -1;
  if (!partials)
    goto done;
  const cle_param partial_params[] = {cle_param_array("src", src), cle_param_array("partials", partials)};
  const size_t partial_range[3] = {s.groups * s.group, 1, 1}, local[3] = {s.group, 1, 1};
  if (cle_run_kernel(dev, "reduce_all", "reduce_all_partial", partial_params, 2, partial_range, local, defines) != 0)
    goto done;
  unsigned char raw[HOST_COMBINE_MAX * RECORD * 8];
  size_t records = s.groups;
  if (s.groups <= HOST_COMBINE_MAX) {
    if (cle_pull(partials, raw, s.groups * RECORD * acc_bytes) != 0)
      goto done;
  } else {
    const size_t final_group = cle_ops_group_size(dev, GPU_GROUP);
    char final_defines[320];
    snprintf(final_defines, sizeof final_defines,
             "#define CLE_WG %zu\n#define CLE_SRC_FLOAT %d\n#define CLE_SRC_BYTES %zu\n#define CLE_VEC %zu\n"
             "#define CLE_CHUNKED %d\n#define CLE_WANT_MINMAX %d\n#define CLE_WANT_SUM %d\n#define CLE_WANT_SQ %d\n"
             "#define CLE_WANT_PROD %d\n#define CLE_FP64 %d\n",
             final_group, is_float, cle_dtype_size(dtype), s.vec, s.chunked, minmax, sum, sq, prod, fp64);
    result = cle_create(dev, CLE_UINT32, record_words, 1, 1);
    if (!result)
      goto done;
    const cle_param final_params[] = {cle_param_array("partials", partials), cle_param_array("result", result),
                                      cle_param_int("num_partials", (int)s.groups)};
    const size_t final_range[3] = {final_group, 1, 1}, final_local[3] = {final_group, 1, 1};
    if (cle_run_kernel(dev, "reduce_all", "reduce_all_final", final_params, 3, final_range, final_local,
                       final_defines) != 0 ||
        cle_pull(result, raw, RECORD * acc_bytes) != 0)
      goto done;
    records = 1;
  }
  combine(raw, records, is_float, fp64, acc_bytes, prod, out);
  rc = 0;
done:
  cle_release(partials);
  cle_release(result);
  return rc;
}

int cle_reduce_all(cle_array *src, double *min, double *max, double *sum)
{
  double v[RECORD];
  if (reduce(src, (min || max ? WANT_MINMAX : 0) | (sum ? WANT_SUM : 0), v) != 0)
    return -1;
  if (min)
    *min = v[0];
  if (max)
    *max = v[1];
  if (sum)
    *sum = v[2];
  return 0;
}

int cle_reduce_all_mean(cle_array *src, double *mean)
{
  double v[RECORD];
  if (reduce(src, WANT_SUM, v) != 0)
    return -1;
  *mean = v[2] / (double)cle_array_size(src);
  return 0;
}

int cle_reduce_all_moments(cle_array *src, double *sum, double *m2)
{
  double v[RECORD];
  if (reduce(src, WANT_SUM | WANT_SQ, v) != 0)
    return -1;
  /* sum((x - mean)^2) = sum((x - K)^2) - n (mean - K)^2, K the first pixel */
  const double n = (double)cle_array_size(src);
  const double mean = v[2] / n, shifted = mean - v[4];
  const double d = v[3] - n * shifted * shifted;
  *sum = v[2];
  *m2 = d < 0 ? 0 : d; /* rounding may dip below 0; NaN stays */
  return 0;
}

int cle_reduce_all_variance(cle_array *src, int ddof, double *variance)
{
  double sum, m2;
  if (cle_reduce_all_moments(src, &sum, &m2) != 0)
    return -1;
  const double n = (double)cle_array_size(src);
  *variance = n - ddof > 0 ? m2 / (n - ddof) : NAN;
  return 0;
}

int cle_reduce_all_standard_deviation(cle_array *src, int ddof, double *deviation)
{
  if (cle_reduce_all_variance(src, ddof, deviation) != 0)
    return -1;
  *deviation = sqrt(*deviation); /* NaN stays NaN */
  return 0;
}

int cle_reduce_all_product(cle_array *src, double *product)
{
  double v[RECORD];
  if (reduce(src, WANT_PROD, v) != 0)
    return -1;
  *product = v[3];
  return 0;
}
