/* The code cle-gen writes, run: the fixture ops of tests/generator/fixtures
 * (every creator rule and impl kind) are generated into this test's build
 * folder and linked with the runtime. Their `impl: c` functions are defined
 * here; they record what they were given and fill the output with a known
 * value, so the test sees exactly what the generated wrapper did: argument
 * checks and their messages, output creation by each rule, given outputs,
 * dispatch, composites with their temporaries, error propagation, and that
 * no array is leaked on any path. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cesperanto/cle.h"
#include "cesperanto/cle_ops.h" /* the fixture's, first on the include path */
#include "cle_ops_impl.h"
#include "cle_private.h"

#include "gen_test_util.h"

/* The call failed with this exact message. */
#define CHECK_ERROR(call_ok, message)                                                                         \
  do {                                                                                                        \
    CHECK(!(call_ok), "expected failure: %s", message);                                                       \
    CHECK(cle_last_error() == CLE_ERROR_INVALID_ARGUMENT, "code %d for: %s", (int)cle_last_error(), message); \
    CHECK(!strcmp(cle_last_error_message(), message), "message\n  got:      %s\n  expected: %s",              \
          cle_last_error_message(), message);                                                                 \
  } while (0)

/* ---- the impl functions the fixture ops call ----------------------------- */

static struct {
  int calls;
  float sigma, threshold, weight;
  int radius;
  bool flag;
  char mode[16];
  float offset;
  int fail; /* 1: fail with a message; 2: fail without one */
  const char *fail_op;
} rec;

static int maybe_fail(const char *op)
{
  if (!rec.fail_op || strcmp(rec.fail_op, op) != 0)
    return 0;
  if (rec.fail == 1)
    return cle_set_error(CLE_ERROR_DEVICE, "failing on purpose"); /* the wrapper names the op */
  return -1;
}

int cle_impl_fx_like(cle_array *src, cle_array *dst, float sigma, int radius, bool flag, cle_fx_like_mode mode,
                     float offset)
{
  (void)src;
  rec.calls++;
  rec.sigma = sigma;
  rec.radius = radius;
  rec.flag = flag;
  snprintf(rec.mode, sizeof rec.mode, "%s",
           mode == CLE_FX_LIKE_MODE_BOX       ? "box"
           : mode == CLE_FX_LIKE_MODE_DIAMOND ? "diamond"
                                              : "?");
  rec.offset = offset;
  return maybe_fail("fx_like") ? -1 : cle_array_fill(dst, sigma);
}

int cle_impl_fx_binary(cle_array *src, cle_array *dst, float threshold)
{
  (void)src;
  rec.threshold = threshold;
  return maybe_fail("fx_binary") ? -1 : cle_array_fill(dst, 1);
}

int cle_impl_fx_labels(cle_array *src, cle_array *labels)
{
  (void)src;
  return cle_array_fill(labels, 7);
}

int cle_impl_fx_xy(cle_array *src, cle_array *dst)
{
  (void)src;
  return cle_array_fill(dst, 1);
}

int cle_impl_fx_xz(cle_array *src, cle_array *dst)
{
  (void)src;
  return cle_array_fill(dst, 2);
}

int cle_impl_fx_yz(cle_array *src, cle_array *dst)
{
  (void)src;
  return cle_array_fill(dst, 3);
}

int cle_impl_fx_vector(cle_array *src, cle_array *dst, int num_bins)
{
  (void)src;
  return cle_array_fill(dst, num_bins);
}

int cle_impl_fx_shape(cle_array *dst, int width, int height, int depth, float value)
{
  (void)width, (void)height, (void)depth;
  return cle_array_fill(dst, value);
}

int cle_impl_fx_vector_literal(cle_array *src, cle_array *dst)
{
  (void)src;
  return cle_array_fill(dst, 0.5);
}

int cle_impl_fx_scalar(cle_array *src, double *result, float scale)
{
  if (maybe_fail("fx_scalar"))
    return -1;
  *result = (double)cle_array_size(src) * scale;
  return 0;
}

