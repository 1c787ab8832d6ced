/* label_statistics: the per-label measurement core (label_statistics.h).
 *
 * On the device (kernels/label_statistics.cl):
 *   1. label_max: the largest label, and whether a pixel is no label;
 *   2. label_stats_pass1: chunk c of the pixels into slot c of the partial
 *      tables (counts, coordinate sums, boxes, intensity sums/min/max); or,
 *      without an intensity image, label_stats_atomic: the integer
 *      statistics with integer atomics straight into slot 0;
 *   3. label_stats_merge1: slots folded into slot 0 in order, centers;
 *   4. (CLE_LS_SPREAD) label_stats_pass2 + label_stats_merge2: deviations
 *      and distances, the same way.
 * Then one read of the totals. The number of slots depends only on the
 * device type, the pixel and label counts (and the tables' sizes, bounded by
 * SLOT_BUDGET_*), so the order of every float operation is fixed. */
#include "label_statistics.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cesperanto/cle_ops.h"
#include "label_scan.h"
#include "ops_util.h"

enum {
  CHECK_MAX_GROUPS = 1024, /* label_max runs at most this many work-groups */
  MAX_SLOTS_CPU = 1024,    /* chunks (work-items) of a statistics pass on a CPU device */
  MAX_SLOTS_GPU = 4096,    /* ... on a GPU, which needs more to be busy (each is merged serially, per label) */
  MIN_CHUNK = 2048,        /* pixels per chunk at least (fewer chunks for small images) */
  ATOMIC_RUN = 32,         /* pixels per work-item of label_stats_atomic */
  ATOMIC_STAGE = 64        /* its work-group on GPUs, whose runs pass through local memory */
};
/* Bytes the partial tables of all slots of a pass may take together (on a
 * GPU also at most half its largest allocation). */
#define SLOT_BUDGET_CPU ((size_t)128 << 20)
#define SLOT_BUDGET_GPU ((size_t)512 << 20)

enum { BAD_NEGATIVE = 1, BAD_FRACTION = 2, BAD_TOO_LARGE = 4 }; /* as label_statistics.cl */

/* label_stats_atomic's staged work-group (GPUs), or 0 (CPU devices: each item reads its run). */
static int ls_stage(cle_device *dev)
{
  return !cle_ops_chunked_path(dev) && cle_ops_group_size(dev, ATOMIC_STAGE) == ATOMIC_STAGE ? ATOMIC_STAGE : 0;
}

static char *ls_defines(cle_device *dev, int group, const cle_array *labels, int intensity, int atomic, int flags)
{
  return cle_defines_append(
      NULL,
      "#define LS_WG %d\n#define LS_FLOAT %d\n#define LS_INTENSITY %d\n#define LS_FP64 %d\n"
      "#define LS_ATOMIC %d\n#define LS_RUN %d\n#define LS_STAGE %d\n#define LS_SKIP_BACKGROUND %d\n"
      "#define LS_COUNTS_ONLY %d\n",
      group, cle_array_dtype(labels) == CLE_FLOAT32, intensity, cle_device_has_fp64(dev), atomic, ATOMIC_RUN,
      ls_stage(dev), (flags & CLE_LS_NO_BACKGROUND) != 0, (flags & CLE_LS_COUNTS_ONLY) != 0 && !intensity);
}

