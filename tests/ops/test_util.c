/* Helpers of the op tests (see test_util.h). */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cesperanto/cle_io.h"

#ifndef CLE_DATA_DIR
#error "CLE_DATA_DIR must name the project's data/ folder"
#endif

void test_rng_seed(test_rng *rng, const char *text, uint64_t salt)
{
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (const char *p = text; *p; p++)
    h = (h ^ (unsigned char)*p) * 1099511628211ull;
  rng->state = h ^ (salt * 0x9e3779b97f4a7c15ull);
}

uint64_t test_rng_next(test_rng *rng)
{
  uint64_t z = (rng->state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/* A uniformly random value of the dtype (float32: [0, 1)). */
static double random_value(cle_dtype dtype, uint64_t r)
{
  switch (dtype) {
  case CLE_INT8: return (int8_t)(uint8_t)r;
  case CLE_UINT8: return (uint8_t)r;
  case CLE_INT16: return (int16_t)(uint16_t)r;
  case CLE_UINT16: return (uint16_t)r;
  case CLE_INT32: return (int32_t)(uint32_t)r;
  case CLE_UINT32: return (uint32_t)r;
  case CLE_FLOAT32: return (double)(r >> 40) / 16777216.0;
  }
  return 0;
}

/* "special": the values that break pixel rules -- NaN, the infinities,
 * signed zeros, subnormals, the float32 extremes, halves (rounding), the
 * integer types' limits (out-of-range values saturate to them) -- on about a
 * quarter of the pixels, between signed random values (float32 in
 * [-100, 100), integers over their whole range). */
static double special_value(cle_dtype dtype, uint64_t r)
{
  static const double floats[] = {NAN,
                                  INFINITY,
                                  -INFINITY,
                                  0.0,
                                  -0.0,
                                  1e-40,
                                  -1e-40,
                                  3.4028234663852886e38,
                                  -3.4028234663852886e38,
                                  1.0,
                                  -1.0,
                                  0.5,
                                  -0.5,
                                  2.5,
                                  -2.5,
                                  1e10,
                                  -1e10,
                                  0.75,
                                  -0.75,
                                  1e-3};
  static const double integers[] = {-1e300, 1e300, 0, 1, -1, 2, -2, 127, 128, -128, 255, 256, 32767, 65535, 65536};
  if ((r & 3) != 0)
    return dtype == CLE_FLOAT32 ? (double)(r >> 40) / 16777216.0 * 200.0 - 100.0 : random_value(dtype, r >> 8);
  r >>= 2;
  return dtype == CLE_FLOAT32 ? floats[r % (sizeof floats / sizeof floats[0])]
                              : integers[r % (sizeof integers / sizeof integers[0])];
}

/* "labels": blocks of 4 x 3 x 2 pixels (x, y, z), each one label in 0..23
 * (0 the background) from a hash of the block and seed: labels touch, repeat
 * in several places and some are absent. */
static double block_label(const ref_image *img, size_t i, uint64_t seed)
{
  const size_t x = i % img->width, y = i / img->width % img->height, z = i / img->width / img->height;
  uint64_t h = seed ^ ((uint64_t)(x / 4) * 0x9e3779b97f4a7c15ull) ^ ((uint64_t)(y / 3) * 0xc2b2ae3d27d4eb4full) ^
               ((uint64_t)(z / 2) * 0x165667b19e3779f9ull);
  h = (h ^ (h >> 31)) * 0xbf58476d1ce4e5b9ull;
  h ^= h >> 29;
  return (double)((h >> 32) % 24);
}

int test_fill(ref_image *img, const char *fill, test_rng *rng)
{
  const size_t n = ref_image_size(img);
  if (!strcmp(fill, "labels")) {
    const uint64_t seed = test_rng_next(rng);
    for (size_t i = 0; i < n; i++)
      ref_set(img, i, block_label(img, i, seed));
    return 0;
  }
  for (size_t i = 0; i < n; i++) {
    uint64_t r = test_rng_next(rng);
    double v;
    if (!strcmp(fill, "random"))
      v = random_value(img->dtype, r);
    else if (!strcmp(fill, "binary"))
      v = (double)((r >> 32) & 1);
    else if (!strcmp(fill, "zeros"))
      v = 0;
    else if (!strcmp(fill, "sparse"))
      v = (r >> 32) % 5 == 0 ? 1 : 0;
    else if (!strcmp(fill, "coordinates"))
      v = (double)((r >> 32) % 16);
    else if (!strcmp(fill, "special"))
      v = special_value(img->dtype, r);
    else
      return -1;
    ref_set(img, i, v);
  }
  return 0;
}

int test_load_data(const char *name, cle_dtype dtype, ref_image *out)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", CLE_DATA_DIR, name);
  cle_host_image host;
  if (cle_tiff_read_host(path, &host) != 0) {
    printf("cannot read %s: %s\n", path, cle_last_error_message());
    return -1;
  }
  ref_image file = {host.dtype, host.ndim, host.width, host.height, host.depth, host.data};
  int rc = ref_image_alloc(out, dtype, host.ndim, host.width, host.height, host.depth);
  if (rc == 0)
    for (size_t i = 0; i < ref_image_size(out); i++)
      ref_set(out, i, ref_get(&file, i));
  else
    printf("out of memory for %s\n", path);
  cle_host_image_free(&host);
  return rc;
}

/* numpy-ordered shape of a host image. */
static void host_shape(const ref_image *img, size_t shape[3])
{
  const size_t xyz[3] = {img->depth, img->height, img->width};
  for (int k = 0; k < img->ndim; k++)
    shape[k] = xyz[3 - img->ndim + k];
}

cle_array *test_push(cle_device *dev, const ref_image *img)
{
  size_t shape[3];
  host_shape(img, shape);
  return cle_push_nd(dev, img->data, img->dtype, img->ndim, shape);
}

int test_pull(const cle_array *arr, ref_image *out)
{
  if (ref_image_alloc(out, cle_array_dtype(arr), cle_array_ndim(arr), cle_array_width(arr), cle_array_height(arr),
                      cle_array_depth(arr)) != 0) {
    printf("out of memory pulling an array\n");
    return -1;
  }
  if (cle_pull(arr, out->data, cle_array_nbytes(arr)) != 0) {
    printf("pull failed: %s\n", cle_last_error_message());
    ref_image_free(out);
    return -1;
  }
  return 0;
}

static void shape_text(const ref_image *img, char *buf, size_t size)
{
  size_t shape[3];
  host_shape(img, shape);
  int used = snprintf(buf, size, "(");
  for (int k = 0; k < img->ndim && used > 0 && (size_t)used < size; k++)
    used += snprintf(buf + used, size - (size_t)used, k ? ", %zu" : "%zu", shape[k]);
  if (used > 0 && (size_t)used < size)
    snprintf(buf + used, size - (size_t)used, ")");
}

bool test_compare(const ref_image *got, const ref_image *want, bool exact, double tolerance, double *max_diff,
                  char *why, size_t size)
{
  *max_diff = 0;
  why[0] = '\0';
  char gs[64], ws[64];
  shape_text(got, gs, sizeof gs);
  shape_text(want, ws, sizeof ws);
  if (got->dtype != want->dtype || strcmp(gs, ws) != 0) {
    snprintf(why, size, "result is %s %s, reference %s %s", cle_dtype_name(got->dtype), gs, cle_dtype_name(want->dtype),
             ws);
    return false;
  }
  size_t bad = 0;
  for (size_t i = 0; i < ref_image_size(want); i++) {
    double g = ref_get(got, i), w = ref_get(want, i);
    /* NaN matches NaN; equal values (infinities too) differ by 0 */
    bool same_nan = isnan(g) && isnan(w);
    double d = same_nan || g == w ? 0 : fabs(g - w);
    bool ok = exact ? (same_nan || (g == w && signbit(g) == signbit(w))) : (same_nan || d <= tolerance);
    if (!same_nan && (isnan(d) || d > *max_diff))
      *max_diff = isnan(d) ? INFINITY : d;
    if (!ok && bad++ == 0) {
      size_t x = i % want->width, y = (i / want->width) % want->height, z = i / (want->width * want->height);
      snprintf(why, size, "at (z %zu, y %zu, x %zu): got %.9g, reference %.9g", z, y, x, g, w);
    }
  }
  if (bad) {
    size_t used = strlen(why);
    snprintf(why + used, size - used, " (%zu of %zu pixels differ)", bad, ref_image_size(want));
  }
  return bad == 0;
}

bool test_compare_scalar(double got, double want, bool exact, double tolerance)
{
  if (isnan(got) || isnan(want))
    return isnan(got) && isnan(want);
  return exact ? got == want : got == want || fabs(got - want) <= tolerance;
}