int cle_impl_fx_inplace_c(cle_array *src, int value)
{
  return cle_array_fill(src, value);
}

int cle_impl_fx_pair(cle_array *src0, cle_array *src1, cle_array *dst, float weight, float bias)
{
  (void)src0;
  (void)src1;
  rec.weight = weight;
  return cle_array_fill(dst, weight + bias);
}

/* ---- helpers ---------------------------------------------------------------- */

static cle_device *dev;

static cle_array *make(cle_dtype dtype, int ndim, size_t s0, size_t s1, size_t s2, double value)
{
  const size_t shape[3] = {s0, s1, s2};
  cle_array *a = cle_create_nd(dev, dtype, ndim, shape);
  CHECK(a != NULL, "cannot create an array: %s", cle_last_error_message());
  if (a)
    cle_array_fill(a, value);
  return a;
}

/* Every element of a (converted to double) equals value. */
static bool all_equal(const cle_array *a, double value)
{
  size_t n = cle_array_size(a), bytes = cle_array_nbytes(a);
  unsigned char *raw = malloc(bytes);
  bool ok = raw && cle_pull(a, raw, bytes) == 0;
  for (size_t i = 0; ok && i < n; i++) {
    double v = NAN;
    switch (cle_array_dtype(a)) {
    case CLE_INT8: v = ((const signed char *)raw)[i]; break;
    case CLE_UINT8: v = raw[i]; break;
    case CLE_INT16: v = ((const short *)raw)[i]; break;
    case CLE_UINT16: v = ((const unsigned short *)raw)[i]; break;
    case CLE_INT32: v = ((const int *)raw)[i]; break;
    case CLE_UINT32: v = ((const unsigned *)raw)[i]; break;
    case CLE_FLOAT32: v = ((const float *)raw)[i]; break;
    }
    ok = v == value;
  }
  free(raw);
  return ok;
}

static bool has_shape(const cle_array *a, int ndim, size_t s0, size_t s1, size_t s2, cle_dtype dtype)
{
  size_t shape[3] = {0, 0, 0};
  int n = a ? cle_array_shape(a, shape) : -1;
  const size_t want[3] = {s0, s1, s2};
  bool ok = a && n == ndim && cle_array_dtype(a) == dtype;
  for (int i = 0; ok && i < ndim; i++)
    ok = shape[i] == want[i];
  return ok;
}

/* ---- the checks ----------------------------------------------------------------- */

