/* Four threads running kernels concurrently on one device: each its own
 * dtype and shapes, plus one kernel and dtype shared by all (one cl_kernel
 * whose arguments the threads must not mix up). Every result is checked
 * against naive C. */
#include <pthread.h>
#include <stdatomic.h>

#include "cle_private.h"
#include "host_pixels.h"
#include "test_util.h"

#define THREADS 4
#define ROUNDS 40

static const char *add_scalar_source =
    "__kernel void add_scalar(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, const float scalar) {\n"
    "  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);\n"
    "  const float v = (float)READ_IMAGE(src, sampler, POS_src_INSTANCE(x, y, z, 0)).x;\n"
    "  WRITE_IMAGE(dst, POS_dst_INSTANCE(x, y, z, 0), CONVERT_dst_PIXEL_TYPE(v + scalar));\n"
    "}\n";

static atomic_int mismatches;
static atomic_int call_failures;
static _Atomic(const char *) first_error;

static void note_failure(void)
{
  atomic_fetch_add(&call_failures, 1);
  const char *expected = NULL;
  /* Keep one message for the report (the string is this thread's; copy it). */
  char *msg = strdup(cle_last_error_message());
  if (!atomic_compare_exchange_strong(&first_error, &expected, msg))
    free(msg);
}

/* One push, kernel, pull and comparison; returns 0 if all went well. */
static void one_round(cle_dtype t, size_t w, size_t h, size_t d, float scalar, unsigned seed)
{
  size_t n = w * h * d, es = px_size(t);
  void *host = malloc(n * es), *got = malloc(n * es), *want = malloc(n * es);
  px_fill_random(host, t, n, seed);
  for (size_t i = 0; i < n; i++)
    px_set_saturated_float(want, t, i, (float)px_get(host, t, i) + scalar);
  cle_array *src = cle_push(NULL, host, t, w, h, d);
  cle_array *dst = src ? cle_create_like(src) : NULL;
  if (!src || !dst) {
    note_failure();
  } else {
    cle_param p[] = {cle_param_array("src", src), cle_param_array("dst", dst), cle_param_float("scalar", scalar)};
    size_t range[3] = {w, h, d};
    if (cle_execute(NULL, add_scalar_source, "add_scalar", p, 3, range) != 0 || cle_pull(dst, got, n * es) != 0)
      note_failure();
    else if (px_first_difference(got, want, t, n) != (size_t)-1)
      atomic_fetch_add(&mismatches, 1);
  }
  cle_release(src);
  cle_release(dst);
  free(host);
  free(got);
  free(want);
}

static void *worker(void *arg)
{
  int id = (int)(intptr_t)arg;
  static const cle_dtype own[THREADS] = {CLE_UINT8, CLE_INT16, CLE_UINT32, CLE_INT8};
  for (int r = 0; r < ROUNDS; r++) {
    unsigned seed = (unsigned)(id * 1000 + r);
    /* Shapes change every round; dtypes and dimensionalities (hence programs) do not. A few
     * distinct shapes only: pocl compiles a variant per work-group size, which is slow. */
    static const size_t widths[3] = {7, 16, 31};
    size_t w = widths[(r + id) % 3], h = 3 + (size_t)(r % 2), d = 2 + (size_t)((r / 2) % 2);
    one_round(own[id], w, h, 1, (float)(r - 20) * 3.5f, seed);
    /* Everyone shares this program and its cl_kernel. */
    one_round(CLE_FLOAT32, w + 1, h, d, (float)id + 0.25f, seed + 500);
  }
  return NULL;
}

int main(void)
{
  pthread_t th[THREADS];
  for (int i = 0; i < THREADS; i++)
    CHECK(pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i) == 0, "pthread_create %d", i);
  for (int i = 0; i < THREADS; i++)
    pthread_join(th[i], NULL);
  const char *err = atomic_load(&first_error);
  CHECK(atomic_load(&call_failures) == 0, "%d calls failed, first: %s", atomic_load(&call_failures), err ? err : "");
  CHECK(atomic_load(&mismatches) == 0, "%d of %d concurrent results differ from the reference",
        atomic_load(&mismatches), THREADS * ROUNDS * 2);
  free((char *)err);
  printf("%d threads x %d rounds x 2 kernels on '%s': %d mismatches\n", THREADS, ROUNDS,
         cle_device_name(cle_device_default()), atomic_load(&mismatches));
  return test_finish("test_runtime_threads");
}
