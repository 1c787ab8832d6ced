/* cle_statistics_of_labelled_pixels, cle_statistics_of_background_and_
 * labelled_pixels and cle_labels_statistics (include/cesperanto/
 * cle_statistics.h): the measurements of label_statistics.c as pyclesperanto's
 * named columns. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cesperanto/cle_statistics.h"
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "label_statistics.h"

enum {
  C_LABEL,
  C_AREA,
  C_BBOX_MIN_X,
  C_BBOX_MIN_Y,
  C_BBOX_MIN_Z,
  C_BBOX_MAX_X,
  C_BBOX_MAX_Y,
  C_BBOX_MAX_Z,
  C_BBOX_WIDTH,
  C_BBOX_HEIGHT,
  C_BBOX_DEPTH,
  C_MIN_INTENSITY,
  C_MAX_INTENSITY,
  C_SUM_INTENSITY,
  C_MEAN_INTENSITY,
  C_STD_INTENSITY,
  C_SUM_IX,
  C_SUM_IY,
  C_SUM_IZ,
  C_MASS_X,
  C_MASS_Y,
  C_MASS_Z,
  C_SUM_X,
  C_SUM_Y,
  C_SUM_Z,
  C_CENTROID_X,
  C_CENTROID_Y,
  C_CENTROID_Z,
  C_SUM_D_CENTROID,
  C_MEAN_D_CENTROID,
  C_MAX_D_CENTROID,
  C_SUM_D_MASS,
  C_MEAN_D_MASS,
  C_MAX_D_MASS,
  C_RATIO_CENTROID,
  C_RATIO_MASS,
  N_COLUMNS
};

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

/* The table and its columns in one allocation. */
typedef struct table {
  cle_statistics pub;
  double *cols[N_COLUMNS];
} table;

static void row(const cle_label_stats *s, int l, double *const *c, size_t r)
{
  const double n = (double)s->count[l];
  c[C_LABEL][r] = l;
  c[C_AREA][r] = n;
  c[C_SUM_X][r] = (double)s->sum_x[l];
  c[C_SUM_Y][r] = (double)s->sum_y[l];
  c[C_SUM_Z][r] = (double)s->sum_z[l];
  c[C_SUM_INTENSITY][r] = s->sum_v[l];
  c[C_SUM_IX][r] = s->sum_vx[l];
  c[C_SUM_IY][r] = s->sum_vy[l];
  c[C_SUM_IZ][r] = s->sum_vz[l];
  c[C_SUM_D_CENTROID][r] = s->sum_dist_centroid[l];
  c[C_SUM_D_MASS][r] = s->sum_dist_mass[l];
  if (!s->count[l]) { /* no pixel: the sums are 0, everything else undefined */
    for (int k = 0; k < N_COLUMNS; k++)
      if (k != C_LABEL && k != C_AREA && k != C_SUM_X && k != C_SUM_Y && k != C_SUM_Z && k != C_SUM_INTENSITY &&
          k != C_SUM_IX && k != C_SUM_IY && k != C_SUM_IZ && k != C_SUM_D_CENTROID && k != C_SUM_D_MASS)
        c[k][r] = NAN;
    return;
  }
  const int32_t *box[6] = {s->min_x, s->min_y, s->min_z, s->max_x, s->max_y, s->max_z};
  for (int k = 0; k < 6; k++)
    c[C_BBOX_MIN_X + k][r] = box[k][l];
  c[C_BBOX_WIDTH][r] = s->max_x[l] - s->min_x[l] + 1;
  c[C_BBOX_HEIGHT][r] = s->max_y[l] - s->min_y[l] + 1;
  c[C_BBOX_DEPTH][r] = s->max_z[l] - s->min_z[l] + 1;
  c[C_MIN_INTENSITY][r] = s->min_v[l];
  c[C_MAX_INTENSITY][r] = s->max_v[l];
  c[C_MEAN_INTENSITY][r] = s->sum_v[l] / n;
  c[C_STD_INTENSITY][r] = sqrt(s->sum_sq_dev[l] / n);
  c[C_MASS_X][r] = s->sum_vx[l] / s->sum_v[l];
  c[C_MASS_Y][r] = s->sum_vy[l] / s->sum_v[l];
  c[C_MASS_Z][r] = s->sum_vz[l] / s->sum_v[l];
  c[C_CENTROID_X][r] = (double)s->sum_x[l] / n;
  c[C_CENTROID_Y][r] = (double)s->sum_y[l] / n;
  c[C_CENTROID_Z][r] = (double)s->sum_z[l] / n;
  c[C_MEAN_D_CENTROID][r] = s->sum_dist_centroid[l] / n;
  c[C_MAX_D_CENTROID][r] = s->max_dist_centroid[l];
  c[C_MEAN_D_MASS][r] = s->sum_dist_mass[l] / n;
  c[C_MAX_D_MASS][r] = s->max_dist_mass[l];
  if (isnan(c[C_MASS_X][r]) || isnan(c[C_MASS_Y][r]) || isnan(c[C_MASS_Z][r])) {
    /* no mass center (intensities summing to 0): distances to it sum to NaN, their maximum skips
       them (pyclesperanto 0.25.1: NaN, NaN and 0), whichever path summed them */
    c[C_SUM_D_MASS][r] = NAN;
    c[C_MEAN_D_MASS][r] = NAN;
  }
  c[C_RATIO_CENTROID][r] = c[C_MAX_D_CENTROID][r] / c[C_MEAN_D_CENTROID][r];
  c[C_RATIO_MASS][r] = c[C_MAX_D_MASS][r] / c[C_MEAN_D_MASS][r];
}

