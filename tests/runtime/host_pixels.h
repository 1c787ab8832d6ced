/* Host-side pixel helpers for the runtime tests, written independently of
 * the library: typed access, deterministic test data, and clij's saturating
 * float-to-dtype conversion as a plain C reference. */
#ifndef CESPERANTO_HOST_PIXELS_H
#define CESPERANTO_HOST_PIXELS_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "cesperanto/cle.h"

static inline size_t px_size(cle_dtype t)
{
  switch (t) {
  case CLE_INT8:
  case CLE_UINT8: return 1;
  case CLE_INT16:
  case CLE_UINT16: return 2;
  default: return 4;
  }
}

static inline double px_get(const void *buf, cle_dtype t, size_t i)
{
  switch (t) {
  case CLE_INT8: return ((const int8_t *)buf)[i];
  case CLE_UINT8: return ((const uint8_t *)buf)[i];
  case CLE_INT16: return ((const int16_t *)buf)[i];
  case CLE_UINT16: return ((const uint16_t *)buf)[i];
  case CLE_INT32: return ((const int32_t *)buf)[i];
  case CLE_UINT32: return ((const uint32_t *)buf)[i];
  default: return ((const float *)buf)[i];
  }
}

/* Store a value already representable in t. */
static inline void px_set(void *buf, cle_dtype t, size_t i, double v)
{
  switch (t) {
  case CLE_INT8: ((int8_t *)buf)[i] = (int8_t)v; break;
  case CLE_UINT8: ((uint8_t *)buf)[i] = (uint8_t)v; break;
  case CLE_INT16: ((int16_t *)buf)[i] = (int16_t)v; break;
  case CLE_UINT16: ((uint16_t *)buf)[i] = (uint16_t)v; break;
  case CLE_INT32: ((int32_t *)buf)[i] = (int32_t)v; break;
  case CLE_UINT32: ((uint32_t *)buf)[i] = (uint32_t)v; break;
  default: ((float *)buf)[i] = (float)v; break;
  }
}

static inline void px_range(cle_dtype t, double *lo, double *hi)
{
  static const double los[] = {-128, 0, -32768, 0, -2147483648.0, 0};
  static const double his[] = {127, 255, 32767, 65535, 2147483647.0, 4294967295.0};
  *lo = los[t];
  *hi = his[t];
}

/* clij's CONVERT_<dtype>_PIXEL_TYPE on a float: NaN gives 0, out of range
 * clamps, the rest rounds toward zero. */
static inline void px_set_saturated_float(void *buf, cle_dtype t, size_t i, float v)
{
  if (t == CLE_FLOAT32) {
    ((float *)buf)[i] = v;
    return;
  }
  double lo, hi, d = v;
  px_range(t, &lo, &hi);
  if (isnan(d))
    d = 0;
  else if (d > hi)
    d = hi;
  else if (d < lo)
    d = lo;
  else
    d = trunc(d);
  px_set(buf, t, i, d);
}

/* Random integers over the whole range of t; floats mix values in
 * [-1000, 1000) with edge cases of every integer range, infinities and NaN. */
static inline void px_fill_random(void *buf, cle_dtype t, size_t n, unsigned seed)
{
  static const float special[] = {
      -1e20f,        -3e9f,        -70000.f,     -32769.5f, -200.7f,  -128.5f,      -1.5f,
      -0.7f,         0.f,          0.3f,         1.9f,      127.49f,  127.5f,       128.2f,
      255.9f,        256.1f,       32767.6f,     65535.2f,  65536.f,  2147483520.f, 2147483648.f,
      -2147483648.f, 4294967040.f, 4294967296.f, 1e20f,     INFINITY, -INFINITY,    NAN};
  unsigned long long s = 0x2545f4914f6cdd1dull ^ ((unsigned long long)seed << 17);
  for (size_t i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    uint32_t r = (uint32_t)(s >> 16);
    if (t != CLE_FLOAT32) {
      memcpy((char *)buf + i * px_size(t), &r, px_size(t));
    } else if (i % 3 == 0) {
      ((float *)buf)[i] = special[(i / 3) % (sizeof special / sizeof special[0])];
    } else {
      ((float *)buf)[i] = (float)((double)r / 4294967296.0 * 2000.0 - 1000.0);
    }
  }
}

/* Index of the first element that differs (NaN equals NaN), or (size_t)-1. */
static inline size_t px_first_difference(const void *a, const void *b, cle_dtype t, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    double x = px_get(a, t, i), y = px_get(b, t, i);
    if (!(x == y || (isnan(x) && isnan(y))))
      return i;
  }
  return (size_t)-1;
}

#endif