double cle_label_max(cle_array *labels, const char *name)
{
  const size_t n = cle_array_size(labels);
  if (n > INT_MAX)
    return cle_fail_nan(CLE_ERROR_UNSUPPORTED, "%s has %zu pixels; at most %d are supported", name, n, INT_MAX);
  cle_device *dev = cle_array_device(labels);
  const int group = label_group_size(dev, 256);
  size_t groups = (n + (size_t)group - 1) / (size_t)group;
  if (groups > CHECK_MAX_GROUPS)
    groups = CHECK_MAX_GROUPS;
  char *defines = ls_defines(dev, group, labels, 0, 0, 0);
  cle_array *stats = defines ? cle_create(dev, CLE_UINT32, 2, 1, 1) : NULL;
  uint32_t found[2] = {0, 0};
  int rc = stats ? cle_array_fill(stats, 0) : -1;
  if (rc == 0) {
    const cle_param params[] = {cle_param_array("src", labels), cle_param_array("stats", stats),
                                cle_param_int("n", (int)n)};
    const size_t local[3] = {(size_t)group, 1, 1};
    const size_t range[3] = {groups * (size_t)group, 1, 1};
    rc = cle_run_kernel(dev, "label_statistics", "label_max", params, 3, range, local, defines);
  }
  if (rc == 0)
    rc = cle_pull(stats, found, sizeof found);
  cle_release(stats);
  free(defines);
  if (rc != 0)
    return NAN;
  if (found[1] & BAD_NEGATIVE)
    return cle_fail_nan(CLE_ERROR_INVALID_ARGUMENT, "%s must hold labels >= 0, but has a negative (or NaN) pixel",
                        name);
  if (found[1] & BAD_FRACTION)
    return cle_fail_nan(CLE_ERROR_INVALID_ARGUMENT, "%s must hold whole-number labels, but has a fractional pixel",
                        name);
  if (found[1] & BAD_TOO_LARGE)
    return cle_fail_nan(CLE_ERROR_INVALID_ARGUMENT, "%s must hold labels below 2^32, but has a larger pixel", name);
  return (double)found[0];
}

int cle_label_largest(cle_array *labels, const char *name, int *largest)
{
  const double m = cle_label_max(labels, name);
  if (isnan(m))
    return -1;
  if (m >= INT_MAX - 1)
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "%s's largest label is %.0f; at most %d is supported", name, m,
                         INT_MAX - 2);
  *largest = (int)m;
  return 0;
}

int cle_label_same_shape(const cle_array *labels, const char *labels_name, const cle_array *other,
                         const char *other_name)
{
  if (cle_array_width(labels) == cle_array_width(other) && cle_array_height(labels) == cle_array_height(other) &&
      cle_array_depth(labels) == cle_array_depth(other))
    return 0;
  char a[80], b[80];
  return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s has shape %s, %s has %s; they must be equal", other_name,
                       cle_ops_shape_text(other, a, sizeof a), labels_name, cle_ops_shape_text(labels, b, sizeof b));
}

void cle_label_stats_release(cle_label_stats *s)
{
  void *all[] = {s->count,
                 s->sum_x,
                 s->sum_y,
                 s->sum_z,
                 s->min_x,
                 s->max_x,
                 s->min_y,
                 s->max_y,
                 s->min_z,
                 s->max_z,
                 s->sum_v,
                 s->sum_vx,
                 s->sum_vy,
                 s->sum_vz,
                 s->min_v,
                 s->max_v,
                 s->sum_sq_dev,
                 s->sum_dist_centroid,
                 s->max_dist_centroid,
                 s->sum_dist_mass,
                 s->max_dist_mass};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    free(all[i]);
  memset(s, 0, sizeof *s);
}

/* The slot count of a pass: at most MAX_SLOTS_*, chunks of at least
 * MIN_CHUNK pixels, all slots' tables within SLOT_BUDGET_*; at least 1. It
 * depends on the device type, the pixel and the label counts only, so a
 * device sums in the same order on every run. */
static int slot_count(const cle_device *dev, size_t n, size_t n_labels, size_t bytes_per_label)
{
  const int cpu = cle_device_is_cpu(dev);
  size_t budget = cpu ? SLOT_BUDGET_CPU : SLOT_BUDGET_GPU;
  if (!cpu && budget > cle_device_max_allocation(dev) / 2)
    budget = (size_t)(cle_device_max_allocation(dev) / 2);
  size_t slots = (n + MIN_CHUNK - 1) / MIN_CHUNK;
  if (slots > (size_t)(cpu ? MAX_SLOTS_CPU : MAX_SLOTS_GPU))
    slots = cpu ? MAX_SLOTS_CPU : MAX_SLOTS_GPU;
  const size_t fit = budget / (n_labels * bytes_per_label);
  if (slots > fit)
    slots = fit;
  return slots < 1 ? 1 : (int)slots;
}

