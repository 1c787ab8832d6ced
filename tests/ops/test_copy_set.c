/* copy into a dst of another dtype (the converting kernel) and the paths
 * that run no kernel: a same-dtype copy (buffer copy) and set (buffer fill).
 * Results are compared with the CPU reference's conversion (ref_set:
 * saturate, round toward zero, NaN to 0); "no kernel" is checked with the
 * runtime's program counters, which any kernel's first run would move. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cesperanto/cesperanto.h"
#include "cle_private.h"
#include "test_util.h"

static int failures = 0;

static void check(bool ok, const char *what, const char *detail)
{
  printf("%s %s%s%s\n", ok ? "PASS" : "FAIL", what, *detail ? ": " : "", detail);
  failures += !ok;
}

static long programs_made(void)
{
  return cle_program_build_count() + cle_program_disk_load_count();
}

/* Source pixels that exercise a conversion: for float32 every hard case
 * (fractions of both signs, values past every integer range, the edges of
 * float's integers, NaN and infinities), else uniform over the dtype. */
static int make_source(ref_image *img, cle_dtype dtype, size_t w, size_t h, size_t d, int ndim, const char *seed)
{
  if (ref_image_alloc(img, dtype, ndim, w, h, d) != 0)
    return -1;
  test_rng rng;
  test_rng_seed(&rng, seed, 0);
  if (dtype != CLE_FLOAT32)
    return test_fill(img, "random", &rng);
  static const float special[] = {
      NAN,           INFINITY,       -INFINITY,      -0.0f,         0.999f,        -0.999f,  127.5f,   -128.5f,
      255.9f,        256.0f,         -1.5f,          32767.9f,      -32769.0f,     65535.5f, 65536.0f, 2147483520.0f,
      2147483648.0f, -2147483648.0f, -2147483904.0f, 4294967040.0f, 4294967296.0f, 1e-40f};
  const size_t n_special = sizeof special / sizeof special[0];
  float *px = img->data;
  for (size_t i = 0; i < ref_image_size(img); i++) {
    if (i < n_special) {
      px[i] = special[i];
      continue;
    }
    /* magnitudes 2^-4 .. 2^34, either sign */
    const uint64_t r = test_rng_next(&rng);
    const float mantissa = 1.0f + (float)(r & 0xffffff) / 16777216.0f;
    const int exponent = (int)((r >> 24) % 39) - 4;
    px[i] = ldexpf((r >> 40) & 1 ? -mantissa : mantissa, exponent);
  }
  return 0;
}

/* copy(src of ts, dst of td) against the reference conversion. */
static void converting_copy(cle_dtype ts, cle_dtype td, size_t w, size_t h, size_t d, int ndim)
{
  char seed[64], what[64], detail[512] = "";
  snprintf(seed, sizeof seed, "copy/%s/%s", cle_dtype_name(ts), cle_dtype_name(td));
  snprintf(what, sizeof what, "copy %s -> %s", cle_dtype_name(ts), cle_dtype_name(td));
  ref_image src = {0}, want = {0}, got = {0};
  cle_array *dsrc = NULL, *ddst = NULL, *out = NULL;
  bool ok = false;
  if (make_source(&src, ts, w, h, d, ndim, seed) != 0 || ref_image_alloc(&want, td, ndim, w, h, d) != 0) {
    snprintf(detail, sizeof detail, "cannot build the host images");
    goto report;
  }
  for (size_t i = 0; i < ref_image_size(&src); i++)
    ref_set(&want, i, ref_get(&src, i));
  dsrc = test_push(NULL, &src);
  ddst = dsrc ? cle_create_like_dtype(dsrc, td) : NULL;
  out = ddst ? cle_copy(dsrc, ddst) : NULL;
  if (!out) {
    snprintf(detail, sizeof detail, "%s", cle_last_error_message());
    goto report;
  }
  if (out != ddst) {
    snprintf(detail, sizeof detail, "copy did not return the dst it was given");
    goto report;
  }
  double max_diff = 0;
  if (test_pull(out, &got) == 0)
    ok = test_compare(&got, &want, true, 0, &max_diff, detail, sizeof detail);
report:
  check(ok, what, detail);
  cle_release(out);
  cle_release(ddst);
  cle_release(dsrc);
  ref_image_free(&src);
  ref_image_free(&want);
  ref_image_free(&got);
}

