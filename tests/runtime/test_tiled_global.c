/* The tiled algorithms of global ops (runtime/tiled/tiled_global.c) against
 * the untiled ops on the same device: random images, tiles of odd sizes
 * 7..33 (the last one on an axis 1-2 pixels wide in places).
 *
 * Usage: test_runtime_tiled_global labeling|histogram|reduce|statistics */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cesperanto/cesperanto.h"
#include "test_util.h"
#include "tiled/tiled_global.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)(rng_state >> 11);
}

static double uniform(void)
{
  return rnd() / 2097152.0 / 1024.0; /* [0, 1) from 21 + 10 bits */
}

static cle_host_image host_new(cle_dtype dtype, int ndim, size_t w, size_t h, size_t d)
{
  cle_host_image img = {.dtype = dtype, .ndim = ndim, .width = w, .height = h, .depth = d};
  img.data = calloc(w * h * d, cle_dtype_size(dtype));
  return img;
}

static size_t host_n(const cle_host_image *img)
{
  return img->width * img->height * img->depth;
}

static void host_set(cle_host_image *img, size_t i, double v)
{
  switch (img->dtype) {
  case CLE_INT8: ((int8_t *)img->data)[i] = (int8_t)v; break;
  case CLE_UINT8: ((uint8_t *)img->data)[i] = (uint8_t)v; break;
  case CLE_INT16: ((int16_t *)img->data)[i] = (int16_t)v; break;
  case CLE_UINT16: ((uint16_t *)img->data)[i] = (uint16_t)v; break;
  case CLE_INT32: ((int32_t *)img->data)[i] = (int32_t)v; break;
  case CLE_UINT32: ((uint32_t *)img->data)[i] = (uint32_t)v; break;
  case CLE_FLOAT32: ((float *)img->data)[i] = (float)v; break;
  }
}

static cle_array *host_push(const cle_host_image *img)
{
  size_t shape[3];
  const size_t sizes[3] = {img->width, img->height, img->depth};
  for (int i = 0; i < img->ndim; i++)
    shape[i] = sizes[img->ndim - 1 - i];
  return cle_push_nd(NULL, img->data, img->dtype, img->ndim, shape);
}

/* The untiled op on the whole images: *res as the registry gives it. */
static int untiled(const char *name, const cle_host_image *const *inputs, const cle_value *params, cle_op_result *res)
{
  const cle_op_desc *op = cle_op_find(name);
  cle_array *arrays[4] = {NULL};
  int rc = 0;
  for (int k = 0; k < op->n_inputs; k++)
    if (inputs[k] && !(arrays[k] = host_push(inputs[k])))
      rc = -1;
  if (rc == 0)
    rc = op->invoke(arrays, NULL, params, res);
  for (int k = 0; k < op->n_inputs; k++)
    cle_release(arrays[k]);
  return rc;
}

/* The tiled algorithm of name (found as the engine finds it: by the op's own name). */
static int tiled(const char *name, const cle_host_image *const *inputs, const cle_value *params, const size_t tile[3],
                 cle_tiled_result *out)
{
  const cle_op_desc *op = cle_op_find(name);
  cle_tiled_global_fn fn = op ? cle_tiled_global_find(op->name) : NULL;
  CHECK(fn != NULL, "%s has no tiled algorithm", name);
  if (!fn)
    return -1;
  const cle_host_image *first = inputs[0] ? inputs[0] : inputs[1];
  cle_tiled_call call = {.op = op,
                         .dev = cle_device_default(),
                         .inputs = inputs,
                         .params = params,
                         .size = {first->width, first->height, first->depth},
                         .tile = {tile[0], tile[1], tile[2]}};
  memset(out, 0, sizeof *out);
  return fn(&call, out);
}

