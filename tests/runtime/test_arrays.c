/* Arrays: push/pull round trips for every dtype and 1D/2D/3D shapes, shape
 * bookkeeping, copy, fill with saturation, reference counts, and bad input
 * (NULL, zero sizes, unknown dtype, too large, overflowing sizes). */
#include <limits.h>
#include <stdint.h>

#include "cle_private.h"
#include "host_pixels.h"
#include "test_util.h"

static const size_t shapes[][3] = {{1, 1, 1}, {257, 3, 5}, {17, 1, 1}, {5, 7, 1}, {4, 3, 2}, {1, 1, 9}, {1000, 1, 1}};

static void test_round_trips(void)
{
  for (int t = 0; t < CLE_DTYPE_COUNT; t++) {
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
      size_t w = shapes[s][0], h = shapes[s][1], d = shapes[s][2], n = w * h * d, es = px_size((cle_dtype)t);
      unsigned char *host = malloc(n * es), *got = malloc(n * es + 1);
      fill_random_bytes(host, n * es, (unsigned)(t * 100 + s));
      cle_array *a = cle_push(NULL, host, (cle_dtype)t, w, h, d);
      CHECK_OK(a != NULL);
      if (!a) {
        free(host);
        free(got);
        continue;
      }
      int ndim = d > 1 ? 3 : h > 1 ? 2 : 1;
      CHECK(cle_array_ndim(a) == ndim, "ndim %d, want %d", cle_array_ndim(a), ndim);
      CHECK(cle_array_width(a) == w && cle_array_height(a) == h && cle_array_depth(a) == d, "sizes");
      CHECK(cle_array_size(a) == n && cle_array_nbytes(a) == n * es, "size %zu nbytes %zu", cle_array_size(a),
            cle_array_nbytes(a));
      CHECK(cle_array_dtype(a) == (cle_dtype)t, "dtype");
      got[n * es] = 0xA5; /* a larger buffer is fine and is not written past the array */
      CHECK_OK(cle_pull(a, got, n * es + 1) == 0);
      CHECK(memcmp(host, got, n * es) == 0, "round trip %s %zux%zux%zu differs", cle_dtype_name((cle_dtype)t), w, h, d);
      CHECK(got[n * es] == 0xA5, "pull wrote past the array");

      /* copy and create_like */
      cle_array *b = cle_create_like(a);
      CHECK_OK(b != NULL);
      CHECK_OK(cle_array_copy(a, b) == 0);
      memset(got, 0, n * es);
      CHECK_OK(cle_pull(b, got, n * es) == 0);
      CHECK(memcmp(host, got, n * es) == 0, "copy %s %zux%zux%zu differs", cle_dtype_name((cle_dtype)t), w, h, d);
      cle_release(b);
      cle_release(a);
      free(host);
      free(got);
    }
  }
}

