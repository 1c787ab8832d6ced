/* Bad inputs and edge cases of the ops through the generated C API:
 * each failing call must return NULL / NaN with the right error code and a
 * message naming the op and the argument; nothing may leak. Edge cases
 * check results against values worked out by hand. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cesperanto/cesperanto.h"

static int failures = 0;

static void expect_true(bool ok, const char *what)
{
  printf("%s %s\n", ok ? "PASS" : "FAIL", what);
  failures += !ok;
}

/* The last call failed with code and a message containing every fragment (NULL-terminated). */
static void expect_error(const char *what, cle_error code, const char *const *fragments)
{
  const char *msg = cle_last_error_message();
  bool ok = cle_last_error() == code;
  for (const char *const *f = fragments; *f; f++)
    ok = ok && strstr(msg, *f) != NULL;
  printf("%s %s -> [%s] %s\n", ok ? "PASS" : "FAIL", what, cle_error_name(cle_last_error()), msg);
  failures += !ok;
}

#define EXPECT_NULL_ERROR(call, code, ...)                                 \
  do {                                                                     \
    cle_clear_error();                                                     \
    cle_array *r_ = (call);                                                \
    if (r_) {                                                              \
      printf("FAIL %s returned an array\n", #call);                        \
      failures++;                                                          \
      cle_release(r_);                                                     \
    } else {                                                               \
      expect_error(#call, code, (const char *const[]){__VA_ARGS__, NULL}); \
    }                                                                      \
  } while (0)

#define EXPECT_NAN_ERROR(call, code, ...)                                  \
  do {                                                                     \
    cle_clear_error();                                                     \
    double r_ = (call);                                                    \
    if (!isnan(r_)) {                                                      \
      printf("FAIL %s returned %g\n", #call, r_);                          \
      failures++;                                                          \
    } else {                                                               \
      expect_error(#call, code, (const char *const[]){__VA_ARGS__, NULL}); \
    }                                                                      \
  } while (0)

static cle_array *push_floats(cle_device *dev, const float *v, size_t w, size_t h, size_t d)
{
  return cle_push(dev, v, CLE_FLOAT32, w, h, d);
}

static void bad_arguments(cle_device *dev)
{
  const float pixels[12] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  cle_array *a = push_floats(dev, pixels, 4, 3, 1);
  cle_array *b = push_floats(dev, pixels, 3, 4, 1);
  cle_array *u8 = cle_create(dev, CLE_UINT8, 4, 3, 1);
  cle_array *f5 = cle_create(dev, CLE_FLOAT32, 5, 1, 1);
  if (!a || !b || !u8 || !f5) {
    expect_true(false, "setting up the arrays");
    goto done;
  }
  const cle_error INV = CLE_ERROR_INVALID_ARGUMENT;
  EXPECT_NULL_ERROR(cle_copy(NULL, NULL), INV, "copy", "input_image");
  EXPECT_NULL_ERROR(cle_set(NULL, 1.0f), INV, "set", "input_image");
  EXPECT_NULL_ERROR(cle_gaussian_blur(NULL, NULL, 1, 1, 0), INV, "gaussian_blur", "input_image");
  EXPECT_NULL_ERROR(cle_gaussian_blur(a, NULL, -1, 1, 0), INV, "gaussian_blur", "sigma_x", "-1");
  EXPECT_NULL_ERROR(cle_gaussian_blur(a, NULL, 0, NAN, 0), INV, "gaussian_blur", "sigma_y");
  EXPECT_NULL_ERROR(cle_gaussian_blur(a, NULL, 3e6f, 0, 0), INV, "gaussian_blur", "sigma_x", "taps");
  EXPECT_NULL_ERROR(cle_gaussian_blur(a, u8, 1, 1, 0), INV, "gaussian_blur", "output_image");
  EXPECT_NULL_ERROR(cle_difference_of_gaussian(a, NULL, 1, 1, 0, -2, 1, 0), INV, "difference_of_gaussian", "sigma2_x");
  EXPECT_NULL_ERROR(cle_add_images_weighted(a, b, NULL, 1, 1), INV, "add_images_weighted", "input_image1", "(4, 3)",
                    "(3, 4)");
  EXPECT_NULL_ERROR(cle_add_images_weighted(a, NULL, NULL, 1, 1), INV, "add_images_weighted", "input_image1");
  EXPECT_NULL_ERROR(cle_subtract_images(a, b, NULL), INV, "subtract_images", "input_image1");
  EXPECT_NULL_ERROR(cle_greater_constant(a, f5, 1), INV, "greater_constant", "output_image");
  EXPECT_NULL_ERROR(cle_histogram(a, NULL, 0, NAN, NAN), INV, "histogram", "num_bins", "0");
  EXPECT_NULL_ERROR(cle_histogram(a, f5, 5, NAN, NAN), INV, "histogram", "output_image");
  EXPECT_NULL_ERROR(cle_threshold_otsu(NULL, NULL), INV, "threshold_otsu", "input_image");
  EXPECT_NULL_ERROR(cle_maximum_z_projection(a, f5, false), INV, "maximum_z_projection", "output_image");
  EXPECT_NULL_ERROR(cle_mean_z_projection(NULL, NULL, false), INV, "mean_z_projection", "input_image");
  EXPECT_NAN_ERROR(cle_sum_of_all_pixels(NULL), INV, "sum_of_all_pixels", "input_image");
  EXPECT_NAN_ERROR(cle_minimum_of_all_pixels(NULL), INV, "minimum_of_all_pixels", "input_image");
  EXPECT_NAN_ERROR(cle_maximum_of_all_pixels(NULL), INV, "maximum_of_all_pixels", "input_image");
  EXPECT_NULL_ERROR(cle_mean_of_touching_neighbors(f5, a, NULL), INV, "mean_of_touching_neighbors", "matrix", "(3, 4)",
                    "(5, 5)");
  EXPECT_NULL_ERROR(cle_mode_of_touching_neighbors(f5, a, NULL), INV, "mode_of_touching_neighbors", "matrix");
  EXPECT_NULL_ERROR(cle_multiply_matrix(a, a, NULL), INV, "multiply_matrix", "matrix1's width (4)",
                    "matrix2's height (3)");
  EXPECT_NULL_ERROR(cle_generate_distance_matrix(a, f5, NULL), INV, "generate_distance_matrix", "rows", "3 and 1");
  EXPECT_NULL_ERROR(cle_mean_of_touching_neighbors_map(a, u8, NULL, -1, true), INV, "mean_of_touching_neighbors_map",
                    "radius", "-1");
  EXPECT_NULL_ERROR(cle_median_of_touching_neighbors_map(a, b, NULL, 1, true), INV, "median_of_touching_neighbors_map",
                    "map");
done:
  cle_release(a);
  cle_release(b);
  cle_release(u8);
  cle_release(f5);
}

/* Results worked out by hand on tiny images. */
static void edge_cases(cle_device *dev)
{
  /* a constant image has no Otsu split: nothing is above the threshold */
  const float constant[6] = {7, 7, 7, 7, 7, 7};
  cle_array *c = push_floats(dev, constant, 3, 2, 1);
  cle_array *bin = c ? cle_threshold_otsu(c, NULL) : NULL;
  unsigned char out[6] = {1, 1, 1, 1, 1, 1};
  expect_true(bin && cle_pull(bin, out, sizeof out) == 0 && !memchr(out, 1, sizeof out),
              "threshold_otsu of a constant image is all 0");
  cle_release(bin);

  /* an image of only NaN: min/max are NaN, the sum NaN, Otsu all 0 */
  const float nans[3] = {NAN, NAN, NAN};
  cle_array *n = push_floats(dev, nans, 3, 1, 1);
  expect_true(n && isnan(cle_minimum_of_all_pixels(n)) && isnan(cle_maximum_of_all_pixels(n)) &&
                  isnan(cle_sum_of_all_pixels(n)),
              "min, max and sum of an all-NaN image are NaN");
  /* NaN pixels are skipped by min and max */
  const float some_nan[4] = {NAN, 2, -3, NAN};
  cle_array *s = push_floats(dev, some_nan, 4, 1, 1);
  expect_true(s && cle_minimum_of_all_pixels(s) == -3 && cle_maximum_of_all_pixels(s) == 2,
              "min and max skip NaN pixels");

  /* pyclesperanto's histogram test: values 1..5, 5 bins over [1, 5] */
  const float values[12] = {1, 2, 4, 4, 2, 3, 3, 3, 4, 4, 5, 5};
  cle_array *v = push_floats(dev, values, 6, 2, 1);
  cle_array *h = v ? cle_histogram(v, NULL, 5, 1, 5) : NULL;
  unsigned counts[5] = {0};
  const unsigned expected[5] = {1, 2, 3, 4, 2};
  expect_true(h && cle_pull(h, counts, sizeof counts) == 0 && !memcmp(counts, expected, sizeof counts),
              "histogram of pyclesperanto's test image is 1 2 3 4 2");
  cle_release(h);
  /* the same with the image's own range (NaN bounds) */
  h = v ? cle_histogram(v, NULL, 5, NAN, NAN) : NULL;
  memset(counts, 0, sizeof counts);
  expect_true(h && cle_pull(h, counts, sizeof counts) == 0 && !memcmp(counts, expected, sizeof counts),
              "histogram with NaN bounds uses the image's min and max");
  cle_release(h);

  /* an exact integer sum beyond 2^32: 3 x 4294967295 */
  const unsigned big[3] = {4294967295u, 4294967295u, 4294967295u};
  cle_array *b = cle_push(dev, big, CLE_UINT32, 3, 1, 1);
  expect_true(b && cle_sum_of_all_pixels(b) == 12884901885.0, "uint32 sum is exact beyond 2^32");

  /* Gaussian of an impulse: weights exp(-v^2/2) over v in [-4, 4] for sigma 1, normalised */
  float impulse[21] = {0};
  impulse[10] = 1;
  cle_array *i1 = push_floats(dev, impulse, 21, 1, 1);
  cle_array *g = i1 ? cle_gaussian_blur(i1, NULL, 1, 0, 0) : NULL;
  float blurred[21];
  double norm = 0;
  for (int t = -4; t <= 4; t++)
    norm += exp(-t * t / 2.0);
  bool ok = g && cle_pull(g, blurred, sizeof blurred) == 0;
  for (int x = 0; ok && x < 21; x++) {
    int t = x - 10;
    double want = (t >= -4 && t <= 4) ? exp(-t * t / 2.0) / norm : 0;
    ok = fabs(blurred[x] - want) < 1e-6;
  }
  expect_true(ok, "gaussian_blur sigma 1 of an impulse has 9 taps exp(-v^2/2) / sum");
  cle_release(g);

  /* blurring in place (dst = src) gives what a separate dst gives */
  float ramp[315];
  for (int k = 0; k < 315; k++)
    ramp[k] = (float)((k * 37) % 101);
  cle_array *f = cle_push(dev, ramp, CLE_FLOAT32, 9, 7, 5), *ref = NULL, *same = NULL;
  ref = f ? cle_gaussian_blur(f, NULL, 1, 2, 1) : NULL;
  same = ref ? cle_gaussian_blur(f, f, 1, 2, 1) : NULL;
  float r1[315], r2[315];
  expect_true(same == f && cle_pull(ref, r1, sizeof r1) == 0 && cle_pull(f, r2, sizeof r2) == 0 &&
                  !memcmp(r1, r2, sizeof r1),
              "gaussian_blur in place equals gaussian_blur into a new array");
  cle_release(same);
  cle_release(ref);
  cle_release(f);

  /* float sums are deterministic: the same bits on every call */
  float many[4099];
  for (int k = 0; k < 4099; k++)
    many[k] = 1.0f / (float)(k + 1);
  cle_array *m = push_floats(dev, many, 4099, 1, 1);
  double s1 = m ? cle_sum_of_all_pixels(m) : NAN, s2 = m ? cle_sum_of_all_pixels(m) : NAN;
  expect_true(!isnan(s1) && memcmp(&s1, &s2, sizeof s1) == 0, "float sum is the same on every run");

  cle_release(m);
  cle_release(i1);
  cle_release(b);
  cle_release(v);
  cle_release(s);
  cle_release(n);
  cle_release(c);
}

/* Upstream's deprecated name: the C wrapper, the registry, the alias table. */
static void aliases(cle_device *dev)
{
  const unsigned char pixels[9] = {1, 0, 1, 0, 1, 0, 1, 0, 1};
  cle_array *binary = cle_push(dev, pixels, CLE_UINT8, 3, 3, 1);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  cle_array *old = binary ? cle_connected_components_labeling(binary, NULL, "diamond") : NULL;
#pragma GCC diagnostic pop
  cle_array *now = binary ? cle_connected_component_labeling(binary, NULL, "sphere") : NULL;
  unsigned a[9] = {0}, b[9] = {1};
  expect_true(old && now && cle_pull(old, a, sizeof a) == 0 && cle_pull(now, b, sizeof b) == 0 &&
                  !memcmp(a, b, sizeof a) && cle_maximum_of_all_pixels(now) == 5,
              "cle_connected_components_labeling (deprecated) gives cle_connected_component_labeling's labels");
  const cle_op_desc *by_alias = cle_op_find("connected_components_labeling");
  const cle_alias_desc *alias = cle_alias_find("connected_components_labeling");
  int listed = 0; /* the op may have other aliases too (pyclesperanto_prototype's names) */
  for (int i = 0; by_alias && i < by_alias->n_aliases; i++)
    listed += !strcmp(by_alias->aliases[i].name, "connected_components_labeling");
  expect_true(by_alias && by_alias == cle_op_find("connected_component_labeling") && alias && alias->deprecated &&
                  !strcmp(alias->op, "connected_component_labeling") && listed == 1,
              "the registry finds the op by its alias and lists the alias");
  cle_clear_error();
  expect_true(!cle_alias_find("gaussian_blur") && cle_last_error() == CLE_OK && cle_alias_count() >= 1 &&
                  cle_alias_info(0) != NULL && !cle_alias_info(cle_alias_count()),
              "cle_alias_find of an op name is NULL without an error; cle_alias_info checks its index");
  cle_release(old);
  cle_release(now);
  cle_release(binary);

  /* keep_dims: a 3D input keeps 3 dimensions (depth 1); a given 2D output of that width x height is fine */
  cle_array *stack = cle_create(dev, CLE_UINT16, 5, 4, 3);
  cle_array *kept = stack ? cle_maximum_z_projection(stack, NULL, true) : NULL;
  cle_array *flat = stack ? cle_sum_z_projection(stack, NULL, false) : NULL;
  expect_true(kept && cle_array_ndim(kept) == 3 && cle_array_depth(kept) == 1 && flat && cle_array_ndim(flat) == 2 &&
                  cle_array_dtype(flat) == CLE_UINT32,
              "keep_dims keeps a 3D result 3D; sum_z_projection of uint16 is uint32 (widened)");
  cle_release(kept);
  cle_release(flat);
  /* along x and y: numpy's shapes, (3, 4) / (3, 5), or (3, 4, 1) / (3, 1, 5) with keep_dims */
  const cle_error INV = CLE_ERROR_INVALID_ARGUMENT;
  cle_array *x2 = stack ? cle_maximum_x_projection(stack, NULL, false) : NULL;
  cle_array *x3 = stack ? cle_x_position_of_maximum_x_projection(stack, NULL, true) : NULL;
  cle_array *y3 = stack ? cle_std_y_projection(stack, NULL, 0, true) : NULL;
  expect_true(x2 && cle_array_ndim(x2) == 2 && cle_array_width(x2) == 4 && cle_array_height(x2) == 3 && x3 &&
                  cle_array_ndim(x3) == 3 && cle_array_width(x3) == 1 && cle_array_height(x3) == 4 &&
                  cle_array_depth(x3) == 3 && cle_array_dtype(x3) == CLE_UINT32 && y3 && cle_array_width(y3) == 5 &&
                  cle_array_height(y3) == 1 && cle_array_depth(y3) == 3 && cle_array_dtype(y3) == CLE_FLOAT32,
              "x and y projections give numpy's shapes (keepdims: the axis of size 1); positions uint32, std float32");
  EXPECT_NULL_ERROR(cle_maximum_x_projection(stack, y3, false), INV, "maximum_x_projection", "output_image", "(3, 4)");
  cle_release(x2);
  cle_release(x3);
  cle_release(y3);
  /* z_position_projection: position covers the input's plane, depth 1 */
  cle_array *pos_wrong = cle_create(dev, CLE_FLOAT32, 5, 3, 1);
  cle_array *pos_deep = cle_create(dev, CLE_FLOAT32, 5, 4, 2);
  EXPECT_NULL_ERROR(cle_z_position_projection(stack, pos_wrong, NULL), INV,
                    "z_position_projection: position must have input_image's width and height, (4, 5), and a depth "
                    "of 1, got (3, 5)");
  EXPECT_NULL_ERROR(cle_z_position_projection(stack, pos_deep, NULL), INV, "z_position_projection: position",
                    "got (2, 4, 5)");
  EXPECT_NULL_ERROR(cle_sum_reduction_x(stack, NULL, 0), INV, "sum_reduction_x: blocksize must be >= 1, got 0");
  EXPECT_NULL_ERROR(cle_std_z_projection(stack, NULL, -1, false), INV, "std_z_projection: ddof must be >= 0, got -1");
  cle_release(pos_wrong);
  cle_release(pos_deep);
  cle_release(stack);
}

int main(void)
{
  cle_device *dev = cle_device_default();
  if (!dev) {
    printf("no device: %s\n", cle_last_error_message());
    return 1;
  }
  bad_arguments(dev);
  edge_cases(dev);
  aliases(dev);
  long live = cle_live_array_count();
  expect_true(live == 0, "no array leaked");
  printf("%s\n", failures ? "FAILED" : "all passed");
  return failures ? 1 : 0;
}
