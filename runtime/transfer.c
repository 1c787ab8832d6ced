/* Host <-> device copies of whole arrays, and pinned host memory.
 *
 * Two paths, chosen per call:
 *   plain   one blocking clEnqueueWrite/ReadBuffer with the caller's pointer:
 *           small transfers, CPU devices (their device memory is host memory)
 *           and memory from cle_host_alloc (pinned already, so the driver
 *           moves it by DMA directly).
 *   staged  large transfers between pageable memory and another device go
 *           through pinned staging buffers (CL_MEM_ALLOC_HOST_PTR, mapped
 *           once per device). The array is cut into one slice per thread; a
 *           thread owns two staging buffers of one chunk and, while the DMA of
 *           one chunk runs, copies the next between the caller's memory and
 *           the other buffer. From pageable memory a driver stages through
 *           its own small pinned buffer on one thread (6 GB/s push, 2-3 GB/s
 *           pull into a new ndarray on the H200); the copies on several
 *           threads also spread the page faults of a freshly allocated
 *           destination.
 * CLE_TRANSFER=plain|staged|auto (default auto) forces a path (tests run the
 * staged one on pocl); CLE_TRANSFER_CHUNK (bytes) and CLE_TRANSFER_THREADS
 * (parallel.c: the threads of every host copy) set the staging geometry.
 * Staging buffers that cannot be allocated (pinned memory is a limited
 * resource) are not an error: that transfer takes the plain path. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cle_internal.h"
#include "parallel.h"
#include "transfer.h"
#include "settings.h"

enum {
  DEFAULT_CHUNK = 2 << 20,      /* bytes per staging buffer (H200 sweep: bench/results/h200-transfers/README.md) */
  DEFAULT_MIN_STAGED = 4 << 20, /* smaller transfers take the plain path */
  MAX_THREADS = CLE_MAX_HOST_THREADS, /* each with two staging buffers */
  MIN_CHUNK = 64                      /* CLE_TRANSFER_CHUNK below this is raised to it */
};

struct cle_staging {
  size_t chunk;
  int n_buffers; /* 2 per thread */
  cl_mem mem[2 * MAX_THREADS];
  void *ptr[2 * MAX_THREADS];
};

static atomic_long staged_count; /* transfers that took the staged path (tests) */

long cle_transfer_staged_count(void)
{
  return atomic_load(&staged_count);
}

/* ---- settings ---- */

typedef enum { PATH_AUTO, PATH_PLAIN, PATH_STAGED } path_mode;

static path_mode mode_setting(void)
{
  static const char *const names[] = {"auto", "plain", "staged", NULL}; /* path_mode's order */
  return (path_mode)cle_setting_choice("CLE_TRANSFER", names, PATH_AUTO);
}

static size_t chunk_setting(void)
{
  return (size_t)cle_setting_integer("CLE_TRANSFER_CHUNK", DEFAULT_CHUNK, MIN_CHUNK, (long long)1 << 30);
}

/* ---- pinned host memory (cle_host_alloc) ---- */

typedef struct pinned_block {
  cle_device *dev;
  cl_mem mem;
  char *ptr;
  size_t size;
  struct pinned_block *next;
} pinned_block;

static pthread_mutex_t pinned_lock = PTHREAD_MUTEX_INITIALIZER;
static pinned_block *pinned_blocks;

static bool is_pinned(const void *p, size_t n)
{
  const char *c = p;
  bool found = false;
  pthread_mutex_lock(&pinned_lock);
  for (pinned_block *b = pinned_blocks; b && !found; b = b->next)
    found = c >= b->ptr && n <= b->size && (size_t)(c - b->ptr) <= b->size - n;
  pthread_mutex_unlock(&pinned_lock);
  return found;
}

void *cle_host_alloc(cle_device *dev, size_t nbytes)
{
  if (!dev)
    dev = cle_device_default();
  if (!dev)
    return NULL;
  if (nbytes == 0)
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "cle_host_alloc: nbytes must be >= 1, got 0");
  if (cle_device_ensure_queue(dev, "cle_host_alloc") != 0)
    return NULL;
  pinned_block *b = calloc(1, sizeof *b);
  if (!b)
    return cle_fail_null(CLE_ERROR_OUT_OF_MEMORY, "cle_host_alloc: out of host memory");
  cl_int err;
  b->mem = clCreateBuffer(dev->context, CL_MEM_ALLOC_HOST_PTR | CL_MEM_READ_WRITE, nbytes, NULL, &err);
  if (err == CL_SUCCESS)
    b->ptr =
        clEnqueueMapBuffer(dev->queue, b->mem, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0, nbytes, 0, NULL, NULL, &err);
  if (err != CL_SUCCESS) {
    if (b->mem)
      clReleaseMemObject(b->mem);
    free(b);
    return cle_fail_null(cle_cl_error_code(err),
                         "cle_host_alloc: cannot allocate %zu bytes of pinned host memory: %s (%d)", nbytes,
                         cle_cl_error_name(err), (int)err);
  }
  b->dev = dev;
  b->size = nbytes;
  pthread_mutex_lock(&pinned_lock);
  b->next = pinned_blocks;
  pinned_blocks = b;
  pthread_mutex_unlock(&pinned_lock);
  return b->ptr;
}