static void test_nd_shapes(void)
{
  /* ndim is kept where sizes are 1: numpy shape (1, 5) stays 2D. */
  size_t shape2[2] = {1, 5}, out[3] = {0, 0, 0};
  uint16_t host[5] = {1, 2, 3, 4, 5}, got[5];
  cle_array *a = cle_push_nd(NULL, host, CLE_UINT16, 2, shape2);
  CHECK_OK(a != NULL);
  CHECK(cle_array_ndim(a) == 2 && cle_array_shape(a, out) == 2 && out[0] == 1 && out[1] == 5,
        "shape (1,5) came back as ndim %d (%zu, %zu)", cle_array_ndim(a), out[0], out[1]);
  CHECK(cle_array_width(a) == 5 && cle_array_height(a) == 1, "width/height of (1,5)");
  CHECK_OK(cle_pull(a, got, sizeof got) == 0);
  CHECK(memcmp(host, got, sizeof got) == 0, "push_nd round trip");

  size_t shape3[3] = {2, 3, 4};
  cle_array *b = cle_create_nd(NULL, CLE_INT32, 3, shape3);
  CHECK_OK(b != NULL);
  CHECK(cle_array_shape(b, out) == 3 && out[0] == 2 && out[1] == 3 && out[2] == 4, "shape (2,3,4)");
  CHECK(cle_array_width(b) == 4 && cle_array_height(b) == 3 && cle_array_depth(b) == 2, "whd of (2,3,4)");
  size_t shape1[1] = {1};
  cle_array *c = cle_create_nd(NULL, CLE_FLOAT32, 1, shape1);
  CHECK(c && cle_array_ndim(c) == 1 && cle_array_shape(c, out) == 1 && out[0] == 1, "shape (1,)");
  cle_array *e = cle_create_nd(NULL, CLE_FLOAT32, 3, (size_t[3]){1, 1, 1});
  CHECK(e && cle_array_ndim(e) == 3, "shape (1,1,1) keeps ndim 3");
  cle_array *f = cle_create_like_dtype(b, CLE_UINT8);
  CHECK(f && cle_array_dtype(f) == CLE_UINT8 && cle_array_ndim(f) == 3 && cle_array_depth(f) == 2, "create_like_dtype");

  EXPECT_ERROR(cle_create_nd(NULL, CLE_FLOAT32, 0, shape3) == NULL, CLE_ERROR_INVALID_ARGUMENT,
               "cle_create_nd: ndim must be 1, 2 or 3, got 0");
  EXPECT_ERROR(cle_create_nd(NULL, CLE_FLOAT32, 4, shape3) == NULL, CLE_ERROR_INVALID_ARGUMENT, "got 4");
  EXPECT_ERROR(cle_create_nd(NULL, CLE_FLOAT32, 2, NULL) == NULL, CLE_ERROR_INVALID_ARGUMENT, "shape is NULL");
  EXPECT_ERROR(cle_push_nd(NULL, host, CLE_FLOAT32, 2, (size_t[2]){3, 0}) == NULL, CLE_ERROR_INVALID_ARGUMENT,
               "cle_push_nd: shape[1] must be >= 1, got 0");
  EXPECT_ERROR(cle_array_shape(b, NULL) < 0, CLE_ERROR_INVALID_ARGUMENT, "shape is NULL");
  EXPECT_ERROR(cle_create_like_dtype(b, (cle_dtype)9) == NULL, CLE_ERROR_INVALID_ARGUMENT,
               "cle_create_like_dtype: dtype must be one of int8..float32 (0..6), got 9");

  /* Copy needs the same dtype and shape. */
  cle_array *g = cle_create(NULL, CLE_INT32, 4, 3, 3);
  EXPECT_ERROR(cle_array_copy(b, f) != 0, CLE_ERROR_INVALID_ARGUMENT, "cle_array_copy: dst dtype must be int32");
  EXPECT_ERROR(cle_array_copy(b, g) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "cle_array_copy: dst shape must be 4x3x2 (as src), got 4x3x3");
  EXPECT_ERROR(cle_array_copy(NULL, g) != 0, CLE_ERROR_INVALID_ARGUMENT, "src is NULL");
  EXPECT_ERROR(cle_array_copy(b, NULL) != 0, CLE_ERROR_INVALID_ARGUMENT, "dst is NULL");
  CHECK_OK(cle_array_copy(b, b) == 0);

  cle_release(a);
  cle_release(b);
  cle_release(c);
  cle_release(e);
  cle_release(f);
  cle_release(g);
}

static void test_write(void)
{
  uint16_t host[6] = {1, 2, 3, 4, 5, 65535}, got[6] = {0};
  cle_array *a = cle_create(NULL, CLE_UINT16, 3, 2, 1);
  CHECK_OK(a != NULL);
  CHECK_OK(cle_array_write(a, host, sizeof host) == 0);
  CHECK_OK(cle_pull(a, got, sizeof got) == 0);
  CHECK(memcmp(host, got, sizeof got) == 0, "cle_array_write round trip");
  CHECK(cle_array_write(a, host, sizeof host - 2) == -1 && cle_last_error() == CLE_ERROR_INVALID_ARGUMENT &&
            strstr(cle_last_error_message(), "cle_array_write: host_bytes must be 12 (the array's size), got 10"),
        "short write rejected: %s", cle_last_error_message());
  CHECK(cle_array_write(a, NULL, sizeof host) == -1 && strstr(cle_last_error_message(), "host is NULL"),
        "NULL host rejected");
  CHECK(cle_array_write(NULL, host, sizeof host) == -1 && strstr(cle_last_error_message(), "arr is NULL"),
        "NULL array rejected");
  cle_release(a);
}

