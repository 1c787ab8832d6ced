/* cle_overhead — host-side costs of cesperanto that need no Python in the loop:
 * the time one (one-kernel) op call takes on the host, a no-op cle_execute, whether a new
 * image shape rebuilds a program, and push/pull bandwidth.
 *
 *   cle_overhead [--device SUBSTRING] [--quick]
 *
 * Prints one JSON object on one line (read by bench/bench.py). Exit 0, or 1
 * with the library's error message on stderr. */
#include <cesperanto/cle.h>
#include <cesperanto/cle_ops.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int fail(const char *what)
{
  fprintf(stderr, "cle_overhead: %s: %s\n", what, cle_last_error_message());
  return -1;
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n)
{
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Mean seconds per call of a one-kernel op (add_images_weighted) on a tiny image:
 * queued back to back then one finish (host overhead, the device keeps up), or
 * finished one by one (latency). dst NULL makes every call create and release
 * its output. (copy is no kernel: a same-dtype copy is a buffer copy.) */
static int time_op_calls(cle_device *dev, cle_array *src, cle_array *dst, int n, int wait_each, double *per_call)
{
  double t0 = now_s();
  for (int i = 0; i < n; i++) {
    cle_array *out = cle_add_images_weighted(src, src, dst, 0.5f, 0.5f);
    if (!out)
      return fail("cle_add_images_weighted");
    cle_release(out);
    if (wait_each && cle_device_finish(dev) != 0)
      return fail("cle_device_finish");
  }
  if (cle_device_finish(dev) != 0)
    return fail("cle_device_finish");
  *per_call = (now_s() - t0) / n;
  return 0;
}

static const char *NOOP_SOURCE = "__kernel void bench_noop(const int value) { (void)value; }\n";

static int time_noop(cle_device *dev, int n, int wait_each, double *per_call)
{
  cle_param p = cle_param_int("value", 1);
  size_t range[3] = {1, 1, 1};
  double t0 = now_s();
  for (int i = 0; i < n; i++) {
    if (cle_execute(dev, NOOP_SOURCE, "bench_noop", &p, 1, range) != 0)
      return fail("cle_execute");
    if (wait_each && cle_device_finish(dev) != 0)
      return fail("cle_device_finish");
  }
  if (cle_device_finish(dev) != 0)
    return fail("cle_device_finish");
  *per_call = (now_s() - t0) / n;
  return 0;
}

/* Median GB/s of pushing (create + write) and pulling nbytes of float32. */
static int time_transfers(cle_device *dev, size_t nbytes, int reps, double *push_gbps, double *pull_gbps)
{
  size_t n = nbytes / 4;
  float *host = malloc(n * sizeof *host);
  double push_t[16], pull_t[16];
  cle_array *arr = NULL;
  int rc = -1;
  if (!host) {
    fprintf(stderr, "cle_overhead: out of host memory for %zu bytes\n", nbytes);
    return -1;
  }
  for (size_t i = 0; i < n; i++)
    host[i] = (float)(i & 1023);
  for (int r = 0; r < reps; r++) {
    double t0 = now_s();
    arr = cle_push(dev, host, CLE_FLOAT32, n, 1, 1);
    if (!arr || cle_device_finish(dev) != 0) {
      fail("cle_push");
      goto done;
    }
    push_t[r] = now_s() - t0;
    t0 = now_s();
    if (cle_pull(arr, host, n * sizeof *host) != 0) {
      fail("cle_pull");
      goto done;
    }
    pull_t[r] = now_s() - t0;
    cle_release(arr);
    arr = NULL;
  }
  *push_gbps = (double)nbytes / median(push_t, reps) / 1e9;
  *pull_gbps = (double)nbytes / median(pull_t, reps) / 1e9;
  rc = 0;
done:
  cle_release(arr);
  free(host);
  return rc;
}

static void print_json_string(const char *s)
{
  putchar('"');
  for (; s && *s; s++) {
    if (*s == '"' || *s == '\\')
      putchar('\\');
    if ((unsigned char)*s >= 0x20)
      putchar(*s);
  }
  putchar('"');
}

/* All figures for one device; src and dst are 16x16 float32, src2 23x17. */
static int measure_all(cle_device *dev, cle_array *src, cle_array *dst, cle_array *src2, int quick)
{
  int n_calls = quick ? 500 : 20000;
  double queued, waited, alloc, noop_q, noop_w;
  /* warm up: build (or load) the copy and no-op programs once */
  if (time_op_calls(dev, src, dst, 10, 1, &queued) || time_noop(dev, 10, 1, &noop_w))
    return -1;
  if (time_op_calls(dev, src, dst, n_calls, 0, &queued) || time_op_calls(dev, src, dst, n_calls / 4, 1, &waited) ||
      time_op_calls(dev, src, NULL, n_calls, 0, &alloc) || time_noop(dev, n_calls, 0, &noop_q) ||
      time_noop(dev, n_calls / 4, 1, &noop_w))
    return -1;

  /* a new shape of the same dtype and dimensionality must reuse the program:
   * its first call should cost what a finished warm call costs, not a build */
  double t0 = now_s();
  cle_array *out = cle_add_images_weighted(src2, src2, NULL, 0.5f, 0.5f);
  int ok = out && cle_device_finish(dev) == 0;
  double new_shape = now_s() - t0;
  cle_release(out);
  if (!ok)
    return fail("cle_add_images_weighted (new shape)");

  const size_t sizes[3] = {1u << 20, 16u << 20, 256u << 20};
  int n_sizes = quick ? 2 : 3;
  double push[3], pull[3];
  for (int i = 0; i < n_sizes; i++) {
    if (sizes[i] > cle_device_max_allocation(dev)) {
      n_sizes = i;
      break;
    }
    if (time_transfers(dev, sizes[i], quick ? 3 : 5, &push[i], &pull[i]))
      return -1;
  }

  printf("{\"device\": ");
  print_json_string(cle_device_name(dev));
  printf(", \"op call, queued (add_images_weighted 16x16 into dst), us\": %.2f, "
         "\"op call, finished each (add_images_weighted 16x16), us\": %.2f, "
         "\"op call creating its output (add_images_weighted 16x16, dst NULL), us\": %.2f, "
         "\"no-op cle_execute, queued, us\": %.2f, \"no-op cle_execute, finished each, us\": %.2f, "
         "\"first op call on a new shape (23x17 after 16x16), us\": %.2f, "
         "\"calls per figure\": %d, \"transfers\": [",
         queued * 1e6, waited * 1e6, alloc * 1e6, noop_q * 1e6, noop_w * 1e6, new_shape * 1e6, n_calls);
  for (int i = 0; i < n_sizes; i++)
    printf("%s{\"bytes\": %zu, \"push_gbps\": %.3f, \"pull_gbps\": %.3f}", i ? ", " : "", sizes[i], push[i], pull[i]);
  printf("]}\n");
  return 0;
}

int main(int argc, char **argv)
{
  const char *device = NULL;
  int quick = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--device") && i + 1 < argc)
      device = argv[++i];
    else if (!strcmp(argv[i], "--quick"))
      quick = 1;
    else {
      fprintf(stderr, "usage: cle_overhead [--device SUBSTRING] [--quick]\n");
      return 2;
    }
  }
  cle_device *dev = device && *device ? cle_device_find(device) : cle_device_default();
  if (!dev) {
    fail("device");
    return 1;
  }
  float tiny[16 * 16] = {0};
  float other[23 * 17] = {0};
  cle_array *src = cle_push(dev, tiny, CLE_FLOAT32, 16, 16, 1);
  cle_array *dst = src ? cle_create_like(src) : NULL;
  cle_array *src2 = cle_push(dev, other, CLE_FLOAT32, 23, 17, 1);
  int status = 1;
  if (!src || !dst || !src2)
    fail("cle_push");
  else if (measure_all(dev, src, dst, src2, quick) == 0)
    status = 0;
  cle_release(src2);
  cle_release(dst);
  cle_release(src);
  return status;
}
