/* CPU references for the per-label parametric maps: each label's
 * measurement over its pixels (two plain passes in double, scipy.ndimage's
 * sum / mean / minimum / maximum / standard_deviation / center_of_mass over
 * labels), written back over the label's pixels; background stays 0. Fail
 * (-1) where the op refuses: a pixel that is no label, shapes that differ. */
#include <math.h>
#include <stdlib.h>
#include "ref_common.h"

/* Per-label sums in double. */
typedef struct label_sums {
  size_t n; /* labels 0..n-1 */
  double *count, *sx, *sy, *sz, *sv, *minv, *maxv, *sq, *dsum, *dmax;
} label_sums;

static void sums_free(label_sums *s)
{
  double *all[] = {s->count, s->sx, s->sy, s->sz, s->sv, s->minv, s->maxv, s->sq, s->dsum, s->dmax};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    free(all[i]);
}

static void coords(const ref_image *img, size_t i, double *x, double *y, double *z)
{
  *x = (double)(i % img->width);
  *y = (double)(i / img->width % img->height);
  *z = (double)(i / img->width / img->height);
}

/* Everything the maps need; intensity may be NULL. 0 or -1. */
static int measure(const ref_image *labels, const ref_image *intensity, label_sums *s)
{
  const double largest = ref_max_label(labels);
  const size_t n = ref_image_size(labels);
  if (isnan(largest) || largest > (1 << 24) || (intensity && ref_image_size(intensity) != n))
    return -1;
  s->n = (size_t)largest + 1;
  double **all[] = {&s->count, &s->sx, &s->sy, &s->sz, &s->sv, &s->minv, &s->maxv, &s->sq, &s->dsum, &s->dmax};
  for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
    *all[k] = calloc(s->n, sizeof(double));
  for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
    if (!*all[k]) {
      sums_free(s);
      return -1;
    }
  for (size_t l = 0; l < s->n; l++) {
    s->minv[l] = INFINITY;
    s->maxv[l] = -INFINITY;
  }
  for (size_t i = 0; i < n; i++) {
    const size_t l = (size_t)ref_get(labels, i);
    double x, y, z;
    coords(labels, i, &x, &y, &z);
    s->count[l] += 1;
    s->sx[l] += x;
    s->sy[l] += y;
    s->sz[l] += z;
    if (intensity) {
      const double v = ref_get(intensity, i);
      s->sv[l] += v;
      if (v < s->minv[l]) /* NaN skipped */
        s->minv[l] = v;
      if (v > s->maxv[l])
        s->maxv[l] = v;
    }
  }
  for (size_t i = 0; i < n; i++) {
    const size_t l = (size_t)ref_get(labels, i);
    double x, y, z;
    coords(labels, i, &x, &y, &z);
    const double dx = x - s->sx[l] / s->count[l], dy = y - s->sy[l] / s->count[l], dz = z - s->sz[l] / s->count[l];
    const double d = sqrt(dx * dx + dy * dy + dz * dz);
    s->dsum[l] += d;
    if (d > s->dmax[l])
      s->dmax[l] = d;
    if (intensity) {
      const double dv = ref_get(intensity, i) - s->sv[l] / s->count[l];
      s->sq[l] += dv * dv;
    }
  }
  return 0;
}

enum { PIXELS, MEAN, MIN, MAX, STD, MEAN_EXT, MAX_EXT, EXT_RATIO };

static double value(const label_sums *s, size_t l, int what)
{
  switch (what) {
  case PIXELS: return s->count[l];
  case MEAN: return s->sv[l] / s->count[l];
  case MIN: return isinf(s->minv[l]) && s->minv[l] > 0 ? NAN : s->minv[l];
  case MAX: return isinf(s->maxv[l]) && s->maxv[l] < 0 ? NAN : s->maxv[l];
  case STD: return sqrt(s->sq[l] / s->count[l]);
  case MEAN_EXT: return s->dsum[l] / s->count[l];
  case MAX_EXT: return s->dmax[l];
  case EXT_RATIO: return s->dmax[l] / (s->dsum[l] / s->count[l]);
  }
  return NAN;
}

static int label_map(const ref_image *labels, const ref_image *intensity, ref_image *out, int what)
{
  label_sums s = {0};
  if (measure(labels, intensity, &s) != 0)
    return -1;
  for (size_t i = 0; i < ref_image_size(labels); i++) {
    const size_t l = (size_t)ref_get(labels, i);
    ref_set(out, i, l == 0 ? 0 : (float)value(&s, l, what));
  }
  sums_free(&s);
  return 0;
}

int ref_op_pixel_count_map(const ref_image *input_image, ref_image *output_image)
{
  return label_map(input_image, NULL, output_image, PIXELS);
}

int ref_op_mean_extension_map(const ref_image *input_image, ref_image *output_image)
{
  return label_map(input_image, NULL, output_image, MEAN_EXT);
}

int ref_op_maximum_extension_map(const ref_image *input_image, ref_image *output_image)
{
  return label_map(input_image, NULL, output_image, MAX_EXT);
}

int ref_op_extension_ratio_map(const ref_image *input_image, ref_image *output_image)
{
  return label_map(input_image, NULL, output_image, EXT_RATIO);
}

int ref_op_mean_intensity_map(const ref_image *input_image, const ref_image *labels, ref_image *output_image)
{
  return label_map(labels, input_image, output_image, MEAN);
}

int ref_op_minimum_intensity_map(const ref_image *input_image, const ref_image *labels, ref_image *output_image)
{
  return label_map(labels, input_image, output_image, MIN);
}

int ref_op_maximum_intensity_map(const ref_image *input_image, const ref_image *labels, ref_image *output_image)
{
  return label_map(labels, input_image, output_image, MAX);
}

int ref_op_standard_deviation_intensity_map(const ref_image *input_image, const ref_image *labels,
                                            ref_image *output_image)
{
  return label_map(labels, input_image, output_image, STD);
}
