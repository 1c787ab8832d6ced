/* Host work spread over threads (parallel.h). Threads are started per call:
 * the callers' parts are megabytes of copying, against microseconds to start
 * a thread. */
#include "parallel.h"
#include "settings.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

int cle_host_threads(void)
{
  /* one per core: the copies into new memory are bound by page faults
   * (H200 host, 64 MiB pull into a new array: 8 threads 16.9 GB/s, 16 threads 18.9) */
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  long n = cpus > 1 ? cpus : 1;
  if (n > CLE_MAX_HOST_THREADS)
    n = CLE_MAX_HOST_THREADS;
  return (int)cle_setting_integer("CLE_TRANSFER_THREADS", n, 1, CLE_MAX_HOST_THREADS);
}

/* CLE_HOST_PART_BYTES overrides CLE_MIN_PART_BYTES (read on every call): the
 * tests set it to 1 to run small images' host passes on several threads. */
static size_t min_part_bytes(void)
{
  return (size_t)cle_setting_integer("CLE_HOST_PART_BYTES", CLE_MIN_PART_BYTES, 1, (long long)1 << 40);
}

int cle_host_parts(size_t items, size_t item_bytes)
{
  size_t most = items * item_bytes / min_part_bytes();
  if (most > items)
    most = items;
  const int threads = cle_host_threads();
  return most < 1 ? 1 : most < (size_t)threads ? (int)most : threads;
}

typedef struct part_job {
  void (*fn)(void *ctx, int part);
  void *ctx;
  int part;
} part_job;

static void *run_part(void *arg)
{
  const part_job *j = arg;
  j->fn(j->ctx, j->part);
  return NULL;
}

void cle_parallel_run(int parts, void (*fn)(void *ctx, int part), void *ctx)
{
  if (parts > CLE_MAX_HOST_THREADS)
    parts = CLE_MAX_HOST_THREADS;
  part_job jobs[CLE_MAX_HOST_THREADS];
  pthread_t tids[CLE_MAX_HOST_THREADS];
  int started[CLE_MAX_HOST_THREADS] = {0};
  for (int p = 1; p < parts; p++) {
    jobs[p] = (part_job){fn, ctx, p};
    started[p] = pthread_create(&tids[p], NULL, run_part, &jobs[p]) == 0;
  }
  if (parts >= 1)
    fn(ctx, 0);
  for (int p = 1; p < parts; p++) {
    if (started[p])
      pthread_join(tids[p], NULL);
    else
      fn(ctx, p); /* no thread to be had: this one does it */
  }
}

void cle_part_range(size_t n, int parts, int part, size_t *begin, size_t *end)
{
  const size_t per = n / (size_t)parts, extra = n % (size_t)parts, p = (size_t)part;
  *begin = p * per + (p < extra ? p : extra);
  *end = *begin + per + (p < extra);
}
