/* relabel_sequential on label images with gaps, exactly against the CPU
 * reference: every dtype, 1D/2D/3D, several blocksizes (which must not
 * change the result), edge cases (no labels, one label, already sequential,
 * the largest label at the end of a block), a 2048^2 image with timings, the
 * output of connected_component_labeling (already sequential), and bad
 * inputs: negative, fractional, NaN and too large labels, bad blocksize. */
#include <math.h>
#include <stdlib.h>

#include "labeling_util.h"

static cle_device *dev;

/* relabel_sequential(img, blocksize) on the device equals the reference. */
static bool check(const char *name, const ref_image *img, int blocksize)
{
  char what[160];
  snprintf(what, sizeof what, "%s [%s, blocksize %d]", name, cle_dtype_name(img->dtype), blocksize);
  cle_value param = {.type = CLE_TYPE_INT, .number = blocksize};
  ref_image want, got;
  if (!lt_reference("relabel_sequential", img, &param, &want))
    return false;
  cle_array *src = lt_push(dev, img);
  cle_array *dst = src ? cle_relabel_sequential(src, NULL, blocksize) : NULL;
  LT_CHECK(dst != NULL, "%s: %s", what, cle_last_error_message());
  bool same = false;
  if (dst && lt_pull(dst, &got)) {
    same = lt_same(what, &got, &want);
    ref_image_free(&got);
  }
  cle_release(dst);
  cle_release(src);
  ref_image_free(&want);
  return same;
}

/* Labels drawn from a sparse set (multiples of step up to max), a fraction
 * zero_share of background. */
static void fill_labels(ref_image *img, uint64_t *rng, double zero_share, uint32_t step, uint32_t max)
{
  for (size_t i = 0; i < ref_image_size(img); i++)
    ref_set(img, i, lt_uniform(rng) < zero_share ? 0 : step * (1 + lt_random(rng) % (max / step)));
}

static void test_gaps(void)
{
  uint64_t rng = 11;
  const size_t s1[1] = {4097}, s2[2] = {257, 263}, s3[3] = {9, 31, 37};
  struct {
    cle_dtype dtype;
    int ndim;
    const size_t *shape;
    uint32_t step, max;
  } cases[] = {{CLE_UINT8, 2, s2, 3, 255},        {CLE_INT8, 1, s1, 5, 127},          {CLE_UINT16, 2, s2, 97, 65535},
               {CLE_INT16, 3, s3, 13, 32767},     {CLE_UINT32, 3, s3, 1009, 1000000}, {CLE_INT32, 1, s1, 7, 5000000},
               {CLE_FLOAT32, 2, s2, 17, 16000000}};
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    ref_image img = lt_image(cases[k].dtype, cases[k].ndim, cases[k].shape);
    fill_labels(&img, &rng, 0.3, cases[k].step, cases[k].max);
    char name[64];
    snprintf(name, sizeof name, "gaps (step %u, max %u)", cases[k].step, cases[k].max);
    check(name, &img, 4096);
    ref_image_free(&img);
  }
}

static void test_blocksizes(void)
{
  static const int sizes[] = {1, 31, 32, 33, 100, 4096, 8192, 8193, 1 << 24};
  uint64_t rng = 12;
  const size_t shape[2] = {101, 99};
  ref_image img = lt_image(CLE_UINT32, 2, shape);
  fill_labels(&img, &rng, 0.2, 3, 60000);
  for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
    check("blocksizes", &img, sizes[k]);
  ref_image_free(&img);
}

static void test_edge_cases(void)
{
  const size_t shape[2] = {19, 23};
  ref_image img = lt_image(CLE_UINT16, 2, shape);
  check("no labels", &img, 4096);
  ref_set(&img, 100, 65535);
  check("one label 65535", &img, 4096);
  ref_set(&img, 0, 1);
  ref_set(&img, 5, 2);
  ref_set(&img, 7, 3);
  check("labels 1, 2, 3, 65535", &img, 4096);
  for (size_t i = 0; i < ref_image_size(&img); i++)
    ref_set(&img, i, (double)(i % 50));
  check("already sequential", &img, 32);
  /* Labels at the last flag of a block and the first of the next (blocksize 64). */
  memset(img.data, 0, ref_image_size(&img) * sizeof(uint16_t));
  ref_set(&img, 3, 63);
  ref_set(&img, 4, 64);
  ref_set(&img, 5, 127);
  ref_set(&img, 6, 128);
  check("block edges", &img, 64);
  ref_image_free(&img);

  /* One pixel. */
  const size_t one[1] = {1};
  ref_image px = lt_image(CLE_INT32, 1, one);
  ref_set(&px, 0, 123);
  check("single pixel 123", &px, 4096);
  ref_image_free(&px);
}

static void test_large(void)
{
  const size_t shape[2] = {2048, 2048};
  ref_image img = lt_image(CLE_UINT32, 2, shape);
  uint64_t rng = 13;
  fill_labels(&img, &rng, 0.3, 3, 600000);
  cle_array *src = lt_push(dev, &img);
  double best = 1e30;
  for (int run = 0; run < 3 && src; run++) {
    double t0 = lt_seconds();
    cle_array *dst = cle_relabel_sequential(src, NULL, 4096);
    if (dst && cle_device_finish(dev) == 0 && run > 0 && lt_seconds() - t0 < best)
      best = lt_seconds() - t0;
    cle_release(dst);
  }
  cle_release(src);
  if (check("2048^2, labels up to 600000", &img, 4096))
    printf("relabel_sequential 2048^2 uint32, labels up to 600000: device %.1f ms\n", 1e3 * best);
  ref_image_free(&img);
}

