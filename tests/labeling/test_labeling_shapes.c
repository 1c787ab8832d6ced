/* connected_component_labeling on shapes chosen to break labelers: a
 * spiral and a serpentine (one object whose path crosses every tile), two
 * interleaved combs, nested rings, single pixels, full and empty images,
 * lines in every orientation, checkerboards (box vs diamond), sizes around
 * the tile size; every dtype and dst dtype; bad arguments. Every result is
 * compared exactly with the CPU flood fill; some also with a count or label
 * known from the construction. */
#include <math.h>
#include <stdlib.h>

#include "labeling_util.h"

static cle_device *dev;

/* Label img on the device (into dst if given) and compare with the
 * reference; returns the number of objects found (-1 on failure). */
static double check_dst(const char *name, const ref_image *img, const char *connectivity, cle_dtype dst_dtype,
                        bool give_dst)
{
  char what[160];
  snprintf(what, sizeof what, "%s [%s, %s -> %s]", name, connectivity, cle_dtype_name(img->dtype),
           cle_dtype_name(dst_dtype));
  cle_value param = {.type = CLE_TYPE_STRING, .string = connectivity};
  ref_image want;
  if (!lt_reference("connected_component_labeling", img, &param, &want))
    return -1;
  cle_array *src = lt_push(dev, img);
  cle_array *given = give_dst && src ? cle_create_like_dtype(src, dst_dtype) : NULL;
  cle_array *dst = src ? cle_connected_component_labeling(src, given, connectivity) : NULL;
  LT_CHECK(dst != NULL, "%s: %s", what, cle_last_error_message());
  LT_CHECK(!give_dst || dst == given, "%s: dst given but another array returned", what);
  double count = -1;
  ref_image got;
  if (dst && lt_pull(dst, &got)) {
    LT_CHECK(got.dtype == dst_dtype, "%s: dtype %s", what, cle_dtype_name(got.dtype));
    if (lt_same(what, &got, &want))
      count = lt_max(&want);
    ref_image_free(&got);
  }
  cle_release(dst);
  cle_release(given);
  cle_release(src);
  ref_image_free(&want);
  return count;
}

static double check(const char *name, const ref_image *img, const char *connectivity)
{
  return check_dst(name, img, connectivity, CLE_UINT32, false);
}

/* Both connectivities; the object counts must be as given (-1: any). */
static void check_both(const char *name, const ref_image *img, double box_count, double diamond_count)
{
  double b = check(name, img, "box"), d = check(name, img, "diamond");
  LT_CHECK(box_count < 0 || b == box_count, "%s: box found %g objects, expected %g", name, b, box_count);
  LT_CHECK(diamond_count < 0 || d == diamond_count, "%s: diamond found %g objects, expected %g", name, d,
           diamond_count);
}

static void set_px(ref_image *img, size_t x, size_t y, size_t z)
{
  ref_set(img, lt_index(img, x, y, z), 1);
}

/* A square spiral of 1-pixel lines with 1-pixel gaps, walking inwards. */
static void test_spiral(void)
{
  const size_t shape[2] = {493, 517};
  ref_image img = lt_image(CLE_UINT8, 2, shape);
  long x0 = 0, y0 = 0, x1 = (long)img.width - 1, y1 = (long)img.height - 1;
  while (x0 <= x1 && y0 <= y1) {
    for (long x = x0; x <= x1; x++)
      set_px(&img, (size_t)x, (size_t)y0, 0); /* top, left to right */
    for (long y = y0; y <= y1; y++)
      set_px(&img, (size_t)x1, (size_t)y, 0); /* right, downwards */
    if (y1 - y0 >= 2)
      for (long x = x0; x <= x1; x++)
        set_px(&img, (size_t)x, (size_t)y1, 0); /* bottom */
    if (x1 - x0 >= 2)
      for (long y = y0 + 2; y <= y1; y++)
        set_px(&img, (size_t)x0, (size_t)y, 0); /* left, up to 1 below the next top */
    x0 += 2, y0 += 2, x1 -= 2, y1 -= 2;
    if (x0 <= x1)
      set_px(&img, (size_t)(x0 - 1), (size_t)y0, 0); /* the step into the next turn */
  }
  check_both("spiral 517x493", &img, 1, 1);
  ref_image_free(&img);
}