static void test_like_and_params(void)
{
  cle_array *src = make(CLE_UINT16, 2, 5, 7, 0, 3);
  cle_array *r = cle_fx_like(src, NULL, 2.5f, 3, false, "diamond", 1.0f);
  CHECK(r && has_shape(r, 2, 5, 7, 0, CLE_UINT16), "like(src) must copy shape, ndim and dtype");
  CHECK(rec.sigma == 2.5f && rec.radius == 3 && !rec.flag && !strcmp(rec.mode, "diamond") && rec.offset == 1.0f,
        "the impl must get the params as passed");
  CHECK(r && all_equal(r, 2), "the impl must write into the created output");
  cle_release(r);
  /* A choice alias reaches the impl as the choice it stands for. */
  r = cle_fx_like(src, NULL, 2.5f, 3, false, "sphere", 1.0f);
  CHECK(r && !strcmp(rec.mode, "diamond"), "choice alias 'sphere' must reach the impl as 'diamond', got '%s'",
        rec.mode);
  cle_release(r);

  /* Bounds: rejected just outside, accepted at the bound; NaN where bounded. */
  CHECK_ERROR(cle_fx_like(NULL, NULL, 1, 1, true, "box", 0), "fx_like: src must not be NULL");
  CHECK_ERROR(cle_fx_like(src, NULL, -1, 1, true, "box", 0), "fx_like: sigma must be in [0, 10], got -1");
  CHECK_ERROR(cle_fx_like(src, NULL, nextafterf(10, 11), 1, true, "box", 0),
              "fx_like: sigma must be in [0, 10], got 10");
  CHECK_ERROR(cle_fx_like(src, NULL, NAN, 1, true, "box", 0), "fx_like: sigma must be finite, got nan");
  CHECK_ERROR(cle_fx_like(src, NULL, INFINITY, 1, true, "box", 0), "fx_like: sigma must be finite, got inf");
  CHECK_ERROR(cle_fx_like(src, NULL, 1, 0, true, "box", 0), "fx_like: radius must be >= 1, got 0");
  CHECK_ERROR(cle_fx_like(src, NULL, 1, 1, true, "ring", 0),
              "fx_like: mode must be one of 'box', 'diamond' (or 'sphere' for 'diamond'), got 'ring'");
  CHECK_ERROR(cle_fx_like(src, NULL, 1, 1, true, NULL, 0),
              "fx_like: mode must be one of 'box', 'diamond' (or 'sphere' for 'diamond'), got NULL");
  float bounds[] = {0, 10};
  for (int i = 0; i < 2; i++) {
    r = cle_fx_like(src, NULL, bounds[i], 1, true, "box", NAN);
    CHECK(r && rec.sigma == bounds[i] && isnan(rec.offset), "sigma %g at its bound must be accepted", bounds[i]);
    cle_release(r);
  }

  /* A given dst: the same array comes back (a new reference); wrong shapes are named. */
  cle_array *dst = make(CLE_UINT16, 2, 5, 7, 0, 0);
  r = cle_fx_like(src, dst, 1, 1, true, "box", 0);
  CHECK(r == dst && all_equal(dst, 1), "a given dst must be written and returned");
  cle_release(r);
  cle_array *wrong = make(CLE_UINT16, 2, 5, 8, 0, 0);
  CHECK_ERROR(cle_fx_like(src, wrong, 1, 1, true, "box", 0), "fx_like: dst has shape (5, 8), expected (5, 7)");
  cle_release(wrong);
  wrong = make(CLE_UINT16, 3, 2, 5, 7, 0);
  CHECK_ERROR(cle_fx_like(src, wrong, 1, 1, true, "box", 0), "fx_like: dst has shape (2, 5, 7), expected (5, 7)");
  cle_release(wrong);
  /* Same sizes, other ndim: accepted. */
  wrong = make(CLE_UINT16, 3, 1, 5, 7, 0);
  r = cle_fx_like(src, wrong, 1, 1, true, "box", 0);
  CHECK(r == wrong, "a dst of equal sizes and another ndim must be accepted");
  cle_release(r);
  cle_release(wrong);
  cle_release(dst);

  /* impl failures: its message is kept; no message at all gets one. */
  rec.fail_op = "fx_like";
  rec.fail = 1;
  r = cle_fx_like(src, NULL, 1, 1, true, "box", 0);
  CHECK(!r && !strcmp(cle_last_error_message(), "fx_like: failing on purpose"), "impl message: %s",
        cle_last_error_message());
  rec.fail = 2;
  r = cle_fx_like(src, NULL, 1, 1, true, "box", 0);
  CHECK(!r && !strcmp(cle_last_error_message(), "fx_like: failed without an error message"), "no message: %s",
        cle_last_error_message());
  rec.fail_op = NULL;
  cle_release(src);
}