/* Pull arr (uint32 expected) and compare with img. */
static int same_pixels(const cle_array *arr, const cle_host_image *img, const char *what)
{
  const size_t bytes = cle_array_nbytes(arr);
  CHECK(cle_array_dtype(arr) == img->dtype && bytes == cle_host_image_nbytes(img), "%s: dtype or size differs", what);
  if (cle_array_dtype(arr) != img->dtype || bytes != cle_host_image_nbytes(img))
    return 0;
  unsigned char *buf = malloc(bytes);
  int same = cle_pull(arr, buf, bytes) == 0 && memcmp(buf, img->data, bytes) == 0;
  if (!same) {
    const size_t elem = cle_dtype_size(img->dtype);
    for (size_t i = 0; i < bytes / elem; i++)
      if (memcmp(buf + i * elem, (unsigned char *)img->data + i * elem, elem)) {
        uint32_t a = 0, b = 0;
        memcpy(&a, buf + i * elem, elem < 4 ? elem : 4);
        memcpy(&b, (unsigned char *)img->data + i * elem, elem < 4 ? elem : 4);
        fprintf(stderr, "%s: first difference at pixel %zu: untiled %u, tiled %u\n", what, i, a, b);
        break;
      }
  }
  free(buf);
  CHECK(same, "%s: tiled output differs from the untiled op", what);
  return same;
}

static size_t odd_tile(void)
{
  return 7 + 2 * (rnd() % 14); /* 7, 9, ..., 33 */
}

/* ---- labeling --------------------------------------------------------- */

static void labeling_case(int ndim, size_t w, size_t h, size_t d, double density, cle_dtype dtype, const char *conn,
                          const size_t tile[3])
{
  cle_host_image img = host_new(dtype, ndim, w, h, d);
  for (size_t i = 0; i < host_n(&img); i++)
    host_set(&img, i, uniform() < density ? (dtype == CLE_FLOAT32 && uniform() < 0.1 ? NAN : 1 + rnd() % 5) : 0);
  const cle_host_image *inputs[1] = {&img};
  const cle_value params[1] = {{.type = CLE_TYPE_STRING, .string = conn}};
  char what[160];
  snprintf(what, sizeof what, "labeling %zux%zux%zu %s density %.2f %s tile %zux%zux%zu", w, h, d,
           cle_dtype_name(dtype), density, conn, tile[0], tile[1], tile[2]);
  cle_op_result ref;
  cle_tiled_result out;
  CHECK_OK(untiled("connected_component_labeling", inputs, params, &ref) == 0);
  const char *name = rnd() % 2 ? "label" : "connected_component_labeling"; /* an alias finds the same */
  CHECK_OK(tiled(name, inputs, params, tile, &out) == 0);
  if (ref.array && out.image.data)
    same_pixels(ref.array, &out.image, what);
  cle_release(ref.array);
  cle_host_image_free(&out.image);
  cle_host_image_free(&img);
}