/* k tables of n entries from raw device data as doubles (REAL: double or float). */
static int load_reals(cle_array *arr, int k, size_t n, int fp64, double **dst[])
{
  const size_t real = fp64 ? 8 : 4;
  unsigned char *raw = malloc(k * n * real);
  if (!raw)
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory");
  int rc = cle_pull(arr, raw, k * n * real);
  for (int j = 0; rc == 0 && j < k; j++) {
    if (!dst[j])
      continue;
    *dst[j] = malloc(n * sizeof(double));
    if (!*dst[j]) {
      rc = cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory");
      break;
    }
    for (size_t l = 0; l < n; l++)
      (*dst[j])[l] = cle_ops_load_real(raw + (j * n + l) * real, fp64);
  }
  free(raw);
  return rc;
}

/* The atomic path's fixed-point exponents: every per-pixel term of a sum is
 * rounded to a multiple of 2^-e, e the largest for which n terms of the
 * largest magnitude stay below 2^61 (so no 64-bit total overflows). */
typedef struct {
  int e_v, e_vx, e_sq, e_d;
} fixed_scales;

static int fixed_exponent(size_t n, double bound)
{
  if (!(bound > 0))
    return 0;
  const double e = floor(61.0 - log2((double)n) - log2(bound));
  return e > 100 ? 100 : e < -100 ? -100 : (int)e; /* 2^+-100: REAL (even float) holds the scale */
}

/* 1 and the scales if intensity suits the fixed-point path: every value
 * finite, and whole numbers below 2^24 for 32-bit integer images (min and
 * max go through float keys); 0 if not (the slot path then); -1 on error. */
static int fixed_point_scales(cle_array *intensity, size_t n, cle_array *labels, double mean_bound, fixed_scales *fx)
{
  const cle_dtype t = cle_array_dtype(intensity);
  if (t == CLE_FLOAT32 && !isfinite(cle_sum_of_all_pixels(intensity))) /* NaN, inf (or a float overflow) */
    return cle_last_error() == CLE_OK ? 0 : -1;
  const double lo = cle_minimum_of_all_pixels(intensity), hi = cle_maximum_of_all_pixels(intensity);
  if (isnan(lo) || isnan(hi))
    return cle_last_error() == CLE_OK ? 0 : -1;
  const double vmax = fmax(fabs(lo), fabs(hi)), mmax = fmax(vmax, mean_bound);
  if ((t == CLE_INT32 || t == CLE_UINT32) && vmax > 16777216.0)
    return 0;
  const double longest =
      fmax((double)cle_array_width(labels), fmax((double)cle_array_height(labels), (double)cle_array_depth(labels)));
  fx->e_v = fixed_exponent(n, vmax);
  fx->e_vx = fixed_exponent(n, vmax * longest);    /* v times a coordinate */
  fx->e_sq = fixed_exponent(n, 4.0 * mmax * mmax); /* (v - mean)^2 <= (max - min)^2, or (|v| + |mean|)^2 */
  return 1;
}

int cle_label_stats_compute(cle_array *labels, const char *labels_name, cle_array *intensity,
                            const char *intensity_name, int flags, cle_label_stats *out)
{
  return cle_label_stats_compute_centered(labels, labels_name, intensity, intensity_name, flags, NULL, out);
}

/* given's centers, shifted to the labels' coordinates, into the centers
 * table of N labels (REAL: double, or float without fp64). */