static void test_creators(void)
{
  cle_array *stack = make(CLE_UINT16, 3, 3, 4, 5, 1); /* z 3, y 4, x 5 */
  cle_array *plane = make(CLE_UINT8, 2, 4, 5, 0, 1);
  cle_array *line = make(CLE_FLOAT32, 1, 6, 0, 0, 1);
  cle_array *r;

  r = cle_fx_xy(stack, NULL);
  CHECK(has_shape(r, 2, 4, 5, 0, CLE_UINT16) && all_equal(r, 1), "xy of a stack is height x width, same dtype");
  cle_release(r);
  r = cle_fx_xz(stack, NULL);
  CHECK(has_shape(r, 2, 3, 5, 0, CLE_FLOAT32) && all_equal(r, 2), "xz(src, float32) of a stack is depth x width");
  cle_release(r);
  r = cle_fx_yz(stack, NULL);
  CHECK(has_shape(r, 2, 3, 4, 0, CLE_UINT16) && all_equal(r, 3),
        "yz of a stack is height x depth (numpy's (depth, height))");
  cle_release(r);
  r = cle_fx_xy(plane, NULL);
  CHECK(has_shape(r, 2, 4, 5, 0, CLE_UINT8), "xy of a plane keeps it");
  cle_release(r);
  r = cle_fx_xy(line, NULL);
  CHECK(has_shape(r, 1, 6, 0, 0, CLE_FLOAT32), "xy of a line stays 1D");
  cle_release(r);
  r = cle_fx_yz(line, NULL);
  CHECK(has_shape(r, 1, 1, 0, 0, CLE_FLOAT32), "yz of a line is one pixel");
  cle_release(r);
  r = cle_fx_xz(plane, NULL);
  CHECK(has_shape(r, 1, 5, 0, 0, CLE_FLOAT32), "xz of a plane is its width (numpy's max(axis=0))");
  cle_release(r);
  r = cle_fx_yz(plane, NULL);
  CHECK(has_shape(r, 1, 4, 0, 0, CLE_UINT8), "yz of a plane is its height (numpy's max(axis=1))");
  cle_release(r);
  cle_array *wrong = make(CLE_UINT16, 2, 4, 4, 0, 0);
  CHECK_ERROR(cle_fx_xy(stack, wrong), "fx_xy: dst has shape (4, 4), expected (4, 5)");
  cle_release(wrong);

  r = cle_fx_binary(plane, NULL, 0.5f);
  CHECK(has_shape(r, 2, 4, 5, 0, CLE_UINT8) && all_equal(r, 1), "binary(src) is uint8");
  cle_release(r);
  CHECK_ERROR(cle_fx_binary(stack, NULL, 0.5f), "fx_binary: src has dtype uint16, expected one of: uint8, float32");

  r = cle_fx_labels(stack, NULL);
  CHECK(has_shape(r, 3, 3, 4, 5, CLE_UINT32) && all_equal(r, 7), "labels(src) is uint32");
  cle_release(r);
  cle_array *labels = make(CLE_INT32, 3, 3, 4, 5, 0);
  r = cle_fx_labels(stack, labels);
  CHECK(r == labels && all_equal(labels, 7), "an int32 output is allowed by output dtypes");
  cle_release(r);
  cle_release(labels);
  labels = make(CLE_UINT8, 3, 3, 4, 5, 0);
  CHECK_ERROR(cle_fx_labels(stack, labels), "fx_labels: labels has dtype uint8, expected one of: int32, uint32");
  cle_release(labels);

  r = cle_fx_vector(plane, NULL, 9);
  CHECK(has_shape(r, 1, 9, 0, 0, CLE_UINT32) && all_equal(r, 9), "vector(num_bins, uint32)");
  cle_release(r);
  CHECK_ERROR(cle_fx_vector(plane, NULL, 0), "fx_vector: num_bins must be >= 1 (the length of dst), got 0");
  r = cle_fx_vector_literal(stack, NULL);
  CHECK(has_shape(r, 1, 3, 0, 0, CLE_FLOAT32) && all_equal(r, 0.5), "vector(3) is float32");
  cle_release(r);

  /* no inputs: shape(width, height, 2 * depth - 1, int16) on the device given, else the output's or the default */
  r = cle_fx_shape(dev, NULL, 5, 1, 1, 3);
  CHECK(has_shape(r, 1, 5, 0, 0, CLE_INT16) && all_equal(r, 3) && cle_array_device(r) == dev, "shape(...) 1D");
  cle_release(r);
  r = cle_fx_shape(NULL, NULL, 5, 4, 1, 2);
  CHECK(has_shape(r, 2, 4, 5, 0, CLE_INT16) && all_equal(r, 2), "shape(...) 2D on the default device");
  cle_release(r);
  r = cle_fx_shape(NULL, NULL, 5, 1, 2, 1);
  CHECK(has_shape(r, 3, 3, 1, 5, CLE_INT16) && all_equal(r, 1), "shape(...) 3D where the depth exceeds 1");
  cle_release(r);
  cle_array *given = make(CLE_INT32, 2, 4, 5, 0, 0);
  r = cle_fx_shape(NULL, given, 5, 4, 1, 6);
  CHECK(r == given && all_equal(given, 6), "shape(...): a given output, on its device");
  cle_release(r);
  CHECK_ERROR(cle_fx_shape(NULL, given, 5, 5, 1, 6), "fx_shape: dst has shape (4, 5), expected (5, 5)");
  cle_release(given);
  CHECK_ERROR(cle_fx_shape(dev, NULL, 0, 1, 1, 3),
              "fx_shape: the output's width (width) would be 0; it must be in [1, 2147483647]");
  CHECK_ERROR(cle_fx_shape(dev, NULL, 5, 1, 0, 3),
              "fx_shape: the output's depth (2 * depth - 1) would be -1; it must be in [1, 2147483647]");
  CHECK_ERROR(cle_fx_shape(dev, NULL, 5, 1, 1, -1), "fx_shape: value must be >= 0, got -1");

  r = cle_fx_like_dtype(plane, NULL, 2);
  CHECK(!r && !strncmp(cle_last_error_message(), "fx_like_dtype: ", 15),
        "a kernel op whose kernel is not embedded fails with the op's name first: %s", cle_last_error_message());
  CHECK_ERROR(cle_fx_like_dtype(line, NULL, 2),
              "fx_like_dtype: src has dtype float32, expected one of: int8, uint8, int16, uint16, int32, uint32");

  cle_release(stack);
  cle_release(plane);
  cle_release(line);
}

