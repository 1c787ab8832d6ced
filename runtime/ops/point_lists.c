/* Point lists drawn into images: see point_lists.h. */
#include "point_lists.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "cle_private.h"
#include "ops_util.h"

static double host_value(const void *data, cle_dtype dtype, size_t i)
{
  switch (dtype) {
  case CLE_INT8: return ((const int8_t *)data)[i];
  case CLE_UINT8: return ((const uint8_t *)data)[i];
  case CLE_INT16: return ((const int16_t *)data)[i];
  case CLE_UINT16: return ((const uint16_t *)data)[i];
  case CLE_INT32: return ((const int32_t *)data)[i];
  case CLE_UINT32: return ((const uint32_t *)data)[i];
  case CLE_FLOAT32: return ((const float *)data)[i];
  }
  return NAN;
}

int cle_point_list_extent(cle_array *list, const char *name, int ndim, size_t size[3])
{
  const size_t n = cle_array_width(list), bytes = cle_array_nbytes(list);
  void *host = malloc(bytes ? bytes : 1);
  if (!host)
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of memory reading %s (%zu bytes)", name, bytes);
  if (cle_pull(list, host, bytes) != 0) {
    free(host);
    return -1;
  }
  static const char axis[3] = {'x', 'y', 'z'};
  int rc = 0;
  for (int k = 0; k < 3; k++) {
    double largest = 0;
    for (size_t i = 0; k < ndim && i < n && rc == 0; i++) {
      const double v = trunc(host_value(host, cle_array_dtype(list), (size_t)k * n + i));
      if (!(v >= 0 && v <= INT_MAX - 1))
        rc = cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                           "%s must hold coordinates in [0, %d] (truncated toward zero), but point %zu has %c = %g",
                           name, INT_MAX - 1, i, axis[k], host_value(host, cle_array_dtype(list), (size_t)k * n + i));
      else if (v > largest)
        largest = v;
    }
    size[k] = (size_t)largest + 1;
  }
  free(host);
  return rc;
}

int cle_point_list_output(cle_array *list, const char *out_name, cle_array **out, cle_dtype dtype, int ndim,
                          const size_t size[3], int zero)
{
  if (*out) {
    if (cle_array_width(*out) < size[0] || cle_array_height(*out) < size[1] || cle_array_depth(*out) < size[2]) {
      char shape[64];
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                           "%s has shape %s, too small for the points: they need width %zu, height %zu, depth %zu",
                           out_name, cle_ops_shape_text(*out, shape, sizeof shape), size[0], size[1], size[2]);
    }
    return zero ? cle_array_fill(*out, 0) : 0;
  }
  const double pixels = (double)size[0] * (double)size[1] * (double)size[2];
  if (pixels > (double)(1ull << 40))
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s would have %zu x %zu x %zu pixels", out_name, size[0], size[1],
                         size[2]);
  const size_t xyz[3] = {size[2], size[1], size[0]}; /* numpy order: the last ndim of z, y, x */
  cle_array *created = cle_create_nd(cle_array_device(list), dtype, ndim, xyz + (3 - ndim));
  if (!created)
    return -1;
  if (cle_array_fill(created, 0) != 0) {
    cle_release(created);
    return -1;
  }
  *out = created;
  return 0;
}

int cle_point_list_draw(cle_array *list, int ndim, cle_array *dst, int values)
{
  cle_device *dev = cle_array_device(list);
  cle_array *winner = cle_create(dev, CLE_UINT32, cle_array_width(dst), cle_array_height(dst), cle_array_depth(dst));
  int rc = winner ? cle_array_fill(winner, 0) : -1;
  const size_t range[3] = {cle_array_width(list), 1, 1};
  if (rc == 0) {
    const cle_param params[] = {cle_param_array("points", list), cle_param_array("winner", winner),
                                cle_param_int("ndim", ndim)};
    rc = cle_run_kernel(dev, "point_lists", "points_claim", params, 3, range, NULL, NULL);
  }
  if (rc == 0) {
    const cle_param params[] = {cle_param_array("points", list), cle_param_array("winner", winner),
                                cle_param_array("dst", dst), cle_param_int("ndim", ndim),
                                cle_param_int("values", values)};
    rc = cle_run_kernel(dev, "point_lists", "points_write", params, 5, range, NULL, NULL);
  }
  cle_release(winner);
  return rc;
}
