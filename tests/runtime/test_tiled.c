/* Tiling (cle_tiled.h): every op with a finite footprint that the registry
 * can call with an image output of its input's shape -- the ops
 * bindings/python/tests/test_footprints.py's candidates() selects, all of
 * them -- run through cle_tiled_invoke with odd tiles of 7..33 pixels equals
 * the untiled op bit for bit, on random data; refusals name the op.
 *
 *   test_runtime_tiled 2d       every candidate, float32, 37x41, tiles per op from a seeded stream
 *   test_runtime_tiled 3d       the same, 19x23x29
 *   test_runtime_tiled params   every candidate at other params than its defaults (larger footprints), 2D and 3D
 *   test_runtime_tiled uint8    a handful of candidates on uint8 (values 0..3), 2D and 3D
 *   test_runtime_tiled halo     large footprints (halo > tile), tiles from 7, and the tile chosen by the budget
 *   test_runtime_tiled refuse   global, position-dependent, shape-changing ops; bad halos; bad inputs
 *   test_runtime_tiled halos    prints each candidate's halo at its defaults and at other params, as JSON
 *                               lines, for test_tiled_halos.py to compare with the Python evaluator */
#include <stdint.h>

#include "cesperanto/cesperanto.h"
#include "cesperanto/cle_tiled.h"
#include "test_util.h"
#include "untiled.h"
#include "tiled/tiled_global.h" /* cle_tiled_global_find: which global ops have a tiled form */

static unsigned long long rng_state = 0x2545f4914f6cdd1dull;

static unsigned rng_next(void)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (unsigned)(rng_state >> 32);
}

/* An odd tile size in [7, 33]. */
static size_t odd_tile(void)
{
  return 7 + 2 * (rng_next() % 14);
}

static bool starts_with(const char *s, const char *prefix)
{
  return s && !strncmp(s, prefix, strlen(prefix));
}

/* test_footprints.py's candidates(): finite footprint on every axis, not
 * position-dependent, one image output like/binary of an input, float32
 * inputs, every param with a default. */
static bool is_candidate(const cle_op_desc *op)
{
  if (op->uses_position || op->footprint_global || op->output_kind != CLE_OUTPUT_ARRAY || op->n_inputs == 0)
    return false;
  for (int a = 0; a < 3; a++)
    if (!strcmp(op->footprint[a], "global"))
      return false;
  if (!starts_with(op->output_creator, "like(") && !starts_with(op->output_creator, "binary("))
    return false;
  for (int i = 0; i < op->n_inputs; i++)
    if (!(op->inputs[i].dtype_mask & (1u << CLE_FLOAT32)))
      return false;
  for (int p = 0; p < op->n_params; p++)
    if (!op->params[p].has_default)
      return false;
  return true;
}

static void defaults(const cle_op_desc *op, cle_value *params)
{
  for (int p = 0; p < op->n_params; p++)
    params[p] = op->params[p].default_value;
}

/* Other params than the defaults: each float one 1.75 more, each int one 2 more (within its maximum; a
 * NaN default becomes 1, an optional int's None stays). Footprints then grow. */
static void other_params(const cle_op_desc *op, cle_value *params)
{
  for (int p = 0; p < op->n_params; p++) {
    const cle_param_desc *d = &op->params[p];
    if (d->type != CLE_TYPE_FLOAT && d->type != CLE_TYPE_INT)
      continue;
    if (d->type == CLE_TYPE_INT && d->optional && params[p].number == (double)CLE_NONE)
      continue;
    double v = isnan(params[p].number) ? 1 : params[p].number + (d->type == CLE_TYPE_FLOAT ? 1.75 : 2);
    if (d->has_max && v > d->max)
      v = d->max;
    params[p].number = v;
  }
}

static cle_host_image random_image(cle_dtype dtype, int ndim, const size_t size[3], unsigned seed)
{
  cle_host_image img = {.dtype = dtype, .ndim = ndim, .width = size[0], .height = size[1], .depth = size[2]};
  const size_t n = size[0] * size[1] * size[2];
  img.data = malloc(n * cle_dtype_size(dtype));
  unsigned long long s = 0x9e3779b97f4a7c15ull ^ seed;
  for (size_t i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    if (dtype == CLE_FLOAT32)
      ((float *)img.data)[i] = (float)(s >> 40) / (float)(1u << 24); /* [0, 1) as numpy's random() */
    else
      ((uint8_t *)img.data)[i] = (uint8_t)((s >> 40) % 4);
  }
  return img;
}

