/* Device out-of-memory at first use. OpenCL drivers may allocate lazily
 * (NVIDIA does): clCreateBuffer succeeds and the first command that touches
 * the buffer answers CL_MEM_OBJECT_ALLOCATION_FAILURE or CL_OUT_OF_RESOURCES.
 * pocl never does, so this executable defines the OpenCL entry points the
 * runtime calls, forwards them to the real ones (dlsym RTLD_NEXT) and, when
 * armed, fails the next call(s) with a chosen status. libcesperanto is a
 * shared library: its calls bind to these definitions, which the executable
 * exports (ENABLE_EXPORTS). Every case asserts how many calls reached the
 * interposer and how many failures it injected, so a build where the
 * interposition did not take effect fails instead of passing vacuously.
 *
 * For each call that can be a buffer's first use (clCreateBuffer, write,
 * fill, copy, kernel launch) and for the two that cannot retry (blocking read,
 * clFinish), with each of the two statuses:
 *   - empty pool, one failure: the call fails with CLE_ERROR_OUT_OF_MEMORY and
 *     a message naming the function/op and the array (shape, dtype, bytes);
 *     the command was tried once;
 *   - idle buffers pooled, one failure: the pool is dropped, the command tried
 *     again and the call succeeds with the right result (a read or clFinish
 *     is tried once and fails, the pool kept);
 *   - idle buffers pooled, the failure persists: out-of-memory after exactly
 *     two tries, the pool dropped (at most the failed array's buffer back);
 *   - a status that is not out-of-memory (CL_INVALID_OPERATION): a device
 *     error, no retry, the pool kept.
 * After each: no array leaked, every device buffer created is either held by
 * a live array or idle in the pool (clCreateBuffer/clReleaseMemObject are
 * counted here), and the same call without injection succeeds, so the inputs
 * and the device stay usable. Host leaks are LSan's (the sanitizer pass).
 * Run with "disabled" under CLE_BUFFER_POOL=0: nothing is pooled, so nothing
 * is retried and every injected failure is reported. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>
#include <CL/cl.h>

#include "buffer_pool.h" /* cle_buffer_pool_drop: start a case from an empty pool */
#include "cesperanto/cesperanto.h"
#include "cle_private.h"
#include "test_util.h"

/* ---- the interposer ---- */

enum { F_CREATE, F_WRITE, F_READ, F_FILL, F_COPY, F_KERNEL, F_FINISH, F_COUNT };

/* The test is single-threaded and pocl's own threads do not call the exported
 * entry points, so plain counters suffice. */
static struct fault {
  const char *name;
  long calls;    /* calls that reached the interposer */
  long armed;    /* failures still to inject, one per call */
  cl_int code;   /* the status injected */
  long injected; /* failures injected so far */
} faults[F_COUNT] = {{"clCreateBuffer", 0, 0, 0, 0},
                     {"clEnqueueWriteBuffer", 0, 0, 0, 0},
                     {"clEnqueueReadBuffer", 0, 0, 0, 0},
                     {"clEnqueueFillBuffer", 0, 0, 0, 0},
                     {"clEnqueueCopyBuffer", 0, 0, 0, 0},
                     {"clEnqueueNDRangeKernel", 0, 0, 0, 0},
                     {"clFinish", 0, 0, 0, 0}};

static long live_mems; /* buffers created through clCreateBuffer and not yet released */

/* Counts the call; true (and *code set) when this call is to fail. */
static bool inject(int f, cl_int *code)
{
  struct fault *x = &faults[f];
  x->calls++;
  if (x->armed <= 0)
    return false;
  x->armed--;
  x->injected++;
  *code = x->code;
  return true;
}

static void *real_symbol(const char *name)
{
  void *p = dlsym(RTLD_NEXT, name);
  if (!p) {
    fprintf(stderr, "test_oom: dlsym(RTLD_NEXT, \"%s\") failed: %s\n", name, dlerror());
    abort();
  }
  return p;
}

