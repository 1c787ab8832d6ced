/* statistics_of_labelled_pixels, statistics_of_background_and_labelled_
 * pixels and labels_statistics over tiles: the same table as the untiled op.
 *
 *   1. Each tile measured on the device (cle_label_stats_compute_centered,
 *      the untiled op's core): counts, coordinate sums, boxes, intensity
 *      sums, min/max per label, in the tile's coordinates. Merged on the
 *      host per label: counts and boxes (shifted by the tile's origin),
 *      coordinate sums (+ origin * count, in uint64), min/max: exact;
 *      intensity sums and sum(v * x) (+ origin * sum(v)): in double, to
 *      rounding of the untiled op's own sums.
 *   2. The whole image's centers (centroid, mean, mass center) from the
 *      merged sums, as the device computes them (sums / count, in double).
 *   3. Each tile measured again with those centers given (shifted into the
 *      tile's coordinates): squared deviations from the mean, distances to
 *      the centroid and the mass center, their sums and maxima; merged
 *      (sums added, maxima fmax).
 *   4. The table from the merged measurements (cle_label_stats_table, the
 *      untiled op's own columns).
 * The host holds one entry per label (never per pixel). Each tile is pushed
 * twice. Exact columns: label, area, bbox_*, min/max_intensity, sum_x/y/z,
 * centroid_*; the others agree with the untiled op to rounding (its fixed-
 * point sums are scaled by the image's extent, the tiles' by theirs):
 * spec/README.md, "Tiled global ops". */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cesperanto/cle_statistics.h"
#include "ops/label_statistics.h"
#include "tiled/tiled_global.h"

/* The label and intensity arrays of a tile, as the untiled op makes them
 * from its optional inputs (intensity: input ki, label: input kl). */
static int tile_arrays(const cle_tiled_call *call, const cle_box *box, int ki, int kl, cle_array **label,
                       cle_array **intensity)
{
  *label = *intensity = NULL;
  if (!call->inputs[ki] && !call->inputs[kl])
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: give intensity, label or both, not None (NULL) twice",
                         call->op->name);
  if (call->inputs[ki] && !(*intensity = cle_tiled_push_input(call, ki, box)))
    return -1;
  if (call->inputs[kl]) {
    *label = cle_tiled_push_input(call, kl, box);
  } else { /* one label over the whole image */
    *label = cle_create_like_dtype(*intensity, CLE_UINT32);
    if (*label && cle_array_fill(*label, 1) != 0) {
      cle_release(*label);
      *label = NULL;
    }
  }
  if (!*label) {
    cle_release(*intensity);
    *intensity = NULL;
    return -1;
  }
  if (!*intensity)
    *intensity = cle_retain(*label);
  return 0;
}

/* The merged measurements: s's tables (malloc'ed, n_labels entries of cap). */
static int grow(cle_label_stats *g, int *cap, int n)
{
  if (n <= g->n_labels)
    return 0;
  if (n > *cap) {
    int c = *cap ? *cap : 64;
    while (c < n)
      c = c > INT_MAX / 2 ? n : 2 * c;
    uint64_t **u[] = {&g->count, &g->sum_x, &g->sum_y, &g->sum_z};
    int32_t **b[] = {&g->min_x, &g->max_x, &g->min_y, &g->max_y, &g->min_z, &g->max_z};
    double **r[] = {&g->sum_v,
                    &g->sum_vx,
                    &g->sum_vy,
                    &g->sum_vz,
                    &g->min_v,
                    &g->max_v,
                    &g->sum_sq_dev,
                    &g->sum_dist_centroid,
                    &g->max_dist_centroid,
                    &g->sum_dist_mass,
                    &g->max_dist_mass};
    for (int k = 0; k < 4; k++) {
      uint64_t *p = realloc(*u[k], (size_t)c * sizeof *p);
      if (!p)
        return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "tiling: no host memory for %d labels", n);
      *u[k] = p;
    }
    for (int k = 0; k < 6; k++) {
      int32_t *p = realloc(*b[k], (size_t)c * sizeof *p);
      if (!p)
        return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "tiling: no host memory for %d labels", n);
      *b[k] = p;
    }
    for (int k = 0; k < 11; k++) {
      double *p = realloc(*r[k], (size_t)c * sizeof *p);
      if (!p)
        return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "tiling: no host memory for %d labels", n);
      *r[k] = p;
    }
    *cap = c;
  }
  for (int l = g->n_labels; l < n; l++) { /* an absent label, as label_statistics.h has it */
    g->count[l] = g->sum_x[l] = g->sum_y[l] = g->sum_z[l] = 0;
    g->min_x[l] = g->min_y[l] = g->min_z[l] = INT32_MAX;
    g->max_x[l] = g->max_y[l] = g->max_z[l] = -1;
    g->sum_v[l] = g->sum_vx[l] = g->sum_vy[l] = g->sum_vz[l] = 0;
    g->min_v[l] = g->max_v[l] = NAN;
    g->sum_sq_dev[l] = g->sum_dist_centroid[l] = g->max_dist_centroid[l] = 0;
    g->sum_dist_mass[l] = g->max_dist_mass[l] = 0;
  }
  g->n_labels = n;
  return 0;
}