static int write_centers(cle_array *centers, const cle_label_centers *given, size_t N, int fp64)
{
  const size_t real = fp64 ? 8 : 4;
  unsigned char *raw = malloc(7 * N * real);
  if (!raw)
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory");
  const size_t G = (size_t)given->n_labels;
  for (size_t k = 0; k < 7; k++)
    for (size_t l = 0; l < N; l++) {
      const int axis = k < 3 ? (int)k : k > 3 ? (int)k - 4 : -1; /* centroid x y z, mean, mass center x y z */
      const double v = l < G ? given->table[k * G + l] - (axis < 0 ? 0 : given->origin[axis]) : NAN;
      if (fp64) {
        memcpy(raw + (k * N + l) * real, &v, real);
      } else {
        const float f = (float)v;
        memcpy(raw + (k * N + l) * real, &f, real);
      }
    }
  const int rc = cle_array_write(centers, raw, 7 * N * real);
  free(raw);
  return rc;
}

int cle_label_stats_compute_centered(cle_array *labels, const char *labels_name, cle_array *intensity,
                                     const char *intensity_name, int flags, const cle_label_centers *given,
                                     cle_label_stats *out)
{
  memset(out, 0, sizeof *out);
  const bool with_intensity = (flags & CLE_LS_INTENSITY) != 0;
  const bool spread = (flags & CLE_LS_SPREAD) != 0;
  if (with_intensity && (!intensity || cle_label_same_shape(labels, labels_name, intensity, intensity_name) != 0))
    return intensity ? -1 : cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "no intensity image");
  int largest = 0;
  if (cle_label_largest(labels, labels_name, &largest) != 0)
    return -1;
  cle_device *dev = cle_array_device(labels);
  const int fp64 = cle_device_has_fp64(dev);
  const size_t real = fp64 ? 8 : 4;
  const size_t N = (size_t)largest + 1;
  const size_t n = cle_array_size(labels);
  /* the fully parallel fixed-point path (label_statistics.cl) where the intensities allow it, else slots */
  fixed_scales fx = {0};
  const int suits = with_intensity ? fixed_point_scales(intensity, n, labels, given ? given->max_abs_mean : 0, &fx) : 1;
  if (suits < 0)
    return -1;
  const int atomic = suits == 1;
  const double w = (double)cle_array_width(labels) - 1, h = (double)cle_array_height(labels) - 1,
               d = (double)cle_array_depth(labels) - 1;
  /* distances stay within the diagonal (or the bound given with the centers) */
  fx.e_d = fixed_exponent(n, fmax(1.0, given ? given->max_distance : sqrt(w * w + h * h + d * d)));
  const int slots1 = atomic ? 1 : slot_count(dev, n, N, 4 * 8 + 6 * 4 + 6 * real);
  const int slots2 = spread && !atomic ? slot_count(dev, n, N, 5 * real) : 1;
  const size_t chunk1 = (n + (size_t)slots1 - 1) / (size_t)slots1, chunk2 = (n + (size_t)slots2 - 1) / (size_t)slots2;
  const int n_chunks1 = (int)((n + chunk1 - 1) / chunk1), n_chunks2 = (int)((n + chunk2 - 1) / chunk2);

  char *defines = ls_defines(dev, 1, labels, with_intensity, atomic, flags);
  /* slot 0 (the totals) and slots 1.. (rest; 1 word when there are none), in 32-bit words */
  const size_t rest1 = (size_t)n_chunks1 - 1, rest2 = (size_t)n_chunks2 - 1, rw = real / 4;
  const size_t words[2][5] = {
      {8 * N, 6 * N, with_intensity ? 6 * N * rw : 1, 7 * N * rw, spread ? 5 * N * rw : 1},
      {8 * N * rest1, 6 * N * rest1, with_intensity ? 6 * N * rw * rest1 : 0, 0, spread ? 5 * N * rw * rest2 : 0}};
  /* the atomic path's accumulators: fixed-point intensity sums, min/max keys, pass 2's sums and maxima */
  const size_t acc_words[4] = {atomic && with_intensity ? 8 * N : 1, atomic && with_intensity ? 2 * N : 1,
                               atomic && spread ? 6 * N : 1, atomic && spread ? 2 * N : 1};
  cle_array *tab[2][5] = {{NULL}}, *acc[4] = {NULL};
  int rc = defines ? 0 : -1;
  for (int r = 0; r < 2 && rc == 0; r++)
    for (int k = 0; k < 5 && rc == 0; k++)
      if (!(tab[r][k] = cle_create(dev, CLE_UINT32, words[r][k] ? words[r][k] : 1, 1, 1)))
        rc = -1;
  for (int k = 0; k < 4 && rc == 0 && atomic; k++)
    if (!(acc[k] = cle_create(dev, k == 1 || k == 3 ? CLE_INT32 : CLE_UINT32, acc_words[k], 1, 1)) ||
        cle_array_fill(acc[k], k == 1 ? (double)INT_MIN : 0) != 0)
      rc = -1;
  cle_array *ints = tab[0][0], *bbox = tab[0][1], *reals = tab[0][2], *centers = tab[0][3], *spread_tab = tab[0][4];
  cle_array *src = with_intensity ? intensity : labels;
  if (rc == 0 && atomic) {
    rc = cle_array_fill(ints, 0) == 0 && cle_array_fill(bbox, 0) == 0 ? 0 : -1;
    const cle_param params[] = {
        cle_param_array("labels", labels), cle_param_array("intensity", src), cle_param_array("ints", ints),
        cle_param_array("bbox", bbox),     cle_param_array("fixed", acc[0]),  cle_param_array("vrange", acc[1]),
        cle_param_int("n_labels", (int)N), cle_param_int("e_v", fx.e_v),      cle_param_int("e_vx", fx.e_vx)};
    const size_t stage = (size_t)ls_stage(dev), runs = cle_ops_blocks(cle_array_width(labels), ATOMIC_RUN);
    const size_t range[3] = {stage ? cle_ops_round_up(runs, stage) : runs, cle_array_height(labels),
                             cle_array_depth(labels)};
    const size_t local[3] = {stage, 1, 1};
    if (rc == 0)
      rc = cle_run_kernel(dev, "label_statistics", "label_stats_atomic", params, 9, range, stage ? local : NULL,
                          defines);
    const cle_param merge[] = {
        cle_param_array("ints", ints),     cle_param_array("bbox", bbox),   cle_param_array("fixed", acc[0]),
        cle_param_array("vrange", acc[1]), cle_param_array("reals", reals), cle_param_array("centers", centers),
        cle_param_int("n_labels", (int)N), cle_param_int("e_v", fx.e_v),    cle_param_int("e_vx", fx.e_vx)};
    const size_t mrange[3] = {N, 1, 1};
    if (rc == 0)
      rc = cle_run_kernel(dev, "label_statistics", "label_stats_merge_atomic", merge, 9, mrange, NULL, defines);
  } else if (rc == 0) {
    const cle_param params[] = {cle_param_array("labels", labels),       cle_param_array("intensity", src),
                                cle_param_array("ints", ints),           cle_param_array("bbox", bbox),
                                cle_param_array("reals", reals),         cle_param_array("ints_rest", tab[1][0]),
                                cle_param_array("bbox_rest", tab[1][1]), cle_param_array("reals_rest", tab[1][2]),
                                cle_param_int("n_labels", (int)N),       cle_param_int("n_pixels", (int)n),
                                cle_param_int("chunk", (int)chunk1)};
    const size_t range[3] = {(size_t)n_chunks1, 1, 1}, local[3] = {1, 1, 1};
    rc = cle_run_kernel(dev, "label_statistics", "label_stats_pass1", params, 11, range, local, defines);
    const cle_param merge[] = {cle_param_array("ints", ints),           cle_param_array("bbox", bbox),
                               cle_param_array("reals", reals),         cle_param_array("ints_rest", tab[1][0]),
                               cle_param_array("bbox_rest", tab[1][1]), cle_param_array("reals_rest", tab[1][2]),
                               cle_param_array("centers", centers),     cle_param_int("n_labels", (int)N),
                               cle_param_int("n_slots", n_chunks1)};
    const size_t mrange[3] = {N, 1, 1};
    if (rc == 0)
      rc = cle_run_kernel(dev, "label_statistics", "label_stats_merge1", merge, 9, mrange, NULL, defines);
  }
  if (rc == 0 && spread && given) /* the centers of the whole image, in place of this one's */
    rc = write_centers(centers, given, N, fp64);
  if (rc == 0 && spread && atomic) {
    const cle_param params[] = {cle_param_array("labels", labels),   cle_param_array("intensity", src),
                                cle_param_array("centers", centers), cle_param_array("sfixed", acc[2]),
                                cle_param_array("smax", acc[3]),     cle_param_int("n_labels", (int)N),
                                cle_param_int("e_sq", fx.e_sq),      cle_param_int("e_d", fx.e_d)};
    const size_t range[3] = {(cle_array_width(labels) + ATOMIC_RUN - 1) / ATOMIC_RUN, cle_array_height(labels),
                             cle_array_depth(labels)};
    rc = cle_run_kernel(dev, "label_statistics", "label_stats_atomic2", params, 8, range, NULL, defines);
    const cle_param merge[] = {cle_param_array("sfixed", acc[2]),     cle_param_array("smax", acc[3]),
                               cle_param_array("spread", spread_tab), cle_param_int("n_labels", (int)N),
                               cle_param_int("e_sq", fx.e_sq),        cle_param_int("e_d", fx.e_d)};
    const size_t mrange[3] = {N, 1, 1};
    if (rc == 0)
      rc = cle_run_kernel(dev, "label_statistics", "label_stats_merge_atomic2", merge, 6, mrange, NULL, defines);
  } else if (rc == 0 && spread) {
    const cle_param params[] = {cle_param_array("labels", labels),         cle_param_array("intensity", src),
                                cle_param_array("centers", centers),       cle_param_array("spread", spread_tab),
                                cle_param_array("spread_rest", tab[1][4]), cle_param_int("n_labels", (int)N),
                                cle_param_int("n_pixels", (int)n),         cle_param_int("chunk", (int)chunk2)};
    const size_t range[3] = {(size_t)n_chunks2, 1, 1}, local[3] = {1, 1, 1};
    rc = cle_run_kernel(dev, "label_statistics", "label_stats_pass2", params, 8, range, local, defines);
    if (rc == 0) {
      const cle_param merge[] = {cle_param_array("spread", spread_tab), cle_param_array("spread_rest", tab[1][4]),
                                 cle_param_int("n_labels", (int)N), cle_param_int("n_slots", n_chunks2)};
      const size_t mrange[3] = {N, 1, 1};
      rc = cle_run_kernel(dev, "label_statistics", "label_stats_merge2", merge, 4, mrange, NULL, defines);
    }
  }
  for (int k = 0; k < 4; k++)
    cle_release(acc[k]);
  /* the totals: slot 0 of each table */
  out->n_labels = (int)N;
  if (flags & CLE_LS_COUNTS_ONLY) { /* the counts lead the ints table */
    out->count = rc == 0 ? malloc(N * sizeof *out->count) : NULL;
    if (rc == 0)
      rc = out->count ? cle_pull_prefix(ints, out->count, N * sizeof *out->count)
                      : cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory");
  }
  uint64_t *iv = rc == 0 && !(flags & CLE_LS_COUNTS_ONLY) ? malloc(4 * N * sizeof *iv) : NULL;
  int32_t *bv = iv ? malloc(6 * N * sizeof *bv) : NULL;
  if (rc == 0 && !(flags & CLE_LS_COUNTS_ONLY) && !bv)
    rc = cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory");
  if (rc == 0 && bv)
    rc = cle_pull(ints, iv, 4 * N * sizeof *iv) == 0 && cle_pull(bbox, bv, 6 * N * sizeof *bv) == 0 ? 0 : -1;
  uint64_t **itabs[] = {&out->count, &out->sum_x, &out->sum_y, &out->sum_z};
  int32_t **btabs[] = {&out->min_x, &out->max_x, &out->min_y, &out->max_y, &out->min_z, &out->max_z};
  for (int k = 0; rc == 0 && bv && k < 4; k++) {
    *itabs[k] = malloc(N * sizeof **itabs[k]);
    if (!*itabs[k])
      rc = cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory");
    else
      memcpy(*itabs[k], iv + k * N, N * sizeof **itabs[k]);
  }
  for (int k = 0; rc == 0 && bv && k < 6; k++) {
    *btabs[k] = malloc(N * sizeof **btabs[k]);
    if (!*btabs[k])
      rc = cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory");
    else
      memcpy(*btabs[k], bv + k * N, N * sizeof **btabs[k]);
  }
  free(iv);
  free(bv);
  if (rc == 0 && with_intensity) {
    double **r[] = {&out->sum_v, &out->sum_vx, &out->sum_vy, &out->sum_vz, &out->min_v, &out->max_v};
    rc = load_reals(reals, 6, N, fp64, r);
  }
  if (rc == 0 && spread) {
    double **r[] = {with_intensity ? &out->sum_sq_dev : NULL, &out->sum_dist_centroid, &out->max_dist_centroid,
                    with_intensity ? &out->sum_dist_mass : NULL, with_intensity ? &out->max_dist_mass : NULL};
    rc = load_reals(spread_tab, 5, N, fp64, r);
  }
  for (int r = 0; r < 2; r++)
    for (int k = 0; k < 5; k++)
      cle_release(tab[r][k]);
  free(defines);
  if (rc != 0)
    cle_label_stats_release(out);
  return rc;
}

