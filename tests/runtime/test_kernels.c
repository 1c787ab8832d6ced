/* Kernel execution in the clij dialect, checked against naive C:
 * a max-z projection for several dtypes, a clamped shifted read with a
 * saturating CONVERT_dst_PIXEL_TYPE for several dtype pairs and 1D/2D/3D,
 * one program serving two shapes, plain __global pointers, float arithmetic
 * that does not depend on the device (no fma contraction, correctly rounded
 * division), the error paths of parameter binding and compilation, and
 * programs that compile only the kernel they run. */
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <CL/cl.h>

#include "cle_private.h"
#include "kernel_signature.h"
#include "host_pixels.h"
#include "test_util.h"

static const char *max_z_source =
    "__kernel void max_z(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst) {\n"
    "  const int x = get_global_id(0), y = get_global_id(1);\n"
    "  IMAGE_src_PIXEL_TYPE m = READ_IMAGE(src, sampler, POS_src_INSTANCE(x, y, 0, 0)).x;\n"
    "  for (int z = 1; z < GET_IMAGE_DEPTH(src); ++z) {\n"
    "    const IMAGE_src_PIXEL_TYPE v = READ_IMAGE(src, sampler, POS_src_INSTANCE(x, y, z, 0)).x;\n"
    "    if (v > m) m = v;\n"
    "  }\n"
    "  WRITE_IMAGE(dst, POS_dst_INSTANCE(x, y, 0, 0), m);\n"
    "}\n";

static const char *shift_scale_source =
    "/* dst(x,y,z) = saturate(src(x+dx, y+dy, z+dz) * factor), reads clamped to the edge */\n"
    "__kernel void shift_scale(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, const int dx, const int dy, const int dz,\n"
    "                          const float factor) {\n"
    "  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);\n"
    "  const float v = (float)READ_IMAGE(src, sampler, POS_src_INSTANCE(x + dx, y + dy, z + dz, 0)).x;\n"
    "  WRITE_IMAGE(dst, POS_dst_INSTANCE(x, y, z, 0), CONVERT_dst_PIXEL_TYPE(v * factor));\n"
    "}\n";

/* CLIJ style: the kernel declares its own sampler (the preamble must then
 * leave its own out) and steps through POS_src_TYPE vectors. */
static const char *box_sum_source =
    "const sampler_t sampler = CLK_NORMALIZED_COORDS_FALSE | CLK_ADDRESS_CLAMP_TO_EDGE | CLK_FILTER_NEAREST;\n"
    "__kernel void box_sum(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, const int dim, const int radius) {\n"
    "  const int i = get_global_id(0), j = get_global_id(1), k = get_global_id(2);\n"
    "  const POS_src_TYPE coord = POS_src_INSTANCE(i, j, k, 0);\n"
    "  const POS_src_TYPE step = POS_src_INSTANCE(dim == 0, dim == 1, dim == 2, 0);\n"
    "  int sum = 0;\n"
    "  for (int v = -radius; v <= radius; ++v)\n"
    "    sum += READ_IMAGE(src, sampler, coord + v * step).x;\n"
    "  WRITE_IMAGE(dst, POS_dst_INSTANCE(i, j, k, 0), sum);\n"
    "}\n";

/* ---- max-z projection ---- */

static void max_z_reference(const void *src, cle_dtype t, size_t w, size_t h, size_t d, void *dst)
{
  for (size_t y = 0; y < h; y++)
    for (size_t x = 0; x < w; x++) {
      double m = px_get(src, t, x + w * y);
      for (size_t z = 1; z < d; z++) {
        double v = px_get(src, t, x + w * (y + h * z));
        if (v > m)
          m = v;
      }
      px_set(dst, t, x + w * y, m);
    }
}

