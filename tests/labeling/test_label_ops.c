/* The label-processing ops on realistic label images, exactly against the
 * CPU references: the spec tests' fills give one label (sparse, binary) or
 * dense noise (random), so here many touching and separate objects are
 * drawn (disks around random seeds, each pixel the nearest seed's label,
 * background farther than a radius), in 1D, 2D and 3D, odd shapes, several
 * dtypes; every op with a few parameter sets, through the registry. Also
 * the empty image and a single pixel. */
#include <math.h>
#include <stdlib.h>

#include "labeling_util.h"

static cle_device *dev;

/* Labels 1..n_seeds around random seeds: a pixel takes the nearest seed's
 * label (the first on ties) within distance radius, else 0. */
static ref_image draw_labels(cle_dtype dtype, int ndim, const size_t *shape, int n_seeds, double radius, uint64_t *rng)
{
  ref_image img = lt_image(dtype, ndim, shape);
  double seed[64][3];
  const size_t size[3] = {img.width, img.height, img.depth};
  for (int s = 0; s < n_seeds; s++)
    for (int k = 0; k < 3; k++)
      seed[s][k] = floor(lt_uniform(rng) * (double)size[k]);
  for (size_t z = 0; z < img.depth; z++)
    for (size_t y = 0; y < img.height; y++)
      for (size_t x = 0; x < img.width; x++) {
        double best = radius * radius;
        int label = 0;
        for (int s = 0; s < n_seeds; s++) {
          const double dx = (double)x - seed[s][0], dy = (double)y - seed[s][1], dz = (double)z - seed[s][2];
          const double d = dx * dx + dy * dy + dz * dz;
          if (d <= best && (label == 0 || d < best)) {
            best = d;
            label = s + 1;
          }
        }
        ref_set(&img, lt_index(&img, x, y, z), label);
      }
  return img;
}

typedef struct op_case {
  const char *op;
  int n_params;
  cle_value params[3];
} op_case;

#define INT(v)                          \
  {                                     \
    .type = CLE_TYPE_INT, .number = (v) \
  }
#define BOOL(v)                          \
  {                                      \
    .type = CLE_TYPE_BOOL, .number = (v) \
  }

static const op_case one_input[] = {
    {"detect_label_edges", 0, {{0}}},
    {"reduce_labels_to_label_edges", 0, {{0}}},
    {"label_spots", 0, {{0}}},
    {"dilate_labels", 1, {INT(1)}},
    {"dilate_labels", 1, {INT(2)}},
    {"dilate_labels", 1, {INT(7)}},
    {"erode_labels", 2, {INT(1), BOOL(0)}},
    {"erode_labels", 2, {INT(2), BOOL(0)}},
    {"erode_labels", 2, {INT(3), BOOL(1)}},
    {"opening_labels", 1, {INT(1)}},
    {"opening_labels", 1, {INT(2)}},
    {"closing_labels", 1, {INT(1)}},
    {"closing_labels", 1, {INT(2)}},
    {"closing_labels", 1, {INT(3)}},
    {"smooth_labels", 1, {INT(1)}},
    {"smooth_labels", 1, {INT(2)}},
    {"erode_connected_labels", 1, {INT(1)}},
    {"erode_connected_labels", 1, {INT(2)}},
    {"smooth_connected_labels", 1, {INT(2)}},
    {"extend_labeling_via_voronoi", 0, {{0}}},
    {"voronoi_labeling", 0, {{0}}},
    {"remove_labels_on_edges", 3, {BOOL(1), BOOL(1), BOOL(1)}},
    {"remove_labels_on_edges", 3, {BOOL(0), BOOL(1), BOOL(0)}},
    {"merge_touching_labels", 0, {{0}}},
};

/* The op on the device (through the registry) equals its reference. */
static void check(const char *name, const char *op, const ref_image *const *inputs, int n_inputs,
                  const cle_value *params)
{
  char what[200];
  snprintf(what, sizeof what, "%s on %s", op, name);
  const cle_op_desc *desc = cle_op_find(op);
  ref_fn ref = ref_lookup(op);
  if (!desc || !ref) {
    LT_CHECK(false, "%s: no such op or reference", what);
    return;
  }
  ref_image want;
  memset(&want, 0, sizeof want);
  if (ref(inputs, params, &want, NULL) != 0) {
    LT_CHECK(false, "%s: the reference failed", what);
    return;
  }
  cle_array *arrays[2] = {NULL, NULL};
  for (int k = 0; k < n_inputs; k++)
    arrays[k] = lt_push(dev, inputs[k]);
  cle_op_result result = {0};
  const int rc = desc->invoke(arrays, NULL, params, &result);
  LT_CHECK(rc == 0, "%s: %s", what, cle_last_error_message());
  ref_image got;
  if (rc == 0 && lt_pull(result.array, &got)) {
    lt_same(what, &got, &want);
    ref_image_free(&got);
  }
  cle_release(result.array);
  for (int k = 0; k < n_inputs; k++)
    cle_release(arrays[k]);
  ref_image_free(&want);
}

