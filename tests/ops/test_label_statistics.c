/* cle_statistics_of_labelled_pixels / _of_background_and_labelled_pixels
 * (include/cesperanto/cle_statistics.h): every column of a small example
 * against pyclesperanto 0.25.1's dict (recorded below; float32 there, so
 * within 1e-5 relative), the label without pixels, the defaults for a NULL
 * intensity or label image, errors, and a large image (many chunks) against
 * sums on the host. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cesperanto/cesperanto.h"

static int failures = 0, checks = 0;

static void check(int ok, const char *fmt, const char *a, double b, double c)
{
  checks++;
  if (!ok) {
    printf("FAIL ");
    printf(fmt, a, b, c);
    printf("\n");
    failures++;
  }
}

/* pyclesperanto 0.25.1's statistics_of_background_and_labelled_pixels(intensity, labels)
 * of the labels below with intensity = 0, 1, ..., 14 (x fastest); label 4 has no
 * pixel (its row is checked apart: pyclesperanto gives float32's extremes there). */
static const unsigned labels_2d[15] = {0, 1, 1, 0, 2, 3, 1, 0, 2, 2, 3, 3, 0, 0, 5};
static const struct {
  const char *name;
  double v[6];
} expected[] = {
    {"label", {0, 1, 2, 3, NAN, 5}},
    {"area", {5, 3, 3, 3, NAN, 1}},
    {"bbox_min_x", {0, 1, 3, 0, NAN, 4}},
    {"bbox_min_y", {0, 0, 0, 1, NAN, 2}},
    {"bbox_min_z", {0, 0, 0, 0, NAN, 0}},
    {"bbox_max_x", {3, 2, 4, 1, NAN, 4}},
    {"bbox_max_y", {2, 1, 1, 2, NAN, 2}},
    {"bbox_max_z", {0, 0, 0, 0, NAN, 0}},
    {"bbox_width", {4, 2, 2, 2, NAN, 1}},
    {"bbox_height", {3, 2, 2, 2, NAN, 1}},
    {"bbox_depth", {1, 1, 1, 1, NAN, 1}},
    {"min_intensity", {0, 1, 4, 5, NAN, 14}},
    {"max_intensity", {13, 6, 9, 11, NAN, 14}},
    {"sum_intensity", {35, 9, 21, 26, NAN, 14}},
    {"mean_intensity", {7, 3, 7, 8.66666698, NAN, 14}},
    {"standard_deviation_intensity", {5.0199604, 2.16024709, 2.16024709, 2.62466908, NAN, 0}},
    {"sum_intensity_times_x", {86, 11, 76, 11, NAN, 56}},
    {"sum_intensity_times_y", {57, 6, 17, 47, NAN, 28}},
    {"sum_intensity_times_z", {0, 0, 0, 0, NAN, 0}},
    {"mass_center_x", {2.45714283, 1.22222221, 3.61904764, 0.423076928, NAN, 4}},
    {"mass_center_y", {1.62857139, 0.666666687, 0.809523821, 1.80769229, NAN, 2}},
    {"mass_center_z", {0, 0, 0, 0, NAN, 0}},
    {"sum_x", {10, 4, 11, 1, NAN, 4}},
    {"sum_y", {5, 1, 2, 5, NAN, 2}},
    {"sum_z", {0, 0, 0, 0, NAN, 0}},
    {"centroid_x", {2, 1.33333337, 3.66666675, 0.333333343, NAN, 4}},
    {"centroid_y", {1, 0.333333343, 0.666666687, 1.66666663, NAN, 2}},
    {"centroid_z", {0, 0, 0, 0, NAN, 0}},
    {"sum_distance_to_centroid", {6.06449509, 1.96211648, 1.96211636, 1.96211648, NAN, 0}},
    {"mean_distance_to_centroid", {1.21289897, 0.654038846, 0.654038787, 0.654038846, NAN, 0}},
    {"max_distance_to_centroid", {2.23606801, 0.745355964, 0.745356023, 0.745355964, NAN, 0}},
    {"sum_distance_to_mass_center", {6.68851662, 2.12773895, 1.96828747, 1.98465276, NAN, 0}},
    {"mean_distance_to_mass_center", {1.33770335, 0.709246337, 0.656095803, 0.661550939, NAN, 0}},
    {"max_distance_to_mass_center", {2.94784594, 1.0243938, 0.894680679, 0.911789954, NAN, 0}},
    {"mean_max_distance_to_centroid_ratio", {1.84357321, 1.1396203, 1.13962054, 1.1396203, NAN, NAN}},
    {"mean_max_distance_to_mass_center_ratio", {2.20366192, 1.4443413, 1.36364341, 1.37826109, NAN, NAN}},
};
#define N_EXPECTED (sizeof expected / sizeof expected[0])