static int compared, skipped;

/* The op at params over inputs, untiled and tiled by tile: the same bytes. */
static void compare(const cle_op_desc *op, cle_host_image *const *inputs, const cle_value *params, const size_t tile[3])
{
  cle_host_image want = {0};
  if (untiled(op, inputs, params, &want) != 0) {
    /* the op refuses these inputs (fractional labels, dtype): so must the tiled call, as the op says */
    const cle_error code = cle_last_error();
    char message[512];
    snprintf(message, sizeof message, "%s", cle_last_error_message());
    cle_host_image_free(&want);
    cle_tiled_result got;
    const cle_tile_options options = {.tile = {tile[0], tile[1], tile[2]}};
    CHECK(cle_tiled_invoke(op->name, (const cle_host_image *const *)inputs, params, &got, &options) != 0,
          "%s: untiled failed (%s) but tiled succeeded", op->name, message);
    CHECK(code != CLE_ERROR_INVALID_ARGUMENT || cle_last_error() == code, "%s: untiled [%s] %s, tiled [%s] %s",
          op->name, cle_error_name(code), message, cle_error_name(cle_last_error()), cle_last_error_message());
    cle_tiled_result_free(&got);
    skipped++;
    cle_clear_error();
    return;
  }
  cle_tiled_result got;
  const cle_tile_options options = {.tile = {tile[0], tile[1], tile[2]}};
  if (cle_tiled_invoke(op->name, (const cle_host_image *const *)inputs, params, &got, &options) != 0) {
    CHECK(false, "%s (tile %zux%zux%zu): [%s] %s", op->name, tile[0], tile[1], tile[2],
          cle_error_name(cle_last_error()), cle_last_error_message());
  } else {
    const cle_host_image *g = &got.image;
    bool same_shape = g->dtype == want.dtype && g->width == want.width && g->height == want.height &&
                      g->depth == want.depth && g->ndim == want.ndim;
    CHECK(same_shape, "%s: tiled gives %s %dD %zux%zux%zu, untiled %s %dD %zux%zux%zu", op->name,
          cle_dtype_name(g->dtype), g->ndim, g->width, g->height, g->depth, cle_dtype_name(want.dtype), want.ndim,
          want.width, want.height, want.depth);
    if (same_shape) {
      const size_t elem = cle_dtype_size(want.dtype), n = want.width * want.height * want.depth;
      size_t first = n;
      for (size_t i = 0; i < n && first == n; i++)
        if (memcmp((char *)g->data + i * elem, (char *)want.data + i * elem, elem))
          first = i;
      CHECK(first == n, "%s (%s, %zux%zux%zu, tile %zux%zux%zu): differs first at x=%zu y=%zu z=%zu", op->name,
            cle_dtype_name(inputs[0]->dtype), want.width, want.height, want.depth, tile[0], tile[1], tile[2],
            first % want.width, first / want.width % want.height, first / want.width / want.height);
    }
    compared++;
  }
  cle_tiled_result_free(&got);
  cle_host_image_free(&want);
}

/* uint8 for a handful of families (the other dtypes' programs would take minutes to build cold on pocl). */
static const char *const uint8_ops[] = {"gaussian_blur", "sobel",         "maximum_filter",     "median",     "mode",
                                        "top_hat",       "binary_dilate", "detect_label_edges", "add_images", NULL};

static bool in_list(const char *const *list, const char *name)
{
  for (; *list; list++)
    if (!strcmp(*list, name))
      return true;
  return false;
}

