/* The per-device buffer pool: a released array's buffer is reused by the next
 * array of exactly the same byte size, within the pool's bounds, safely from
 * several threads, without breaking the total-memory check. Contents are
 * compared with the host data pushed; counts with the pool's documented bounds.
 * Run with the argument "disabled" under CLE_BUFFER_POOL=0: nothing is pooled. */
#include <pthread.h>
#include <stdint.h>

#include "cle_private.h"
#include "test_util.h"

#define POOL_MAX 64 /* the documented bound, restated independently of buffer_pool.h */

static cle_device *dev;

static void test_reuse_same_size(void)
{
  cle_array *a = cle_create(dev, CLE_UINT8, 1000, 1, 1);
  CHECK_OK(a != NULL);
  cle_release(a);
  long hits = cle_buffer_pool_hits(), pooled = cle_buffer_pool_count(dev);
  CHECK(pooled >= 1, "a released array's buffer is pooled (pool holds %ld)", pooled);
  /* Same byte size, another dtype and shape: reused. */
  cle_array *b = cle_create(dev, CLE_UINT16, 20, 25, 1);
  CHECK_OK(b != NULL);
  CHECK(cle_buffer_pool_hits() == hits + 1, "hits %ld, expected %ld", cle_buffer_pool_hits(), hits + 1);
  CHECK(cle_buffer_pool_count(dev) == pooled - 1, "pool holds %ld, expected %ld", cle_buffer_pool_count(dev),
        pooled - 1);
  CHECK(cle_live_array_count() == 1, "live arrays %ld, expected 1 (pooled buffers are not arrays)",
        cle_live_array_count());
  /* A different size is never served from the pool. */
  cle_release(b);
  hits = cle_buffer_pool_hits();
  cle_array *c = cle_create(dev, CLE_UINT8, 1001, 1, 1), *d = cle_create(dev, CLE_UINT8, 999, 1, 1);
  CHECK_OK(c != NULL && d != NULL);
  CHECK(cle_buffer_pool_hits() == hits, "sizes 1001 and 999 must not reuse a 1000-byte buffer");
  cle_release(c);
  cle_release(d);
}

/* A reused buffer holds the old array's bytes: push must overwrite all of them. */
static void test_reused_contents(void)
{
  const size_t w = 37, h = 11, d = 5, n = w * h * d * 4;
  unsigned char *old = malloc(n), *fresh = malloc(n), *back = malloc(n);
  fill_random_bytes(old, n, 1);
  fill_random_bytes(fresh, n, 2);
  cle_array *a = cle_push(dev, old, CLE_FLOAT32, w, h, d);
  CHECK_OK(a != NULL);
  cle_release(a);
  long hits = cle_buffer_pool_hits();
  cle_array *b = cle_push(dev, fresh, CLE_UINT32, w, h, d);
  CHECK_OK(b != NULL);
  CHECK(cle_buffer_pool_hits() == hits + 1, "the second push reuses the first's buffer");
  memset(back, 0xAB, n);
  CHECK_OK(cle_pull(b, back, n) == 0);
  CHECK(memcmp(back, fresh, n) == 0, "pulled bytes differ from the pushed ones");
  cle_release(b);
  /* create + fill on a reused buffer: every element is the fill value. */
  cle_array *c = cle_create(dev, CLE_INT32, w * h * d, 1, 1);
  CHECK_OK(c != NULL);
  CHECK_OK(cle_array_fill(c, -7) == 0);
  CHECK_OK(cle_pull(c, back, n) == 0);
  int bad = 0;
  for (size_t i = 0; i < w * h * d; i++) {
    int32_t v;
    memcpy(&v, back + 4 * i, 4);
    bad += v != -7;
  }
  CHECK(bad == 0, "%d elements of the filled reused buffer are not -7", bad);
  cle_release(c);
  free(old);
  free(fresh);
  free(back);
}

/* Many sizes released in order: at most 64 kept, the oldest evicted first. */
static void test_bounds(void)
{
  enum { N = 100 };
  cle_array *arrays[N];
  for (int i = 0; i < N; i++)
    CHECK_OK((arrays[i] = cle_create(dev, CLE_UINT8, 4096 + (size_t)i, 1, 1)) != NULL);
  for (int i = 0; i < N; i++) {
    cle_release(arrays[i]);
    long pooled = cle_buffer_pool_count(dev);
    CHECK(pooled <= POOL_MAX, "pool holds %ld buffers after %d releases", pooled, i + 1);
  }
  CHECK(cle_buffer_pool_count(dev) == POOL_MAX, "pool holds %ld, expected %d", cle_buffer_pool_count(dev), POOL_MAX);
  long hits = cle_buffer_pool_hits();
  cle_array *newest = cle_create(dev, CLE_UINT8, 4096 + N - 1, 1, 1);
  CHECK(cle_buffer_pool_hits() == hits + 1, "the newest released size is still pooled");
  cle_array *oldest = cle_create(dev, CLE_UINT8, 4096, 1, 1);
  CHECK(cle_buffer_pool_hits() == hits + 1, "the oldest released size was evicted");
  cle_release(newest);
  cle_release(oldest);

  /* A buffer above 1/8 of the device memory is released, not pooled, and the
   * bytes held idle never pass that share. */
  uint64_t global = cle_device_global_memory(dev), share = global / 8;
  size_t big = (size_t)(share / 4096 + 1) * 4096;
  if (big <= cle_device_max_allocation(dev)) {
    cle_array *a = cle_create(dev, CLE_UINT8, 4096, big / 4096, 1);
    CHECK_OK(a != NULL);
    cle_release(a);
    hits = cle_buffer_pool_hits();
    a = cle_create(dev, CLE_UINT8, 4096, big / 4096, 1);
    CHECK_OK(a != NULL);
    CHECK(cle_buffer_pool_hits() == hits, "a buffer above 1/8 of the device memory must not be pooled");
    cle_release(a);
  }
  /* Sixteen buffers of 1/64 each: only 8 fit in 1/8 together. */
  size_t part = (size_t)(global / 64 / 4096) * 4096;
  if (part > 0 && part <= cle_device_max_allocation(dev)) {
    cle_array *parts[16];
    for (int i = 0; i < 16; i++)
      CHECK_OK((parts[i] = cle_create(dev, CLE_UINT8, 4096, part / 4096 - (size_t)i, 1)) != NULL);
    for (int i = 0; i < 16; i++) {
      cle_release(parts[i]);
      CHECK(cle_buffer_pool_bytes(dev) <= share, "pool holds %llu bytes, more than 1/8 (%llu)",
            cle_buffer_pool_bytes(dev), (unsigned long long)share);
    }
  }
}