/* Same-dtype copies and fills of every dtype: right pixels, no program built or loaded. */
static void kernel_free_paths(void)
{
  const long before = programs_made();
  for (int t = 0; t < CLE_DTYPE_COUNT; t++) {
    const cle_dtype dtype = (cle_dtype)t;
    const char *name = cle_dtype_name(dtype);
    char what[64], detail[512] = "";
    ref_image src = {0}, got = {0}, want = {0};
    cle_array *dsrc = NULL, *copied = NULL, *filled = NULL;
    bool ok = false;
    if (make_source(&src, dtype, 37, 5, 3, 3, "copy/same") != 0) {
      snprintf(detail, sizeof detail, "cannot build the host image");
      goto copy_report;
    }
    dsrc = test_push(NULL, &src);
    copied = dsrc ? cle_copy(dsrc, NULL) : NULL;
    if (!copied) {
      snprintf(detail, sizeof detail, "%s", cle_last_error_message());
      goto copy_report;
    }
    double max_diff = 0;
    ok = cle_array_dtype(copied) == dtype && test_pull(copied, &got) == 0 &&
         test_compare(&got, &src, true, 0, &max_diff, detail, sizeof detail);
  copy_report:
    snprintf(what, sizeof what, "copy %s -> %s (buffer copy)", name, name);
    check(ok, what, detail);

    /* set with a value that needs saturation or rounding in most dtypes */
    const float value = -1e10f;
    ok = false;
    detail[0] = '\0';
    if (!copied || ref_image_alloc(&want, dtype, 3, 37, 5, 3) != 0) {
      snprintf(detail, sizeof detail, "nothing to fill");
      goto set_report;
    }
    for (size_t i = 0; i < ref_image_size(&want); i++)
      ref_set(&want, i, value);
    filled = cle_set(copied, value);
    if (filled != copied) {
      snprintf(detail, sizeof detail, "set returned %p, not its input: %s", (void *)filled, cle_last_error_message());
      goto set_report;
    }
    ref_image_free(&got);
    ok = test_pull(filled, &got) == 0 && test_compare(&got, &want, true, 0, &max_diff, detail, sizeof detail);
  set_report:
    snprintf(what, sizeof what, "set %s to -1e10 (buffer fill)", name);
    check(ok, what, detail);
    cle_release(filled);
    cle_release(copied);
    cle_release(dsrc);
    ref_image_free(&src);
    ref_image_free(&got);
    ref_image_free(&want);
  }
  char detail[64];
  snprintf(detail, sizeof detail, "%ld programs built or loaded", programs_made() - before);
  check(programs_made() == before, "same-dtype copy and set run no kernel", detail);
}

/* A converting dst must still have src's shape and device. */
static void bad_converting_dst(void)
{
  cle_array *src = cle_create(NULL, CLE_FLOAT32, 4, 3, 1);
  cle_array *dst = cle_create(NULL, CLE_UINT8, 3, 4, 1);
  cle_clear_error();
  cle_array *out = src && dst ? cle_copy(src, dst) : NULL;
  const char *msg = cle_last_error_message();
  const bool ok = src && dst && !out && cle_last_error() == CLE_ERROR_INVALID_ARGUMENT && strstr(msg, "copy") &&
                  strstr(msg, "output_image");
  check(ok, "copy into a uint8 dst of another shape fails", msg);
  cle_release(out);
  cle_release(src);
  cle_release(dst);
}

int main(void)
{
  cle_device *dev = cle_device_default();
  if (!dev) {
    printf("no device: %s\n", cle_last_error_message());
    return 1;
  }
  printf("device: %s (%s)\n", cle_device_name(dev), cle_device_platform(dev));
  kernel_free_paths();

  /* float32 into every integer dtype: saturation, rounding toward zero, NaN. */
  for (int t = 0; t < CLE_DTYPE_COUNT; t++)
    if ((cle_dtype)t != CLE_FLOAT32)
      converting_copy(CLE_FLOAT32, (cle_dtype)t, 67, 5, 3, 3);
  /* integers narrowed, widened, across signedness, and into float (rounded to nearest) */
  converting_copy(CLE_INT32, CLE_UINT8, 1001, 1, 1, 1);
  converting_copy(CLE_UINT16, CLE_INT8, 33, 17, 1, 2);
  converting_copy(CLE_INT8, CLE_UINT32, 13, 7, 5, 3);
  converting_copy(CLE_UINT32, CLE_INT16, 257, 3, 1, 2);
  converting_copy(CLE_INT32, CLE_FLOAT32, 509, 1, 1, 1);
  converting_copy(CLE_UINT32, CLE_FLOAT32, 31, 9, 2, 3);
  converting_copy(CLE_UINT8, CLE_FLOAT32, 16, 16, 1, 2);
  bad_converting_dst();

  long live = cle_live_array_count();
  printf("%d failures; %ld arrays still alive\n", failures, live);
  return failures == 0 && live == 0 ? 0 : 1;
}
