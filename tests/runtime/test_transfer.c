/* Transfers (runtime/transfer.c): the staged path, pinned memory and the
 * asynchronous calls give exactly the bytes of the plain path.
 *
 *   test_transfer paths     every dtype, odd shapes whose byte counts are not
 *                           multiples of the chunk (a few hundred bytes here,
 *                           so the chunk edges, the last short chunk, slices
 *                           per thread and the two-buffer pipeline are all
 *                           crossed): push, write and pull on the staged path
 *                           against the plain path, both directions mixed;
 *   test_transfer pinned    cle_host_alloc memory in and out, frees, misuse;
 *   test_transfer async     cle_push_async / cle_array_write_async /
 *                           cle_pull_async with events, and their errors;
 *   test_transfer fallback  every pinned allocation fails (the executable's
 *                           clCreateBuffer refuses CL_MEM_ALLOC_HOST_PTR):
 *                           staged transfers take the plain path and succeed,
 *                           cle_host_alloc reports out of memory.
 * The path is chosen through CLE_TRANSFER, the geometry through
 * CLE_TRANSFER_CHUNK and CLE_TRANSFER_THREADS, read on every call. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <CL/cl.h>

#include "cesperanto/cesperanto.h"
#include "cle_private.h" /* cle_transfer_staged_count */
#include "test_util.h"

/* ---- the fallback case's interposer ---- */

static bool refuse_pinned;
static long pinned_refused;

cl_mem clCreateBuffer(cl_context context, cl_mem_flags flags, size_t size, void *host_ptr, cl_int *errcode_ret)
{
  static __typeof__(&clCreateBuffer) real;
  if (!real)
    real = (__typeof__(&clCreateBuffer))dlsym(RTLD_NEXT, "clCreateBuffer");
  if (refuse_pinned && (flags & CL_MEM_ALLOC_HOST_PTR)) {
    pinned_refused++;
    if (errcode_ret)
      *errcode_ret = CL_MEM_OBJECT_ALLOCATION_FAILURE;
    return NULL;
  }
  return real(context, flags, size, host_ptr, errcode_ret);
}

/* ---- helpers ---- */

static const cle_dtype dtypes[] = {CLE_INT8, CLE_UINT8, CLE_INT16, CLE_UINT16, CLE_INT32, CLE_UINT32, CLE_FLOAT32};
static const size_t shapes[][3] = {{1, 1, 1}, {7, 1, 1}, {1, 13, 1}, {101, 37, 1}, {31, 17, 5}, {1000, 1, 3}};
enum { N_DTYPES = sizeof dtypes / sizeof dtypes[0], N_SHAPES = sizeof shapes / sizeof shapes[0] };

static void set_path(const char *path)
{
  setenv("CLE_TRANSFER", path, 1);
}

static size_t nbytes_of(const size_t s[3], cle_dtype t)
{
  return s[0] * s[1] * s[2] * cle_dtype_size(t);
}

/* push on push_path, pull on pull_path: the bytes come back unchanged. */
static void round_trip(cle_device *dev, const char *push_path, const char *pull_path, unsigned seed)
{
  for (int d = 0; d < N_DTYPES; d++)
    for (int s = 0; s < N_SHAPES; s++) {
      size_t n = nbytes_of(shapes[s], dtypes[d]);
      unsigned char *src = malloc(n), *back = malloc(n);
      fill_random_bytes(src, n, seed + (unsigned)(d * 31 + s));
      memset(back, 0xA5, n);
      set_path(push_path);
      cle_array *a = cle_push(dev, src, dtypes[d], shapes[s][0], shapes[s][1], shapes[s][2]);
      CHECK_OK(a != NULL);
      set_path(pull_path);
      CHECK_OK(a && cle_pull(a, back, n) == 0);
      CHECK(!memcmp(src, back, n), "%s push, %s pull: %s %zux%zux%zu differs", push_path, pull_path,
            cle_dtype_name(dtypes[d]), shapes[s][0], shapes[s][1], shapes[s][2]);
      /* overwrite in place on the push path, read again */
      fill_random_bytes(src, n, seed + 1000u + (unsigned)(d * 31 + s));
      set_path(push_path);
      CHECK_OK(a && cle_array_write(a, src, n) == 0);
      set_path(pull_path);
      CHECK_OK(a && cle_pull(a, back, n) == 0);
      CHECK(!memcmp(src, back, n), "%s write, %s pull: %s differs", push_path, pull_path, cle_dtype_name(dtypes[d]));
      cle_release(a);
      free(src);
      free(back);
    }
}