/* The table of labels first..max; 0, or -1 with the error set (the
 * generated cle_OP names the op). */
static int statistics(cle_array *intensity, cle_array *label, int first, cle_statistics **result)
{
  *result = NULL;
  if (!intensity && !label)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "give intensity, label or both, not None (NULL) twice");
  cle_array *owned = NULL;
  if (!label) { /* one label over the whole image */
    owned = cle_create_like_dtype(intensity, CLE_UINT32);
    if (!owned || cle_array_fill(owned, 1) != 0) {
      cle_release(owned);
      return -1;
    }
    label = owned;
  }
  if (!intensity)
    intensity = label;
  cle_label_stats s;
  /* without the background row, label 0 is not measured (its runs would all update one table entry) */
  const int rc = cle_label_stats_compute(label, "label", intensity, "intensity",
                                         CLE_LS_INTENSITY | CLE_LS_SPREAD | (first > 0 ? CLE_LS_NO_BACKGROUND : 0), &s);
  cle_release(owned);
  if (rc != 0)
    return -1;
  const int made = cle_label_stats_table(&s, first, result);
  cle_label_stats_release(&s);
  return made;
}

int cle_label_stats_table(const cle_label_stats *s, int first, cle_statistics **result)
{
  *result = NULL;
  const size_t rows = (size_t)s->n_labels - (size_t)first;
  table *t = calloc(1, sizeof *t);
  double *data = t ? malloc((rows ? rows : 1) * N_COLUMNS * sizeof *data) : NULL;
  if (!data) {
    free(t);
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory for a table of %zu rows", rows);
  }
  for (int k = 0; k < N_COLUMNS; k++)
    t->cols[k] = data + (size_t)k * (rows ? rows : 1);
  for (size_t r = 0; r < rows; r++)
    row(s, first + (int)r, t->cols, r);
  t->pub.n_rows = rows;
  t->pub.n_columns = N_COLUMNS;
  t->pub.names = names;
  t->pub.columns = t->cols;
  *result = &t->pub;
  return 0;
}

int cle_impl_statistics_of_labelled_pixels(cle_array *intensity, cle_array *label, cle_statistics **result)
{
  return statistics(intensity, label, 1, result);
}

int cle_impl_statistics_of_background_and_labelled_pixels(cle_array *intensity, cle_array *label,
                                                          cle_statistics **result)
{
  return statistics(intensity, label, 0, result);
}

/* pyclesperanto 0.25.1's successor of both: label first, the background's row on request. */
int cle_impl_labels_statistics(cle_array *label, cle_array *intensity, cle_statistics **result, bool include_background)
{
  return statistics(intensity, label, include_background ? 0 : 1, result);
}

const double *cle_statistics_column(const cle_statistics *stats, const char *name)
{
  for (size_t k = 0; stats && name && k < stats->n_columns; k++)
    if (!strcmp(stats->names[k], name))
      return stats->columns[k];
  return NULL;
}

int cle_statistics_write_csv(const cle_statistics *stats, const char *path)
{
  if (!stats || !path)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_statistics_write_csv: %s must not be NULL",
                         stats ? "path" : "stats");
  FILE *f = fopen(path, "w");
  if (!f)
    return cle_set_error(CLE_ERROR_IO, "cannot write '%s': %s", path, strerror(errno));
  for (size_t c = 0; c < stats->n_columns; c++)
    fprintf(f, "%s%s", c ? "," : "", stats->names[c]);
  fputc('\n', f);
  for (size_t r = 0; r < stats->n_rows; r++) {
    for (size_t c = 0; c < stats->n_columns; c++) {
      const double v = stats->columns[c][r];
      if (isnan(v))
        fprintf(f, "%snan", c ? "," : "");
      else
        fprintf(f, "%s%.17g", c ? "," : "", v);
    }
    fputc('\n', f);
  }
  const int failed = ferror(f);
  if (fclose(f) != 0 || failed)
    return cle_set_error(CLE_ERROR_IO, "cannot write '%s': %s", path, strerror(errno));
  return 0;
}

void cle_statistics_free(cle_statistics *stats)
{
  if (!stats)
    return;
  table *t = (table *)stats; /* pub is the first member */
  free(t->cols[0]);
  free(t);
}