/* Labels from connected_component_labeling are sequential already. */
static void test_after_labeling(void)
{
  const size_t shape[3] = {17, 40, 50};
  ref_image img = lt_image(CLE_UINT8, 3, shape);
  uint64_t rng = 14;
  for (size_t i = 0; i < ref_image_size(&img); i++)
    ref_set(&img, i, lt_uniform(&rng) < 0.25);
  cle_array *src = lt_push(dev, &img);
  cle_array *labels = src ? cle_connected_component_labeling(src, NULL, "diamond") : NULL;
  cle_array *again = labels ? cle_relabel_sequential(labels, NULL, 4096) : NULL;
  LT_CHECK(again != NULL, "labeling then relabel: %s", cle_last_error_message());
  ref_image a, b;
  if (again && lt_pull(labels, &a)) {
    if (lt_pull(again, &b)) {
      lt_same("relabel_sequential(connected_component_labeling(x)) == its input", &b, &a);
      ref_image_free(&b);
    }
    ref_image_free(&a);
  }
  cle_release(again);
  cle_release(labels);
  cle_release(src);
  ref_image_free(&img);
}

/* A given dst of a narrower dtype: labels beyond its range saturate, as the
 * reference's conversion does (clij semantics). */
static void test_narrow_dst(void)
{
  const size_t shape[2] = {41, 43};
  ref_image img = lt_image(CLE_UINT16, 2, shape);
  for (size_t i = 0; i < ref_image_size(&img); i++)
    ref_set(&img, i, (double)(3 * (i % 400)));
  cle_value param = {.type = CLE_TYPE_INT, .number = 4096};
  ref_image want, want8 = lt_image(CLE_UINT8, 2, shape), got;
  if (!lt_reference("relabel_sequential", &img, &param, &want)) {
    ref_image_free(&img);
    ref_image_free(&want8);
    return;
  }
  for (size_t i = 0; i < ref_image_size(&want); i++)
    ref_set(&want8, i, ref_get(&want, i));
  cle_array *src = lt_push(dev, &img);
  cle_array *dst = src ? cle_create_like_dtype(src, CLE_UINT8) : NULL;
  cle_array *out = dst ? cle_relabel_sequential(src, dst, 4096) : NULL;
  LT_CHECK(out == dst && out != NULL, "narrow dst: %s", cle_last_error_message());
  if (out && lt_pull(out, &got)) {
    lt_same("uint16 labels 0..1197 into a uint8 dst (saturated)", &got, &want8);
    ref_image_free(&got);
  }
  cle_release(out);
  cle_release(dst);
  cle_release(src);
  ref_image_free(&want);
  ref_image_free(&want8);
  ref_image_free(&img);
}

static void expect_refused(const char *name, cle_dtype dtype, double bad_value, const char *part)
{
  const size_t shape[2] = {40, 50};
  ref_image img = lt_image(dtype, 2, shape);
  for (size_t i = 0; i < ref_image_size(&img); i++)
    ref_set(&img, i, (double)(i % 7));
  ref_set(&img, 1234, bad_value);
  cle_array *src = lt_push(dev, &img);
  if (src) {
    cle_array *dst = cle_relabel_sequential(src, NULL, 4096);
    LT_EXPECT_ERROR(dst != NULL, part);
    LT_CHECK(cle_last_error() == CLE_ERROR_INVALID_ARGUMENT || cle_last_error() == CLE_ERROR_UNSUPPORTED,
             "%s: error code %s", name, cle_error_name(cle_last_error()));
    cle_release(dst);
  }
  cle_release(src);
  ref_image_free(&img);
}

static void test_bad_inputs(void)
{
  expect_refused("negative int16", CLE_INT16, -5, "negative");
  expect_refused("negative int8", CLE_INT8, -128, "negative");
  expect_refused("fractional float", CLE_FLOAT32, 2.5, "fractional");
  expect_refused("NaN", CLE_FLOAT32, NAN, "NaN");
  expect_refused("float beyond uint32", CLE_FLOAT32, 1e20, "2^32");
  expect_refused("label 4e9", CLE_UINT32, 4e9, "largest label");

  const size_t shape[1] = {10};
  ref_image img = lt_image(CLE_UINT8, 1, shape);
  cle_array *src = lt_push(dev, &img);
  ref_image_free(&img);
  LT_EXPECT_ERROR(cle_relabel_sequential(NULL, NULL, 4096) != NULL, "input_image");
  LT_EXPECT_ERROR(cle_relabel_sequential(src, NULL, 0) != NULL, "blocksize");
  LT_EXPECT_ERROR(cle_relabel_sequential(src, NULL, -3) != NULL, "blocksize");
  cle_array *wrong = cle_create(dev, CLE_UINT8, 11, 1, 1);
  LT_EXPECT_ERROR(cle_relabel_sequential(src, wrong, 4096) != NULL, "output_image");
  cle_release(wrong);
  cle_release(src);
}

int main(void)
{
  dev = cle_device_default();
  if (!dev) {
    fprintf(stderr, "no device: %s\n", cle_last_error_message());
    return 1;
  }
  printf("device: %s\n", cle_device_name(dev));
  test_gaps();
  test_blocksizes();
  test_edge_cases();
  test_large();
  test_after_labeling();
  test_narrow_dst();
  test_bad_inputs();
  LT_CHECK(cle_live_array_count() == 0, "%ld arrays leaked", cle_live_array_count());
  printf("%s\n", lt_failures ? "FAILED" : "passed");
  return lt_failures ? 1 : 0;
}