/* A serpentine through a 3D stack: rows joined at alternating ends in each
 * even slice, even slices joined through one pixel of the odd slice between. */
static void test_serpentine_3d(void)
{
  const size_t shape[3] = {9, 45, 70};
  ref_image img = lt_image(CLE_INT16, 3, shape);
  size_t end_x = 0, end_y = 0;
  for (size_t z = 0; z < img.depth; z += 2) {
    for (size_t y = 0; y < img.height; y++) {
      if (y % 2 == 0) {
        for (size_t x = 0; x < img.width; x++)
          set_px(&img, x, y, z);
        end_y = y;
        end_x = (y / 2) % 2 == 0 ? img.width - 1 : 0;
      } else {
        set_px(&img, (y / 2) % 2 == 0 ? img.width - 1 : 0, y, z);
      }
    }
    if (z + 2 < img.depth)
      set_px(&img, end_x, end_y, z + 1);
  }
  check_both("serpentine 70x45x9", &img, 1, 1);
  ref_image_free(&img);
}

/* Two combs with interleaved teeth, spines at the top and bottom rows. */
static void test_combs(void)
{
  const size_t shape[2] = {301, 403};
  ref_image img = lt_image(CLE_UINT8, 2, shape);
  const size_t h = img.height;
  for (size_t x = 0; x < img.width; x++) {
    set_px(&img, x, 0, 0);     /* spine of comb B */
    set_px(&img, x, h - 1, 0); /* spine of comb A */
    if (x % 4 == 0)
      for (size_t y = 2; y < h; y++)
        set_px(&img, x, y, 0); /* teeth of A */
    if (x % 4 == 2)
      for (size_t y = 0; y + 2 < h; y++)
        set_px(&img, x, y, 0); /* teeth of B */
  }
  check_both("interleaved combs 403x301", &img, 2, 2);
  ref_image_free(&img);
}

/* Nested square rings 1 pixel wide, 1 pixel apart: one object each. */
static void test_rings(void)
{
  const size_t shape[2] = {211, 211};
  ref_image img = lt_image(CLE_UINT16, 2, shape);
  size_t rings = 0;
  for (size_t r = 0; 2 * r < img.width; r += 2, rings++) {
    const size_t lo = r, hi = img.width - 1 - r;
    for (size_t k = lo; k <= hi; k++) {
      set_px(&img, k, lo, 0);
      set_px(&img, k, hi, 0);
      set_px(&img, lo, k, 0);
      set_px(&img, hi, k, 0);
    }
  }
  check_both("nested rings 211x211", &img, (double)rings, (double)rings);
  ref_image_free(&img);
}

static void test_single_pixels(void)
{
  const size_t s1[1] = {5000}, s2[2] = {77, 91}, s3[3] = {13, 17, 19};
  const size_t *shapes[3] = {s1, s2, s3};
  for (int ndim = 1; ndim <= 3; ndim++) {
    ref_image img = lt_image(CLE_FLOAT32, ndim, shapes[ndim - 1]);
    const size_t n = ref_image_size(&img), where[3] = {0, n / 2 + 3, n - 1};
    for (int k = 0; k < 3; k++) {
      memset(img.data, 0, n * sizeof(float));
      ref_set(&img, where[k], 7.5);
      char name[64];
      snprintf(name, sizeof name, "one pixel at %zu of %zu (%dD)", where[k], n, ndim);
      check_both(name, &img, 1, 1);
    }
    ref_image_free(&img);
  }
}

static void fill_all(ref_image *img, double v)
{
  for (size_t i = 0; i < ref_image_size(img); i++)
    ref_set(img, i, v);
}

static void test_full_and_empty(void)
{
  const size_t s2[2] = {1001, 999}, s3[3] = {63, 65, 67};
  ref_image img2 = lt_image(CLE_UINT8, 2, s2), img3 = lt_image(CLE_UINT32, 3, s3);
  check_both("all background 999x1001", &img2, 0, 0);
  check_both("all background 67x65x63", &img3, 0, 0);
  fill_all(&img2, 1);
  fill_all(&img3, 123456);
  check_both("all foreground 999x1001", &img2, 1, 1);
  check_both("all foreground 67x65x63", &img3, 1, 1);
  ref_image_free(&img2);
  ref_image_free(&img3);
}