int cle_host_free(void *ptr)
{
  if (!ptr)
    return 0;
  pthread_mutex_lock(&pinned_lock);
  pinned_block **link = &pinned_blocks;
  while (*link && (*link)->ptr != ptr)
    link = &(*link)->next;
  pinned_block *b = *link;
  if (b)
    *link = b->next;
  pthread_mutex_unlock(&pinned_lock);
  if (!b)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_host_free: %p is not memory from cle_host_alloc", ptr);
  clEnqueueUnmapMemObject(b->dev->queue, b->mem, b->ptr, 0, NULL, NULL);
  clFinish(b->dev->queue);
  clReleaseMemObject(b->mem);
  free(b);
  return 0;
}

void cle_host_free_device(cle_device *dev)
{
  pthread_mutex_lock(&pinned_lock);
  pinned_block **link = &pinned_blocks;
  while (*link) {
    pinned_block *b = *link;
    if (b->dev != dev) {
      link = &b->next;
      continue;
    }
    *link = b->next;
    clEnqueueUnmapMemObject(dev->queue, b->mem, b->ptr, 0, NULL, NULL);
    clFinish(dev->queue);
    clReleaseMemObject(b->mem);
    free(b);
  }
  pthread_mutex_unlock(&pinned_lock);
}

/* ---- staging buffers, per device ---- */

void cle_staging_free(cle_device *dev)
{
  cle_staging *s = dev->staging;
  if (!s)
    return;
  for (int i = 0; i < s->n_buffers; i++) {
    if (s->ptr[i])
      clEnqueueUnmapMemObject(dev->queue, s->mem[i], s->ptr[i], 0, NULL, NULL);
  }
  if (dev->queue)
    clFinish(dev->queue);
  for (int i = 0; i < s->n_buffers; i++)
    if (s->mem[i])
      clReleaseMemObject(s->mem[i]);
  free(s);
  dev->staging = NULL;
}

/* dev->staging with at least 2 * threads buffers of chunk bytes; false when
 * they cannot be had (the caller takes the plain path). Called with
 * dev->staging_lock held. */
static bool ensure_staging(cle_device *dev, int threads, size_t chunk)
{
  cle_staging *s = dev->staging;
  if (s && s->chunk == chunk && s->n_buffers >= 2 * threads)
    return true;
  cle_staging_free(dev);
  s = calloc(1, sizeof *s);
  if (!s)
    return false;
  s->chunk = chunk;
  dev->staging = s;
  for (int i = 0; i < 2 * threads; i++) {
    cl_int err;
    s->mem[i] = clCreateBuffer(dev->context, CL_MEM_ALLOC_HOST_PTR | CL_MEM_READ_WRITE, chunk, NULL, &err);
    s->n_buffers = i + 1;
    if (err != CL_SUCCESS) {
      s->mem[i] = NULL;
      cle_staging_free(dev);
      return false;
    }
    s->ptr[i] =
        clEnqueueMapBuffer(dev->queue, s->mem[i], CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0, chunk, 0, NULL, NULL, &err);
    if (err != CL_SUCCESS) {
      s->ptr[i] = NULL;
      cle_staging_free(dev);
      return false;
    }
  }
  return true;
}

/* ---- the staged path ---- */

typedef struct slice_job {
  cl_command_queue queue;
  cl_mem mem;        /* the array's buffer */
  size_t begin, end; /* this thread's bytes of it */
  char *host;        /* the caller's memory (the whole array) */
  bool to_device;
  void *stage[2];
  size_t chunk;
  cl_int err;
} slice_job;

/* Wait for *ev and release it; the first failure (of the wait or of the
 * command itself) is kept in *err. */
static void finish_event(cl_event *ev, cl_int *err)
{
  if (!*ev)
    return;
  cl_int e = clWaitForEvents(1, ev);
  cl_int status = CL_COMPLETE;
  if (e == CL_SUCCESS || e == CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST)
    clGetEventInfo(*ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof status, &status, NULL);
  if (*err == CL_SUCCESS)
    *err = e != CL_SUCCESS && e != CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST ? e : status < 0 ? status : CL_SUCCESS;
  clReleaseEvent(*ev);
  *ev = NULL;
}

