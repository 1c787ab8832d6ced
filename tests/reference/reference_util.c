/* Host image helpers of reference.h: allocation and element access with the
 * same conversion rule as the kernels' CONVERT_..._PIXEL_TYPE (saturate,
 * round toward zero, NaN becomes 0). */
#include "reference.h"
#include "ref_common.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int ref_image_alloc(ref_image *img, cle_dtype dtype, int ndim, size_t width, size_t height, size_t depth)
{
  size_t esize = ref_dtype_size(dtype);
  memset(img, 0, sizeof(*img));
  if (esize == 0 || ndim < 1 || ndim > 3 || width == 0 || height == 0 || depth == 0)
    return -1;
  size_t n = width * height;
  if (n / height != width || (n * depth) / depth != n)
    return -1;
  n *= depth;
  img->data = calloc(n, esize);
  if (!img->data)
    return -1;
  img->dtype = dtype;
  img->ndim = ndim;
  img->width = width;
  img->height = height;
  img->depth = depth;
  return 0;
}

void ref_image_free(ref_image *img)
{
  if (!img)
    return;
  free(img->data);
  img->data = NULL;
}

size_t ref_dtype_size(cle_dtype dtype)
{
  switch (dtype) {
  case CLE_INT8:
  case CLE_UINT8: return 1;
  case CLE_INT16:
  case CLE_UINT16: return 2;
  case CLE_INT32:
  case CLE_UINT32:
  case CLE_FLOAT32: return 4;
  }
  return 0;
}

int ref_image_like(ref_image *out, const ref_image *like, cle_dtype dtype)
{
  return ref_image_alloc(out, dtype, like->ndim, like->width, like->height, like->depth);
}

size_t ref_image_size(const ref_image *img)
{
  return img->width * img->height * img->depth;
}

double ref_get(const ref_image *img, size_t i)
{
  switch (img->dtype) {
  case CLE_INT8: return ((const int8_t *)img->data)[i];
  case CLE_UINT8: return ((const uint8_t *)img->data)[i];
  case CLE_INT16: return ((const int16_t *)img->data)[i];
  case CLE_UINT16: return ((const uint16_t *)img->data)[i];
  case CLE_INT32: return ((const int32_t *)img->data)[i];
  case CLE_UINT32: return ((const uint32_t *)img->data)[i];
  case CLE_FLOAT32: return ((const float *)img->data)[i];
  }
  return NAN;
}

/* Truncate toward zero and clamp to [lo, hi]; NaN gives 0 (OpenCL's convert_*_sat). */
static double saturate(double v, double lo, double hi)
{
  if (isnan(v))
    return 0;
  v = trunc(v);
  return v < lo ? lo : v > hi ? hi : v;
}

void ref_set(ref_image *img, size_t i, double value)
{
  switch (img->dtype) {
  case CLE_INT8: ((int8_t *)img->data)[i] = (int8_t)saturate(value, INT8_MIN, INT8_MAX); break;
  case CLE_UINT8: ((uint8_t *)img->data)[i] = (uint8_t)saturate(value, 0, UINT8_MAX); break;
  case CLE_INT16: ((int16_t *)img->data)[i] = (int16_t)saturate(value, INT16_MIN, INT16_MAX); break;
  case CLE_UINT16: ((uint16_t *)img->data)[i] = (uint16_t)saturate(value, 0, UINT16_MAX); break;
  case CLE_INT32: ((int32_t *)img->data)[i] = (int32_t)saturate(value, INT32_MIN, INT32_MAX); break;
  case CLE_UINT32: ((uint32_t *)img->data)[i] = (uint32_t)saturate(value, 0, UINT32_MAX); break;
  case CLE_FLOAT32: ((float *)img->data)[i] = (float)value; break;
  }
}

double ref_max_label(const ref_image *img)
{
  const size_t n = ref_image_size(img);
  double largest = 0;
  for (size_t i = 0; i < n; i++) {
    const double v = ref_get(img, i);
    if (!(v >= 0) || v != floor(v) || v >= 4294967296.0)
      return NAN;
    if (v > largest)
      largest = v;
  }
  return largest;
}