/* Lines along each axis, full and with a gap every 1000 pixels. */
static void test_lines(void)
{
  const size_t n = 100003;
  const size_t s1[1] = {n}, row[2] = {1, n}, col[2] = {n, 1}, zline[3] = {n, 1, 1};
  const struct {
    const char *name;
    int ndim;
    const size_t *shape;
  } lines[] = {{"1D line", 1, s1}, {"1xN row", 2, row}, {"Nx1 column", 2, col}, {"Nx1x1 z line", 3, zline}};
  for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++) {
    ref_image img = lt_image(CLE_INT8, lines[k].ndim, lines[k].shape);
    fill_all(&img, -1);
    check_both(lines[k].name, &img, 1, 1);
    for (size_t i = 999; i < n; i += 1000)
      ref_set(&img, i, 0);
    char name[64];
    snprintf(name, sizeof name, "%s with gaps", lines[k].name);
    check_both(name, &img, (double)(n / 1000 + 1), (double)(n / 1000 + 1));
    ref_image_free(&img);
  }
}

/* Checkerboards: one object with box, every pixel alone with diamond, whose
 * labels are then 1, 2, 3, ... in raster order. */
static void test_checkerboards(void)
{
  const size_t s2[2] = {67, 45}, s3[3] = {11, 21, 33};
  for (int ndim = 2; ndim <= 3; ndim++) {
    ref_image img = lt_image(CLE_UINT8, ndim, ndim == 2 ? s2 : s3);
    size_t set = 0;
    for (size_t z = 0; z < img.depth; z++)
      for (size_t y = 0; y < img.height; y++)
        for (size_t x = 0; x < img.width; x++)
          if ((x + y + z) % 2 == 0) {
            set_px(&img, x, y, z);
            set++;
          }
    check_both(ndim == 2 ? "checkerboard 45x67" : "checkerboard 33x21x11", &img, 1, (double)set);

    /* Diamond labels in raster order, known without any labeler. */
    cle_array *src = lt_push(dev, &img);
    cle_array *dst = src ? cle_connected_component_labeling(src, NULL, "diamond") : NULL;
    ref_image got;
    if (dst && lt_pull(dst, &got)) {
      uint32_t next = 0;
      size_t wrong = 0;
      for (size_t i = 0; i < ref_image_size(&img); i++) {
        uint32_t expect = ref_get(&img, i) != 0 ? ++next : 0;
        wrong += ref_get(&got, i) != expect;
      }
      LT_CHECK(wrong == 0, "checkerboard %dD diamond: %zu labels not in raster order", ndim, wrong);
      ref_image_free(&got);
    }
    cle_release(dst);
    cle_release(src);
    ref_image_free(&img);
  }
}

/* Random images of sizes around the tile sizes (32 x 32 in 2D, 32 x 8 x 8 in 3D). */
static void test_tile_sizes(void)
{
  static const size_t sizes2[][2] = {{1, 1},   {2, 2},   {31, 31}, {32, 32}, {33, 33},
                                     {64, 64}, {65, 97}, {37, 1},  {1, 2049}};
  static const size_t sizes3[][3] = {{2, 1, 1}, {8, 8, 32}, {9, 9, 33}, {16, 16, 64}, {17, 3, 2}, {40, 2, 1}};
  uint64_t rng = 42;
  for (size_t k = 0; k < sizeof sizes2 / sizeof sizes2[0] + sizeof sizes3 / sizeof sizes3[0]; k++) {
    const bool three = k >= sizeof sizes2 / sizeof sizes2[0];
    const size_t *shape = three ? sizes3[k - sizeof sizes2 / sizeof sizes2[0]] : sizes2[k];
    ref_image img = lt_image(CLE_UINT8, three ? 3 : 2, shape);
    for (int density = 3; density <= 7; density += 2) {
      for (size_t i = 0; i < ref_image_size(&img); i++)
        ref_set(&img, i, lt_uniform(&rng) < density / 10.0);
      char name[80];
      snprintf(name, sizeof name, "random %zux%zux%zu p=0.%d", img.width, img.height, img.depth, density);
      check_both(name, &img, -1, -1);
    }
    ref_image_free(&img);
  }
}