static void test_paths(cle_device *dev)
{
  long staged_before = cle_transfer_staged_count();
  const char *chunks[] = {"64", "96", "4096"};
  const char *threads[] = {"1", "3", "16"};
  for (int c = 0; c < 3; c++)
    for (int t = 0; t < 3; t++) {
      setenv("CLE_TRANSFER_CHUNK", chunks[c], 1);
      setenv("CLE_TRANSFER_THREADS", threads[t], 1);
      round_trip(dev, "staged", "plain", 1u + (unsigned)(c * 3 + t));
      round_trip(dev, "plain", "staged", 100u + (unsigned)(c * 3 + t));
      round_trip(dev, "staged", "staged", 200u + (unsigned)(c * 3 + t));
    }
  /* a larger array, with the default geometry, all three paths */
  unsetenv("CLE_TRANSFER_CHUNK");
  unsetenv("CLE_TRANSFER_THREADS");
  size_t n = (size_t)9 << 20; /* more than one default chunk */
  unsigned char *src = malloc(n + 3), *back = malloc(n + 3);
  fill_random_bytes(src, n + 3, 7);
  const char *paths[] = {"plain", "staged", "auto"};
  for (int p = 0; p < 3; p++) {
    set_path(paths[p]);
    cle_array *a = cle_push(dev, src, CLE_UINT8, n + 3, 1, 1);
    CHECK_OK(a != NULL);
    memset(back, 0, n + 3);
    CHECK_OK(a && cle_pull(a, back, n + 3) == 0);
    CHECK(!memcmp(src, back, n + 3), "%s: 9 MiB + 3 bytes differ", paths[p]);
    cle_release(a);
  }
  free(src);
  free(back);
  unsetenv("CLE_TRANSFER");
  /* 9 geometries x 42 arrays x (2 + 2 + 4 staged calls), + the large push and pull on "staged"
   * ("auto" stays plain on a CPU device; on a GPU it stages too) */
  long staged = cle_transfer_staged_count() - staged_before;
  long expected = 9 * 42 * 8 + 2 + (cle_device_is_cpu(dev) ? 0 : 2);
  CHECK(staged == expected, "%ld transfers took the staged path, expected %ld", staged, expected);
}

static void test_pinned(cle_device *dev)
{
  size_t n = 31 * 17 * 5 * sizeof(float);
  float *in = cle_host_alloc(dev, n), *out = cle_host_alloc(NULL, n);
  CHECK_OK(in != NULL && out != NULL);
  if (!in || !out)
    return;
  fill_random_bytes(in, n, 3);
  for (int p = 0; p < 2; p++) {
    set_path(p ? "staged" : "auto"); /* pinned memory skips staging either way */
    setenv("CLE_TRANSFER_CHUNK", "64", 1);
    memset(out, 0, n);
    cle_array *a = cle_push(dev, in, CLE_FLOAT32, 31, 17, 5);
    CHECK_OK(a && cle_pull(a, out, n) == 0);
    CHECK(!memcmp(in, out, n), "pinned round trip differs");
    /* a pointer inside a pinned block, with a size that fits */
    cle_array *b = cle_push(dev, (char *)in + 4, CLE_UINT8, 100, 1, 1);
    unsigned char small[100];
    CHECK_OK(b && cle_pull(b, small, sizeof small) == 0);
    CHECK(!memcmp(small, (char *)in + 4, 100), "pinned interior round trip differs");
    cle_release(a);
    cle_release(b);
  }
  unsetenv("CLE_TRANSFER");
  unsetenv("CLE_TRANSFER_CHUNK");
  CHECK_OK(cle_host_free(in) == 0);
  CHECK_OK(cle_host_free(out) == 0);
  CHECK_OK(cle_host_free(NULL) == 0);
  EXPECT_ERROR(cle_host_free(in) != 0, CLE_ERROR_INVALID_ARGUMENT, "is not memory from cle_host_alloc");
  int local;
  EXPECT_ERROR(cle_host_free(&local) != 0, CLE_ERROR_INVALID_ARGUMENT, "is not memory from cle_host_alloc");
  EXPECT_ERROR(cle_host_alloc(dev, 0) == NULL, CLE_ERROR_INVALID_ARGUMENT, "nbytes must be >= 1");
}

