/* Helpers shared by the hand-written ops and the kernel families (ops_util.h). */
#include "ops_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cle_private.h"
#include "settings.h"

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
  static const char *const paths[] = {"auto", "cpu", "gpu", NULL};
  switch (cle_setting_choice("CLE_REDUCE_PATH", paths, 0)) {
  case 1: return 1;
  case 2: return 0;
  default: return cle_device_is_cpu(dev);
  }
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

double cle_ops_load_real(const unsigned char *p, int is_double)
{
  if (is_double) {
    double v;
    memcpy(&v, p, sizeof v);
    return v;
  }
  float v;
  memcpy(&v, p, sizeof v);
  return v;
}

int cle_ops_separable_passes(cle_array *src, cle_array *dst, int n_passes, cle_ops_pass_fn pass, void *ctx)
{
  cle_array *out = dst, *detached = NULL, *tmp = NULL;
  int rc = -1;
  if (src == dst && !(out = detached = cle_create_like(dst)))
    goto done;
  if (n_passes > 1 && !(tmp = cle_create_like(dst)))
    goto done;
  cle_array *in = src;
  for (int k = 0; k < n_passes; k++) {
    cle_array *target = (n_passes - 1 - k) % 2 == 0 ? out : tmp; /* the last pass lands in out */
    if (pass(in, target, k, ctx) != 0)
      goto done;
    in = target;
  }
  rc = detached ? cle_array_copy(detached, dst) : 0;
done:
  cle_release(tmp);
  cle_release(detached);
  return rc;
}