static void every_candidate(cle_dtype dtype, int ndim, const size_t size[3], bool other)
{
  for (int k = 0; k < cle_op_count(); k++) {
    const cle_op_desc *op = cle_op_info(k);
    if (!is_candidate(op) || (dtype == CLE_UINT8 && !in_list(uint8_ops, op->name)))
      continue;
    bool takes = true;
    for (int i = 0; i < op->n_inputs; i++)
      takes &= (op->inputs[i].dtype_mask & (1u << dtype)) != 0;
    if (!takes)
      continue;
    cle_host_image images[8], *inputs[8];
    for (int i = 0; i < op->n_inputs; i++) {
      images[i] = random_image(dtype, ndim, size, (unsigned)(k * 8 + i));
      inputs[i] = &images[i];
    }
    cle_value params[64];
    defaults(op, params);
    if (other)
      other_params(op, params);
    const size_t tile[3] = {odd_tile(), odd_tile(), ndim == 3 ? odd_tile() : 0};
    compare(op, inputs, params, tile);
    for (int i = 0; i < op->n_inputs; i++)
      cle_host_image_free(&images[i]);
  }
}

/* Footprints larger than the tiles: an op at params, tiles 7 (x) and 9 (y, z). */
static void large_halo(const char *name, const char *param, double value, int ndim, const size_t size[3])
{
  const cle_op_desc *op = cle_op_find(name);
  CHECK(op != NULL, "no op %s", name);
  if (!op)
    return;
  cle_value params[64];
  defaults(op, params);
  for (int p = 0; p < op->n_params; p++)
    if (!strcmp(op->params[p].name, param) || (param[0] == '*' && op->params[p].type == CLE_TYPE_FLOAT))
      params[p].number = value;
  size_t halo[3];
  CHECK_OK(cle_op_halo(op, params, halo) == 0);
  CHECK(halo[0] > 7, "%s: a halo of %zu along x is not larger than the tile", name, halo[0]);
  cle_host_image images[8], *inputs[8];
  for (int i = 0; i < op->n_inputs; i++) {
    images[i] = random_image(CLE_FLOAT32, ndim, size, (unsigned)(100 + i));
    inputs[i] = &images[i];
  }
  const size_t tile[3] = {7, 9, ndim == 3 ? 9 : 0};
  compare(op, inputs, params, tile);
  for (int i = 0; i < op->n_inputs; i++)
    cle_host_image_free(&images[i]);
}

static void halo_cases(void)
{
  const size_t s2[3] = {37, 41, 1}, s3[3] = {19, 23, 29};
  large_halo("gaussian_blur", "*", 2.5, 2, s2);  /* halo 10 */
  large_halo("gaussian_blur", "*", 2.5, 3, s3);  /* halo 10 */
  large_halo("mean_filter", "*", 9, 2, s2);      /* halo 9 */
  large_halo("maximum_filter", "*", 8.5, 3, s3); /* halo 8 */
  large_halo("median", "*", 8, 2, s2);           /* halo 8 */
  large_halo("top_hat", "*", 8, 2, s2);          /* a composite: two passes, halo 16 */
  large_halo("difference_of_gaussian", "*", 2.2, 3, s3);
  large_halo("sato_filter", "sigma_minimum", 1, 2, s2); /* at its defaults: halo 17 */
  /* the tile chosen from the device's budget: here the whole image, one tile */
  const cle_op_desc *op = cle_op_find("sobel");
  cle_host_image img = random_image(CLE_FLOAT32, 3, s3, 7), *inputs[1] = {&img};
  const size_t open[3] = {0, 0, 0};
  compare(op, inputs, NULL, open);
  cle_host_image_free(&img);
  /* boxes of megabytes: packed and unpacked by several threads (parallel.c cuts 1 MiB parts),
   * the output (9.8 MB) on huge pages (host_memory.c: from 8 MiB on) */
  setenv("CLE_TRANSFER_THREADS", "4", 1);
  const size_t big[3] = {256, 200, 48}, tile[3] = {180, 140, 30};
  cle_host_image large = random_image(CLE_FLOAT32, 3, big, 8), *one[1] = {&large};
  cle_value params[8];
  defaults(cle_op_find("gaussian_blur"), params);
  compare(cle_op_find("gaussian_blur"), one, params, tile);
  unsetenv("CLE_TRANSFER_THREADS");
  cle_host_image_free(&large);
}