static void test_async(cle_device *dev)
{
  size_t shape[3] = {5, 17, 31};
  size_t n = 5 * 17 * 31 * sizeof(uint16_t);
  uint16_t *src = malloc(n), *back = malloc(n);
  fill_random_bytes(src, n, 11);
  cle_event *ev = NULL;
  cle_array *a = cle_push_async(dev, src, CLE_UINT16, 3, shape, &ev);
  CHECK_OK(a != NULL && ev != NULL);
  CHECK_OK(cle_event_wait(ev) == 0);
  CHECK_OK(cle_event_wait(ev) == 0); /* again: returns at once */
  cle_event_release(ev);
  /* a kernel after the async write sees the data; the async read sees the kernel's result */
  cle_array *b = cle_add_image_and_scalar(a, NULL, 1.0f);
  CHECK_OK(b != NULL);
  float *fb = malloc(5 * 17 * 31 * sizeof(float));
  CHECK_OK(b && cle_pull_async(b, fb, 5 * 17 * 31 * sizeof(float), &ev) == 0);
  CHECK_OK(cle_event_wait(ev) == 0);
  cle_event_release(ev);
  for (size_t i = 0; i < 5 * 17 * 31; i++)
    if (fb[i] != (float)src[i] + 1.0f) {
      CHECK(0, "async pipeline: element %zu is %g, expected %g", i, fb[i], (float)src[i] + 1.0f);
      break;
    }
  fill_random_bytes(src, n, 12);
  CHECK_OK(a && cle_array_write_async(a, src, n, &ev) == 0);
  cle_event_release(ev); /* releases after waiting */
  CHECK_OK(a && cle_pull_async(a, back, n, &ev) == 0);
  CHECK_OK(cle_event_wait(ev) == 0);
  cle_event_release(ev);
  CHECK(!memcmp(src, back, n), "async write/pull differs");
  /* errors */
  EXPECT_ERROR(cle_pull_async(a, back, n, NULL) != 0, CLE_ERROR_INVALID_ARGUMENT, "event is NULL");
  EXPECT_ERROR(cle_pull_async(a, back, n - 1, &ev) != 0, CLE_ERROR_INVALID_ARGUMENT, "host_bytes must be >=");
  CHECK(ev == NULL, "no event after a failed call");
  EXPECT_ERROR(cle_array_write_async(a, src, n + 2, &ev) != 0, CLE_ERROR_INVALID_ARGUMENT, "host_bytes must be");
  EXPECT_ERROR(cle_push_async(dev, NULL, CLE_UINT16, 3, shape, &ev) == NULL, CLE_ERROR_INVALID_ARGUMENT,
               "host is NULL");
  EXPECT_ERROR(cle_event_wait(NULL) != 0, CLE_ERROR_INVALID_ARGUMENT, "event is NULL");
  cle_event_release(NULL);
  cle_release(a);
  cle_release(b);
  free(src);
  free(back);
  free(fb);
}

static void test_fallback(cle_device *dev)
{
  refuse_pinned = true;
  setenv("CLE_TRANSFER", "staged", 1);
  setenv("CLE_TRANSFER_CHUNK", "64", 1);
  long staged_before = cle_transfer_staged_count();
  round_trip(dev, "staged", "staged", 77);
  CHECK(cle_transfer_staged_count() == staged_before, "a transfer was staged without pinned memory");
  CHECK(pinned_refused > 0, "no pinned allocation was refused: the interposer is not in effect");
  long before = pinned_refused;
  EXPECT_ERROR(cle_host_alloc(dev, 4096) == NULL, CLE_ERROR_OUT_OF_MEMORY, "pinned host memory");
  CHECK(pinned_refused == before + 1, "cle_host_alloc did not ask for pinned memory");
  refuse_pinned = false;
  /* and once pinned memory is back, staging works again */
  round_trip(dev, "staged", "plain", 78);
  unsetenv("CLE_TRANSFER");
  unsetenv("CLE_TRANSFER_CHUNK");
}

int main(int argc, char **argv)
{
  const char *which = argc > 1 ? argv[1] : "paths";
  cle_device *dev = cle_device_default();
  CHECK_OK(dev != NULL);
  if (!dev)
    return 1;
  if (!strcmp(which, "paths"))
    test_paths(dev);
  else if (!strcmp(which, "pinned"))
    test_pinned(dev);
  else if (!strcmp(which, "async"))
    test_async(dev);
  else if (!strcmp(which, "fallback"))
    test_fallback(dev);
  else {
    fprintf(stderr, "usage: test_transfer paths|pinned|async|fallback\n");
    return 2;
  }
  return test_finish(which);
}