static void check_image(const char *name, const ref_image *img, uint64_t *rng)
{
  const ref_image *inputs[2] = {img, NULL};
  for (size_t c = 0; c < sizeof one_input / sizeof one_input[0]; c++)
    check(name, one_input[c].op, inputs, 1, one_input[c].params);

  /* masked_voronoi_labeling: seeds are the labels' cores, the mask their union */
  ref_image seeds, mask, list;
  ref_image_like(&seeds, img, CLE_UINT8);
  ref_image_like(&mask, img, CLE_UINT8);
  for (size_t i = 0; i < ref_image_size(img); i++) {
    ref_set(&mask, i, ref_get(img, i) != 0);
    ref_set(&seeds, i, ref_get(img, i) != 0 && lt_uniform(rng) < 0.05);
  }
  const ref_image *two[2] = {&seeds, &mask};
  check(name, "masked_voronoi_labeling", two, 2, NULL);

  /* remove_labels with a random flag list shorter than the labels */
  const size_t n_list = 1 + (size_t)(lt_random(rng) % 20);
  list = lt_image(CLE_UINT32, 1, &n_list);
  for (size_t i = 0; i < n_list; i++)
    ref_set(&list, i, lt_uniform(rng) < 0.3);
  const ref_image *with_list[2] = {img, &list};
  check(name, "remove_labels", with_list, 2, NULL);

  /* combine_labels with a shifted copy of itself */
  ref_image other;
  ref_image_like(&other, img, img->dtype);
  for (size_t i = 0; i < ref_image_size(img); i++)
    ref_set(&other, i, ref_get(img, (i + 7) % ref_image_size(img)));
  const ref_image *pair[2] = {img, &other};
  check(name, "combine_labels", pair, 2, NULL);

  ref_image_free(&seeds);
  ref_image_free(&mask);
  ref_image_free(&list);
  ref_image_free(&other);
}

int main(void)
{
  dev = cle_device_default();
  if (!dev) {
    fprintf(stderr, "no device: %s\n", cle_last_error_message());
    return 1;
  }
  printf("device: %s\n", cle_device_name(dev));
  uint64_t rng = 2024;
  const size_t s1[1] = {101}, s2a[2] = {37, 41}, s2b[2] = {64, 51}, s3a[3] = {9, 21, 23}, s3b[3] = {13, 17, 19};
  const size_t one[2] = {1, 1}, flat[3] = {1, 7, 9};
  struct {
    const char *name;
    cle_dtype dtype;
    int ndim;
    const size_t *shape;
    int seeds;
    double radius;
  } cases[] = {
      {"1d uint8", CLE_UINT8, 1, s1, 12, 4},       {"2d uint32", CLE_UINT32, 2, s2a, 14, 6},
      {"2d uint16", CLE_UINT16, 2, s2b, 30, 5},    {"2d float32", CLE_FLOAT32, 2, s2a, 9, 8},
      {"3d uint32", CLE_UINT32, 3, s3a, 16, 4},    {"3d int32", CLE_INT32, 3, s3b, 20, 3.5},
      {"3d flat uint8", CLE_UINT8, 3, flat, 4, 3}, {"2d empty", CLE_UINT32, 2, s2a, 0, 0},
      {"single pixel", CLE_UINT32, 2, one, 1, 1},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    ref_image img = draw_labels(cases[c].dtype, cases[c].ndim, cases[c].shape, cases[c].seeds, cases[c].radius, &rng);
    check_image(cases[c].name, &img, &rng);
    ref_image_free(&img);
  }
  LT_CHECK(cle_live_array_count() == 0, "%ld arrays leaked", cle_live_array_count());
  printf("%s\n", lt_failures ? "FAILED" : "passed");
  return lt_failures ? 1 : 0;
}