static void refusals(void)
{
  const size_t size[3] = {12, 10, 1};
  cle_host_image img = random_image(CLE_FLOAT32, 2, size, 1), *inputs[2] = {&img, &img};
  cle_tiled_result out;
  const cle_tile_options options = {.tile = {7, 7, 0}};
  cle_value params[64];
  /* a global footprint without a tiled algorithm: the first such op of one float32 input */
  const cle_op_desc *global = NULL;
  for (int k = 0; k < cle_op_count() && !global; k++) {
    const cle_op_desc *op = cle_op_info(k);
    if (op->footprint_global && op->n_inputs == 1 && (op->inputs[0].dtype_mask & (1u << CLE_FLOAT32)) &&
        !cle_tiled_global_find(op->name))
      global = op;
  }
  CHECK(global != NULL, "no global op without a tiled form left to test the refusal with");
  if (global) {
    char want[256];
    snprintf(want, sizeof want, "%s: its footprint is global and it has no tiled form", global->name);
    defaults(global, params);
    EXPECT_ERROR(cle_tiled_invoke(global->name, (const cle_host_image *const *)inputs, params, &out, &options),
                 CLE_ERROR_UNSUPPORTED, want);
    EXPECT_ERROR(cle_op_halo(global, params, (size_t[3]){0}), CLE_ERROR_UNSUPPORTED, "its footprint is global");
  }
  /* a projection: global along z, a result of another shape */
  defaults(cle_op_find("maximum_z_projection"), params);
  EXPECT_ERROR(cle_tiled_invoke("maximum_z_projection", (const cle_host_image *const *)inputs, params, &out, &options),
               CLE_ERROR_UNSUPPORTED, "maximum_z_projection: its footprint is global");
  /* position-dependent */
  defaults(cle_op_find("multiply_image_and_position"), params);
  EXPECT_ERROR(
      cle_tiled_invoke("multiply_image_and_position", (const cle_host_image *const *)inputs, params, &out, &options),
      CLE_ERROR_UNSUPPORTED, "multiply_image_and_position: its result depends on the pixel's position");
  /* an output of another shape */
  const cle_op_desc *crop = cle_op_find("crop");
  defaults(crop, params);
  for (int p = 0; p < crop->n_params; p++)
    if (crop->params[p].type == CLE_TYPE_INT && !strcmp(crop->params[p].name, "width"))
      params[p].number = 3;
  cle_clear_error();
  int rc = cle_tiled_invoke("crop", (const cle_host_image *const *)inputs, params, &out, &options);
  CHECK(rc != 0 && cle_last_error() == CLE_ERROR_UNSUPPORTED && strstr(cle_last_error_message(), "crop: "),
        "crop: [%s] %s", cle_error_name(cle_last_error()), cle_last_error_message());
  /* an unknown op, a NaN or negative halo, inputs of two shapes */
  EXPECT_ERROR(cle_tiled_invoke("gaussian_blurr", (const cle_host_image *const *)inputs, params, &out, &options),
               CLE_ERROR_INVALID_ARGUMENT, "gaussian_blurr");
  const cle_op_desc *gb = cle_op_find("gaussian_blur");
  defaults(gb, params);
  params[0].number = NAN; /* the op's own words, as untiled; cle_op_halo's below */
  EXPECT_ERROR(cle_tiled_invoke("gaussian_blur", (const cle_host_image *const *)inputs, params, &out, &options),
               CLE_ERROR_INVALID_ARGUMENT, "gaussian_blur: sigma_x must be finite, got nan");
  params[0].number = -3; /* the op's own range check, before any halo */
  EXPECT_ERROR(cle_tiled_invoke("gaussian_blur", (const cle_host_image *const *)inputs, params, &out, &options),
               CLE_ERROR_INVALID_ARGUMENT, "gaussian_blur: sigma_x must be >= 0, got -3");
  size_t halo[3];
  EXPECT_ERROR(cle_op_halo(gb, params, halo), CLE_ERROR_INVALID_ARGUMENT, "gaussian_blur: its footprint along x");
  params[0].number = NAN;
  EXPECT_ERROR(cle_op_halo(gb, params, halo), CLE_ERROR_INVALID_ARGUMENT, "gaussian_blur: its footprint along x");
  params[0].type = CLE_TYPE_STRING;
  EXPECT_ERROR(cle_op_halo(gb, params, halo), CLE_ERROR_INVALID_ARGUMENT, "gaussian_blur: sigma_x must be a float");
  const size_t other[3] = {12, 11, 1};
  cle_host_image img2 = random_image(CLE_FLOAT32, 2, other, 2), *two[2] = {&img, &img2};
  defaults(cle_op_find("add_images"), params);
  EXPECT_ERROR(cle_tiled_invoke("add_images", (const cle_host_image *const *)two, params, &out, &options),
               CLE_ERROR_INVALID_ARGUMENT, "add_images: the inputs must have one shape");
  EXPECT_ERROR(cle_tiled_invoke("add_images", NULL, params, &out, &options), CLE_ERROR_INVALID_ARGUMENT,
               "add_images: inputs must not be NULL");
  cle_host_image_free(&img2);
  cle_host_image_free(&img);
}