static void run_max_z(cle_dtype t, size_t w, size_t h, size_t d, unsigned seed)
{
  size_t es = px_size(t), n = w * h * d;
  void *host = malloc(n * es), *got = malloc(w * h * es), *want = malloc(w * h * es);
  px_fill_random(host, t, n, seed);
  max_z_reference(host, t, w, h, d, want);

  cle_array *src = cle_push(NULL, host, t, w, h, d);
  cle_array *dst = cle_create(NULL, t, w, h, 1);
  CHECK_OK(src && dst);
  cle_param params[] = {cle_param_array("src", src), cle_param_array("dst", dst)};
  size_t range[3] = {w, h, 1};
  CHECK_OK(cle_execute(NULL, max_z_source, "max_z", params, 2, range) == 0);
  CHECK_OK(cle_pull(dst, got, w * h * es) == 0);
  size_t bad = px_first_difference(got, want, t, w * h);
  CHECK(bad == (size_t)-1, "max_z %s %zux%zux%zu: pixel %zu is %g, want %g", cle_dtype_name(t), w, h, d, bad,
        px_get(got, t, bad), px_get(want, t, bad));
  cle_release(src);
  cle_release(dst);
  free(host);
  free(got);
  free(want);
}

/* ---- shifted read with saturation ---- */

static size_t clampz(long v, size_t n)
{
  return v < 0 ? 0 : (size_t)v >= n ? n - 1 : (size_t)v;
}

static void run_shift_scale(cle_dtype ts, cle_dtype td, size_t w, size_t h, size_t d, int dx, int dy, int dz,
                            float factor, unsigned seed)
{
  size_t n = w * h * d;
  void *host = malloc(n * px_size(ts)), *got = malloc(n * px_size(td)), *want = malloc(n * px_size(td));
  px_fill_random(host, ts, n, seed);
  for (size_t z = 0; z < d; z++)
    for (size_t y = 0; y < h; y++)
      for (size_t x = 0; x < w; x++) {
        size_t sx = clampz((long)x + dx, w), sy = clampz((long)y + dy, h), sz = clampz((long)z + dz, d);
        float v = (float)px_get(host, ts, sx + w * (sy + h * sz));
        px_set_saturated_float(want, td, x + w * (y + h * z), v * factor);
      }

  cle_array *src = cle_push(NULL, host, ts, w, h, d);
  cle_array *dst = cle_create(NULL, td, w, h, d);
  CHECK_OK(src && dst);
  cle_param params[] = {cle_param_float("factor", factor), cle_param_array("dst", dst), cle_param_int("dz", dz),
                        cle_param_array("src", src),       cle_param_int("dx", dx),     cle_param_int("dy", dy)};
  size_t range[3] = {w, h, d};
  CHECK_OK(cle_execute(NULL, shift_scale_source, "shift_scale", params, 6, range) == 0);
  CHECK_OK(cle_pull(dst, got, n * px_size(td)) == 0);
  size_t bad = px_first_difference(got, want, td, n);
  CHECK(bad == (size_t)-1, "shift_scale %s->%s %zux%zux%zu shift (%d,%d,%d) x%g: pixel %zu is %.9g, want %.9g",
        cle_dtype_name(ts), cle_dtype_name(td), w, h, d, dx, dy, dz, factor, bad, px_get(got, td, bad),
        px_get(want, td, bad));
  cle_release(src);
  cle_release(dst);
  free(host);
  free(got);
  free(want);
}

/* ---- CLIJ-style kernel with its own sampler ---- */

