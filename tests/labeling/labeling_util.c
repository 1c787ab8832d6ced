#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "labeling_util.h"

int lt_failures = 0;

uint64_t lt_random(uint64_t *state)
{
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

double lt_uniform(uint64_t *state)
{
  return (double)(lt_random(state) >> 11) * 0x1.0p-53;
}

ref_image lt_image(cle_dtype dtype, int ndim, const size_t *shape)
{
  size_t size[3] = {1, 1, 1}; /* width, height, depth */
  for (int k = 0; k < ndim; k++)
    size[k] = shape[ndim - 1 - k];
  ref_image img;
  if (ref_image_alloc(&img, dtype, ndim, size[0], size[1], size[2]) != 0) {
    fprintf(stderr, "out of host memory\n");
    exit(2);
  }
  return img;
}

size_t lt_index(const ref_image *img, size_t x, size_t y, size_t z)
{
  return x + img->width * (y + img->height * z);
}

static void numpy_shape(const ref_image *img, size_t shape[3])
{
  const size_t size[3] = {img->width, img->height, img->depth};
  for (int k = 0; k < img->ndim; k++)
    shape[k] = size[img->ndim - 1 - k];
}

cle_array *lt_push(cle_device *dev, const ref_image *img)
{
  size_t shape[3];
  numpy_shape(img, shape);
  cle_array *arr = cle_push_nd(dev, img->data, img->dtype, img->ndim, shape);
  LT_CHECK(arr != NULL, "cle_push_nd: %s", cle_last_error_message());
  return arr;
}

bool lt_pull(const cle_array *arr, ref_image *out)
{
  size_t shape[3];
  const int ndim = cle_array_shape(arr, shape);
  *out = lt_image(cle_array_dtype(arr), ndim, shape);
  if (cle_pull(arr, out->data, cle_array_nbytes(arr)) != 0) {
    LT_CHECK(false, "cle_pull: %s", cle_last_error_message());
    ref_image_free(out);
    return false;
  }
  return true;
}

bool lt_reference(const char *op, const ref_image *src, const cle_value *params, ref_image *out)
{
  ref_fn fn = ref_lookup(op);
  const ref_image *inputs[1] = {src};
  memset(out, 0, sizeof *out);
  if (!fn || fn(inputs, params, out, NULL) != 0) {
    LT_CHECK(false, "the CPU reference of %s failed", op);
    return false;
  }
  return true;
}

bool lt_same(const char *what, const ref_image *got, const ref_image *want)
{
  if (got->ndim != want->ndim || got->width != want->width || got->height != want->height ||
      got->depth != want->depth) {
    LT_CHECK(false, "%s: shape %zux%zux%zu (ndim %d), expected %zux%zux%zu (ndim %d)", what, got->width, got->height,
             got->depth, got->ndim, want->width, want->height, want->depth, want->ndim);
    return false;
  }
  const size_t n = ref_image_size(got);
  size_t differ = 0, first = 0;
  for (size_t i = 0; i < n; i++) {
    double a = ref_get(got, i), b = ref_get(want, i);
    if (a != b && !(isnan(a) && isnan(b))) {
      if (differ++ == 0)
        first = i;
    }
  }
  if (differ) {
    const size_t x = first % got->width, y = first / got->width % got->height, z = first / (got->width * got->height);
    LT_CHECK(false, "%s: %zu of %zu pixels differ; first at (x %zu, y %zu, z %zu): got %.17g, expected %.17g", what,
             differ, n, x, y, z, ref_get(got, first), ref_get(want, first));
    return false;
  }
  return true;
}

double lt_max(const ref_image *img)
{
  double m = 0;
  for (size_t i = 0; i < ref_image_size(img); i++)
    if (ref_get(img, i) > m)
      m = ref_get(img, i);
  return m;
}

double lt_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
