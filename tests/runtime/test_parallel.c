/* The host thread pool (runtime/parallel.c): every part of a batch runs once,
 * workers are started once and reused, batches from several threads at once
 * and batches started inside a part complete, and a child of fork() runs
 * batches of its own. */
#include <pthread.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "parallel.h"
#include "test_util.h"

typedef struct counts {
  atomic_int ran[CLE_MAX_HOST_THREADS];
  atomic_int calls;
} counts;

static void count_part(void *ctx, int part)
{
  counts *c = ctx;
  atomic_fetch_add(&c->ran[part], 1);
  atomic_fetch_add(&c->calls, 1);
  nanosleep(&(struct timespec){0, 100000}, NULL); /* so the parts overlap and several workers take some */
}

/* Runs a batch of `parts`; 1 when every part ran exactly once. */
static int batch_ok(int parts)
{
  counts c;
  memset(&c, 0, sizeof c);
  cle_parallel_run(parts, count_part, &c);
  int ok = atomic_load(&c.calls) == (parts < 0 ? 0 : parts);
  for (int p = 0; p < CLE_MAX_HOST_THREADS; p++)
    ok &= atomic_load(&c.ran[p]) == (p < parts ? 1 : 0);
  return ok;
}

static void test_every_part_once(void)
{
  for (int parts = 0; parts <= CLE_MAX_HOST_THREADS; parts++)
    CHECK(batch_ok(parts), "a batch of %d parts", parts);
  CHECK(cle_parallel_pool_workers() == CLE_MAX_HOST_THREADS - 1, "workers after a batch of %d parts: %d",
        CLE_MAX_HOST_THREADS, cle_parallel_pool_workers());
  int failed = 0;
  for (int i = 0; i < 300; i++)
    failed += !batch_ok(1 + i % CLE_MAX_HOST_THREADS);
  CHECK(failed == 0, "%d of 300 repeated batches", failed);
  CHECK(cle_parallel_pool_workers() == CLE_MAX_HOST_THREADS - 1, "workers after 300 more batches: %d (not reused)",
        cle_parallel_pool_workers());
}

static void *submitter(void *arg)
{
  int *failed = arg;
  for (int i = 0; i < 100; i++)
    *failed += !batch_ok(2 + i % (CLE_MAX_HOST_THREADS - 1));
  return NULL;
}

static void test_concurrent_batches(void)
{
  enum { THREADS = 4 };
  pthread_t tid[THREADS];
  int failed[THREADS] = {0};
  for (int t = 0; t < THREADS; t++)
    CHECK(pthread_create(&tid[t], NULL, submitter, &failed[t]) == 0, "thread %d", t);
  for (int t = 0; t < THREADS; t++) {
    pthread_join(tid[t], NULL);
    CHECK(failed[t] == 0, "submitter %d: %d batches lost or repeated parts", t, failed[t]);
  }
}

static void nested_part(void *ctx, int part)
{
  atomic_int *bad = ctx;
  if (!batch_ok(3 + part))
    atomic_fetch_add(bad, 1);
}

static void test_nested_batches(void)
{
  atomic_int bad = 0;
  cle_parallel_run(4, nested_part, &bad);
  CHECK(atomic_load(&bad) == 0, "%d nested batches", atomic_load(&bad));
}

static void test_fork_child(void)
{
  CHECK(batch_ok(8), "a batch before fork");
  const pid_t pid = fork();
  if (pid == 0) {
    alarm(20); /* a child waiting for the parent's workers would hang */
    _exit(batch_ok(8) && batch_ok(CLE_MAX_HOST_THREADS) ? 0 : 1);
  }
  CHECK(pid > 0, "fork");
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child's batches (status 0x%x)", status);
  CHECK(batch_ok(8), "a batch after fork");
}

int main(void)
{
  test_every_part_once();
  test_concurrent_batches();
  test_nested_batches();
  test_fork_child();
  if (test_failures)
    fprintf(stderr, "%d check(s) failed\n", test_failures);
  return test_failures ? 1 : 0;
}