static void run_box_sum(size_t w, size_t h, size_t d, int dim, int radius)
{
  size_t n = w * h * d;
  int16_t *host = malloc(n * 2);
  int32_t *got = malloc(n * 4), *want = malloc(n * 4);
  px_fill_random(host, CLE_INT16, n, (unsigned)(w * 31 + h * 7 + d + (size_t)dim));
  for (size_t z = 0; z < d; z++)
    for (size_t y = 0; y < h; y++)
      for (size_t x = 0; x < w; x++) {
        int32_t sum = 0;
        for (int v = -radius; v <= radius; v++) {
          size_t sx = clampz((long)x + (dim == 0) * v, w), sy = clampz((long)y + (dim == 1) * v, h),
                 sz = clampz((long)z + (dim == 2) * v, d);
          sum += host[sx + w * (sy + h * sz)];
        }
        want[x + w * (y + h * z)] = sum;
      }
  cle_array *src = cle_push(NULL, host, CLE_INT16, w, h, d);
  cle_array *dst = cle_create(NULL, CLE_INT32, w, h, d);
  cle_param p[] = {cle_param_array("src", src), cle_param_array("dst", dst), cle_param_int("dim", dim),
                   cle_param_int("radius", radius)};
  size_t range[3] = {w, h, d};
  CHECK_OK(cle_execute(NULL, box_sum_source, "box_sum", p, 4, range) == 0);
  CHECK_OK(cle_pull(dst, got, n * 4) == 0);
  size_t bad = px_first_difference(got, want, CLE_INT32, n);
  CHECK(bad == (size_t)-1, "box_sum %zux%zux%zu dim %d: pixel %zu is %d, want %d", w, h, d, dim, bad,
        bad == (size_t)-1 ? 0 : got[bad], bad == (size_t)-1 ? 0 : want[bad]);
  cle_release(src);
  cle_release(dst);
  free(host);
  free(got);
  free(want);
}

/* ---- one program, two shapes ---- */

static long programs_made(void)
{
  return cle_program_build_count() + cle_program_disk_load_count();
}

static void test_program_reuse(void)
{
  long before = programs_made();
  run_max_z(CLE_UINT16, 9, 4, 3, 11);
  long after_first = programs_made();
  run_max_z(CLE_UINT16, 31, 17, 6, 12);
  run_max_z(CLE_UINT16, 2, 2, 2, 13);
  long after_more = programs_made();
  CHECK(after_first - before <= 1, "first uint16 max_z made %ld programs", after_first - before);
  CHECK(after_more == after_first, "other shapes of the same dtypes/dims made %ld more programs (want 0)",
        after_more - after_first);

  /* A different dimensionality of an array is a different program. */
  run_max_z(CLE_UINT16, 9, 1, 3, 14); /* src 3D, dst 1D */
  CHECK(programs_made() == after_more + 1 || programs_made() == after_more,
        "a new dimensionality should make at most one program");
}

/* ---- global range, plain pointers, timing of the cached path ---- */

static void test_plain_pointer_and_zero_range(void)
{
  static const char *src = "__kernel void add_n(__global float *restrict buf, const int n, const float step) {\n"
                           "  const int i = get_global_id(0);\n"
                           "  buf[i] = buf[i] + (float)n * step;\n"
                           "}\n";
  float host[37], got[37];
  for (int i = 0; i < 37; i++)
    host[i] = (float)i * 0.5f;
  cle_array *a = cle_push(NULL, host, CLE_FLOAT32, 37, 1, 1);
  CHECK_OK(a);
  cle_param p[] = {cle_param_array("buf", a), cle_param_int("n", 3), cle_param_float("step", 0.25f)};
  size_t range[3] = {37, 0, 0}; /* zeros count as 1 */
  CHECK_OK(cle_execute(NULL, src, "add_n", p, 3, range) == 0);
  CHECK_OK(cle_pull(a, got, sizeof got) == 0);
  for (int i = 0; i < 37; i++)
    CHECK(got[i] == host[i] + 3.0f * 0.25f, "add_n[%d] = %g, want %g", i, got[i], host[i] + 0.75f);

  /* Host cost of a cached call (the enqueue included, the kernel's run not). */
  const int calls = 2000;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int failed_calls = 0;
  for (int i = 0; i < calls; i++)
    failed_calls += cle_execute(NULL, src, "add_n", p, 3, range) != 0;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  cle_device_finish(cle_array_device(a));
  double us = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) / 1e3 / calls;
  printf("cached cle_execute call (lookup + bind + enqueue): %.2f us per call over %d calls\n", us, calls);
  CHECK_OK(cle_pull(a, got, sizeof got) == 0);
  CHECK(failed_calls == 0, "%d of %d cached calls failed", failed_calls, calls);
  /* Quarter steps stay exact in float over this range. */
  for (int i = 0; i < 37; i++)
    CHECK(got[i] == host[i] + 0.75f * (float)(calls + 1), "after %d more calls add_n[%d] = %g, want %g", calls, i,
          got[i], host[i] + 0.75f * (float)(calls + 1));

  /* A pointer of another element type is refused. */
  cle_array *u8 = cle_create(NULL, CLE_UINT8, 37, 1, 1);
  cle_param q[] = {cle_param_array("buf", u8), cle_param_int("n", 1), cle_param_float("step", 1)};
  EXPECT_ERROR(cle_execute(NULL, src, "add_n", q, 3, range) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "parameter 'buf' points to float, got a uint8 array");
  cle_release(u8);
  cle_release(a);
}