static void test_scalar_inplace_pair(void)
{
  cle_array *img = make(CLE_INT32, 2, 4, 4, 0, 0);
  double v = cle_fx_scalar(img, 2);
  CHECK(v == 32 && cle_last_error() == CLE_OK, "scalar op gives its number, got %g", v);
  v = cle_fx_scalar(img, 6);
  CHECK(isnan(v) && !strcmp(cle_last_error_message(), "fx_scalar: scale must be in [-5, 5], got 6"),
        "scalar range check: %s", cle_last_error_message());
  v = cle_fx_scalar(NULL, 1);
  CHECK(isnan(v) && !strcmp(cle_last_error_message(), "fx_scalar: src must not be NULL"), "scalar NULL check");

  cle_array *r = cle_fx_inplace_c(img, -3);
  CHECK(r == img && all_equal(img, -3), "inplace returns its input, written");
  cle_release(r);
  CHECK_ERROR(cle_fx_inplace_c(img, 128), "fx_inplace_c: value must be in [-128, 127], got 128");
  r = cle_fx_inplace(img, 1, "sideways");
  CHECK(!r && !strcmp(cle_last_error_message(), "fx_inplace: where must be one of 'all', 'border', got 'sideways'"),
        "choice check before the kernel: %s", cle_last_error_message());
  long live = cle_live_array_count();
  r = cle_fx_inplace(img, 1, "border");
  CHECK(!r && !strncmp(cle_last_error_message(), "fx_inplace: ", 12) && cle_live_array_count() == live,
        "a failing inplace kernel op keeps its input alive and leaks nothing: %s", cle_last_error_message());

  cle_array *f = make(CLE_FLOAT32, 1, 5, 0, 0, 1);
  cle_array *i8 = make(CLE_INT8, 1, 5, 0, 0, 1);
  r = cle_fx_pair(i8, f, NULL, 0.25f, 1);
  CHECK(has_shape(r, 1, 5, 0, 0, CLE_FLOAT32) && all_equal(r, 1.25), "two inputs, like(src0, float32)");
  cle_release(r);
  CHECK_ERROR(cle_fx_pair(i8, NULL, NULL, 1, 0), "fx_pair: src1 must not be NULL");
  CHECK_ERROR(cle_fx_pair(f, i8, NULL, 1, 0), "fx_pair: src1 has dtype int8, expected one of: float32");
  cle_release(f);
  cle_release(i8);
  cle_release(img);
}