static int is_sum(const char *name)
{
  return !strncmp(name, "sum", 3) || !strcmp(name, "label") || !strcmp(name, "area");
}

static void small_example(cle_device *dev)
{
  float intensity[15];
  for (int i = 0; i < 15; i++)
    intensity[i] = (float)i;
  cle_array *lab = cle_push(dev, labels_2d, CLE_UINT32, 5, 3, 1);
  cle_array *img = cle_push(dev, intensity, CLE_FLOAT32, 5, 3, 1);
  for (int first = 0; first <= 1; first++) {
    cle_statistics *s = first ? cle_statistics_of_labelled_pixels(img, lab)
                              : cle_statistics_of_background_and_labelled_pixels(img, lab);
    if (!s) {
      printf("FAIL statistics: %s\n", cle_last_error_message());
      failures++;
      continue;
    }
    check(s->n_rows == (size_t)(6 - first) && s->n_columns == N_EXPECTED, "%s: %g rows, %g columns", "shape",
          (double)s->n_rows, (double)s->n_columns);
    for (size_t k = 0; k < N_EXPECTED; k++) {
      const double *col = cle_statistics_column(s, expected[k].name);
      check(col != NULL && !strcmp(s->names[k], expected[k].name), "column %s missing (%g %g)", expected[k].name, 0, 0);
      if (!col)
        continue;
      for (int l = first; l < 6; l++) {
        const double got = col[l - first], want = expected[k].v[l];
        if (l == 4) /* no pixel: label 4, area and sums 0, the rest NaN */
          check(!strcmp(expected[k].name, "label") ? got == 4
                : is_sum(expected[k].name)         ? got == 0
                                                   : isnan(got),
                "%s of the label without pixels: %g", expected[k].name, got, 0);
        else if (isnan(want))
          check(isnan(got), "%s: got %g, want %g", expected[k].name, got, want);
        else
          check(fabs(got - want) <= 1e-5 * fmax(1, fabs(want)), "%s: got %.9g, want %.9g", expected[k].name, got, want);
      }
    }
    cle_statistics_free(s);
  }
  /* no intensity: the labels are the intensities; no labels: one label over the image */
  cle_statistics *s = cle_statistics_of_labelled_pixels(NULL, lab);
  const double *mean = cle_statistics_column(s, "mean_intensity");
  check(s && mean && mean[0] == 1 && mean[2] == 3 && mean[4] == 5, "%s: %g %g", "NULL intensity", mean ? mean[0] : -1,
        mean ? mean[4] : -1);
  cle_statistics_free(s);
  s = cle_statistics_of_labelled_pixels(img, NULL);
  check(s && s->n_rows == 1 && cle_statistics_column(s, "area")[0] == 15 &&
            cle_statistics_column(s, "mean_intensity")[0] == 7 && cle_statistics_column(s, "centroid_x")[0] == 2,
        "%s: %g rows %g", "NULL label", s ? (double)s->n_rows : -1, 0);
  check(cle_statistics_column(s, "no_such_column") == NULL, "%s %g %g", "unknown column", 0, 0);
  cle_statistics_free(s);
  cle_release(lab);
  cle_release(img);
}