/* Every input dtype, special float values, and every dst dtype allowed. */
static void test_dtypes(void)
{
  const size_t shape[2] = {53, 59};
  uint64_t rng = 7;
  for (int dt = 0; dt < CLE_DTYPE_COUNT; dt++) {
    ref_image img = lt_image((cle_dtype)dt, 2, shape);
    for (size_t i = 0; i < ref_image_size(&img); i++) {
      const double u = lt_uniform(&rng);
      ref_set(&img, i, u < 0.5 ? 0 : (dt == CLE_INT8 || dt == CLE_INT16 || dt == CLE_INT32 ? -3 : 100) * u);
    }
    if (dt == CLE_FLOAT32) { /* NaN is foreground, -0 background */
      float *f = img.data;
      f[0] = NAN, f[1] = -0.0f, f[60] = NAN, f[61] = -0.0f, f[62] = 1e-30f;
    }
    check(cle_dtype_name((cle_dtype)dt), &img, "box");
    ref_image_free(&img);
  }
  const size_t s3[3] = {5, 7, 9};
  ref_image img = lt_image(CLE_UINT8, 3, s3);
  for (size_t i = 0; i < ref_image_size(&img); i++)
    ref_set(&img, i, lt_uniform(&rng) < 0.4);
  const cle_dtype dsts[3] = {CLE_UINT32, CLE_INT32, CLE_FLOAT32};
  for (int k = 0; k < 3; k++)
    check_dst("given dst", &img, "diamond", dsts[k], true);
  ref_image_free(&img);
}

static void test_bad_arguments(void)
{
  const size_t shape[2] = {4, 5};
  ref_image img = lt_image(CLE_UINT8, 2, shape);
  cle_array *src = lt_push(dev, &img);
  ref_image_free(&img);
  if (!src)
    return;
  LT_EXPECT_ERROR(cle_connected_component_labeling(NULL, NULL, "box") != NULL, "input_image");
  LT_EXPECT_ERROR(cle_connected_component_labeling(src, NULL, "ring") != NULL, "ring");
  LT_EXPECT_ERROR(cle_connected_component_labeling(src, NULL, NULL) != NULL, "connectivity");
  cle_array *small = cle_create(dev, CLE_UINT32, 4, 4, 1);
  LT_EXPECT_ERROR(cle_connected_component_labeling(src, small, "box") != NULL, "output_image");
  cle_array *bytes = cle_create(dev, CLE_UINT8, 5, 4, 1);
  LT_EXPECT_ERROR(cle_connected_component_labeling(src, bytes, "box") != NULL, "output_image");
  cle_release(small);
  cle_release(bytes);
  cle_release(src);
}

/* Groups of cases, one CTest each (cold program caches make each group pay
 * for compiling its own kernel variants). */
static const struct {
  const char *name;
  void (*run[4])(void);
} groups[] = {
    {"paths", {test_spiral, test_serpentine_3d, test_combs, test_rings}},
    {"simple", {test_single_pixels, test_full_and_empty, test_lines, test_checkerboards}},
    {"mixed", {test_tile_sizes, test_dtypes, test_bad_arguments, NULL}},
};

int main(int argc, char **argv)
{
  const size_t n_groups = sizeof groups / sizeof groups[0];
  size_t g = 0;
  while (argc == 2 && g < n_groups && strcmp(argv[1], groups[g].name) != 0)
    g++;
  if (argc != 2 || g == n_groups) {
    fprintf(stderr, "usage: %s paths|simple|mixed\n", argv[0]);
    return 2;
  }
  dev = cle_device_default();
  if (!dev) {
    fprintf(stderr, "no device: %s\n", cle_last_error_message());
    return 1;
  }
  printf("device: %s\n", cle_device_name(dev));
  for (int k = 0; k < 4 && groups[g].run[k]; k++)
    groups[g].run[k]();
  LT_CHECK(cle_live_array_count() == 0, "%ld arrays leaked", cle_live_array_count());
  printf("%s\n", lt_failures ? "FAILED" : "passed");
  return lt_failures ? 1 : 0;
}
