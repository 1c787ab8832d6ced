/* Helpers shared by opsA's hand-written ops. */
#include "ops_util.h"

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

int cle_ops_check_same_shape(const char *op, const char *name, const cle_array *arr, const cle_array *like)
{
  if (cle_array_width(arr) == cle_array_width(like) && cle_array_height(arr) == cle_array_height(like) &&
      cle_array_depth(arr) == cle_array_depth(like))
    return 0;
  char have[80], want[80];
  return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s has shape %s, expected %s", op, name,
                       cle_ops_shape_text(arr, have, sizeof have), cle_ops_shape_text(like, want, sizeof want));
}

int cle_ops_result(const char *op, int rc)
{
  if (rc == 0)
    return 0;
  const char *msg = cle_last_error_message();
  size_t len = strlen(op);
  if (strncmp(msg, op, len) != 0 || msg[len] != ':')
    cle_error_add_context(op);
  return -1;
}