/* ---- float arithmetic is the same on every device ---- */

/* Does the default device report correctly rounded float division and sqrt?
 * Asked of OpenCL itself: the device at the same index in platform order. */
static bool device_divides_correctly_rounded(void)
{
  cle_device *dev = cle_device_default();
  int index = 0;
  while (index < cle_device_count() && cle_device_get(index) != dev)
    index++;
  cl_platform_id platforms[16];
  cl_uint n_platforms = 0;
  if (!dev || clGetPlatformIDs(16, platforms, &n_platforms) != CL_SUCCESS)
    return false;
  for (cl_uint p = 0; p < n_platforms && p < 16; p++) {
    cl_device_id ids[64];
    cl_uint n = 0;
    if (clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, 64, ids, &n) != CL_SUCCESS)
      continue;
    if (index >= (int)n) {
      index -= (int)n;
      continue;
    }
    cl_device_fp_config fp = 0;
    char name[256] = "";
    clGetDeviceInfo(ids[index], CL_DEVICE_NAME, sizeof name - 1, name, NULL);
    clGetDeviceInfo(ids[index], CL_DEVICE_SINGLE_FP_CONFIG, sizeof fp, &fp, NULL);
    CHECK(strstr(name, cle_device_name(dev)) || strstr(cle_device_name(dev), name),
          "device %d is '%s' here, '%s' in cesperanto", index, name, cle_device_name(dev));
    return (fp & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0;
  }
  return false;
}

static float random_float(uint32_t *state, float lo, float hi)
{
  *state = *state * 1664525u + 1013904223u;
  return lo + (hi - lo) * (float)(*state >> 8) / 16777216.0f;
}

/* Under AddressSanitizer, pocl's sqrt in a program loaded from the disk cache
 * crashes LeakSanitizer's exit-time tracer (a bogus dynamic-TLS block; no
 * leak): the sanitizer build checks division and a * b + c only. */
#if defined(__SANITIZE_ADDRESS__)
#define CHECK_SQRT 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHECK_SQRT 0
#endif
#endif
#ifndef CHECK_SQRT
#define CHECK_SQRT 1
#endif

/* a / b and sqrt(a) correctly rounded where the device says it can (the
 * runtime then asks for it), and a * b + c rounded twice (no fma) on every
 * device, as the host computes them. */