static void test_labeling(void)
{
  const char *conns[3] = {"box", "sphere", "diamond"};
  const double densities[4] = {0.1, 0.35, 0.55, 0.75};
  /* fixed cases: tiles leaving 1-2 pixels at the end of an axis */
  const size_t t1[3] = {15, 9, 1}, t2[3] = {9, 11, 7}, t3[3] = {30, 45, 1}, t4[3] = {7, 7, 7};
  for (int c = 0; c < 2; c++)
    for (int k = 0; k < 4; k++) {
      labeling_case(2, 61, 47, 1, densities[k], CLE_UINT8, conns[c], t1);    /* last x 1, last y 2 */
      labeling_case(2, 61, 47, 1, densities[k], CLE_UINT8, conns[c], t3);    /* 30, 30, 1; 45, 2 */
      labeling_case(3, 47, 35, 16, densities[k], CLE_UINT16, conns[c], t2);  /* 2, 2, 2 at the ends */
      labeling_case(3, 29, 23, 15, densities[k], CLE_FLOAT32, conns[c], t4); /* 1, 2, 1 */
    }
  /* random shapes, densities, dtypes and odd tiles */
  for (int r = 0; r < 24; r++) {
    const int ndim = 2 + (int)(rnd() % 2);
    const size_t w = 8 + rnd() % 70, h = 8 + rnd() % 50, d = ndim == 3 ? 3 + rnd() % 20 : 1;
    const size_t tile[3] = {odd_tile(), odd_tile(), ndim == 3 ? odd_tile() : 1};
    const cle_dtype dtypes[3] = {CLE_UINT8, CLE_INT32, CLE_FLOAT32};
    labeling_case(ndim, w, h, d, 0.05 + 0.8 * uniform(), dtypes[rnd() % 3], conns[rnd() % 3], tile);
  }
  /* 1D, and one tile over the whole image */
  const size_t t1d[3] = {7, 1, 1}, whole[3] = {100, 100, 100};
  labeling_case(1, 257, 1, 1, 0.5, CLE_UINT8, "box", t1d);
  labeling_case(2, 40, 30, 1, 0.5, CLE_UINT8, "sphere", whole);
  /* slabs of whole rows and planes: pushed from and pulled into the image without packing */
  const size_t rows[3] = {61, 9, 1}, slab[3] = {47, 35, 5};
  labeling_case(2, 61, 47, 1, 0.5, CLE_UINT8, "box", rows);
  labeling_case(3, 47, 35, 16, 0.5, CLE_UINT16, "box", slab);
  labeling_case(3, 47, 35, 16, 0.3, CLE_FLOAT32, "sphere", slab);
  /* megabytes: the boxes packed and the host passes run on several threads (parallel.c cuts 1 MiB
   * parts), the labels (9.8 MB) on huge pages (host_memory.c: from 8 MiB on) */
  setenv("CLE_TRANSFER_THREADS", "4", 1);
  const size_t big[3] = {150, 100, 40};
  labeling_case(3, 256, 200, 48, 0.3, CLE_FLOAT32, "box", big);
  labeling_case(3, 256, 200, 48, 0.6, CLE_UINT8, "sphere", big);
  unsetenv("CLE_TRANSFER_THREADS");
  /* a bad connectivity: the op's own error */
  cle_host_image img = host_new(CLE_UINT8, 2, 20, 20, 1);
  const cle_host_image *inputs[1] = {&img};
  const cle_value bad[1] = {{.type = CLE_TYPE_STRING, .string = "cube"}};
  cle_tiled_result out;
  EXPECT_ERROR(tiled("connected_component_labeling", inputs, bad, t4, &out) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "connectivity must be one of");
  CHECK(out.image.data == NULL, "no output after a failure");
  cle_host_image_free(&img);
}

/* ---- histogram ops ----------------------------------------------------- */

/* A random image: kind 0 the full range of dtype (or [0, 1) for float), 1 a
 * small integer range (one bin per value), 2 float with NaN and an offset. */
static cle_host_image random_image(int ndim, size_t w, size_t h, size_t d, cle_dtype dtype, int kind)
{
  cle_host_image img = host_new(dtype, ndim, w, h, d);
  static const double lo[CLE_DTYPE_COUNT] = {-128, 0, -32768, 0, -2e9, 0, 0},
                      hi[CLE_DTYPE_COUNT] = {127, 255, 32767, 65535, 2e9, 4e9, 1};
  for (size_t i = 0; i < host_n(&img); i++) {
    double v = lo[dtype] + (hi[dtype] - lo[dtype]) * uniform();
    if (kind == 1)
      v = 10 + (double)(rnd() % 40) - (dtype == CLE_INT8 || dtype == CLE_INT16 || dtype == CLE_INT32 ? 30 : 0);
    if (kind == 2)
      v = uniform() < 0.02 ? NAN : -3.5 + 7 * uniform() * uniform();
    host_set(&img, i, dtype == CLE_FLOAT32 ? v : floor(v));
  }
  return img;
}

static void histogram_case(int ndim, size_t w, size_t h, size_t d, cle_dtype dtype, int kind, const size_t tile[3])
{
  cle_host_image img = random_image(ndim, w, h, d, dtype, kind);
  const cle_host_image *inputs[1] = {&img};
  char what[160];
  static const char *const image_ops[3] = {"threshold_otsu", "threshold_yen", "normalize"};
  for (int o = 0; o < 3; o++) {
    const cle_value np[2] = {{.type = CLE_TYPE_FLOAT, .number = kind == 1 ? 0 : 2.5},
                             {.type = CLE_TYPE_FLOAT, .number = 97}};
    snprintf(what, sizeof what, "%s %zux%zux%zu %s kind %d tile %zux%zux%zu", image_ops[o], w, h, d,
             cle_dtype_name(dtype), kind, tile[0], tile[1], tile[2]);
    cle_op_result ref;
    cle_tiled_result out;
    CHECK_OK(untiled(image_ops[o], inputs, np, &ref) == 0);
    CHECK_OK(tiled(image_ops[o], inputs, np, tile, &out) == 0);
    if (ref.array && out.image.data)
      same_pixels(ref.array, &out.image, what);
    cle_release(ref.array);
    cle_host_image_free(&out.image);
  }
  const double percentiles[4] = {0, 3.5, 50, 100};
  for (int k = 0; k < 4; k++) {
    const cle_value pp[1] = {{.type = CLE_TYPE_FLOAT, .number = percentiles[k]}};
    cle_op_result ref;
    cle_tiled_result out;
    CHECK_OK(untiled("percentile", inputs, pp, &ref) == 0);
    CHECK_OK(tiled("percentile", inputs, pp, tile, &out) == 0);
    CHECK(ref.scalar == out.scalar || (isnan(ref.scalar) && isnan(out.scalar)), "percentile %g of %s: %.17g vs %.17g",
          percentiles[k], what, ref.scalar, out.scalar);
  }
  cle_host_image_free(&img);
}