/* One JSON line per candidate and param set: the params as numbers and C's halo (null where refused). */
static void print_halos(void)
{
  for (int k = 0; k < cle_op_count(); k++) {
    const cle_op_desc *op = cle_op_info(k);
    if (!is_candidate(op))
      continue;
    for (int set = 0; set < 2; set++) {
      cle_value params[64];
      defaults(op, params);
      if (set == 1)
        other_params(op, params);
      printf("{\"op\": \"%s\", \"params\": {", op->name);
      int n = 0;
      for (int p = 0; p < op->n_params; p++)
        if (op->params[p].type == CLE_TYPE_FLOAT || op->params[p].type == CLE_TYPE_INT ||
            op->params[p].type == CLE_TYPE_BOOL) {
          if (isfinite(params[p].number))
            printf("%s\"%s\": %.17g", n++ ? ", " : "", op->params[p].name, params[p].number);
          else
            printf("%s\"%s\": \"%s\"", n++ ? ", " : "", op->params[p].name,
                   isnan(params[p].number) ? "nan"
                   : params[p].number > 0  ? "inf"
                                           : "-inf");
        }
      size_t halo[3];
      if (cle_op_halo(op, params, halo) == 0)
        printf("}, \"halo\": [%zu, %zu, %zu]}\n", halo[0], halo[1], halo[2]);
      else
        printf("}, \"halo\": null, \"error\": \"%s\"}\n", cle_error_name(cle_last_error()));
      cle_clear_error();
    }
  }
}

int main(int argc, char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "";
  const size_t s2[3] = {37, 41, 1}, s3[3] = {19, 23, 29};
  if (!strcmp(mode, "halos")) {
    print_halos();
    return 0;
  }
  if (!strcmp(mode, "2d"))
    every_candidate(CLE_FLOAT32, 2, s2, false);
  else if (!strcmp(mode, "3d"))
    every_candidate(CLE_FLOAT32, 3, s3, false);
  else if (!strcmp(mode, "params")) {
    every_candidate(CLE_FLOAT32, 2, s2, true);
    every_candidate(CLE_FLOAT32, 3, s3, true);
  } else if (!strcmp(mode, "uint8")) {
    every_candidate(CLE_UINT8, 2, s2, false);
    every_candidate(CLE_UINT8, 3, s3, false);
  } else if (!strcmp(mode, "halo"))
    halo_cases();
  else if (!strcmp(mode, "refuse"))
    refusals();
  else {
    fprintf(stderr, "usage: test_runtime_tiled 2d|3d|uint8|halo|refuse|halos\n");
    return 2;
  }
  printf("%s: %d compared bit for bit, %d refused by the op itself (and so tiled)\n", mode, compared, skipped);
  CHECK(strcmp(mode, "refuse") == 0 || compared > 0, "nothing compared");
  CHECK(strcmp(mode, "uint8") || compared == 2 * (int)(sizeof uint8_ops / sizeof uint8_ops[0] - 1),
        "uint8: %d compared; an op of the list is no candidate any more", compared);
  return test_finish(mode);
}
