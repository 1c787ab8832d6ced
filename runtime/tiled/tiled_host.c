/* Passes of the tiled global ops done on the host's threads (parallel.h)
 * over the host image itself (tiled_global.h): the image's extremes, and
 * pixel > constant into uint8. Each pass reads every pixel once and does a
 * comparison per pixel; moving the pixels to the device costs more (a push
 * of the image is a host copy into pinned memory plus a transfer at ~20 GB/s
 * on the H200), and the result is the device's bit for bit:
 *   - extremes: the smallest and largest non-NaN pixel (NaN compares false,
 *     so it is skipped, as cle_reduce_all skips it), NaN for an image of
 *     NaN only; integer pixels are exact in double. Of -0.0 and +0.0 the
 *     first met stands (they compare equal; the device's fmin/fmax may
 *     pick either: equal numbers, as for the tiles' merge before).
 *   - greater: (float)pixel > constant, as greater_constant's kernel
 *     (pixelwise, "input_image > scalar" with the pixel converted to
 *     float32: C converts integers to float rounding to nearest, as OpenCL
 *     does, and the comparison is exact). */
#include <math.h>
#include <stdint.h>

#include "parallel.h"
#include "profile.h"
#include "tiled/tiled_global.h"

typedef struct host_job {
  const cle_host_image *img;
  size_t n;
  int parts;
  double lo[CLE_MAX_HOST_THREADS], hi[CLE_MAX_HOST_THREADS]; /* per part */
  float constant;
  uint8_t *out;
} host_job;

/* Extremes of p[b..e) with LANES independent running extremes (which the
 * compiler turns into vector min/max: one chain would wait on each
 * comparison), NaN failing every comparison; *lo > *hi: no pixel but NaN. */
enum { LANES = 16 };
#define RANGE_FN(NAME, T, LOW, HIGH)                                       \
  static void NAME(const T *p, size_t b, size_t e, double *lo, double *hi) \
  {                                                                        \
    T mn[LANES], mx[LANES];                                                \
    for (int k = 0; k < LANES; k++) {                                      \
      mn[k] = HIGH;                                                        \
      mx[k] = LOW;                                                         \
    }                                                                      \
    size_t i = b;                                                          \
    for (; i + LANES <= e; i += LANES)                                     \
      for (int k = 0; k < LANES; k++) {                                    \
        const T v = p[i + k];                                              \
        mn[k] = v < mn[k] ? v : mn[k];                                     \
        mx[k] = v > mx[k] ? v : mx[k];                                     \
      }                                                                    \
    for (; i < e; i++) {                                                   \
      mn[0] = p[i] < mn[0] ? p[i] : mn[0];                                 \
      mx[0] = p[i] > mx[0] ? p[i] : mx[0];                                 \
    }                                                                      \
    for (int k = 1; k < LANES; k++) {                                      \
      mn[0] = mn[k] < mn[0] ? mn[k] : mn[0];                               \
      mx[0] = mx[k] > mx[0] ? mx[k] : mx[0];                               \
    }                                                                      \
    *lo = (double)mn[0];                                                   \
    *hi = (double)mx[0];                                                   \
  }
RANGE_FN(range_i8, int8_t, INT8_MIN, INT8_MAX)
RANGE_FN(range_u8, uint8_t, 0, UINT8_MAX)
RANGE_FN(range_i16, int16_t, INT16_MIN, INT16_MAX)
RANGE_FN(range_u16, uint16_t, 0, UINT16_MAX)
RANGE_FN(range_i32, int32_t, INT32_MIN, INT32_MAX)
RANGE_FN(range_u32, uint32_t, 0, UINT32_MAX)
RANGE_FN(range_f32, float, -INFINITY, INFINITY)