static void test_histogram(void)
{
  const size_t t1[3] = {15, 9, 1}, t2[3] = {9, 11, 7}, t4[3] = {7, 7, 7};
  histogram_case(2, 61, 47, 1, CLE_UINT8, 0, t1);
  histogram_case(2, 61, 47, 1, CLE_UINT8, 1, t1);
  histogram_case(3, 47, 35, 16, CLE_UINT16, 0, t2);
  histogram_case(3, 29, 23, 15, CLE_FLOAT32, 2, t4);
  histogram_case(2, 61, 47, 1, CLE_INT16, 1, t1);
  const size_t slab[3] = {47, 35, 5}; /* whole rows and planes: no packing */
  histogram_case(3, 47, 35, 16, CLE_UINT16, 0, slab);
  for (int r = 0; r < 10; r++) {
    const int ndim = 2 + (int)(rnd() % 2);
    const size_t w = 8 + rnd() % 70, h = 8 + rnd() % 50, d = ndim == 3 ? 3 + rnd() % 12 : 1;
    const size_t tile[3] = {odd_tile(), odd_tile(), ndim == 3 ? odd_tile() : 1};
    const cle_dtype dtype = (cle_dtype)(rnd() % CLE_DTYPE_COUNT);
    histogram_case(ndim, w, h, d, dtype, dtype == CLE_FLOAT32 ? 2 * (int)(rnd() % 2) : (int)(rnd() % 2), tile);
  }
  /* every pixel NaN: no threshold, all 0, as untiled */
  cle_host_image nan_img = host_new(CLE_FLOAT32, 2, 20, 17, 1);
  for (size_t i = 0; i < host_n(&nan_img); i++)
    host_set(&nan_img, i, NAN);
  const cle_host_image *inputs[1] = {&nan_img};
  cle_op_result ref;
  cle_tiled_result out;
  CHECK_OK(untiled("threshold_otsu", inputs, NULL, &ref) == 0);
  CHECK_OK(tiled("threshold_otsu", inputs, NULL, t4, &out) == 0);
  if (ref.array && out.image.data)
    same_pixels(ref.array, &out.image, "threshold_otsu of NaN");
  cle_release(ref.array);
  cle_host_image_free(&out.image);
  const cle_value bad[1] = {{.type = CLE_TYPE_FLOAT, .number = 101}};
  EXPECT_ERROR(tiled("percentile", inputs, bad, t4, &out) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "percentile: percentile must be in [0, 100], got 101");
  cle_host_image_free(&nan_img);
}

/* ---- reductions -------------------------------------------------------- */

static int close_to(double a, double b, double rel)
{
  return a == b || (isnan(a) && isnan(b)) || fabs(a - b) <= rel * fmax(fabs(a), fabs(b));
}