int cle_label_map_values(cle_array *labels, const float *values, int n_values, cle_array *dst)
{
  cle_device *dev = cle_array_device(labels);
  cle_array *map = cle_push(dev, values, CLE_FLOAT32, (size_t)n_values, 1, 1);
  if (!map)
    return -1;
  const cle_param params[] = {cle_param_array("src", labels), cle_param_array("map", map), cle_param_array("dst", dst)};
  const size_t range[3] = {cle_array_size(labels), 1, 1};
  const int rc = cle_run_kernel(dev, "replace_values", "replace_values", params, 3, range, NULL, NULL);
  cle_release(map);
  return rc;
}

int cle_label_remove(cle_array *labels, const unsigned char *keep, int n_keep, cle_array *dst)
{
  int largest = 0;
  if (cle_label_largest(labels, "input_image", &largest) != 0)
    return -1;
  return cle_label_remove_known(labels, keep, n_keep, largest, dst);
}

int cle_label_remove_known(cle_array *labels, const unsigned char *keep, int n_keep, int largest, cle_array *dst)
{
  const size_t n = (size_t)largest + 1;
  uint32_t *lut = malloc(n * sizeof *lut);
  if (!lut)
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory");
  uint32_t next = 0;
  lut[0] = 0;
  for (size_t l = 1; l < n; l++)
    lut[l] = (l >= (size_t)n_keep || keep[l]) ? ++next : 0;
  cle_device *dev = cle_array_device(labels);
  cle_array *map = cle_push(dev, lut, CLE_UINT32, n, 1, 1);
  free(lut);
  if (!map)
    return -1;
  const cle_param params[] = {cle_param_array("src", labels), cle_param_array("map", map), cle_param_array("dst", dst)};
  const size_t range[3] = {cle_array_size(labels), 1, 1};
  const int rc = cle_run_kernel(dev, "replace_values", "replace_values", params, 3, range, NULL, NULL);
  cle_release(map);
  return rc;
}