static void errors(cle_device *dev)
{
  cle_statistics *s = cle_statistics_of_labelled_pixels(NULL, NULL);
  check(!s && cle_last_error() == CLE_ERROR_INVALID_ARGUMENT &&
            strstr(cle_last_error_message(), "statistics_of_labelled_pixels: give intensity, label or both"),
        "%s: %g %g", cle_last_error_message(), 0, 0);
  const float bad[3] = {0, -1, 2};
  cle_array *lab = cle_push(dev, bad, CLE_FLOAT32, 3, 1, 1);
  s = cle_statistics_of_background_and_labelled_pixels(NULL, lab);
  check(!s && strstr(cle_last_error_message(),
                     "statistics_of_background_and_labelled_pixels: label must hold labels >= 0"),
        "%s: %g %g", cle_last_error_message(), 0, 0);
  cle_array *other = cle_create(dev, CLE_FLOAT32, 4, 1, 1);
  s = cle_statistics_of_labelled_pixels(other, lab);
  check(!s && strstr(cle_last_error_message(), "intensity has shape (4), label has (3)"), "%s: %g %g",
        cle_last_error_message(), 0, 0);
  const unsigned zeros[2] = {0, 0};
  cle_array *empty = cle_push(dev, zeros, CLE_UINT32, 2, 1, 1);
  s = cle_statistics_of_labelled_pixels(NULL, empty);
  check(s && s->n_rows == 0, "%s: %g rows %g", "no labels", s ? (double)s->n_rows : -1, 0);
  cle_statistics_free(s);
  cle_statistics_free(NULL);
  cle_release(lab);
  cle_release(other);
  cle_release(empty);
}

/* 3D, 60000 pixels (many chunks), 300 labels: counts, boxes and means against the host. */
static void large_image(cle_device *dev)
{
  const size_t w = 61, h = 41, d = 24, n = w * h * d;
  unsigned short *lab = malloc(n * sizeof *lab);
  float *img = malloc(n * sizeof *img);
  double count[300] = {0}, sum[300] = {0}, sx[300] = {0};
  int minz[300], maxx[300];
  for (int l = 0; l < 300; l++)
    minz[l] = 1 << 30, maxx[l] = -1;
  unsigned r = 12345;
  for (size_t i = 0; i < n; i++) {
    const size_t x = i % w, y = i / w % h, z = i / w / h;
    lab[i] = (unsigned short)(((x / 5) * 7 + (y / 4) * 13 + (z / 3) * 29) % 300);
    r = r * 1103515245u + 12345u;
    img[i] = (float)(r >> 8) / 16777216.0f;
    count[lab[i]] += 1;
    sum[lab[i]] += img[i];
    sx[lab[i]] += (double)x;
    minz[lab[i]] = (int)z < minz[lab[i]] ? (int)z : minz[lab[i]];
    maxx[lab[i]] = (int)x > maxx[lab[i]] ? (int)x : maxx[lab[i]];
  }
  cle_array *L = cle_push(dev, lab, CLE_UINT16, w, h, d), *I = cle_push(dev, img, CLE_FLOAT32, w, h, d);
  cle_statistics *s = cle_statistics_of_background_and_labelled_pixels(I, L);
  if (!s) {
    printf("FAIL large: %s\n", cle_last_error_message());
    failures++;
  } else {
    const double *area = cle_statistics_column(s, "area"), *mean = cle_statistics_column(s, "mean_intensity"),
                 *cx = cle_statistics_column(s, "centroid_x"), *bz = cle_statistics_column(s, "bbox_min_z"),
                 *bx = cle_statistics_column(s, "bbox_max_x");
    for (size_t l = 0; l < s->n_rows; l++) {
      check(area[l] == count[l] && bz[l] == minz[l] && bx[l] == maxx[l], "%s label %g: area %g", "large", (double)l,
            area[l]);
      check(fabs(mean[l] - sum[l] / count[l]) < 1e-12 && fabs(cx[l] - sx[l] / count[l]) < 1e-12,
            "%s: mean %.17g vs %.17g", "large", mean[l], sum[l] / count[l]);
    }
    /* the same bits on every run */
    cle_statistics *again = cle_statistics_of_background_and_labelled_pixels(I, L);
    for (size_t k = 0; again && k < s->n_columns; k++)
      check(!memcmp(s->columns[k], again->columns[k], s->n_rows * sizeof(double)), "%s differs on a second run %g %g",
            s->names[k], 0, 0);
    cle_statistics_free(again);
  }
  cle_statistics_free(s);
  cle_release(L);
  cle_release(I);
  free(lab);
  free(img);
}

int main(void)
{
  cle_device *dev = cle_device_default();
  if (!dev) {
    printf("no device: %s\n", cle_last_error_message());
    return 1;
  }
  small_example(dev);
  errors(dev);
  large_image(dev);
  printf("%s: %d checks, %d failures; %ld arrays still alive\n", failures ? "FAIL" : "PASS", checks, failures,
         cle_live_array_count());
  return failures == 0 && cle_live_array_count() == 0 ? 0 : 1;
}