static void reduce_case(int ndim, size_t w, size_t h, size_t d, cle_dtype dtype, int kind, const size_t tile[3])
{
  cle_host_image img = random_image(ndim, w, h, d, dtype, kind);
  cle_host_image other = random_image(ndim, w, h, d, dtype, kind);
  cle_host_image mask = host_new(CLE_UINT8, ndim, w, h, d);
  for (size_t i = 0; i < host_n(&mask); i++) /* sparse: some tiles without a masked pixel */
    host_set(&mask, i, uniform() < 0.01);
  const int is_float = dtype == CLE_FLOAT32;
  static const struct {
    const char *name;
    int two; /* 1: (img, other), 2: (img, mask), 3: (img, img) */
    int exact;
  } ops[] = {{"minimum_of_all_pixels", 0, 1},
             {"maximum_of_all_pixels", 0, 1},
             {"minimum_of_masked_pixels", 2, 1},
             {"sum_of_all_pixels", 0, -1}, /* -1: exact for integer images */
             {"mean_of_all_pixels", 0, -1},
             {"standard_deviation_of_all_pixels", 0, 0},
             {"mean_squared_error", 1, 0},
             {"array_equal", 1, 1},
             {"array_equal", 3, 1}};
  for (size_t o = 0; o < sizeof ops / sizeof ops[0]; o++) {
    const cle_host_image *inputs[2] = {&img, ops[o].two == 1 ? &other : ops[o].two == 2 ? &mask : &img};
    const cle_value params[1] = {{.type = CLE_TYPE_INT, .number = 1}}; /* ddof */
    cle_op_result ref;
    cle_tiled_result out;
    CHECK_OK(untiled(ops[o].name, inputs, params, &ref) == 0);
    CHECK_OK(tiled(ops[o].name, inputs, params, tile, &out) == 0);
    const int exact = ops[o].exact == 1 || (ops[o].exact == -1 && !is_float);
    /* float sums: another order of the same double additions (spec/README.md); squared deviations
       are float32 per vector on GPUs (the untiled op's own rounding, about 1e-8) */
    const double tolerance =
        ops[o].two == 1 || strcmp(ops[o].name, "standard_deviation_of_all_pixels") == 0 ? 1e-7 : 1e-12;
    CHECK(exact ? ref.scalar == out.scalar || (isnan(ref.scalar) && isnan(out.scalar))
                : close_to(ref.scalar, out.scalar, tolerance),
          "%s of %zux%zux%zu %s kind %d tile %zux%zux%zu: untiled %.17g, tiled %.17g", ops[o].name, w, h, d,
          cle_dtype_name(dtype), kind, tile[0], tile[1], tile[2], ref.scalar, out.scalar);
  }
  cle_host_image_free(&img);
  cle_host_image_free(&other);
  cle_host_image_free(&mask);
}

static void test_reduce(void)
{
  const size_t t1[3] = {15, 9, 1}, t2[3] = {9, 11, 7}, t4[3] = {7, 7, 7};
  reduce_case(2, 61, 47, 1, CLE_UINT8, 0, t1);
  reduce_case(3, 47, 35, 16, CLE_INT32, 0, t2);
  reduce_case(3, 47, 35, 16, CLE_UINT32, 0, t2);
  reduce_case(3, 29, 23, 15, CLE_FLOAT32, 0, t4);
  reduce_case(3, 29, 23, 15, CLE_FLOAT32, 2, t4); /* NaN pixels */
  for (int r = 0; r < 8; r++) {
    const int ndim = 2 + (int)(rnd() % 2);
    const size_t w = 8 + rnd() % 70, h = 8 + rnd() % 50, d = ndim == 3 ? 3 + rnd() % 12 : 1;
    const size_t tile[3] = {odd_tile(), odd_tile(), ndim == 3 ? odd_tile() : 1};
    const cle_dtype dtype = (cle_dtype)(rnd() % CLE_DTYPE_COUNT);
    reduce_case(ndim, w, h, d, dtype, 0, tile);
  }
  /* array_equal tells one differing pixel in the last tile */
  cle_host_image a = random_image(3, 29, 23, 15, CLE_INT16, 0), b = random_image(3, 29, 23, 15, CLE_INT16, 0);
  memcpy(b.data, a.data, cle_host_image_nbytes(&a));
  ((int16_t *)b.data)[host_n(&b) - 1] ^= 1;
  const cle_host_image *inputs[2] = {&a, &b};
  cle_tiled_result out;
  CHECK_OK(tiled("array_equal", inputs, NULL, t4, &out) == 0);
  CHECK(out.scalar == 0, "array_equal: one pixel differs, got %g", out.scalar);
  const cle_value bad[1] = {{.type = CLE_TYPE_INT, .number = -1}};
  EXPECT_ERROR(tiled("standard_deviation_of_all_pixels", inputs, bad, t4, &out) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "ddof must be >= 0, got -1");
  cle_host_image_free(&a);
  cle_host_image_free(&b);
}