static void range_part(void *ctx, int part)
{
  host_job *j = ctx;
  size_t b, e;
  cle_part_range(j->n, j->parts, part, &b, &e);
  double *lo = &j->lo[part], *hi = &j->hi[part];
  const void *p = j->img->data;
  switch (j->img->dtype) {
  case CLE_INT8: range_i8(p, b, e, lo, hi); break;
  case CLE_UINT8: range_u8(p, b, e, lo, hi); break;
  case CLE_INT16: range_i16(p, b, e, lo, hi); break;
  case CLE_UINT16: range_u16(p, b, e, lo, hi); break;
  case CLE_INT32: range_i32(p, b, e, lo, hi); break;
  case CLE_UINT32: range_u32(p, b, e, lo, hi); break;
  default: range_f32(p, b, e, lo, hi); break;
  }
  if (*lo > *hi) /* nothing but NaN (a part is never empty) */
    *lo = *hi = NAN;
}

void cle_tiled_host_range(const cle_host_image *img, double *lo, double *hi)
{
  const double t0 = cle_profile_start();
  host_job j = {.img = img, .n = img->width * img->height * img->depth};
  j.parts = cle_host_parts(j.n, cle_dtype_size(img->dtype));
  cle_parallel_run(j.parts, range_part, &j);
  double mn = NAN, mx = NAN;
  for (int p = 0; p < j.parts; p++) { /* in order; a part of NaN only is skipped */
    if (!isnan(j.lo[p]) && (isnan(mn) || j.lo[p] < mn))
      mn = j.lo[p];
    if (!isnan(j.hi[p]) && (isnan(mx) || j.hi[p] > mx))
      mx = j.hi[p];
  }
  *lo = mn;
  *hi = mx;
  cle_profile_stop("tiled", "host range", t0);
}

/* out[i] = (float)p[i] > c for i in [b, e), in blocks of LANES (vectorised:
 * restrict says out does not alias p). */
#define GREATER_FN(NAME, T)                                                                 \
  static void NAME(const T *restrict p, size_t b, size_t e, float c, uint8_t *restrict out) \
  {                                                                                         \
    size_t i = b;                                                                           \
    for (; i + LANES <= e; i += LANES)                                                      \
      for (int k = 0; k < LANES; k++)                                                       \
        out[i + k] = (float)p[i + k] > c;                                                   \
    for (; i < e; i++)                                                                      \
      out[i] = (float)p[i] > c;                                                             \
  }
GREATER_FN(greater_i8, int8_t)
GREATER_FN(greater_u8, uint8_t)
GREATER_FN(greater_i16, int16_t)
GREATER_FN(greater_u16, uint16_t)
GREATER_FN(greater_i32, int32_t)
GREATER_FN(greater_u32, uint32_t)
GREATER_FN(greater_f32, float)

static void greater_part(void *ctx, int part)
{
  host_job *j = ctx;
  size_t b, e;
  cle_part_range(j->n, j->parts, part, &b, &e);
  const void *p = j->img->data;
  const float c = j->constant;
  switch (j->img->dtype) {
  case CLE_INT8: greater_i8(p, b, e, c, j->out); break;
  case CLE_UINT8: greater_u8(p, b, e, c, j->out); break;
  case CLE_INT16: greater_i16(p, b, e, c, j->out); break;
  case CLE_UINT16: greater_u16(p, b, e, c, j->out); break;
  case CLE_INT32: greater_i32(p, b, e, c, j->out); break;
  case CLE_UINT32: greater_u32(p, b, e, c, j->out); break;
  default: greater_f32(p, b, e, c, j->out); break;
  }
}

void cle_tiled_host_greater(const cle_host_image *img, float constant, uint8_t *out)
{
  const double t0 = cle_profile_start();
  host_job j = {.img = img, .n = img->width * img->height * img->depth, .constant = constant, .out = out};
  j.parts = cle_host_parts(j.n, cle_dtype_size(img->dtype) + 1);
  cle_parallel_run(j.parts, greater_part, &j);
  cle_profile_stop("tiled", "host greater", t0);
}