static void test_fill(void)
{
  static const double values[] = {
      -1e20, -3e9,  -2147483649.0, -70000.0, -129.7,  -128.9,       -1.5, -0.4,         0.0, 0.9,  1.0,   126.99, 127.5,
      255.9, 256.0, 32767.5,       65535.9,  70000.0, 2147483647.5, 3e9,  4294967295.9, 5e9, 1e20, 1e300, -1e300, NAN};
  for (int t = 0; t < CLE_DTYPE_COUNT; t++) {
    cle_array *a = cle_create(NULL, (cle_dtype)t, 33, 2, 1);
    CHECK_OK(a != NULL);
    for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
      unsigned char got[66 * 4], want[4];
      CHECK_OK(cle_array_fill(a, values[v]) == 0);
      CHECK_OK(cle_pull(a, got, sizeof got) == 0);
      /* Reference: clamp to the dtype's range, round toward zero, NaN -> 0; float32 just narrows. */
      if (t == CLE_FLOAT32) {
        float f = fabs(values[v]) > 3.4e38 ? (float)copysign(INFINITY, values[v]) : (float)values[v];
        memcpy(want, &f, 4);
      } else {
        double lo, hi, x = values[v];
        px_range((cle_dtype)t, &lo, &hi);
        x = isnan(x) ? 0 : x < lo ? lo : x > hi ? hi : trunc(x);
        px_set(want, (cle_dtype)t, 0, x);
      }
      size_t es = px_size((cle_dtype)t);
      int same = 1;
      for (size_t i = 0; i < 66; i++)
        same &= memcmp(got + i * es, want, es) == 0;
      CHECK(same, "fill %s with %g gave %g, want %g", cle_dtype_name((cle_dtype)t), values[v],
            px_get(got, (cle_dtype)t, 0), px_get(want, (cle_dtype)t, 0));
    }
    cle_release(a);
  }
  EXPECT_ERROR(cle_array_fill(NULL, 1) != 0, CLE_ERROR_INVALID_ARGUMENT, "cle_array_fill: arr is NULL");
}

static void test_refcounts(void)
{
  long before = cle_live_array_count();
  cle_array *a = cle_create(NULL, CLE_UINT8, 8, 8, 1);
  CHECK(cle_live_array_count() == before + 1, "live count after create");
  CHECK(cle_retain(a) == a, "retain returns its argument");
  cle_release(a);
  CHECK(cle_live_array_count() == before + 1, "array freed while a reference remained");
  uint8_t got[64];
  CHECK_OK(cle_pull(a, got, sizeof got) == 0);
  cle_release(a);
  CHECK(cle_live_array_count() == before, "live count after the last release");
  CHECK(cle_retain(NULL) == NULL, "retain(NULL)");
  cle_release(NULL);
}

