/* Arrays: reference-counted OpenCL buffers with a shape and a dtype.
 * Sizes are checked before anything is allocated; transfers go straight
 * between the caller's memory and the buffer, in one call each. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cle_internal.h"
#include "transfer.h"

static atomic_long live_arrays;

long cle_live_array_count(void)
{
  return atomic_load(&live_arrays);
}

int cle_array_kernel_dim(const cle_array *arr)
{
  return arr->depth > 1 ? 3 : arr->height > 1 ? 2 : 1;
}

/* ---- creation ---- */

/* Bytes for the shape, or 0 with the error set (overflow, beyond what the
 * device allows in one buffer or in total, or beyond int indexing). */
static size_t checked_nbytes(const char *who, cle_device *dev, cle_dtype dtype, size_t w, size_t h, size_t d)
{
  const char *dname = cle_dtype_name(dtype);
  /* Kernels get sizes as int: each axis must fit. */
  if (w > INT_MAX || h > INT_MAX || d > INT_MAX) {
    cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: %zux%zux%zu %s array is too large: each size must be <= %d", who, w, h,
                  d, dname, INT_MAX);
    return 0;
  }
  size_t elem = cle_dtype_size(dtype), n = w, nbytes;
  if (__builtin_mul_overflow(n, h, &n) || __builtin_mul_overflow(n, d, &n) ||
      __builtin_mul_overflow(n, elem, &nbytes)) {
    cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: %zux%zux%zu %s array is too large: its size in bytes overflows", who, w,
                  h, d, dname);
    return 0;
  }
  if (nbytes > dev->max_allocation) {
    cle_set_error(CLE_ERROR_OUT_OF_MEMORY,
                  "%s: %zux%zux%zu %s array needs %zu bytes; device '%s' allows at most %llu bytes in one buffer", who,
                  w, h, d, dname, nbytes, dev->name, (unsigned long long)dev->max_allocation);
    return 0;
  }
  if (nbytes > dev->memory_budget) {
    if (dev->memory_limited)
      cle_set_error(CLE_ERROR_OUT_OF_MEMORY,
                    "%s: %zux%zux%zu %s array needs %zu bytes; device '%s' is limited to %llu bytes "
                    "(CLE_DEVICE_MEMORY_LIMIT)",
                    who, w, h, d, dname, nbytes, dev->name, (unsigned long long)dev->memory_budget);
    else
      cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: %zux%zux%zu %s array needs %zu bytes; device '%s' has %llu bytes",
                    who, w, h, d, dname, nbytes, dev->name, (unsigned long long)dev->global_memory);
    return 0;
  }
  return nbytes;
}

/* A new buffer of nbytes, counted in dev->bytes_in_use, or NULL with the error
 * set. Idle pooled buffers count as memory in use: when the total would pass the
 * device's memory budget (its memory, or CLE_DEVICE_MEMORY_LIMIT), or the driver is out of memory, the pool is dropped and the
 * allocation tried once more before reporting out-of-memory. */
static cl_mem new_buffer(const char *who, cle_device *dev, cle_dtype dtype, size_t w, size_t h, size_t d, size_t nbytes)
{
  for (int attempt = 0;; attempt++) {
    bool may_retry = attempt == 0;
    unsigned long long in_use = atomic_fetch_add(&dev->bytes_in_use, nbytes);
    if (in_use + nbytes > dev->memory_budget) {
      atomic_fetch_sub(&dev->bytes_in_use, nbytes);
      if (may_retry && cle_buffer_pool_drop(dev) > 0)
        continue;
      return cle_fail_null(CLE_ERROR_OUT_OF_MEMORY,
                           "%s: %zux%zux%zu %s array needs %zu bytes; device '%s' %s %llu bytes%s and live arrays "
                           "hold %llu",
                           who, w, h, d, cle_dtype_name(dtype), nbytes, dev->name,
                           dev->memory_limited ? "is limited to" : "has", (unsigned long long)dev->memory_budget,
                           dev->memory_limited ? " (CLE_DEVICE_MEMORY_LIMIT)" : "", in_use);
    }
    cl_int err = CL_SUCCESS;
    cl_mem mem = clCreateBuffer(dev->context, CL_MEM_READ_WRITE, nbytes, NULL, &err);
    if (err == CL_SUCCESS)
      return mem;
    atomic_fetch_sub(&dev->bytes_in_use, nbytes);
    bool oom = cle_cl_error_code(err) == CLE_ERROR_OUT_OF_MEMORY || err == CL_INVALID_BUFFER_SIZE;
    if (oom && may_retry && cle_buffer_pool_drop(dev) > 0)
      continue;
    if (oom)
      return cle_fail_null(CLE_ERROR_OUT_OF_MEMORY, "%s: device '%s' could not allocate %zu bytes: %s (%d)", who,
                           dev->name, nbytes, cle_cl_error_name(err), (int)err);
    cle_cl_fail(who, "clCreateBuffer", err);
    return NULL;
  }
}