static void test_float_arithmetic(void)
{
  static const char *src =
      "__kernel void float_ops(__global const float *a, __global const float *b, __global const float *c,\n"
      "                        __global float *quotient, __global float *root, __global float *muladd) {\n"
      "  const int i = get_global_id(0);\n"
      "  quotient[i] = a[i] / b[i];\n"
#if CHECK_SQRT
      "  root[i] = sqrt(a[i]);\n"
#else
      "  root[i] = a[i];\n"
#endif
      "  muladd[i] = a[i] * b[i] + c[i];\n"
      "}\n";
  enum { N = 4099 };
  static float a[N], b[N], c[N], quotient[N], root[N], muladd[N];
  uint32_t state = 12345;
  for (int i = 0; i < N; i++) {
    a[i] = random_float(&state, 0.0f, 1000.0f);
    b[i] = random_float(&state, 0.5f, 50.0f);
    c[i] = -a[i] * random_float(&state, 0.5f, 50.0f); /* cancels much of a * b: an fma shows */
  }
  cle_array *da = cle_push(NULL, a, CLE_FLOAT32, N, 1, 1), *db = cle_push(NULL, b, CLE_FLOAT32, N, 1, 1);
  cle_array *dc = cle_push(NULL, c, CLE_FLOAT32, N, 1, 1);
  cle_array *dq = cle_create(NULL, CLE_FLOAT32, N, 1, 1), *dr = cle_create(NULL, CLE_FLOAT32, N, 1, 1);
  cle_array *dm = cle_create(NULL, CLE_FLOAT32, N, 1, 1);
  CHECK_OK(da && db && dc && dq && dr && dm);
  cle_param p[] = {cle_param_array("a", da),        cle_param_array("b", db),    cle_param_array("c", dc),
                   cle_param_array("quotient", dq), cle_param_array("root", dr), cle_param_array("muladd", dm)};
  size_t range[3] = {N, 1, 1};
  CHECK_OK(cle_execute(NULL, src, "float_ops", p, 6, range) == 0);
  CHECK_OK(cle_pull(dq, quotient, sizeof quotient) == 0 && cle_pull(dr, root, sizeof root) == 0 &&
           cle_pull(dm, muladd, sizeof muladd) == 0);

  const bool rounded = device_divides_correctly_rounded();
  int bad_div = 0, bad_sqrt = 0, bad_muladd = 0, fused_differs = 0, first = 0;
  float first_want = 0;
  for (int i = 0; i < N; i++) {
    volatile float product = a[i] * b[i]; /* rounded on its own */
    const float want_muladd = product + c[i];
    fused_differs += fmaf(a[i], b[i], c[i]) != want_muladd;
    if (muladd[i] != want_muladd && bad_muladd++ == 0) {
      first = i;
      first_want = want_muladd;
    }
    bad_div += quotient[i] != a[i] / b[i];
    bad_sqrt += root[i] != (CHECK_SQRT ? sqrtf(a[i]) : a[i]);
  }
  printf("float arithmetic on '%s' (correctly rounded divide/sqrt %s): %d/%d quotients, %d sqrt%s, %d a*b+c "
         "differ from the host (%d of the a*b+c would differ if fused)\n",
         cle_device_name(cle_device_default()), rounded ? "reported" : "not reported", bad_div, N, bad_sqrt,
         CHECK_SQRT ? "" : " (not checked under ASan)", bad_muladd, fused_differs);
  CHECK(fused_differs > N / 10, "the inputs barely tell a fused a*b+c apart (%d of %d)", fused_differs, N);
  CHECK(bad_muladd == 0, "a*b+c was contracted into an fma: [%d] %.9g * %.9g + %.9g = %.9g, want %.9g", first, a[first],
        b[first], c[first], muladd[first], first_want);
  if (rounded)
    CHECK(bad_div == 0 && bad_sqrt == 0, "%d quotients and %d square roots are not correctly rounded", bad_div,
          bad_sqrt);
  cle_release(da);
  cle_release(db);
  cle_release(dc);
  cle_release(dq);
  cle_release(dr);
  cle_release(dm);
}

/* ---- errors ---- */

