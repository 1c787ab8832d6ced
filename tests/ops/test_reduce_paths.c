/* Whole-image reductions (sum / minimum / maximum_of_all_pixels and the
 * min/max inside histogram and threshold_otsu) on both launch layouts of
 * kernels/reduce_all.cl, forced with CLE_REDUCE_PATH=cpu|gpu on whatever
 * device runs the test: shapes that hit the vector tail, one pixel, fewer
 * pixels than a vector, many groups (device-side combine); integer results
 * exact, float sums within a relative 1e-6 of a double reference and the
 * same bits on every call; NaN pixels skipped by min and max. And
 * histogram on both layouts of kernels/histogram.cl with float pixels a few
 * ulps either side of every bin boundary (the CPU layout divides in float,
 * the GPU one in double), 8-bit tables, NaN and infinities. Float sums
 * also with float accumulators (CLE_REDUCE_FP32=1, a device without fp64). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cesperanto/cesperanto.h"
#include "ref_common.h"
#include "test_util.h"

static int failures = 0;

static void check(int ok, const char *what)
{
  printf("%s %s\n", ok ? "PASS" : "FAIL", what);
  failures += !ok;
}

/* Pixels: "random" over the dtype, "high" near the top of the dtype (large
 * exact sums), "nan" float with NaNs sprinkled in (first and last too). */
static void fill(ref_image *img, const char *kind, const char *seed)
{
  test_rng rng;
  test_rng_seed(&rng, seed, 0);
  const size_t n = ref_image_size(img);
  if (strcmp(kind, "high") == 0) {
    for (size_t i = 0; i < n; i++)
      ref_set(img, i, 4294967295.0 - (double)(test_rng_next(&rng) % 1000));
    return;
  }
  test_fill(img, "random", &rng);
  if (strcmp(kind, "nan") == 0)
    for (size_t i = 0; i < n; i++)
      if (i == 0 || i == n - 1 || test_rng_next(&rng) % 7 == 0)
        ref_set(img, i, NAN);
  if (img->dtype == CLE_FLOAT32 && strcmp(kind, "nan") != 0)
    for (size_t i = 0; i < n; i++) /* both signs, so the sum is not just n / 2 */
      ref_set(img, i, ref_get(img, i) - 0.25);
}

static void run_case(const char *path, cle_dtype dtype, size_t w, size_t h, size_t d, const char *kind)
{
  char what[160], seed[96];
  snprintf(what, sizeof what, "%s path: %s %zux%zux%zu %s", path, cle_dtype_name(dtype), w, h, d, kind);
  snprintf(seed, sizeof seed, "reduce/%s/%zu/%zu/%zu/%s", cle_dtype_name(dtype), w, h, d, kind);
  ref_image img = {0};
  if (ref_image_alloc(&img, dtype, d > 1 ? 3 : h > 1 ? 2 : 1, w, h, d) != 0) {
    check(0, what);
    return;
  }
  fill(&img, kind, seed);
  const size_t n = ref_image_size(&img);
  double want_min = NAN, want_max = NAN, want_sum = 0, want_abs = 0;
  long long want_isum = 0;
  for (size_t i = 0; i < n; i++) {
    const double v = ref_get(&img, i);
    want_min = fmin(want_min, v);
    want_max = fmax(want_max, v);
    want_sum += v;
    want_abs += fabs(v);
    if (dtype != CLE_FLOAT32)
      want_isum += (long long)v;
  }
  cle_array *arr = test_push(NULL, &img);
  int ok = arr != NULL;
  if (ok) {
    const double sum = cle_sum_of_all_pixels(arr), again = cle_sum_of_all_pixels(arr);
    const double mn = cle_minimum_of_all_pixels(arr), mx = cle_maximum_of_all_pixels(arr);
    if (dtype != CLE_FLOAT32)
      ok = sum == (double)want_isum && mn == want_min && mx == want_max;
    else if (strcmp(kind, "nan") == 0)
      ok = isnan(sum) && test_compare_scalar(mn, want_min, true, 0) && test_compare_scalar(mx, want_max, true, 0);
    else
      ok = fabs(sum - want_sum) <= (getenv("CLE_REDUCE_FP32") ? 1e-5 : 1e-6) * (want_abs + 1) && mn == want_min &&
           mx == want_max && memcmp(&sum, &again, sizeof sum) == 0;
    if (!ok)
      printf("  got sum %.17g min %.9g max %.9g, want sum %.17g min %.9g max %.9g (%s)\n", sum, mn, mx,
             dtype != CLE_FLOAT32 ? (double)want_isum : want_sum, want_min, want_max, cle_last_error_message());
  }
  check(ok, what);
  cle_release(arr);
  ref_image_free(&img);
}

/* Pixels at and a few ulps around every half-way point between bin
 * centers of [lo, hi] with `bins` bins, then NaN, infinities, out of range. */
static void boundary_pixels(ref_image *img, int bins, float lo, float hi)
{
  const size_t n = ref_image_size(img);
  size_t i = 0;
  const float extra[] = {NAN, INFINITY, -INFINITY, lo - 1, hi + 1, lo, hi, -0.0f};
  for (size_t k = 0; k < sizeof extra / sizeof extra[0] && i < n; k++)
    ref_set(img, i++, extra[k]);
  for (int b = 0; i < n; b = (b + 1) % bins) {
    float v = lo + ((float)b + 0.5f) * ((hi - lo) / (float)(bins - 1));
    for (int u = 0; u < 3; u++)
      v = nextafterf(v, -INFINITY);
    for (int u = 0; u < 7 && i < n; u++, v = nextafterf(v, INFINITY))
      ref_set(img, i++, v);
  }
}