/* push: copy chunk i into stage[i % 2] once its previous DMA is done, then enqueue its DMA. */
static void write_slice(slice_job *j)
{
  cl_event ev[2] = {NULL, NULL};
  int k = 0;
  for (size_t off = j->begin; off < j->end && j->err == CL_SUCCESS; off += j->chunk, k ^= 1) {
    size_t n = j->end - off < j->chunk ? j->end - off : j->chunk;
    finish_event(&ev[k], &j->err);
    if (j->err != CL_SUCCESS)
      break;
    memcpy(j->stage[k], j->host + off, n);
    j->err = clEnqueueWriteBuffer(j->queue, j->mem, CL_FALSE, off, n, j->stage[k], 0, NULL, &ev[k]);
    if (j->err == CL_SUCCESS)
      clFlush(j->queue);
  }
  finish_event(&ev[0], &j->err);
  finish_event(&ev[1], &j->err);
}

/* pull: keep two chunk reads in flight; copy each out of its stage when it lands. */
static void read_slice(slice_job *j)
{
  cl_event ev[2] = {NULL, NULL};
  size_t off_of[2] = {0, 0}, n_of[2] = {0, 0};
  size_t next = j->begin;
  int k = 0;
  for (int i = 0; i < 2 && next < j->end && j->err == CL_SUCCESS; i++) {
    n_of[i] = j->end - next < j->chunk ? j->end - next : j->chunk;
    off_of[i] = next;
    j->err = clEnqueueReadBuffer(j->queue, j->mem, CL_FALSE, next, n_of[i], j->stage[i], 0, NULL, &ev[i]);
    next += n_of[i];
  }
  clFlush(j->queue);
  while (ev[k] && j->err == CL_SUCCESS) {
    finish_event(&ev[k], &j->err);
    if (j->err != CL_SUCCESS)
      break;
    memcpy(j->host + off_of[k], j->stage[k], n_of[k]);
    if (next < j->end) {
      n_of[k] = j->end - next < j->chunk ? j->end - next : j->chunk;
      off_of[k] = next;
      j->err = clEnqueueReadBuffer(j->queue, j->mem, CL_FALSE, next, n_of[k], j->stage[k], 0, NULL, &ev[k]);
      clFlush(j->queue);
      next += n_of[k];
    }
    k ^= 1;
  }
  finish_event(&ev[0], &j->err);
  finish_event(&ev[1], &j->err);
}

static void run_slice(void *ctx, int part)
{
  slice_job *j = (slice_job *)ctx + part;
  if (j->to_device)
    write_slice(j);
  else
    read_slice(j);
}

/* 1: done (*err set), 0: not possible (take the plain path). */
static int staged(cle_array *arr, void *host, bool to_device, cl_int *err)
{
  cle_device *dev = arr->device;
  size_t chunk = chunk_setting();
  size_t chunks = (arr->nbytes + chunk - 1) / chunk;
  int threads = cle_host_threads();
  if ((size_t)threads > (chunks + 1) / 2)
    threads = (int)((chunks + 1) / 2); /* at least two chunks per thread, to overlap */
  if (threads < 1)
    threads = 1;
  pthread_mutex_lock(&dev->staging_lock);
  if (!ensure_staging(dev, threads, chunk)) {
    pthread_mutex_unlock(&dev->staging_lock);
    return 0;
  }
  slice_job jobs[MAX_THREADS];
  /* slices of whole chunks, so every DMA but the last is a full chunk */
  size_t per = (chunks + (size_t)threads - 1) / (size_t)threads * chunk;
  for (int t = 0; t < threads; t++) {
    size_t begin = (size_t)t * per, end = begin + per;
    jobs[t] = (slice_job){dev->queue,
                          arr->mem,
                          begin < arr->nbytes ? begin : arr->nbytes,
                          end < arr->nbytes ? end : arr->nbytes,
                          host,
                          to_device,
                          {dev->staging->ptr[2 * t], dev->staging->ptr[2 * t + 1]},
                          chunk,
                          CL_SUCCESS};
  }
  cle_parallel_run(threads, run_slice, jobs);
  pthread_mutex_unlock(&dev->staging_lock);
  atomic_fetch_add(&staged_count, 1);
  *err = CL_SUCCESS;
  for (int t = 0; t < threads && *err == CL_SUCCESS; t++)
    *err = jobs[t].err;
  return 1;
}

static bool use_staging(const cle_array *arr, const void *host)
{
  path_mode m = mode_setting();
  if (m == PATH_PLAIN || arr->nbytes == 0)
    return false;
  if (m == PATH_AUTO && (arr->device->is_cpu || arr->nbytes < DEFAULT_MIN_STAGED))
    return false;
  return !is_pinned(host, arr->nbytes);
}