static void test_errors(void)
{
  cle_array *src = cle_create(NULL, CLE_FLOAT32, 4, 4, 2);
  cle_array *dst = cle_create(NULL, CLE_FLOAT32, 4, 4, 1);
  size_t range[3] = {4, 4, 1};
  cle_param ok[] = {cle_param_array("src", src), cle_param_array("dst", dst)};

  EXPECT_ERROR(cle_execute(NULL, NULL, "max_z", ok, 2, range) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "cle_execute: source is NULL");
  EXPECT_ERROR(cle_execute(NULL, max_z_source, NULL, ok, 2, range) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "kernel_name is NULL");
  EXPECT_ERROR(cle_execute(NULL, max_z_source, "max_z", NULL, 2, range) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "params is NULL");
  EXPECT_ERROR(cle_execute(NULL, max_z_source, "max_z", ok, 2, NULL) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "global_range is NULL");
  EXPECT_ERROR(cle_execute(NULL, max_z_source, "min_z", ok, 2, range) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "no __kernel function 'min_z'");

  cle_param unknown[] = {cle_param_array("src", src), cle_param_array("dst", dst), cle_param_int("radius", 2)};
  EXPECT_ERROR(cle_execute(NULL, max_z_source, "max_z", unknown, 3, range) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "kernel 'max_z' has no parameter 'radius' (its parameters: src, dst)");
  cle_param missing[] = {cle_param_array("src", src)};
  EXPECT_ERROR(cle_execute(NULL, max_z_source, "max_z", missing, 1, range) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "parameter 'dst' is not bound");
  cle_param mistyped[] = {cle_param_array("src", src), cle_param_float("dst", 1.0f)};
  EXPECT_ERROR(cle_execute(NULL, max_z_source, "max_z", mistyped, 2, range) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "parameter 'dst' is an image, got a float");
  cle_param twice[] = {cle_param_array("src", src), cle_param_array("src", dst)};
  EXPECT_ERROR(cle_execute(NULL, max_z_source, "max_z", twice, 2, range) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "param 'src' is given twice");
  cle_param null_array[] = {cle_param_array("src", src), cle_param_array("dst", NULL)};
  EXPECT_ERROR(cle_execute(NULL, max_z_source, "max_z", null_array, 2, range) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "param 'dst' is an array param with a NULL array");
  cle_param bad_name[] = {cle_param_array("src", src), cle_param_array("d st", dst)};
  EXPECT_ERROR(cle_execute(NULL, max_z_source, "max_z", bad_name, 2, range) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "param name 'd st' is not an identifier");
  cle_param bad_kind[] = {cle_param_array("src", src), {.name = "dst", .kind = (cle_param_kind)7}};
  EXPECT_ERROR(cle_execute(NULL, max_z_source, "max_z", bad_kind, 2, range) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "param 'dst' has unknown kind 7");

  /* Scalar kinds are strict: an int param for a float parameter is refused. */
  cle_param int_for_float[] = {cle_param_array("src", src), cle_param_array("dst", dst), cle_param_int("dx", 0),
                               cle_param_int("dy", 0),      cle_param_int("dz", 0),      cle_param_int("factor", 1)};
  size_t range3[3] = {4, 4, 2};
  EXPECT_ERROR(cle_execute(NULL, shift_scale_source, "shift_scale", int_for_float, 6, range3) != 0,
               CLE_ERROR_INVALID_ARGUMENT, "parameter 'factor' is a float, got an int");

  /* Parameters that cannot be bound by name. */
  EXPECT_ERROR(cle_execute(NULL, "__kernel void k(__local float *tmp) { }", "k", NULL, 0, range) != 0,
               CLE_ERROR_UNSUPPORTED, "parameter 'tmp' is __local memory");
  EXPECT_ERROR(cle_execute(NULL, "__kernel void k(const uint count) { }", "k", NULL, 0, range) != 0,
               CLE_ERROR_UNSUPPORTED, "parameter 'count' has type 'uint'");
  cle_param one_src[] = {cle_param_array("src", src)};
  EXPECT_ERROR(cle_execute(NULL, "__kernel void k(IMAGE_src_TYPE input) { }", "k", one_src, 1, range) != 0,
               CLE_ERROR_INVALID_ARGUMENT, "declares parameter 'input' with IMAGE_src_TYPE; use IMAGE_input_TYPE");

  /* A syntax error: CLE_ERROR_BUILD with the compiler's log, which points at the kernel's own line 3:
   * as broken.cl:3 (the #line before the kernel), or for a driver that ignores #line, at the program
   * line the message gives for broken.cl's line 1, plus 2. */
  static const char *broken = "__kernel void broken(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst) {\n"
                              "  const int x = get_global_id(0);\n"
                              "  float v = READ_IMAGE(src, sampler, POS_src_INSTANCE(x, 0, 0, 0)).x +* ;\n"
                              "}\n";
  long builds = cle_program_build_count();
  EXPECT_ERROR(cle_execute(NULL, broken, "broken", ok, 2, range) != 0, CLE_ERROR_BUILD,
               "cle_execute: building kernel 'broken'");
  CHECK(cle_program_build_count() == builds + 1, "the broken kernel should have been compiled once");
  cle_clear_error();
  CHECK(cle_execute(NULL, broken, "broken", ok, 2, range) != 0, "broken kernel ran");
  const char *log = cle_last_error_message();
  const char *begins = strstr(log, "where broken.cl begins at line ");
  int first_line = begins ? atoi(begins + strlen("where broken.cl begins at line ")) : 0;
  char program_line[32];
  snprintf(program_line, sizeof program_line, ":%d:", first_line + 2);
  const char *at = strstr(log, "broken.cl:3:") ? "broken.cl:3:" : strstr(log, program_line) ? program_line : NULL;
  CHECK(strstr(log, "build log (positions are in broken.cl") && first_line > 100 && at,
        "build log missing or not pointing at broken.cl's line 3: %s", log);
  printf("build error reported at '%s' (broken.cl begins at program line %d)\n", at ? at : "?", first_line);
  cle_clear_error();

  /* Embedded kernels: a file that does not exist, a kernel that is not in the file. */
  EXPECT_ERROR(cle_run_kernel(NULL, "no_such_file", "k", NULL, 0, range, NULL, NULL) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "no embedded kernel file 'no_such_file' (kernels/no_such_file.cl)");
  EXPECT_ERROR(cle_run_kernel(NULL, "preamble", "no_kernel_here", NULL, 0, range, NULL, NULL) != 0,
               CLE_ERROR_INVALID_ARGUMENT, "cle_run_kernel: no __kernel function 'no_kernel_here'");
  EXPECT_ERROR(cle_run_kernel(NULL, NULL, "k", NULL, 0, range, NULL, NULL) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "cle_run_kernel: file is NULL");

  cle_release(src);
  cle_release(dst);
}