int cle_label_stats_map(cle_array *labels, const char *labels_name, cle_array *intensity, const char *intensity_name,
                        int flags, cle_label_value_fn value, cle_array *dst)
{
  cle_label_stats s;
  if (cle_label_stats_compute(labels, labels_name, intensity, intensity_name, flags | CLE_LS_NO_BACKGROUND, &s) != 0)
    return -1;
  float *values = malloc((size_t)s.n_labels * sizeof *values);
  int rc = values ? 0 : cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory");
  if (rc == 0) {
    values[0] = 0;
    for (int l = 1; l < s.n_labels; l++)
      values[l] = s.count[l] ? value(&s, l) : 0;
    rc = cle_label_map_values(labels, values, s.n_labels, dst);
  }
  free(values);
  cle_label_stats_release(&s);
  return rc;
}

float *cle_label_values_as_float(const cle_array *arr)
{
  const size_t n = cle_array_size(arr), bytes = cle_array_nbytes(arr);
  unsigned char *raw = malloc(bytes);
  float *out = raw ? malloc(n * sizeof *out) : NULL;
  if (!out) {
    free(raw);
    return cle_fail_null(CLE_ERROR_OUT_OF_MEMORY, "out of host memory");
  }
  if (cle_pull(arr, raw, bytes) != 0) {
    free(raw);
    free(out);
    return NULL;
  }
  for (size_t i = 0; i < n; i++)
    switch (cle_array_dtype(arr)) {
    case CLE_INT8: out[i] = (float)((const int8_t *)raw)[i]; break;
    case CLE_UINT8: out[i] = (float)((const uint8_t *)raw)[i]; break;
    case CLE_INT16: out[i] = (float)((const int16_t *)raw)[i]; break;
    case CLE_UINT16: out[i] = (float)((const uint16_t *)raw)[i]; break;
    case CLE_INT32: out[i] = (float)((const int32_t *)raw)[i]; break;
    case CLE_UINT32: out[i] = (float)((const uint32_t *)raw)[i]; break;
    case CLE_FLOAT32: out[i] = ((const float *)raw)[i]; break;
    }
  free(raw);
  return out;
}