static void test_composites(void)
{
  long live = cle_live_array_count();
  cle_array *src = make(CLE_FLOAT32, 2, 4, 5, 0, 1);
  cle_array *r = cle_fx_composite(src, NULL, 2);
  /* fx_like fills 2 -> fx_scalar 20 pixels * 2 = 40 -> fx_binary threshold 40 -> fx_pair 0.5 + 0. */
  CHECK(has_shape(r, 2, 4, 5, 0, CLE_FLOAT32) && all_equal(r, 0.5), "composite result");
  CHECK(!strcmp(rec.mode, "diamond") && rec.radius == 1 && isnan(rec.offset) && rec.sigma == 2,
        "composite passes its param, literals and the callee's defaults");
  CHECK(rec.threshold == 40, "a scalar result feeds a float param, got %g", rec.threshold);
  CHECK(rec.weight == 0.5f, "literal weight");
  cle_release(r);
  CHECK(cle_live_array_count() == live + 1, "temporaries released: %ld live, expected %ld", cle_live_array_count(),
        live + 1);

  cle_array *dst = make(CLE_FLOAT32, 2, 4, 5, 0, 0);
  r = cle_fx_composite(src, dst, 1);
  CHECK(r == dst && all_equal(dst, 0.5), "the last step writes the given dst");
  cle_release(r);
  cle_release(dst);

  CHECK_ERROR(cle_fx_composite(src, NULL, 11), "fx_composite: sigma must be in [0, 10], got 11");
  rec.fail_op = "fx_binary";
  rec.fail = 1;
  r = cle_fx_composite(src, NULL, 1);
  CHECK(!r && !strcmp(cle_last_error_message(), "fx_composite: fx_binary: failing on purpose"),
        "a failing step names the composite then the step: %s", cle_last_error_message());
  CHECK(cle_live_array_count() == live + 1, "a failing composite leaks nothing: %ld live", cle_live_array_count());
  rec.fail_op = "fx_scalar";
  double v = cle_fx_composite_scalar(src);
  /* fx_scalar first fails inside fx_composite, the first step: every level names itself. */
  CHECK(isnan(v) &&
            !strcmp(cle_last_error_message(), "fx_composite_scalar: fx_composite: fx_scalar: failing on purpose"),
        "nested composite failure: %s", cle_last_error_message());
  rec.fail_op = NULL;
  v = cle_fx_composite_scalar(src);
  CHECK(v == 20, "tier-3 scalar composite: fx_scalar of the 20-pixel composite result with scale 1, got %g", v);
  CHECK(cle_live_array_count() == live + 1, "scalar composite leaks nothing");
  cle_release(src);
}

int main(void)
{
  dev = cle_device_default();
  if (!dev) {
    fprintf(stderr, "no OpenCL device: %s\n", cle_last_error_message());
    return 1;
  }
  long live = cle_live_array_count();
  test_like_and_params();
  test_creators();
  test_scalar_inplace_pair();
  test_composites();
  CHECK(cle_live_array_count() == live, "%ld arrays leaked", cle_live_array_count() - live);
  printf("%s: %d failure%s\n", failures ? "FAILED" : "ok", failures, failures == 1 ? "" : "s");
  return failures ? 1 : 0;
}