/* The embedded preamble is byte for byte the file in kernels/. */
static void test_embedded_preamble(const char *path)
{
  FILE *f = fopen(path, "rb");
  CHECK(f, "cannot open %s", path);
  if (!f)
    return;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *file = calloc((size_t)n + 1, 1);
  size_t got = fread(file, 1, (size_t)n, f);
  fclose(f);
  const char *embedded = cle_kernel_source("preamble");
  CHECK(embedded && got == (size_t)n && strlen(embedded) == (size_t)n && memcmp(embedded, file, (size_t)n) == 0,
        "embedded preamble differs from %s", path);
  CHECK(cle_kernel_source("no_such_kernel") == NULL, "unknown embedded kernel should be NULL");
  CHECK(cle_kernel_source(NULL) == NULL, "NULL embedded kernel name should be NULL");
  free(file);
}

/* A program holds only the kernel it runs: the file's other kernels are blanked out, their
 * conditionals and macros kept, their pragmas not (NVIDIA rejects a #pragma outside a function),
 * the lines where they were (compiler messages keep their line numbers). */
static void test_only_kernel(void)
{
  static const char source[] =
      "#define N 3\n"
      "float helper(float v) { return v * N; }\n"
      "#if N > 2\n"
      "__kernel void first(__global float *a) {\n"
      "#pragma unroll\n"
      "  for (int i = 0; i < N; i++) { a[i] = helper(a[i]); }\n"
      "}\n"
      "#else\n"
      "__kernel __attribute__((reqd_work_group_size(1, 1, 1))) void first(__global float *a) { }\n"
      "#endif\n"
      "/* } a brace in a comment */\n"
      "kernel void second(__global float *a, __global const float *kernel) { a[0] = '}'; }\n";
  char *only = cle_source_only_kernel(source, sizeof source - 1, "second");
  CHECK(only != NULL, "cle_source_only_kernel failed");
  if (!only)
    return;
  CHECK(strlen(only) == sizeof source - 1, "length changed");
  CHECK(strstr(only, "void first") == NULL, "the other kernel is still there:\n%s", only);
  CHECK(strstr(only, "#pragma") == NULL, "a pragma of the other kernel is left:\n%s", only);
  CHECK(strstr(only, "#if N > 2\n") && strstr(only, "#else\n") && strstr(only, "#endif\n"), "conditionals lost");
  CHECK(strstr(only, "float helper(float v)") && strstr(only, "kernel void second(__global float *a"),
        "the kept parts changed:\n%s", only);
  int lines = 0;
  for (const char *p = only; *p; p++)
    lines += *p == '\n';
  CHECK(lines == 12, "%d lines instead of 12", lines);
  free(only);
  only = cle_source_only_kernel(source, sizeof source - 1, "first");
  CHECK(only && strstr(only, "void first") && strstr(only, "#pragma unroll") && !strstr(only, "void second"),
        "keeping both variants of first failed:\n%s", only ? only : "(null)");
  free(only);
}

