/* The neighbourhood filters (minimum, maximum, mean, variance, standard
 * deviation, median, mode, binary erosion and dilation), naively: each
 * pixel gathers its neighbourhood -- every offset within the floored radii,
 * or inside the ellipsoid dx^2/rx^2 + dy^2/ry^2 + dz^2/rz^2 <= 1 of them --
 * reading clamped coordinates (mode: only the pixels inside the image), and applies the rule to the gathered values.
 * The box mean is three 1D means (x, then y, then z) each stored in the
 * output's dtype, which is clEsperanto's definition of it for integers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ref_common.h"

typedef enum { NB_MIN, NB_MAX, NB_MEAN, NB_VAR, NB_STD, NB_MEDIAN, NB_MODE, NB_ERODE, NB_DILATE } nb_rule;

static size_t clamped(long v, size_t n)
{
  return v < 0 ? 0 : (size_t)v >= n ? n - 1 : (size_t)v;
}

static int inside(int dx, int dy, int dz, const int r[3], bool sphere)
{
  if (!sphere)
    return 1;
  const float e = (r[0] ? (float)(dx * dx) / (float)(r[0] * r[0]) : 0.0f) +
                  (r[1] ? (float)(dy * dy) / (float)(r[1] * r[1]) : 0.0f) +
                  (r[2] ? (float)(dz * dz) / (float)(r[2] * r[2]) : 0.0f);
  return e <= 1.0f;
}

static int cmp_double(const void *a, const void *b)
{
  const double x = *(const double *)a, y = *(const double *)b;
  if (x == y) /* -0 before +0: the median is one definite value */
    return (signbit(y) != 0) - (signbit(x) != 0);
  return x < y ? -1 : 1;
}

static double fold(nb_rule rule, double *v, size_t n)
{
  switch (rule) {
  case NB_MIN:
  case NB_MAX: {
    double best = NAN;
    for (size_t i = 0; i < n; i++)
      if (!isnan(v[i]) && (isnan(best) || (rule == NB_MIN ? v[i] < best : v[i] > best)))
        best = v[i];
    return best;
  }
  case NB_ERODE:
  case NB_DILATE: {
    int all = 1, any = 0;
    for (size_t i = 0; i < n; i++) {
      all &= v[i] != 0;
      any |= v[i] != 0;
    }
    return rule == NB_ERODE ? all : any;
  }
  case NB_MEAN:
  case NB_VAR:
  case NB_STD: {
    float sum = 0.0f;
    for (size_t i = 0; i < n; i++)
      sum += (float)v[i];
    const float mean = sum / (float)n;
    if (rule == NB_MEAN)
      return mean;
    float squares = 0.0f;
    for (size_t i = 0; i < n; i++) {
      const float d = (float)v[i] - mean;
      squares += d * d;
    }
    return rule == NB_VAR ? squares / (float)n : sqrtf(squares / (float)n);
  }
  case NB_MEDIAN:
  case NB_MODE: {
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
      if (!isnan(v[i]))
        v[m++] = v[i];
    if (!m)
      return NAN;
    qsort(v, m, sizeof *v, cmp_double);
    if (rule == NB_MEDIAN)
      return v[m / 2];
    double best = v[0];
    size_t best_run = 0;
    for (size_t i = 0; i < m;) {
      size_t j = i + 1;
      while (j < m && v[j] == v[i])
        j++;
      if (j - i > best_run) {
        best_run = j - i;
        best = v[i];
      }
      i = j;
    }
    return best;
  }
  }
  return NAN;
}

/* out = rule over each pixel's neighbourhood of src (radii r, sphere or box). */
static int window(const ref_image *src, ref_image *out, nb_rule rule, const int r[3], bool sphere)
{
  const size_t cap = (size_t)(2 * r[0] + 1) * (size_t)(2 * r[1] + 1) * (size_t)(2 * r[2] + 1);
  double *v = malloc(cap * sizeof *v);
  if (!v)
    return -1;
  for (size_t z = 0; z < src->depth; z++)
    for (size_t y = 0; y < src->height; y++)
      for (size_t x = 0; x < src->width; x++) {
        size_t n = 0;
        for (int dz = -r[2]; dz <= r[2]; dz++)
          for (int dy = -r[1]; dy <= r[1]; dy++)
            for (int dx = -r[0]; dx <= r[0]; dx++)
              if (inside(dx, dy, dz, r, sphere) &&
                  (rule != NB_MODE || ((long)x + dx >= 0 && (size_t)((long)x + dx) < src->width && (long)y + dy >= 0 &&
                                       (size_t)((long)y + dy) < src->height && (long)z + dz >= 0 &&
                                       (size_t)((long)z + dz) < src->depth))) {
                const size_t i =
                    (clamped((long)z + dz, src->depth) * src->height + clamped((long)y + dy, src->height)) *
                        src->width +
                    clamped((long)x + dx, src->width);
                v[n++] = ref_get(src, i);
              }
        ref_set(out, (z * src->height + y) * src->width + x, fold(rule, v, n));
      }
  free(v);
  return 0;
}

static int neighbourhood(const ref_image *src, ref_image *out, nb_rule rule, float rx, float ry, float rz,
                         const char *connectivity)
{
  const bool sphere = !strcmp(connectivity, "sphere");
  /* an axis of size 1 has radius 0: each pixel counts once */
  int r[3] = {src->width > 1 ? (int)floorf(rx) : 0, src->height > 1 ? (int)floorf(ry) : 0,
              src->depth > 1 ? (int)floorf(rz) : 0};
  if (rule != NB_MEAN || sphere)
    return window(src, out, rule, r, sphere);
  /* the box mean: one axis at a time, each pass stored in out's dtype */
  ref_image a = {0}, b = {0};
  if (ref_image_like(&a, src, out->dtype) || ref_image_like(&b, src, out->dtype)) {
    ref_image_free(&a);
    return -1;
  }
  for (size_t i = 0; i < ref_image_size(src); i++)
    ref_set(&a, i, ref_get(src, i));
  const size_t size[3] = {src->width, src->height, src->depth};
  const ref_image *in = src;
  for (int axis = 0; axis < 3; axis++) {
    if (r[axis] == 0 || size[axis] == 1)
      continue;
    int ra[3] = {0, 0, 0};
    ra[axis] = r[axis];
    ref_image *target = in == &a ? &b : &a;
    window(in, target, NB_MEAN, ra, false);
    in = target;
  }
  for (size_t i = 0; i < ref_image_size(src); i++)
    ref_set(out, i, ref_get(in, i));
  ref_image_free(&a);
  ref_image_free(&b);
  return 0;
}

#define NB_REF(NAME, RULE)                                                                                 \
  int ref_op_##NAME(const ref_image *input_image, ref_image *output_image, float radius_x, float radius_y, \
                    float radius_z, const char *connectivity)                                              \
  {                                                                                                        \
    return neighbourhood(input_image, output_image, RULE, radius_x, radius_y, radius_z, connectivity);     \
  }

NB_REF(minimum_filter, NB_MIN)
NB_REF(maximum_filter, NB_MAX)
NB_REF(grayscale_erode, NB_MIN)
NB_REF(grayscale_dilate, NB_MAX)
NB_REF(binary_erode, NB_ERODE)
NB_REF(binary_dilate, NB_DILATE)
NB_REF(mean_filter, NB_MEAN)
NB_REF(variance_filter, NB_VAR)
NB_REF(standard_deviation, NB_STD)
NB_REF(median, NB_MEDIAN)
NB_REF(mode, NB_MODE)