cl_int cle_transfer_write(cle_array *arr, const void *host)
{
  cl_int err;
  if (use_staging(arr, host) && staged(arr, (void *)host, true, &err))
    return err;
  return clEnqueueWriteBuffer(arr->device->queue, arr->mem, CL_TRUE, 0, arr->nbytes, host, 0, NULL, NULL);
}

cl_int cle_transfer_read(const cle_array *arr, void *host)
{
  cl_int err;
  if (use_staging(arr, host) && staged((cle_array *)arr, host, false, &err))
    return err;
  return clEnqueueReadBuffer(arr->device->queue, arr->mem, CL_TRUE, 0, arr->nbytes, host, 0, NULL, NULL);
}

/* ---- asynchronous transfers ---- */

struct cle_event {
  cl_event event;
  char what[160]; /* for the error of a failed wait */
};

cle_array *cle_push_async(cle_device *dev, const void *host, cle_dtype dtype, int ndim, const size_t *shape,
                          cle_event **event)
{
  if (!event)
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "cle_push_async: event is NULL");
  *event = NULL;
  if (!host)
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "cle_push_async: host is NULL");
  cle_array *arr = cle_create_nd(dev, dtype, ndim, shape);
  if (!arr)
    return NULL;
  if (cle_array_write_async(arr, host, arr->nbytes, event) != 0) {
    cle_release(arr);
    return NULL;
  }
  return arr;
}

static int new_event(cle_event **out, cl_event ev, const char *who, const cle_array *arr)
{
  cle_event *e = calloc(1, sizeof *e);
  if (!e) {
    clWaitForEvents(1, &ev); /* the caller's memory must not be in use when we return */
    clReleaseEvent(ev);
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory", who);
  }
  e->event = ev;
  snprintf(e->what, sizeof e->what, "%s of the %zux%zux%zu %s array", who, arr->width, arr->height, arr->depth,
           cle_dtype_name(arr->dtype));
  *out = e;
  return 0;
}

int cle_pull_async(const cle_array *arr, void *host, size_t host_bytes, cle_event **event)
{
  if (!event)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_pull_async: event is NULL");
  *event = NULL;
  if (!arr)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_pull_async: arr is NULL");
  if (!host)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_pull_async: host is NULL");
  if (host_bytes < arr->nbytes)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "cle_pull_async: host_bytes must be >= %zu (the array's size), got %zu", arr->nbytes,
                         host_bytes);
  cl_event ev;
  cl_int err = clEnqueueReadBuffer(arr->device->queue, arr->mem, CL_FALSE, 0, arr->nbytes, host, 0, NULL, &ev);
  if (err != CL_SUCCESS)
    return cle_set_error(cle_cl_error_code(err), "cle_pull_async: reading the array failed: %s (%d)",
                         cle_cl_error_name(err), (int)err);
  clFlush(arr->device->queue);
  return new_event(event, ev, "cle_pull_async", arr);
}

int cle_array_write_async(cle_array *arr, const void *host, size_t host_bytes, cle_event **event)
{
  if (!event)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_array_write_async: event is NULL");
  *event = NULL;
  if (!arr)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_array_write_async: arr is NULL");
  if (!host)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_array_write_async: host is NULL");
  if (host_bytes != arr->nbytes)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "cle_array_write_async: host_bytes must be %zu (the array's size), got %zu", arr->nbytes,
                         host_bytes);
  cl_event ev;
  cl_int err = clEnqueueWriteBuffer(arr->device->queue, arr->mem, CL_FALSE, 0, arr->nbytes, host, 0, NULL, &ev);
  if (err != CL_SUCCESS)
    return cle_set_error(cle_cl_error_code(err), "cle_array_write_async: writing the array failed: %s (%d)",
                         cle_cl_error_name(err), (int)err);
  clFlush(arr->device->queue);
  return new_event(event, ev, "cle_array_write_async", arr);
}

int cle_event_wait(cle_event *event)
{
  if (!event)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_event_wait: event is NULL");
  cl_int err = CL_SUCCESS;
  cl_event ev = event->event;
  if (!ev)
    return 0;
  finish_event(&ev, &err);
  event->event = NULL; /* released: waiting again returns at once */
  if (err != CL_SUCCESS)
    return cle_set_error(cle_cl_error_code(err), "cle_event_wait: %s failed: %s (%d)", event->what,
                         cle_cl_error_name(err), (int)err);
  return 0;
}

void cle_event_release(cle_event *event)
{
  if (!event)
    return;
  if (event->event) {
    clWaitForEvents(1, &event->event); /* the memory it reads or writes stays the caller's concern no longer */
    clReleaseEvent(event->event);
  }
  free(event);
}
