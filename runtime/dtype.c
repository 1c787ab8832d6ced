/* Element types: sizes, names, and the host-side saturating conversion
 * that matches the kernels' clij_convert_<type>_sat. */
#include <float.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "cle_internal.h"

typedef struct dtype_info {
  const char *name;      /* cesperanto / numpy name */
  const char *cl_name;   /* OpenCL C type */
  const char *cl_suffix; /* clij read_buffer/write_buffer suffix */
  size_t size;
  double min, max;
} dtype_info;

static const dtype_info dtypes[CLE_DTYPE_COUNT] = {
    [CLE_INT8] = {"int8", "char", "c", 1, -128.0, 127.0},
    [CLE_UINT8] = {"uint8", "uchar", "uc", 1, 0.0, 255.0},
    [CLE_INT16] = {"int16", "short", "s", 2, -32768.0, 32767.0},
    [CLE_UINT16] = {"uint16", "ushort", "us", 2, 0.0, 65535.0},
    [CLE_INT32] = {"int32", "int", "i", 4, -2147483648.0, 2147483647.0},
    [CLE_UINT32] = {"uint32", "uint", "ui", 4, 0.0, 4294967295.0},
    [CLE_FLOAT32] = {"float32", "float", "f", 4, -INFINITY, INFINITY},
};

bool cle_dtype_valid(cle_dtype dtype)
{
  /* Compare as unsigned: an enum may hold any int a caller casts into it. */
  return (unsigned)dtype < CLE_DTYPE_COUNT;
}

size_t cle_dtype_size(cle_dtype dtype)
{
  return cle_dtype_valid(dtype) ? dtypes[dtype].size : 0;
}

const char *cle_dtype_name(cle_dtype dtype)
{
  return cle_dtype_valid(dtype) ? dtypes[dtype].name : NULL;
}

const char *cle_dtype_cl_name(cle_dtype dtype)
{
  return cle_dtype_valid(dtype) ? dtypes[dtype].cl_name : NULL;
}

const char *cle_dtype_cl_suffix(cle_dtype dtype)
{
  return cle_dtype_valid(dtype) ? dtypes[dtype].cl_suffix : NULL;
}

int cle_dtype_from_name(const char *name, cle_dtype *out)
{
  if (!name)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_dtype_from_name: name is NULL");
  if (!out)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_dtype_from_name: out is NULL");
  for (int i = 0; i < CLE_DTYPE_COUNT; i++) {
    if (strcasecmp(name, dtypes[i].name) == 0) {
      *out = (cle_dtype)i;
      return 0;
    }
  }
  if (strcasecmp(name, "float") == 0) {
    *out = CLE_FLOAT32;
    return 0;
  }
  return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                       "cle_dtype_from_name: unknown dtype '%s' (known: int8 uint8 int16 uint16 int32 uint32 float32)",
                       name);
}

void cle_dtype_saturate(cle_dtype dtype, double value, void *out)
{
  const dtype_info *d = &dtypes[dtype];
  if (dtype == CLE_FLOAT32) {
    /* Beyond float's range the conversion is undefined in C: saturate to infinity. */
    float f = value > FLT_MAX ? INFINITY : value < -FLT_MAX ? -INFINITY : (float)value;
    memcpy(out, &f, sizeof f);
    return;
  }
  double v = isnan(value) ? 0.0 : trunc(value);
  if (v < d->min)
    v = d->min;
  if (v > d->max)
    v = d->max;
  switch (dtype) {
  case CLE_INT8: {
    int8_t x = (int8_t)v;
    memcpy(out, &x, 1);
    break;
  }
  case CLE_UINT8: {
    uint8_t x = (uint8_t)v;
    memcpy(out, &x, 1);
    break;
  }
  case CLE_INT16: {
    int16_t x = (int16_t)v;
    memcpy(out, &x, 2);
    break;
  }
  case CLE_UINT16: {
    uint16_t x = (uint16_t)v;
    memcpy(out, &x, 2);
    break;
  }
  case CLE_INT32: {
    int32_t x = (int32_t)v;
    memcpy(out, &x, 4);
    break;
  }
  case CLE_UINT32: {
    uint32_t x = (uint32_t)v;
    memcpy(out, &x, 4);
    break;
  }
  default: break;
  }
}