int main(int argc, char **argv)
{
  if (argc > 1)
    test_embedded_preamble(argv[1]);

  /* Reads of every dtype: four here, the other three as shift_scale sources below
   * (each dtype pair is a program to compile, and pocl compiles slowly). */
  static const cle_dtype max_z_dtypes[] = {CLE_INT8, CLE_UINT16, CLE_UINT32, CLE_FLOAT32};
  for (int i = 0; i < 4; i++) {
    run_max_z(max_z_dtypes[i], 7, 5, 4, 100u + (unsigned)i);
    run_max_z(max_z_dtypes[i], 257, 3, 5, 200u + (unsigned)i);
  }

  /* Saturating conversions from float into every dtype, in 3D with clamping on every axis. */
  for (int t = 0; t < CLE_DTYPE_COUNT; t++)
    run_shift_scale(CLE_FLOAT32, (cle_dtype)t, 6, 5, 4, 2, -3, 1, 1.0f, 300u + (unsigned)t);
  /* Integer sources scaled past the destination's range; 1D, 2D and 3D. */
  run_shift_scale(CLE_UINT8, CLE_INT8, 13, 1, 1, -2, 0, 0, 0.75f, 401);
  run_shift_scale(CLE_INT16, CLE_UINT8, 9, 7, 1, 3, 8, 0, 2.5f, 402);
  run_shift_scale(CLE_INT32, CLE_UINT32, 4, 4, 4, 1, 1, -5, 0.9f, 405);

  run_box_sum(23, 1, 1, 0, 3);
  run_box_sum(12, 9, 1, 1, 2);
  run_box_sum(7, 6, 5, 2, 4);
  run_box_sum(7, 6, 5, 0, 1);

  test_program_reuse();
  test_plain_pointer_and_zero_range();
  test_float_arithmetic();
  test_errors();
  test_only_kernel();
  printf("programs compiled: %ld, loaded from the disk cache: %ld\n", cle_program_build_count(),
         cle_program_disk_load_count());
  return test_finish("test_runtime_kernels");
}
