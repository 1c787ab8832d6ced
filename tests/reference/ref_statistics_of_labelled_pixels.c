/* Naive references of statistics_of_labelled_pixels,
 * statistics_of_background_and_labelled_pixels and labels_statistics: two passes over the pixels in
 * double, one label at a time. The table is a float32 matrix (one row per
 * label, the 36 columns sorted by name), as the spec-test runner compares
 * tables (tests/ops/test_spec_ops.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cle_reference_ops.h"

#define N_COLUMNS 36

static const char *const names[N_COLUMNS] = {"label",
                                             "area",
                                             "bbox_min_x",
                                             "bbox_min_y",
                                             "bbox_min_z",
                                             "bbox_max_x",
                                             "bbox_max_y",
                                             "bbox_max_z",
                                             "bbox_width",
                                             "bbox_height",
                                             "bbox_depth",
                                             "min_intensity",
                                             "max_intensity",
                                             "sum_intensity",
                                             "mean_intensity",
                                             "standard_deviation_intensity",
                                             "sum_intensity_times_x",
                                             "sum_intensity_times_y",
                                             "sum_intensity_times_z",
                                             "mass_center_x",
                                             "mass_center_y",
                                             "mass_center_z",
                                             "sum_x",
                                             "sum_y",
                                             "sum_z",
                                             "centroid_x",
                                             "centroid_y",
                                             "centroid_z",
                                             "sum_distance_to_centroid",
                                             "mean_distance_to_centroid",
                                             "max_distance_to_centroid",
                                             "sum_distance_to_mass_center",
                                             "mean_distance_to_mass_center",
                                             "max_distance_to_mass_center",
                                             "mean_max_distance_to_centroid_ratio",
                                             "mean_max_distance_to_mass_center_ratio"};

static int by_name(const void *a, const void *b)
{
  return strcmp(names[*(const int *)a], names[*(const int *)b]);
}

/* The 36 values of label l, in names' order. */
static void measure(const ref_image *intensity, const ref_image *label, double l, double *v)
{
  const size_t w = label->width, h = label->height, n_px = ref_image_size(label);
  double n = 0, sx = 0, sy = 0, sz = 0, si = 0, six = 0, siy = 0, siz = 0;
  double mn = INFINITY, mx = -INFINITY, box[6] = {INFINITY, INFINITY, INFINITY, -INFINITY, -INFINITY, -INFINITY};
  for (size_t i = 0; i < n_px; i++) {
    if (ref_get(label, i) != l)
      continue;
    const double x = (double)(i % w), y = (double)(i / w % h), z = (double)(i / (w * h)), p = ref_get(intensity, i);
    const double c[3] = {x, y, z};
    n++;
    sx += x, sy += y, sz += z, si += p, six += p * x, siy += p * y, siz += p * z;
    mn = p < mn ? p : mn;
    mx = p > mx ? p : mx;
    for (int a = 0; a < 3; a++) {
      box[a] = c[a] < box[a] ? c[a] : box[a];
      box[3 + a] = c[a] > box[3 + a] ? c[a] : box[3 + a];
    }
  }
  for (int k = 0; k < N_COLUMNS; k++)
    v[k] = NAN;
  v[0] = l;
  v[1] = n;
  v[13] = si;
  v[16] = six, v[17] = siy, v[18] = siz;
  v[22] = sx, v[23] = sy, v[24] = sz;
  v[28] = 0, v[31] = 0;
  if (n == 0)
    return;
  for (int a = 0; a < 6; a++)
    v[2 + a] = box[a];
  for (int a = 0; a < 3; a++)
    v[8 + a] = box[3 + a] - box[a] + 1;
  v[11] = mn, v[12] = mx, v[14] = si / n;
  const double cx = sx / n, cy = sy / n, cz = sz / n, mcx = six / si, mcy = siy / si, mcz = siz / si;
  v[19] = mcx, v[20] = mcy, v[21] = mcz, v[25] = cx, v[26] = cy, v[27] = cz;
  double dev = 0, sdc = 0, mdc = 0, sdm = 0, mdm = 0;
  for (size_t i = 0; i < n_px; i++) {
    if (ref_get(label, i) != l)
      continue;
    const double x = (double)(i % w), y = (double)(i / w % h), z = (double)(i / (w * h)), p = ref_get(intensity, i);
    dev += (p - si / n) * (p - si / n);
    const double dc = sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz));
    const double dm = sqrt((x - mcx) * (x - mcx) + (y - mcy) * (y - mcy) + (z - mcz) * (z - mcz));
    sdc += dc, sdm += dm;
    mdc = dc > mdc ? dc : mdc;
    mdm = dm > mdm ? dm : mdm;
  }
  v[15] = sqrt(dev / n);
  v[28] = sdc, v[29] = sdc / n, v[30] = mdc;
  v[31] = sdm, v[32] = sdm / n, v[33] = mdm;
  v[34] = mdc / (sdc / n), v[35] = mdm / (sdm / n);
}

static int table(const ref_image *intensity, const ref_image *label, ref_image *result, int first)
{
  if (!intensity || !label || intensity->width != label->width || intensity->height != label->height ||
      intensity->depth != label->depth)
    return -1;
  const double max_label = ref_max_label(label);
  if (isnan(max_label) || max_label + 1 - first < 1)
    return -1; /* no labels (0 rows) or no label image: the runner does not compare those */
  const size_t rows = (size_t)max_label + 1 - (size_t)first;
  if (ref_image_alloc(result, CLE_FLOAT32, 2, N_COLUMNS, rows, 1) != 0)
    return -1;
  int order[N_COLUMNS];
  for (int k = 0; k < N_COLUMNS; k++)
    order[k] = k;
  qsort(order, N_COLUMNS, sizeof *order, by_name);
  double v[N_COLUMNS];
  for (size_t r = 0; r < rows; r++) {
    measure(intensity, label, (double)(r + (size_t)first), v);
    for (int k = 0; k < N_COLUMNS; k++)
      ((float *)result->data)[r * N_COLUMNS + (size_t)k] = (float)v[order[k]];
  }
  return 0;
}

int ref_op_statistics_of_labelled_pixels(const ref_image *intensity, const ref_image *label, ref_image *result)
{
  return table(intensity, label, result, 1);
}

int ref_op_statistics_of_background_and_labelled_pixels(const ref_image *intensity, const ref_image *label,
                                                        ref_image *result)
{
  return table(intensity, label, result, 0);
}

int ref_op_labels_statistics(const ref_image *label, const ref_image *intensity, ref_image *result,
                             bool include_background)
{
  return table(intensity, label, result, include_background ? 0 : 1);
}