/* ---- statistics ------------------------------------------------------- */

/* Labels 0..k in blocks of bx x by x bz pixels (objects that cross tiles),
 * some numbers absent. */
static cle_host_image block_labels(int ndim, size_t w, size_t h, size_t d, cle_dtype dtype, unsigned k)
{
  cle_host_image img = host_new(dtype, ndim, w, h, d);
  const size_t bx = 3 + rnd() % 9, by = 2 + rnd() % 9, bz = 1 + rnd() % 4;
  const uint32_t seed = rnd();
  for (size_t z = 0; z < d; z++)
    for (size_t y = 0; y < h; y++)
      for (size_t x = 0; x < w; x++) {
        uint32_t v = (uint32_t)(x / bx * 73856093u ^ y / by * 19349663u ^ z / bz * 83492791u ^ seed);
        v = (v * 2654435761u) >> 7;
        host_set(&img, (z * h + y) * w + x, v % (k + 1));
      }
  return img;
}

static int exact_column(const char *name)
{
  static const char *const exact[] = {"label", "area",  "bbox_", "min_intensity", "max_intensity",
                                      "sum_x", "sum_y", "sum_z", "centroid_"};
  for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
    if (!strncmp(name, exact[i], strlen(exact[i])) && (strcmp(exact[i], "sum_x") || !strcmp(name, "sum_x")))
      return 1;
  return 0;
}

/* op: one of STATISTICS_OPS; labels_statistics takes (label, intensity) and
 * include_background, the others (intensity, label). */
static void statistics_case(const char *op, int ndim, size_t w, size_t h, size_t d, int with_label, int intensity_kind,
                            const size_t tile[3])
{
  const int label_first = !strncmp(op, "labels_statistics", 17);
  const cle_value params[1] = {{.type = CLE_TYPE_BOOL, .number = strstr(op, "+background") != NULL}};
  cle_host_image label = block_labels(ndim, w, h, d, rnd() % 2 ? CLE_UINT16 : CLE_UINT32, 3 + rnd() % 40);
  cle_host_image intensity = host_new(intensity_kind == 1 ? CLE_UINT8 : CLE_FLOAT32, ndim, w, h, d);
  for (size_t i = 0; i < host_n(&intensity); i++)
    host_set(&intensity, i,
             intensity_kind == 1                        ? rnd() % 256
             : intensity_kind == 3 && uniform() < 0.001 ? NAN
                                                        : 100 * uniform());
  const cle_host_image *inputs[2] = {intensity_kind ? &intensity : NULL, with_label ? &label : NULL};
  if (label_first) {
    inputs[0] = with_label ? &label : NULL;
    inputs[1] = intensity_kind ? &intensity : NULL;
  }
  char what[200];
  snprintf(what, sizeof what, "%s %zux%zux%zu label %s intensity %d tile %zux%zux%zu", op, w, h, d,
           with_label ? cle_dtype_name(label.dtype) : "None", intensity_kind, tile[0], tile[1], tile[2]);
  cle_op_result ref;
  cle_tiled_result out;
  const char *name = label_first ? "labels_statistics" : op;
  CHECK_OK(untiled(name, inputs, label_first ? params : NULL, &ref) == 0);
  CHECK_OK(tiled(name, inputs, label_first ? params : NULL, tile, &out) == 0);
  if (label_first && ref.table) /* include_background: label 0's row first */
    CHECK(ref.table->n_rows > 0 && ref.table->columns[0][0] == (params[0].number != 0 ? 0 : 1),
          "%s: the first row is label %g", what, ref.table->n_rows ? ref.table->columns[0][0] : -1.0);
  if (ref.table && out.table) {
    CHECK(ref.table->n_rows == out.table->n_rows && ref.table->n_columns == out.table->n_columns,
          "%s: %zu x %zu vs %zu x %zu", what, ref.table->n_rows, ref.table->n_columns, out.table->n_rows,
          out.table->n_columns);
    for (size_t c = 0; c < ref.table->n_columns && ref.table->n_rows == out.table->n_rows; c++) {
      const char *name = ref.table->names[c];
      CHECK(!strcmp(name, out.table->names[c]), "%s: column %zu is %s, not %s", what, c, out.table->names[c], name);
      /* float32-rounded maxima (the fixed-point path) may round the other way: one float ulp */
      const double rel = exact_column(name) ? 0 : strstr(name, "max_") ? 2.5e-7 : 1e-9;
      for (size_t r = 0; r < ref.table->n_rows; r++) {
        const double a = ref.table->columns[c][r], b = out.table->columns[c][r];
        if (!close_to(a, b, rel)) {
          CHECK(0, "%s: %s of row %zu: untiled %.17g, tiled %.17g", what, name, r, a, b);
          break;
        }
      }
    }
  }
  cle_statistics_free(ref.table);
  cle_statistics_free(out.table);
  cle_host_image_free(&label);
  cle_host_image_free(&intensity);
}

