/* Helpers shared by the hand-written ops and the kernel families (ops_util.h). */
#include "ops_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cle_private.h"

size_t cle_ops_group_size(const cle_device *dev, size_t wanted)
{
  size_t limit = cle_device_max_work_group_size(dev);
  size_t size = 1;
  while (size * 2 <= wanted && size * 2 <= limit)
    size *= 2;
  return size;
}

int cle_ops_chunked_path(const cle_device *dev)
{
  const char *forced = getenv("CLE_REDUCE_PATH");
  if (forced && strcmp(forced, "cpu") == 0)
    return 1;
  if (forced && strcmp(forced, "gpu") == 0)
    return 0;
  return cle_device_is_cpu(dev);
}

const char *cle_ops_shape_text(const cle_array *arr, char *buf, size_t size)
{
  size_t shape[3];
  int ndim = cle_array_shape(arr, shape);
  if (ndim == 1)
    snprintf(buf, size, "(%zu)", shape[0]);
  else if (ndim == 2)
    snprintf(buf, size, "(%zu, %zu)", shape[0], shape[1]);
  else
    snprintf(buf, size, "(%zu, %zu, %zu)", shape[0], shape[1], shape[2]);
  return buf;
}

char *cle_defines_append(const char *base, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  const int extra = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  const size_t len = base ? strlen(base) : 0;
  char *out = extra < 0 ? NULL : malloc(len + (size_t)extra + 1);
  if (!out) {
    cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory for program defines");
    return NULL;
  }
  if (len)
    memcpy(out, base, len);
  va_start(ap, fmt);
  vsnprintf(out + len, (size_t)extra + 1, fmt, ap);
  va_end(ap);
  return out;
}