static void test_bad_input(void)
{
  uint8_t host[16] = {0};
  cle_device *dev = cle_device_default();
  EXPECT_ERROR(cle_create(NULL, CLE_UINT8, 0, 1, 1) == NULL, CLE_ERROR_INVALID_ARGUMENT,
               "cle_create: width must be >= 1, got 0");
  EXPECT_ERROR(cle_create(NULL, CLE_UINT8, 4, 0, 1) == NULL, CLE_ERROR_INVALID_ARGUMENT, "height must be >= 1, got 0");
  EXPECT_ERROR(cle_create(NULL, CLE_UINT8, 4, 1, 0) == NULL, CLE_ERROR_INVALID_ARGUMENT, "depth must be >= 1, got 0");
  /* A negative int passed as a size arrives as a huge size_t: too large, not a crash. */
  int negative = -3;
  EXPECT_ERROR(cle_create(NULL, CLE_UINT8, (size_t)negative, 1, 1) == NULL, CLE_ERROR_OUT_OF_MEMORY,
               "each size must be <=");
  EXPECT_ERROR(cle_create(NULL, (cle_dtype)7, 4, 1, 1) == NULL, CLE_ERROR_INVALID_ARGUMENT,
               "cle_create: dtype must be one of int8..float32 (0..6), got 7");
  EXPECT_ERROR(cle_create(NULL, (cle_dtype)-1, 4, 1, 1) == NULL, CLE_ERROR_INVALID_ARGUMENT, "got -1");
  EXPECT_ERROR(cle_push(NULL, NULL, CLE_UINT8, 4, 1, 1) == NULL, CLE_ERROR_INVALID_ARGUMENT, "cle_push: host is NULL");
  EXPECT_ERROR(cle_push(dev, host, CLE_UINT8, 16, 0, 1) == NULL, CLE_ERROR_INVALID_ARGUMENT,
               "cle_push: height must be >= 1");

  /* Too large for the device: 1e6 x 1e6 x 1e6 uint32 (4e18 bytes, no overflow on 64-bit). */
  EXPECT_ERROR(cle_create(NULL, CLE_UINT32, 1000000, 1000000, 1000000) == NULL, CLE_ERROR_OUT_OF_MEMORY,
               "cle_create: 1000000x1000000x1000000 uint32 array needs 4000000000000000000 bytes; device '");
  /* Sizes whose product overflows size_t. */
  EXPECT_ERROR(cle_create(NULL, CLE_FLOAT32, INT_MAX, INT_MAX, INT_MAX) == NULL, CLE_ERROR_OUT_OF_MEMORY,
               "its size in bytes overflows");
  /* Just over what one buffer may hold. */
  size_t rows = (size_t)(cle_device_max_allocation(dev) / 4096) + 1;
  EXPECT_ERROR(cle_create(dev, CLE_UINT8, 4096, rows, 1) == NULL, CLE_ERROR_OUT_OF_MEMORY, "allows at most");

  cle_array *a = cle_push(dev, host, CLE_UINT8, 4, 4, 1);
  EXPECT_ERROR(cle_pull(a, host, 15) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "cle_pull: host_bytes must be >= 16 (the array's size), got 15");
  EXPECT_ERROR(cle_pull(a, NULL, 16) != 0, CLE_ERROR_INVALID_ARGUMENT, "cle_pull: host is NULL");
  EXPECT_ERROR(cle_pull(NULL, host, 16) != 0, CLE_ERROR_INVALID_ARGUMENT, "cle_pull: arr is NULL");
  EXPECT_ERROR(cle_create_like(NULL) == NULL, CLE_ERROR_INVALID_ARGUMENT, "cle_create_like: like is NULL");
  EXPECT_ERROR(cle_array_width(NULL) == 0, CLE_ERROR_INVALID_ARGUMENT, "cle_array_width: arr is NULL");
  EXPECT_ERROR(cle_array_ndim(NULL) < 0, CLE_ERROR_INVALID_ARGUMENT, "cle_array_ndim: arr is NULL");
  EXPECT_ERROR(cle_array_device(NULL) == NULL, CLE_ERROR_INVALID_ARGUMENT, "cle_array_device: arr is NULL");
  cle_release(a);
}

/* Arrays that together exceed the device's global memory are refused before
 * allocating (pocl would otherwise hand out more than it has, and the process
 * is killed at first use). The arrays are never touched, so no memory is used. */
static void test_total_memory(void)
{
  cle_device *dev = cle_device_default();
  uint64_t global = cle_device_global_memory(dev), max = cle_device_max_allocation(dev);
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
  for (size_t i = 0; i < made; i++)
    cle_release(arrays[i]);
  /* Released arrays give their bytes back. */
  cle_array *again = cle_create(dev, CLE_UINT32, 1024, chunk / 4096, 1);
  CHECK_OK(again != NULL);
  cle_release(again);
  free(arrays);
}

int main(void)
{
  test_round_trips();
  test_nd_shapes();
  test_write();
  test_fill();
  test_refcounts();
  test_bad_input();
  test_total_memory();
  return test_finish("test_runtime_arrays");
}