static void test_statistics(void)
{
  /* labels_statistics with include_background false, and true (+background) */
  static const char *const ops[4] = {"statistics_of_labelled_pixels", "statistics_of_background_and_labelled_pixels",
                                     "labels_statistics", "labels_statistics+background"};
  const size_t t1[3] = {15, 9, 1}, t2[3] = {9, 11, 7};
  for (int o = 0; o < 4; o++) {
    statistics_case(ops[o], 2, 61, 47, 1, 1, 1, t1);
    if (o < 2) { /* labels_statistics runs the same algorithm: its inputs' order and flag are what it adds */
      statistics_case(ops[o], 2, 61, 47, 1, 1, 2, t1);
      statistics_case(ops[o], 3, 47, 35, 16, 1, 2, t2);
      statistics_case(ops[o], 3, 47, 35, 16, 1, 3, t2); /* NaN intensities: the slot path */
    }
    statistics_case(ops[o], 2, 61, 47, 1, 1, 0, t1);  /* no intensity: the labels */
    statistics_case(ops[o], 3, 29, 23, 15, 0, 2, t2); /* no label: one over the image */
  }
  for (int r = 0; r < 8; r++) {
    const int ndim = 2 + (int)(rnd() % 2);
    const size_t w = 8 + rnd() % 70, h = 8 + rnd() % 50, d = ndim == 3 ? 3 + rnd() % 12 : 1;
    const size_t tile[3] = {odd_tile(), odd_tile(), ndim == 3 ? odd_tile() : 1};
    statistics_case(ops[rnd() % 4], ndim, w, h, d, 1, 1 + (int)(rnd() % 3), tile);
  }
  const cle_host_image *none[2] = {NULL, NULL};
  cle_host_image fake = host_new(CLE_UINT8, 2, 10, 10, 1);
  const cle_host_image *shape[2] = {&fake, NULL};
  cle_tiled_result out;
  const cle_op_desc *op = cle_op_find(ops[0]);
  cle_tiled_call call = {.op = op, .dev = cle_device_default(), .inputs = none, .size = {10, 10, 1}, .tile = {7, 7, 1}};
  memset(&out, 0, sizeof out);
  EXPECT_ERROR(cle_tiled_global_find(op->name)(&call, &out) != 0, CLE_ERROR_INVALID_ARGUMENT, "not None (NULL) twice");
  /* fractional labels: the op's own refusal */
  cle_host_image frac = host_new(CLE_FLOAT32, 2, 10, 10, 1);
  host_set(&frac, 37, 1.5);
  const cle_host_image *bad[2] = {&fake, &frac};
  (void)shape;
  EXPECT_ERROR(tiled(ops[0], bad, NULL, call.tile, &out) != 0, CLE_ERROR_INVALID_ARGUMENT, "label");
  CHECK(out.table == NULL, "no table after a failure");
  cle_host_image_free(&fake);
  cle_host_image_free(&frac);
}

int main(int argc, char **argv)
{
  const char *part = argc > 1 ? argv[1] : "labeling";
  if (!strcmp(part, "labeling"))
    test_labeling();
  else if (!strcmp(part, "histogram"))
    test_histogram();
  else if (!strcmp(part, "reduce"))
    test_reduce();
  else if (!strcmp(part, "statistics"))
    test_statistics();
  else {
    fprintf(stderr, "unknown part %s\n", part);
    return 2;
  }
  return test_finish("test_runtime_tiled_global");
}
