/* cesperanto — per-device pool of released device buffers. On NVIDIA a
 * clCreateBuffer/clReleaseMemObject pair costs several microseconds, more than
 * a small kernel: an array's buffer goes here when its last reference is
 * dropped, and the next array of exactly the same byte size takes it back.
 * Runtime-internal (included through cle_internal.h). */
#ifndef CESPERANTO_BUFFER_POOL_H
#define CESPERANTO_BUFFER_POOL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <CL/cl.h>

typedef struct cle_device cle_device;

/* Bounds on what one device's pool keeps idle: at most this many buffers,
 * and at most 1/CLE_BUFFER_POOL_MEMORY_DIVISOR of the device's memory budget
 * (its global memory, or CLE_DEVICE_MEMORY_LIMIT); they count against that budget. */
#define CLE_BUFFER_POOL_MAX_BUFFERS 64
#define CLE_BUFFER_POOL_MEMORY_DIVISOR 8

typedef struct cle_buffer_pool {
  pthread_mutex_t lock;
  bool enabled; /* false when CLE_BUFFER_POOL=0 */
  int count;
  unsigned long long bytes;
  /* Oldest first: eviction removes entries[0]. */
  struct {
    cl_mem mem;
    size_t nbytes;
  } entries[CLE_BUFFER_POOL_MAX_BUFFERS];
} cle_buffer_pool;

/* Pooled buffers stay counted in dev->bytes_in_use (they hold device memory):
 * take leaves the count as is, and whatever the pool releases is subtracted. */
void cle_buffer_pool_init(cle_buffer_pool *pool);
/* A pooled buffer of exactly nbytes (its old contents intact), or NULL. */
cl_mem cle_buffer_pool_take(cle_device *dev, size_t nbytes);
/* Keep mem for reuse, evicting the oldest entries to stay within bounds.
 * Returns false when the pool does not take it: the caller releases it. */
bool cle_buffer_pool_put(cle_device *dev, cl_mem mem, size_t nbytes);
/* Release every pooled buffer of dev; returns how many there were. */
int cle_buffer_pool_drop(cle_device *dev);
/* drop, then destroy the lock (device teardown at exit). */
void cle_buffer_pool_free(cle_device *dev);

#endif