int cle_label_remove_by_value(cle_array *labels, cle_array *values, cle_array *dst, float min_value, float max_value,
                              bool within)
{
  float *v = cle_label_values_as_float(values);
  if (!v)
    return -1;
  const size_t n = cle_array_size(values);
  unsigned char *keep = malloc(n);
  int rc = keep ? 0 : cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory");
  for (size_t l = 0; rc == 0 && l < n; l++)
    keep[l] = within ? !(v[l] >= min_value && v[l] <= max_value) : !(v[l] < min_value || v[l] > max_value);
  if (rc == 0)
    rc = cle_label_remove(labels, keep, n > INT_MAX ? INT_MAX : (int)n, dst);
  free(keep);
  free(v);
  return rc;
}

cle_array *cle_label_last_index(cle_array *label, size_t n_slots)
{
  const size_t n = cle_array_size(label);
  if (n > INT_MAX)
    return cle_fail_null(CLE_ERROR_UNSUPPORTED, "label has %zu pixels; at most %d are supported", n, INT_MAX);
  cle_device *dev = cle_array_device(label);
  cle_array *last = cle_create(dev, CLE_UINT32, n_slots, 1, 1);
  int rc = last ? cle_array_fill(last, 0) : -1;
  if (rc == 0) {
    const cle_param params[] = {cle_param_array("label", label), cle_param_array("last", last),
                                cle_param_int("n", (int)n)};
    const size_t range[3] = {n, 1, 1};
    rc = cle_run_kernel(dev, "label_measurements", "map_last_index", params, 3, range, NULL, NULL);
  }
  if (rc != 0) {
    cle_release(last);
    return NULL;
  }
  return last;
}