static int32_t min32(int32_t a, int32_t b)
{
  return a < b ? a : b;
}

static int32_t max32(int32_t a, int32_t b)
{
  return a > b ? a : b;
}

/* Pass 1's measurements of the tile at box (s) into g. */
static void merge_sums(cle_label_stats *g, const cle_label_stats *s, const cle_box *box)
{
  const uint64_t o[3] = {box->origin[0], box->origin[1], box->origin[2]};
  for (int l = 0; l < s->n_labels; l++) {
    const uint64_t c = s->count[l];
    if (!c)
      continue;
    g->count[l] += c;
    g->sum_x[l] += s->sum_x[l] + o[0] * c;
    g->sum_y[l] += s->sum_y[l] + o[1] * c;
    g->sum_z[l] += s->sum_z[l] + o[2] * c;
    g->min_x[l] = min32(g->min_x[l], s->min_x[l] + (int32_t)o[0]);
    g->min_y[l] = min32(g->min_y[l], s->min_y[l] + (int32_t)o[1]);
    g->min_z[l] = min32(g->min_z[l], s->min_z[l] + (int32_t)o[2]);
    g->max_x[l] = max32(g->max_x[l], s->max_x[l] + (int32_t)o[0]);
    g->max_y[l] = max32(g->max_y[l], s->max_y[l] + (int32_t)o[1]);
    g->max_z[l] = max32(g->max_z[l], s->max_z[l] + (int32_t)o[2]);
    g->sum_v[l] += s->sum_v[l];
    g->sum_vx[l] += s->sum_vx[l] + (double)o[0] * s->sum_v[l];
    g->sum_vy[l] += s->sum_vy[l] + (double)o[1] * s->sum_v[l];
    g->sum_vz[l] += s->sum_vz[l] + (double)o[2] * s->sum_v[l];
    g->min_v[l] = fmin(g->min_v[l], s->min_v[l]);
    g->max_v[l] = fmax(g->max_v[l], s->max_v[l]);
  }
}

/* Pass 2's measurements of a tile (s) into g. */
static void merge_spread(cle_label_stats *g, const cle_label_stats *s)
{
  for (int l = 0; l < s->n_labels; l++) {
    if (!s->count[l])
      continue;
    g->sum_sq_dev[l] += s->sum_sq_dev[l];
    g->sum_dist_centroid[l] += s->sum_dist_centroid[l];
    g->max_dist_centroid[l] = fmax(g->max_dist_centroid[l], s->max_dist_centroid[l]);
    g->sum_dist_mass[l] += s->sum_dist_mass[l];
    g->max_dist_mass[l] = fmax(g->max_dist_mass[l], s->max_dist_mass[l]);
  }
}

/* The centers of every label (ls_centers in kernels/label_statistics.cl):
 * 7 x N entries into a new table; *max_abs_mean the largest |mean|. */