#define REAL(fn)                \
  static __typeof__(&fn) real_; \
  if (!real_)                   \
  real_ = (__typeof__(&fn))real_symbol(#fn)

cl_mem clCreateBuffer(cl_context context, cl_mem_flags flags, size_t size, void *host_ptr, cl_int *errcode_ret)
{
  REAL(clCreateBuffer);
  cl_int code;
  if (inject(F_CREATE, &code)) {
    if (errcode_ret)
      *errcode_ret = code;
    return NULL;
  }
  cl_mem mem = real_(context, flags, size, host_ptr, errcode_ret);
  if (mem)
    live_mems++;
  return mem;
}

cl_int clReleaseMemObject(cl_mem memobj)
{
  REAL(clReleaseMemObject);
  cl_int err = real_(memobj);
  if (err == CL_SUCCESS)
    live_mems--;
  return err;
}

cl_int clEnqueueWriteBuffer(cl_command_queue queue, cl_mem buffer, cl_bool blocking, size_t offset, size_t size,
                            const void *ptr, cl_uint n_events, const cl_event *events, cl_event *event)
{
  REAL(clEnqueueWriteBuffer);
  cl_int code;
  if (inject(F_WRITE, &code))
    return code;
  return real_(queue, buffer, blocking, offset, size, ptr, n_events, events, event);
}

cl_int clEnqueueReadBuffer(cl_command_queue queue, cl_mem buffer, cl_bool blocking, size_t offset, size_t size,
                           void *ptr, cl_uint n_events, const cl_event *events, cl_event *event)
{
  REAL(clEnqueueReadBuffer);
  cl_int code;
  if (inject(F_READ, &code))
    return code;
  return real_(queue, buffer, blocking, offset, size, ptr, n_events, events, event);
}

cl_int clEnqueueFillBuffer(cl_command_queue queue, cl_mem buffer, const void *pattern, size_t pattern_size,
                           size_t offset, size_t size, cl_uint n_events, const cl_event *events, cl_event *event)
{
  REAL(clEnqueueFillBuffer);
  cl_int code;
  if (inject(F_FILL, &code))
    return code;
  return real_(queue, buffer, pattern, pattern_size, offset, size, n_events, events, event);
}

cl_int clEnqueueCopyBuffer(cl_command_queue queue, cl_mem src, cl_mem dst, size_t src_offset, size_t dst_offset,
                           size_t size, cl_uint n_events, const cl_event *events, cl_event *event)
{
  REAL(clEnqueueCopyBuffer);
  cl_int code;
  if (inject(F_COPY, &code))
    return code;
  return real_(queue, src, dst, src_offset, dst_offset, size, n_events, events, event);
}

cl_int clEnqueueNDRangeKernel(cl_command_queue queue, cl_kernel kernel, cl_uint work_dim, const size_t *offset,
                              const size_t *global, const size_t *local, cl_uint n_events, const cl_event *events,
                              cl_event *event)
{
  REAL(clEnqueueNDRangeKernel);
  cl_int code;
  if (inject(F_KERNEL, &code))
    return code;
  return real_(queue, kernel, work_dim, offset, global, local, n_events, events, event);
}

cl_int clFinish(cl_command_queue queue)
{
  REAL(clFinish);
  cl_int code;
  if (inject(F_FINISH, &code))
    return code;
  return real_(queue);
}

/* ---- fixtures ---- */

#define W 1000
#define H 3
#define NPIX (W * H)
#define NBYTES (NPIX * 2) /* uint16 */
#define THRESHOLD 30000.0f

static cle_device *dev;
static bool pool_enabled;
static uint16_t host_src[NPIX];
static cle_array *src;    /* W x H uint16 holding host_src; only read */
static cle_array *target; /* W x H uint16, overwritten by set */
static cle_array *held;   /* the result of the case's call, released after the checks */
static uint16_t set_value;

static bool pulled_equals(cle_array *arr, const uint16_t *want)
{
  static uint16_t back[NPIX];
  memset(back, 0xAB, sizeof back);
  return cle_pull(arr, back, sizeof back) == 0 && memcmp(back, want, sizeof back) == 0;
}

/* ---- the calls under test: call() makes it (result in held), verify() checks a success ---- */

static int call_push(void)
{
  return (held = cle_push(dev, host_src, CLE_UINT16, W, H, 1)) ? 0 : -1;
}
static void verify_push(void)
{
  CHECK(pulled_equals(held, host_src), "the pushed array holds other bytes");
}

static int call_create(void)
{
  return (held = cle_create(dev, CLE_UINT16, W, H, 1)) ? 0 : -1;
}
static void verify_create(void)
{
  CHECK(cle_array_nbytes(held) == NBYTES, "created %zu bytes", cle_array_nbytes(held));
  CHECK_OK(cle_array_fill(held, 7) == 0);
}

static int call_kernel(void)
{
  return (held = cle_greater_constant(src, NULL, THRESHOLD)) ? 0 : -1;
}
static void verify_kernel(void)
{
  static uint8_t back[NPIX];
  CHECK_OK(cle_pull(held, back, sizeof back) == 0);
  int bad = 0;
  for (int i = 0; i < NPIX; i++)
    bad += back[i] != (host_src[i] > THRESHOLD);
  CHECK(bad == 0, "greater_constant: %d pixels wrong", bad);
}

static int call_set(void)
{
  set_value = (uint16_t)(set_value + 11);
  return (held = cle_set(target, set_value)) ? 0 : -1;
}
static void verify_set(void)
{
  static uint16_t want[NPIX];
  for (int i = 0; i < NPIX; i++)
    want[i] = set_value;
  CHECK(held == target, "set returns its input");
  CHECK(pulled_equals(target, want), "set: not every pixel is %u", set_value);
}

static int call_copy(void)
{
  return (held = cle_copy(src, NULL)) ? 0 : -1;
}
static void verify_copy(void)
{
  CHECK(pulled_equals(held, host_src), "the copy holds other bytes");
}

static uint16_t pull_back[NPIX];
static int call_pull(void)
{
  memset(pull_back, 0xAB, sizeof pull_back);
  return cle_pull(src, pull_back, sizeof pull_back);
}
static void verify_pull(void)
{
  CHECK(memcmp(pull_back, host_src, sizeof pull_back) == 0, "pulled other bytes");
}

static int call_finish(void)
{
  return cle_device_finish(dev);
}
static void verify_finish(void) {}

typedef struct call_case {
  const char *name;
  int fault;            /* the OpenCL call that fails */
  bool retried;         /* a first use: the runtime drops the pool and tries once more */
  int (*call)(void);    /* 0 or -1 with the error set */
  void (*verify)(void); /* after a success */
  const char *prefix;   /* how every error message of the call starts */
  const char *oom_text; /* what an out-of-memory message also says: the array, its bytes */
} call_case;

#define SHAPE "1000x3x1 uint16 array (6000 bytes)"
#define OOM ", the device ran out of memory"
static const call_case cases[] = {
    {"cle_push", F_WRITE, true, call_push, verify_push, "cle_push: ", "writing the " SHAPE " failed" OOM},
    {"cle_create", F_CREATE, true, call_create, verify_create, "cle_create: ", "could not allocate 6000 bytes"},
    {"greater_constant", F_KERNEL, true, call_kernel, verify_kernel,
     "greater_constant: ", "x1x1 failed" OOM}, /* GPUs: 8 pixels per work-item, CPUs 1 */
    {"set", F_FILL, true, call_set, verify_set, "set: cle_array_fill: ", "filling the " SHAPE " failed" OOM},
    {"copy", F_COPY, true, call_copy, verify_copy, "copy: cle_array_copy: ", "copying the " SHAPE " failed" OOM},
    {"cle_pull", F_READ, false, call_pull, verify_pull, "cle_pull: ", "reading the " SHAPE " failed" OOM},
    {"cle_device_finish", F_FINISH, false, call_finish, verify_finish, "cle_device_finish: ", "clFinish failed" OOM},
};
#define N_CASES (sizeof cases / sizeof cases[0])

/* Drop the pool, then (pooling on) leave three idle buffers in it, of sizes
 * no call under test asks for. Returns how many it holds. */
static long prepare_pool(bool seeded)
{
  cle_buffer_pool_drop(dev);
  for (size_t i = 0; seeded && i < 3; i++)
    cle_release(cle_create(dev, CLE_UINT8, 7001 + i, 1, 1));
  long n = cle_buffer_pool_count(dev);
  CHECK(n == (seeded && pool_enabled ? 3 : 0), "pool holds %ld buffers after seeding", n);
  return n;
}

/* Every device buffer made is held by a live array or idle in the pool. */
static void check_buffers(const char *where)
{
  long want = cle_live_array_count() + cle_buffer_pool_count(dev);
  CHECK(live_mems == want, "%s: %ld device buffers alive, expected %ld (live arrays + pooled)", where, live_mems, want);
}

static const char *status_name(cl_int code)
{
  return code == CL_MEM_OBJECT_ALLOCATION_FAILURE ? "CL_MEM_OBJECT_ALLOCATION_FAILURE"
         : code == CL_OUT_OF_RESOURCES            ? "CL_OUT_OF_RESOURCES"
                                                  : "CL_INVALID_OPERATION";
}

static long expected_injections;

/* c's OpenCL call fails `failures` times in a row with `code`, from a seeded or an empty pool. */
static void run_case(const call_case *c, cl_int code, bool seeded, int failures)
{
  char where[160];
  snprintf(where, sizeof where, "%s, %s x%d, %s pool", c->name, status_name(code), failures,
           seeded ? "seeded" : "empty");
  bool oom = code != CL_INVALID_OPERATION;
  long pooled = prepare_pool(seeded);
  bool retry = oom && c->retried && pooled > 0;
  long tries = retry ? 2 : 1;
  bool succeed = retry && failures == 1;
  long live0 = cle_live_array_count();
  struct fault *f = &faults[c->fault];
  long calls0 = f->calls, injected0 = f->injected;

  f->code = code;
  f->armed = failures;
  cle_clear_error();
  held = NULL;
  int rc = c->call();
  f->armed = 0;
  long calls = f->calls - calls0, injected = f->injected - injected0;
  expected_injections += injected;

  CHECK(calls == tries, "%s: %s reached %ld times, expected %ld", where, f->name, calls, tries);
  CHECK(injected == (failures < tries ? failures : tries), "%s: %ld failures injected", where, injected);
  if (succeed) {
    CHECK(rc == 0, "%s: expected success after dropping the pool, got [%s] %s", where, cle_error_name(cle_last_error()),
          cle_last_error_message());
    CHECK(cle_buffer_pool_count(dev) == 0, "%s: pool holds %ld after the retry, expected it dropped", where,
          cle_buffer_pool_count(dev));
    if (rc == 0)
      c->verify();
  } else {
    CHECK(rc != 0, "%s: expected a failure, the call succeeded", where);
    const char *msg = cle_last_error_message();
    cle_error want = oom ? CLE_ERROR_OUT_OF_MEMORY : CLE_ERROR_DEVICE;
    CHECK(cle_last_error() == want, "%s: error [%s], expected [%s]: %s", where, cle_error_name(cle_last_error()),
          cle_error_name(want), msg);
    CHECK(strncmp(msg, c->prefix, strlen(c->prefix)) == 0, "%s: message does not start with \"%s\": %s", where,
          c->prefix, msg);
    CHECK(!oom || strstr(msg, c->oom_text), "%s: message lacks \"%s\": %s", where, c->oom_text, msg);
    CHECK(strstr(msg, status_name(code)), "%s: message lacks the OpenCL status: %s", where, msg);
    if (retry)
      CHECK(cle_buffer_pool_count(dev) <= 1,
            "%s: pool holds %ld, expected it dropped (at most the failed "
            "array's buffer back)",
            where, cle_buffer_pool_count(dev));
    else
      CHECK(cle_buffer_pool_count(dev) >= pooled, "%s: the pool was dropped (holds %ld of %ld) with no retry", where,
            cle_buffer_pool_count(dev), pooled);
    CHECK(held == NULL, "%s: a failed call returned an array", where);
  }
  cle_release(held);
  held = NULL;
  CHECK(cle_live_array_count() == live0, "%s: %ld arrays alive, expected %ld", where, cle_live_array_count(), live0);
  check_buffers(where);

  /* The inputs and the device are still usable: the same call, no injection,
   * from an empty pool so that cle_create reaches clCreateBuffer again. */
  cle_buffer_pool_drop(dev);
  cle_clear_error();
  calls0 = f->calls;
  int again = c->call();
  CHECK(again == 0, "%s: the call without injection failed: [%s] %s", where, cle_error_name(cle_last_error()),
        cle_last_error_message());
  CHECK(f->calls == calls0 + 1, "%s: the call without injection reached %s %ld times", where, f->name,
        f->calls - calls0);
  if (again == 0)
    c->verify();
  cle_release(held);
  held = NULL;
  check_buffers(where);
}

int main(int argc, char **argv)
{
  bool disabled = argc > 1 && strcmp(argv[1], "disabled") == 0;
  dev = cle_device_default();
  CHECK_OK(dev != NULL);
  if (!dev)
    return 1;
  /* Pooling on unless CLE_BUFFER_POOL=0: a released array's buffer stays. */
  cle_release(cle_create(dev, CLE_UINT8, 5, 1, 1));
  pool_enabled = cle_buffer_pool_count(dev) > 0;
  CHECK(pool_enabled == !disabled, "buffer pool %s, expected %s", pool_enabled ? "on" : "off",
        disabled ? "off (CLE_BUFFER_POOL=0)" : "on");

  for (int i = 0; i < NPIX; i++)
    host_src[i] = (uint16_t)(i * 37u);
  long writes0 = faults[F_WRITE].calls, creates0 = faults[F_CREATE].calls;
  src = cle_push(dev, host_src, CLE_UINT16, W, H, 1);
  target = cle_create(dev, CLE_UINT16, W, H, 1);
  CHECK_OK(src != NULL && target != NULL);
  if (!src || !target)
    return 1;
  /* The interposer sees the library's calls (else every case below would be vacuous). */
  CHECK(faults[F_WRITE].calls == writes0 + 1 && faults[F_CREATE].calls >= creates0 + 1,
        "interposition did not take effect: %ld writes, %ld creates seen", faults[F_WRITE].calls - writes0,
        faults[F_CREATE].calls - creates0);
  check_buffers("start");
  if (test_failures)
    return test_finish("test_oom");
  /* Compile greater_constant before counting kernel launches. */
  cle_release(cle_greater_constant(src, NULL, THRESHOLD));

  const cl_int codes[] = {CL_MEM_OBJECT_ALLOCATION_FAILURE, CL_OUT_OF_RESOURCES};
  for (size_t k = 0; k < N_CASES; k++) {
    for (size_t i = 0; i < 2; i++) {
      run_case(&cases[k], codes[i], false, 1);
      run_case(&cases[k], codes[i], true, 1);
      run_case(&cases[k], codes[i], true, 2);
    }
    run_case(&cases[k], CL_INVALID_OPERATION, true, 1);
  }

  long injected = 0;
  for (int f = 0; f < F_COUNT; f++) {
    CHECK(faults[f].injected > 0, "no failure was injected into %s", faults[f].name);
    injected += faults[f].injected;
  }
  CHECK(injected == expected_injections && injected > 0, "%ld failures injected, expected %ld", injected,
        expected_injections);
  printf("test_oom%s: %ld failures injected into %d OpenCL calls over %zu cases\n", disabled ? " disabled" : "",
         injected, F_COUNT, N_CASES);

  cle_release(src);
  cle_release(target);
  check_buffers("end");
  return test_finish(disabled ? "test_oom disabled" : "test_oom");
}