/* Idle pooled buffers count toward the device's total, and are dropped when
 * an allocation needs their room: as many arrays fit as with no pool. */
static void test_total_memory(void)
{
  uint64_t global = cle_device_global_memory(dev), max = cle_device_max_allocation(dev);
  size_t small = (size_t)(global / 64 / 4096) * 4096;
  if (small > max)
    small = (size_t)max / 4096 * 4096;
  for (int i = 0; i < 4; i++)
    cle_release(cle_create(dev, CLE_UINT8, 4096, small / 4096 - (size_t)i, 1));
  CHECK(cle_buffer_pool_bytes(dev) >= small, "the pool holds the released buffers (%llu bytes)",
        cle_buffer_pool_bytes(dev));
  size_t chunk = (size_t)(max < global / 2 ? max : global / 2) / 4096 * 4096;
  size_t n = (size_t)(global / chunk) + 2, made = 0;
  cle_array **arrays = calloc(n, sizeof *arrays);
  cle_clear_error();
  for (; made < n; made++)
    if (!(arrays[made] = cle_create(dev, CLE_UINT32, 1024, chunk / 4096, 1)))
      break;
  CHECK(made < n && made * chunk <= global && (made + 1) * chunk > global,
        "made %zu arrays of %zu bytes on a device with %llu bytes", made, chunk, (unsigned long long)global);
  expect_error_at(__FILE__, __LINE__, "array beyond global memory", CLE_ERROR_OUT_OF_MEMORY, "and live arrays hold");
  CHECK(cle_buffer_pool_count(dev) == 0, "the pool was dropped to make room (holds %ld)", cle_buffer_pool_count(dev));
  for (size_t i = 0; i < made; i++)
    cle_release(arrays[i]);
  cle_array *again = cle_create(dev, CLE_UINT32, 1024, chunk / 4096, 1);
  CHECK_OK(again != NULL);
  cle_release(again);
  free(arrays);
}

/* Threads creating, pushing, pulling and releasing arrays of a few sizes at once. */
static void *worker(void *arg)
{
  unsigned seed = (unsigned)(uintptr_t)arg;
  int *bad = calloc(1, sizeof *bad);
  unsigned char host[3 * 1024], back[3 * 1024];
  for (int it = 0; it < 200; it++) {
    size_t n = 1024 * (size_t)(1 + (seed + (unsigned)it) % 3);
    fill_random_bytes(host, n, seed * 1000 + (unsigned)it);
    cle_array *a = cle_push(dev, host, CLE_UINT8, n, 1, 1);
    if (!a || cle_pull(a, back, n) != 0 || memcmp(host, back, n) != 0)
      (*bad)++;
    cle_release(a);
  }
  return bad;
}

static void test_threads(void)
{
  enum { T = 4 };
  pthread_t threads[T];
  for (int i = 0; i < T; i++)
    pthread_create(&threads[i], NULL, worker, (void *)(uintptr_t)(i + 1));
  for (int i = 0; i < T; i++) {
    void *bad = NULL;
    pthread_join(threads[i], &bad);
    CHECK(*(int *)bad == 0, "thread %d: %d round trips failed", i, *(int *)bad);
    free(bad);
  }
  CHECK(cle_buffer_pool_count(dev) <= POOL_MAX, "pool within bounds after the threads");
}

static void test_disabled(void)
{
  for (int i = 0; i < 3; i++)
    cle_release(cle_create(dev, CLE_UINT8, 1000, 1, 1));
  CHECK(cle_buffer_pool_hits() == 0, "CLE_BUFFER_POOL=0: %ld hits", cle_buffer_pool_hits());
  CHECK(cle_buffer_pool_count(dev) == 0, "CLE_BUFFER_POOL=0: pool holds %ld", cle_buffer_pool_count(dev));
  CHECK(cle_buffer_pool_bytes(dev) == 0, "CLE_BUFFER_POOL=0: pool holds bytes");
}

int main(int argc, char **argv)
{
  dev = cle_device_default();
  CHECK_OK(dev != NULL);
  if (!dev)
    return 1;
  if (argc > 1 && strcmp(argv[1], "disabled") == 0) {
    test_disabled();
    return test_finish("test_buffer_pool disabled");
  }
  test_reuse_same_size();
  test_reused_contents();
  test_bounds();
  test_total_memory();
  test_threads();
  return test_finish("test_buffer_pool");
}
