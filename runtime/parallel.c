/* Host work spread over threads (parallel.h). The workers are started once,
 * on first use, and then wait for the next batch: a staged 64 MiB transfer
 * takes about 3 ms, of which starting 15 threads per call took about 0.5 ms
 * (H200 host, bench/results/h200-transfers). One batch runs on the workers at
 * a time; a batch asked for while another runs (another thread's transfer, a
 * part that itself runs a batch) starts threads of its own, as every batch
 * did before the pool. */
#include "parallel.h"
#include "settings.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
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

/* ---- threads of one batch (a batch the pool cannot take) ---- */

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

static void run_on_new_threads(int parts, void (*fn)(void *ctx, int part), void *ctx)
{
  part_job jobs[CLE_MAX_HOST_THREADS];
  pthread_t tids[CLE_MAX_HOST_THREADS];
  int started[CLE_MAX_HOST_THREADS] = {0};
  for (int p = 1; p < parts; p++) {
    jobs[p] = (part_job){fn, ctx, p};
    started[p] = pthread_create(&tids[p], NULL, run_part, &jobs[p]) == 0;
  }
  fn(ctx, 0);
  for (int p = 1; p < parts; p++) {
    if (started[p])
      pthread_join(tids[p], NULL);
    else
      fn(ctx, p); /* no thread to be had: this one does it */
  }
}

/* ---- the pool ---- */

/* Parts are claimed one at a time (next), by the workers and by the caller,
 * so a batch completes with however many workers could be started. */
static struct {
  pthread_mutex_t submit; /* held by the caller whose batch the pool runs */
  pthread_mutex_t lock;   /* guards the fields below */
  pthread_cond_t wake, done;
  int workers;
  unsigned long batch; /* counts batches: a worker waits for a new one */
  void (*fn)(void *ctx, int part);
  void *ctx;
  int parts, next, unfinished;
} pool = {PTHREAD_MUTEX_INITIALIZER,
          PTHREAD_MUTEX_INITIALIZER,
          PTHREAD_COND_INITIALIZER,
          PTHREAD_COND_INITIALIZER,
          0,
          0,
          NULL,
          NULL,
          0,
          0,
          0};

/* With pool.lock held: run parts of the current batch until none is left. */
static void take_parts_locked(void)
{
  while (pool.next < pool.parts) {
    const int part = pool.next++;
    void (*fn)(void *, int) = pool.fn;
    void *ctx = pool.ctx;
    pthread_mutex_unlock(&pool.lock);
    fn(ctx, part);
    pthread_mutex_lock(&pool.lock);
    if (--pool.unfinished == 0)
      pthread_cond_signal(&pool.done);
  }
}

/* arg: the batch counter when the worker was started, so the batch it was
 * started for is new to it however late it gets to run. */
static void *worker(void *arg)
{
  unsigned long seen = (unsigned long)(uintptr_t)arg;
  pthread_mutex_lock(&pool.lock);
  for (;;) {
    while (pool.batch == seen)
      pthread_cond_wait(&pool.wake, &pool.lock);
    seen = pool.batch;
    take_parts_locked();
  }
  return NULL;
}

/* A child of fork() has none of the parent's workers, and may have been
 * forked while a batch held the locks. */
static void forget_pool_in_child(void)
{
  pthread_mutex_init(&pool.submit, NULL);
  pthread_mutex_init(&pool.lock, NULL);
  pthread_cond_init(&pool.wake, NULL);
  pthread_cond_init(&pool.done, NULL);
  pool.workers = 0;
  pool.parts = pool.next = pool.unfinished = 0;
}

static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

static void register_atfork(void)
{
  pthread_atfork(NULL, NULL, forget_pool_in_child);
}

/* With pool.submit held: start workers up to `wanted`; false if there is none. */
static bool ensure_workers(int wanted)
{
  pthread_once(&atfork_once, register_atfork);
  if (pool.workers >= wanted)
    return true;
  /* the workers take no signals: they stay with the application's threads */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  while (pool.workers < wanted) {
    pthread_t tid;
    if (pthread_create(&tid, &attr, worker, (void *)(uintptr_t)pool.batch) != 0)
      break;
    pthread_mutex_lock(&pool.lock);
    pool.workers++;
    pthread_mutex_unlock(&pool.lock);
  }
  pthread_attr_destroy(&attr);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return pool.workers > 0;
}

void cle_parallel_run(int parts, void (*fn)(void *ctx, int part), void *ctx)
{
  if (parts > CLE_MAX_HOST_THREADS)
    parts = CLE_MAX_HOST_THREADS;
  if (parts < 1)
    return;
  if (parts == 1) {
    fn(ctx, 0);
    return;
  }
  if (pthread_mutex_trylock(&pool.submit) != 0) {
    run_on_new_threads(parts, fn, ctx);
    return;
  }
  if (!ensure_workers(parts - 1)) {
    pthread_mutex_unlock(&pool.submit);
    run_on_new_threads(parts, fn, ctx);
    return;
  }
  pthread_mutex_lock(&pool.lock);
  pool.fn = fn;
  pool.ctx = ctx;
  pool.parts = parts;
  pool.next = 0;
  pool.unfinished = parts;
  pool.batch++;
  pthread_cond_broadcast(&pool.wake);
  take_parts_locked();
  while (pool.unfinished > 0)
    pthread_cond_wait(&pool.done, &pool.lock);
  pthread_mutex_unlock(&pool.lock);
  pthread_mutex_unlock(&pool.submit);
}

int cle_parallel_pool_workers(void)
{
  pthread_mutex_lock(&pool.lock);
  const int n = pool.workers;
  pthread_mutex_unlock(&pool.lock);
  return n;
}

void cle_part_range(size_t n, int parts, int part, size_t *begin, size_t *end)
{
  const size_t per = n / (size_t)parts, extra = n % (size_t)parts, p = (size_t)part;
  *begin = p * per + (p < extra ? p : extra);
  *end = *begin + per + (p < extra);
}