static cle_array *create_array(const char *who, cle_device *dev, cle_dtype dtype, int ndim, size_t w, size_t h,
                               size_t d)
{
  if (!cle_dtype_valid(dtype))
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "%s: dtype must be one of int8..float32 (0..%d), got %d", who,
                         CLE_DTYPE_COUNT - 1, (int)dtype);
  if (w < 1)
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "%s: width must be >= 1, got %zu", who, w);
  if (h < 1)
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "%s: height must be >= 1, got %zu", who, h);
  if (d < 1)
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "%s: depth must be >= 1, got %zu", who, d);
  if (!dev && !(dev = cle_device_default())) {
    cle_error_add_context(who);
    return NULL;
  }
  size_t nbytes = checked_nbytes(who, dev, dtype, w, h, d);
  if (nbytes == 0)
    return NULL;
  if (cle_device_ensure_queue(dev, who) != 0)
    return NULL;

  cle_array *arr = calloc(1, sizeof *arr);
  if (!arr)
    return cle_fail_null(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory", who);
  /* A pooled buffer's bytes are already counted in bytes_in_use. */
  arr->mem = cle_buffer_pool_take(dev, nbytes);
  if (!arr->mem && !(arr->mem = new_buffer(who, dev, dtype, w, h, d, nbytes))) {
    free(arr);
    return NULL;
  }
  atomic_init(&arr->refs, 1);
  arr->device = dev;
  arr->dtype = dtype;
  arr->ndim = ndim > 0 ? ndim : d > 1 ? 3 : h > 1 ? 2 : 1;
  arr->width = w;
  arr->height = h;
  arr->depth = d;
  arr->nbytes = nbytes;
  atomic_fetch_add(&live_arrays, 1);
  return arr;
}

/* numpy-ordered shape of ndim entries into width, height, depth. */
static int shape_from_nd(const char *who, int ndim, const size_t *shape, size_t whd[3])
{
  if (ndim < 1 || ndim > 3)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: ndim must be 1, 2 or 3, got %d", who, ndim);
  if (!shape)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: shape is NULL", who);
  whd[0] = whd[1] = whd[2] = 1;
  for (int i = 0; i < ndim; i++) {
    if (shape[i] < 1)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: shape[%d] must be >= 1, got %zu", who, i, shape[i]);
    whd[ndim - 1 - i] = shape[i];
  }
  return 0;
}

cle_array cle_array_view_of(cle_device *dev, cl_mem mem, cle_dtype dtype, size_t n)
{
  cle_array view = {.device = dev, .dtype = dtype, .ndim = 1, .width = n, .height = 1, .depth = 1, .mem = mem};
  atomic_init(&view.refs, 1);
  view.nbytes = n * cle_dtype_size(dtype);
  return view;
}

cle_array *cle_create(cle_device *dev, cle_dtype dtype, size_t width, size_t height, size_t depth)
{
  return create_array("cle_create", dev, dtype, 0, width, height, depth);
}

cle_array *cle_create_nd(cle_device *dev, cle_dtype dtype, int ndim, const size_t *shape)
{
  size_t whd[3];
  if (shape_from_nd("cle_create_nd", ndim, shape, whd) != 0)
    return NULL;
  return create_array("cle_create_nd", dev, dtype, ndim, whd[0], whd[1], whd[2]);
}

cle_array *cle_create_like(const cle_array *like)
{
  if (!like)
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "cle_create_like: like is NULL");
  return create_array("cle_create_like", like->device, like->dtype, like->ndim, like->width, like->height, like->depth);
}

cle_array *cle_create_like_dtype(const cle_array *like, cle_dtype dtype)
{
  if (!like)
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "cle_create_like_dtype: like is NULL");
  return create_array("cle_create_like_dtype", like->device, dtype, like->ndim, like->width, like->height, like->depth);
}

/* ---- transfers ---- */

/* Drivers may allocate a buffer at its first use (NVIDIA does): a write, fill
 * or copy into a fresh array, or a kernel writing it, is where device memory
 * runs out. On out-of-memory the device's idle pooled buffers are released and
 * the caller tries the command once more. */