static double *centers_of(const cle_label_stats *g, double *max_abs_mean)
{
  const size_t N = (size_t)g->n_labels;
  double *c = malloc(7 * N * sizeof *c);
  if (!c) {
    cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "tiling: no host memory for the centers of %zu labels", N);
    return NULL;
  }
  *max_abs_mean = 0;
  for (size_t l = 0; l < N; l++) {
    const double count = (double)g->count[l], sum = g->sum_v[l];
    c[l] = (double)g->sum_x[l] / count;
    c[N + l] = (double)g->sum_y[l] / count;
    c[2 * N + l] = (double)g->sum_z[l] / count;
    c[3 * N + l] = sum / count;
    c[4 * N + l] = g->sum_vx[l] / sum;
    c[5 * N + l] = g->sum_vy[l] / sum;
    c[6 * N + l] = g->sum_vz[l] / sum;
    if (isfinite(c[3 * N + l]))
      *max_abs_mean = fmax(*max_abs_mean, fabs(c[3 * N + l]));
  }
  return c;
}

/* The table of labels first..max; intensity is input ki, label input kl. */
static int statistics(const cle_tiled_call *call, cle_tiled_result *out, int first, int ki, int kl)
{
  const int flags = CLE_LS_INTENSITY | (first > 0 ? CLE_LS_NO_BACKGROUND : 0);
  const size_t tiles = cle_tile_count(call->size, call->tile);
  cle_label_stats g;
  memset(&g, 0, sizeof g);
  int cap = 0, rc = grow(&g, &cap, 1);
  for (int pass = 1; pass <= 2 && rc == 0; pass++) {
    double *table = NULL, max_abs_mean = 0;
    if (pass == 2 && !(table = centers_of(&g, &max_abs_mean))) {
      rc = -1;
      break;
    }
    const double w = (double)call->size[0] - 1, h = (double)call->size[1] - 1, d = (double)call->size[2] - 1;
    cle_label_centers given = {.table = table,
                               .n_labels = g.n_labels,
                               .max_abs_mean = max_abs_mean,
                               .max_distance = sqrt(w * w + h * h + d * d)};
    for (size_t t = 0; t < tiles && rc == 0; t++) {
      cle_box box;
      cle_tile_at(call->size, call->tile, t, &box);
      cle_array *label, *intensity;
      if (tile_arrays(call, &box, ki, kl, &label, &intensity) != 0) {
        rc = -1;
        break;
      }
      for (int a = 0; a < 3; a++)
        given.origin[a] = (double)box.origin[a];
      cle_label_stats s; /* empty after a failure */
      rc = cle_label_stats_compute_centered(label, "label", intensity, "intensity",
                                            pass == 1 ? flags : flags | CLE_LS_SPREAD, pass == 1 ? NULL : &given, &s);
      cle_release(label);
      cle_release(intensity);
      if (rc != 0)
        cle_error_add_context(call->op->name);
      else if (pass == 1 && (rc = grow(&g, &cap, s.n_labels)) == 0)
        merge_sums(&g, &s, &box);
      else if (pass == 2)
        merge_spread(&g, &s);
      cle_label_stats_release(&s);
    }
    free(table);
  }
  if (rc == 0)
    rc = cle_label_stats_table(&g, first, &out->table);
  cle_label_stats_release(&g);
  return rc;
}

int cle_tiled_statistics_of_labelled_pixels(const cle_tiled_call *call, cle_tiled_result *out)
{
  return statistics(call, out, 1, 0, 1);
}

int cle_tiled_statistics_of_background_and_labelled_pixels(const cle_tiled_call *call, cle_tiled_result *out)
{
  return statistics(call, out, 0, 0, 1);
}

/* labels_statistics(label, intensity, include_background) */
int cle_tiled_labels_statistics(const cle_tiled_call *call, cle_tiled_result *out)
{
  return statistics(call, out, call->params[0].number != 0 ? 0 : 1, 1, 0);
}
