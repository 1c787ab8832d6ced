/* Per-device pool of released device buffers, keyed by exact byte size.
 * Reuse is safe without waiting: every device has one in-order queue, so
 * commands on the new array run after those still using the old one. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cle_internal.h"
#include "settings.h"

static atomic_long pool_hits;

long cle_buffer_pool_hits(void)
{
  return atomic_load(&pool_hits);
}

long cle_buffer_pool_count(const cle_device *dev)
{
  if (!dev)
    return 0;
  cle_buffer_pool *pool = (cle_buffer_pool *)&dev->pool;
  pthread_mutex_lock(&pool->lock);
  long n = pool->count;
  pthread_mutex_unlock(&pool->lock);
  return n;
}

unsigned long long cle_buffer_pool_bytes(const cle_device *dev)
{
  if (!dev)
    return 0;
  cle_buffer_pool *pool = (cle_buffer_pool *)&dev->pool;
  pthread_mutex_lock(&pool->lock);
  unsigned long long n = pool->bytes;
  pthread_mutex_unlock(&pool->lock);
  return n;
}

void cle_buffer_pool_init(cle_buffer_pool *pool)
{
  memset(pool, 0, sizeof *pool);
  pthread_mutex_init(&pool->lock, NULL);
  static const char *const on_off[] = {"0", "1", NULL};
  pool->enabled = cle_setting_choice("CLE_BUFFER_POOL", on_off, 1) == 1;
}

/* Remove entry i (lock held), keeping the oldest-first order. */
static void remove_entry(cle_buffer_pool *pool, int i)
{
  pool->bytes -= pool->entries[i].nbytes;
  memmove(&pool->entries[i], &pool->entries[i + 1], (size_t)(pool->count - i - 1) * sizeof pool->entries[0]);
  pool->count--;
}

cl_mem cle_buffer_pool_take(cle_device *dev, size_t nbytes)
{
  cle_buffer_pool *pool = &dev->pool;
  if (!pool->enabled)
    return NULL;
  cl_mem mem = NULL;
  pthread_mutex_lock(&pool->lock);
  /* Newest first: the most recently released buffer is the likeliest to be warm. */
  for (int i = pool->count - 1; i >= 0; i--)
    if (pool->entries[i].nbytes == nbytes) {
      mem = pool->entries[i].mem;
      remove_entry(pool, i);
      break;
    }
  pthread_mutex_unlock(&pool->lock);
  if (mem)
    atomic_fetch_add(&pool_hits, 1);
  return mem;
}

bool cle_buffer_pool_put(cle_device *dev, cl_mem mem, size_t nbytes)
{
  cle_buffer_pool *pool = &dev->pool;
  unsigned long long max_bytes = dev->memory_budget / CLE_BUFFER_POOL_MEMORY_DIVISOR;
  if (!pool->enabled || nbytes > max_bytes)
    return false;
  cl_mem evicted[CLE_BUFFER_POOL_MAX_BUFFERS];
  unsigned long long evicted_bytes = 0;
  int n_evicted = 0;
  pthread_mutex_lock(&pool->lock);
  while (pool->count > 0 && (pool->count == CLE_BUFFER_POOL_MAX_BUFFERS || pool->bytes + nbytes > max_bytes)) {
    evicted[n_evicted++] = pool->entries[0].mem;
    evicted_bytes += pool->entries[0].nbytes;
    remove_entry(pool, 0);
  }
  pool->entries[pool->count].mem = mem;
  pool->entries[pool->count].nbytes = nbytes;
  pool->count++;
  pool->bytes += nbytes;
  pthread_mutex_unlock(&pool->lock);
  /* Released outside the lock: clReleaseMemObject is the slow part. */
  for (int i = 0; i < n_evicted; i++)
    clReleaseMemObject(evicted[i]);
  atomic_fetch_sub(&dev->bytes_in_use, evicted_bytes);
  return true;
}

int cle_buffer_pool_drop(cle_device *dev)
{
  cle_buffer_pool *pool = &dev->pool;
  cl_mem mems[CLE_BUFFER_POOL_MAX_BUFFERS];
  pthread_mutex_lock(&pool->lock);
  int n = pool->count;
  unsigned long long bytes = pool->bytes;
  for (int i = 0; i < n; i++)
    mems[i] = pool->entries[i].mem;
  pool->count = 0;
  pool->bytes = 0;
  pthread_mutex_unlock(&pool->lock);
  for (int i = 0; i < n; i++)
    clReleaseMemObject(mems[i]);
  atomic_fetch_sub(&dev->bytes_in_use, bytes);
  return n;
}

void cle_buffer_pool_free(cle_device *dev)
{
  cle_buffer_pool_drop(dev);
  pthread_mutex_destroy(&dev->pool.lock);
}