static bool drop_pool_for_retry(cle_device *dev, cl_int err)
{
  return cle_cl_error_code(err) == CLE_ERROR_OUT_OF_MEMORY && cle_buffer_pool_drop(dev) > 0;
}

/* Set the error for a failed command on arr, naming its shape, dtype and bytes:
 * "cle_push: writing the 1000x3x1 uint16 array (6000 bytes) failed, the device
 * ran out of memory: CL_MEM_OBJECT_ALLOCATION_FAILURE (-4)". Returns -1. */
static int array_cl_fail(const char *who, const char *what, const cle_array *arr, cl_int err)
{
  bool oom = cle_cl_error_code(err) == CLE_ERROR_OUT_OF_MEMORY;
  return cle_set_error(oom ? CLE_ERROR_OUT_OF_MEMORY : CLE_ERROR_DEVICE,
                       "%s: %s the %zux%zux%zu %s array (%zu bytes) failed%s: %s (%d)", who, what, arr->width,
                       arr->height, arr->depth, cle_dtype_name(arr->dtype), arr->nbytes,
                       oom ? ", the device ran out of memory" : "", cle_cl_error_name(err), (int)err);
}

static int write_all(const char *who, cle_array *arr, const void *host)
{
  cl_int err = cle_transfer_write(arr, host);
  if (drop_pool_for_retry(arr->device, err))
    err = cle_transfer_write(arr, host);
  if (err != CL_SUCCESS)
    return array_cl_fail(who, "writing", arr, err);
  return 0;
}

static cle_array *push(const char *who, cle_device *dev, const void *host, cle_dtype dtype, int ndim, size_t w,
                       size_t h, size_t d)
{
  if (!host)
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "%s: host is NULL", who);
  cle_array *arr = create_array(who, dev, dtype, ndim, w, h, d);
  if (!arr)
    return NULL;
  if (write_all(who, arr, host) != 0) {
    cle_release(arr);
    return NULL;
  }
  return arr;
}

cle_array *cle_push(cle_device *dev, const void *host, cle_dtype dtype, size_t width, size_t height, size_t depth)
{
  return push("cle_push", dev, host, dtype, 0, width, height, depth);
}

cle_array *cle_push_nd(cle_device *dev, const void *host, cle_dtype dtype, int ndim, const size_t *shape)
{
  size_t whd[3];
  if (shape_from_nd("cle_push_nd", ndim, shape, whd) != 0)
    return NULL;
  return push("cle_push_nd", dev, host, dtype, ndim, whd[0], whd[1], whd[2]);
}

int cle_pull(const cle_array *arr, void *host, size_t host_bytes)
{
  if (!arr)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_pull: arr is NULL");
  if (!host)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_pull: host is NULL");
  if (host_bytes < arr->nbytes)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_pull: host_bytes must be >= %zu (the array's size), got %zu",
                         arr->nbytes, host_bytes);
  /* Blocking: the in-order queue has finished every kernel writing arr when this returns. */
  /* Not retried after dropping the pool: a blocking read may report the
   * failure of an earlier command on the queue, which reading again would hide. */
  cl_int err = cle_transfer_read(arr, host);
  if (err != CL_SUCCESS)
    return array_cl_fail("cle_pull", "reading", arr, err);
  return 0;
}

int cle_pull_prefix(const cle_array *arr, void *host, size_t bytes)
{
  if (bytes > arr->nbytes)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_pull_prefix: %zu bytes of an array of %zu", bytes,
                         arr->nbytes);
  cl_int err = clEnqueueReadBuffer(arr->device->queue, arr->mem, CL_TRUE, 0, bytes, host, 0, NULL, NULL);
  return err == CL_SUCCESS ? 0 : array_cl_fail("cle_pull_prefix", "reading", arr, err);
}

int cle_array_write(cle_array *arr, const void *host, size_t host_bytes)
{
  if (!arr)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_array_write: arr is NULL");
  if (!host)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_array_write: host is NULL");
  if (host_bytes != arr->nbytes)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "cle_array_write: host_bytes must be %zu (the array's size), got %zu", arr->nbytes,
                         host_bytes);
  return write_all("cle_array_write", arr, host);
}