static void histogram_case(const char *path, cle_dtype dtype, size_t n, int bins, float lo, float hi)
{
  char what[160];
  snprintf(what, sizeof what, "%s path: histogram %s n=%zu bins=%d [%g, %g]", path, cle_dtype_name(dtype), n, bins, lo,
           hi);
  ref_image img = {0};
  uint32_t *want = calloc((size_t)bins, sizeof *want), *got = calloc((size_t)bins, sizeof *got);
  int ok = want && got && ref_image_alloc(&img, dtype, 1, n, 1, 1) == 0;
  if (ok && dtype == CLE_FLOAT32) {
    boundary_pixels(&img, bins, lo, hi);
  } else if (ok) {
    test_rng rng;
    test_rng_seed(&rng, what, 0);
    test_fill(&img, "random", &rng);
  }
  cle_array *arr = ok ? test_push(NULL, &img) : NULL;
  cle_array *hist = arr ? cle_histogram(arr, NULL, bins, lo, hi) : NULL;
  ok = hist && cle_pull(hist, got, (size_t)bins * sizeof *got) == 0;
  if (ok) {
    ref_histogram_counts(&img, bins, lo, hi, want);
    for (int b = 0, shown = 0; b < bins && shown < 6; b++)
      if (got[b] != want[b]) {
        printf("  bin %d: got %u, want %u\n", b, got[b], want[b]);
        ok = 0;
        shown++;
      }
  } else {
    printf("  %s\n", cle_last_error_message());
  }
  check(ok, what);
  cle_release(hist);
  cle_release(arr);
  ref_image_free(&img);
  free(want);
  free(got);
}

int main(void)
{
  static const char *paths[] = {"cpu", "gpu"};
  static const cle_dtype dtypes[] = {CLE_UINT8, CLE_INT8, CLE_UINT16, CLE_INT16, CLE_INT32, CLE_UINT32, CLE_FLOAT32};
  static const size_t shapes[][3] = {{1, 1, 1},   {3, 1, 1},       {17, 1, 1},     {257, 3, 5},
                                     {64, 64, 1}, {1000, 1001, 1}, {127, 129, 131}};
  for (int p = 0; p < 2; p++) {
    setenv("CLE_REDUCE_PATH", paths[p], 1);
    for (size_t t = 0; t < sizeof dtypes / sizeof dtypes[0]; t++)
      for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        run_case(paths[p], dtypes[t], shapes[s][0], shapes[s][1], shapes[s][2], "random");
    run_case(paths[p], CLE_UINT32, 65, 129, 257, "high");
    run_case(paths[p], CLE_UINT32, 1, 1, 1, "high");
    run_case(paths[p], CLE_FLOAT32, 257, 3, 5, "nan");
    run_case(paths[p], CLE_FLOAT32, 1000, 1001, 1, "nan");
    run_case(paths[p], CLE_FLOAT32, 1, 1, 1, "nan");
    histogram_case(paths[p], CLE_FLOAT32, 300001, 256, 0.0f, 1.0f);
    histogram_case(paths[p], CLE_FLOAT32, 300001, 256, -3.7f, 1234.5f);
    histogram_case(paths[p], CLE_FLOAT32, 100003, 17, 0.1f, 0.3f);
    histogram_case(paths[p], CLE_FLOAT32, 100003, 4096, -1e6f, 3e6f);
    histogram_case(paths[p], CLE_FLOAT32, 5, 2, 0.0f, 1.0f);
    histogram_case(paths[p], CLE_UINT8, 200003, 256, 0.0f, 255.0f);
    histogram_case(paths[p], CLE_UINT8, 200003, 7, 30.5f, 200.0f);
    histogram_case(paths[p], CLE_INT8, 200003, 256, -128.0f, 127.0f);
    histogram_case(paths[p], CLE_INT8, 200003, 10, -50.0f, 60.0f);
    histogram_case(paths[p], CLE_INT16, 200003, 1000, -30000.0f, 30000.0f);
  }
  /* float accumulators, as on a device without cl_khr_fp64 */
  setenv("CLE_REDUCE_FP32", "1", 1);
  static const char *fp32_labels[] = {"cpu (float accumulators)", "gpu (float accumulators)"};
  for (int p = 0; p < 2; p++) {
    setenv("CLE_REDUCE_PATH", paths[p], 1);
    static const size_t fshapes[][3] = {{1, 1, 1}, {257, 3, 5}, {1000, 1001, 1}, {127, 129, 131}};
    for (size_t s = 0; s < sizeof fshapes / sizeof fshapes[0]; s++)
      run_case(fp32_labels[p], CLE_FLOAT32, fshapes[s][0], fshapes[s][1], fshapes[s][2], "random");
    run_case(fp32_labels[p], CLE_FLOAT32, 1000, 1001, 1, "nan");
    run_case(fp32_labels[p], CLE_INT32, 127, 129, 131, "random");
  }
  unsetenv("CLE_REDUCE_FP32");
  printf("%d failure(s)\n", failures);
  return failures ? 1 : 0;
}