int cle_array_copy(const cle_array *src, cle_array *dst)
{
  if (!src)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_array_copy: src is NULL");
  if (!dst)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_array_copy: dst is NULL");
  if (src->device != dst->device)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_array_copy: src is on device '%s', dst on device '%s'",
                         src->device->name, dst->device->name);
  if (src->dtype != dst->dtype)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_array_copy: dst dtype must be %s (as src), got %s",
                         cle_dtype_name(src->dtype), cle_dtype_name(dst->dtype));
  if (src->width != dst->width || src->height != dst->height || src->depth != dst->depth)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "cle_array_copy: dst shape must be %zux%zux%zu (as src), got %zux%zux%zu", src->width,
                         src->height, src->depth, dst->width, dst->height, dst->depth);
  if (src == dst)
    return 0;
  cl_int err = clEnqueueCopyBuffer(src->device->queue, src->mem, dst->mem, 0, 0, src->nbytes, 0, NULL, NULL);
  if (drop_pool_for_retry(src->device, err))
    err = clEnqueueCopyBuffer(src->device->queue, src->mem, dst->mem, 0, 0, src->nbytes, 0, NULL, NULL);
  if (err != CL_SUCCESS)
    return array_cl_fail("cle_array_copy", "copying", dst, err);
  return 0;
}

int cle_array_fill(cle_array *arr, double value)
{
  if (!arr)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_array_fill: arr is NULL");
  unsigned char pattern[4];
  size_t size = cle_dtype_size(arr->dtype);
  cle_dtype_saturate(arr->dtype, value, pattern);
  cl_int err = clEnqueueFillBuffer(arr->device->queue, arr->mem, pattern, size, 0, arr->nbytes, 0, NULL, NULL);
  if (drop_pool_for_retry(arr->device, err))
    err = clEnqueueFillBuffer(arr->device->queue, arr->mem, pattern, size, 0, arr->nbytes, 0, NULL, NULL);
  if (err != CL_SUCCESS)
    return array_cl_fail("cle_array_fill", "filling", arr, err);
  return 0;
}

/* ---- references ---- */

cle_array *cle_retain(cle_array *arr)
{
  if (arr)
    atomic_fetch_add_explicit(&arr->refs, 1, memory_order_relaxed);
  return arr;
}

void cle_release(cle_array *arr)
{
  if (!arr)
    return;
  if (atomic_fetch_sub_explicit(&arr->refs, 1, memory_order_acq_rel) != 1)
    return;
  /* Into the device's pool for the next array of this size; OpenCL keeps a
   * released buffer alive until queued commands using it are done. */
  if (!cle_buffer_pool_put(arr->device, arr->mem, arr->nbytes)) {
    clReleaseMemObject(arr->mem);
    atomic_fetch_sub(&arr->device->bytes_in_use, arr->nbytes);
  }
  free(arr);
  atomic_fetch_sub(&live_arrays, 1);
}

/* ---- attributes ---- */

#define NULL_ARRAY(fn, fail)                                        \
  if (!arr) {                                                       \
    cle_set_error(CLE_ERROR_INVALID_ARGUMENT, #fn ": arr is NULL"); \
    return fail;                                                    \
  }

cle_device *cle_array_device(const cle_array *arr)
{
  NULL_ARRAY(cle_array_device, NULL);
  return arr->device;
}

cle_dtype cle_array_dtype(const cle_array *arr)
{
  NULL_ARRAY(cle_array_dtype, (cle_dtype)-1);
  return arr->dtype;
}

int cle_array_ndim(const cle_array *arr)
{
  NULL_ARRAY(cle_array_ndim, -1);
  return arr->ndim;
}

size_t cle_array_width(const cle_array *arr)
{
  NULL_ARRAY(cle_array_width, 0);
  return arr->width;
}

size_t cle_array_height(const cle_array *arr)
{
  NULL_ARRAY(cle_array_height, 0);
  return arr->height;
}

size_t cle_array_depth(const cle_array *arr)
{
  NULL_ARRAY(cle_array_depth, 0);
  return arr->depth;
}

int cle_array_shape(const cle_array *arr, size_t shape[3])
{
  NULL_ARRAY(cle_array_shape, -1);
  if (!shape)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_array_shape: shape is NULL");
  size_t whd[3] = {arr->width, arr->height, arr->depth};
  for (int i = 0; i < arr->ndim; i++)
    shape[i] = whd[arr->ndim - 1 - i];
  return arr->ndim;
}

size_t cle_array_size(const cle_array *arr)
{
  NULL_ARRAY(cle_array_size, 0);
  return arr->width * arr->height * arr->depth;
}

size_t cle_array_nbytes(const cle_array *arr)
{
  NULL_ARRAY(cle_array_nbytes, 0);
  return arr->nbytes;
}
