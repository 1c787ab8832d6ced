/* label_statistics: per-label measurements of a label image on the device,
 * the building block of the label maps, filters and centroids
 * (kernels/label_statistics.cl says how: chunked partial tables merged in a
 * fixed order, no float atomics, so every result is the same on every run).
 *
 * Exact: pixel counts, coordinate sums (64-bit), bounding boxes, min/max
 * intensity. Where every intensity is finite (and 32-bit integers stay below
 * 2^24) one fully parallel pass per measurement sums intensities and
 * distances in 64-bit fixed point: each pixel's term rounded to a multiple
 * of 2^-e, e as large as the image's largest magnitude and pixel count allow
 * (about 2^-35 of the largest value for 2^27 pixels); otherwise partial
 * tables in double (float without cl_khr_fp64), summed in a fixed order.
 * Either way the result is the same on every run; maxima of distances are
 * float32-rounded on the fixed-point path.
 */
#ifndef CESPERANTO_LABEL_STATISTICS_H
#define CESPERANTO_LABEL_STATISTICS_H

#include <stdbool.h>
#include <stdint.h>

#include "cle_private.h"

enum {
  CLE_LS_INTENSITY = 1,     /* sums, min and max of the intensity image, mass centers */
  CLE_LS_SPREAD = 2,        /* second pass: deviations from the mean, distances to the centers */
  CLE_LS_NO_BACKGROUND = 4, /* label 0 is not measured (its entry stays as an absent label's): for callers
                             * that never read it; spares the integer atomics that every background run
                             * would otherwise send to one address */
  CLE_LS_COUNTS_ONLY = 8    /* only count is measured and read back (the other tables stay NULL; not with SPREAD) */
};

/* One entry per label 0..n_labels-1 (label 0, the background, included);
 * an absent label has count 0, sums 0, an empty box (min INT32_MAX, max -1),
 * NaN min/max intensity and centers. */
typedef struct cle_label_stats {
  int n_labels; /* largest label + 1 */
  uint64_t *count, *sum_x, *sum_y, *sum_z;
  int32_t *min_x, *max_x, *min_y, *max_y, *min_z, *max_z;
  /* CLE_LS_INTENSITY (else NULL): */
  double *sum_v, *sum_vx, *sum_vy, *sum_vz, *min_v, *max_v;
  /* CLE_LS_SPREAD (else NULL): sum of (v - mean)^2 (with CLE_LS_INTENSITY),
   * sum and max of the distance to the centroid, and to the mass center
   * (with CLE_LS_INTENSITY) */
  double *sum_sq_dev, *sum_dist_centroid, *max_dist_centroid, *sum_dist_mass, *max_dist_mass;
} cle_label_stats;

/* Measure every label of labels (non-negative whole numbers, checked: an
 * error names labels_name), with intensity (same shape; NULL for none)
 * where flags has CLE_LS_INTENSITY. 0, or -1 with the error set (*out is
 * then empty). Release with cle_label_stats_release. */
int cle_label_stats_compute(cle_array *labels, const char *labels_name, cle_array *intensity,
                            const char *intensity_name, int flags, cle_label_stats *out);
void cle_label_stats_release(cle_label_stats *s);

/* Centers given from outside (the tiled statistics, runtime/tiled/
 * tiled_statistics.c: the whole image's, measured in parts): table holds 7
 * x n_labels entries (entry k of label l at k * n_labels + l): centroid x,
 * y, z, mean intensity, mass center x, y, z, in image coordinates; origin
 * is the labels' position in the image (subtracted from the coordinates);
 * max_distance bounds the distance of any pixel to its centers and
 * max_abs_mean |mean intensity| (the fixed-point scales of pass 2). */
typedef struct cle_label_centers {
  const double *table;
  int n_labels; /* labels at or past it get NaN centers */
  double origin[3];
  double max_distance, max_abs_mean;
} cle_label_centers;
/* cle_label_stats_compute, where pass 2 (CLE_LS_SPREAD) measures the
 * deviations and distances from given's centers (NULL: the labels' own). */
int cle_label_stats_compute_centered(cle_array *labels, const char *labels_name, cle_array *intensity,
                                     const char *intensity_name, int flags, const cle_label_centers *given,
                                     cle_label_stats *out);

/* The statistics table (statistics_of_labelled_pixels.c) of s, measured with
 * CLE_LS_INTENSITY | CLE_LS_SPREAD: rows for labels first..n_labels-1 (first
 * 0 or 1). 0, or -1 with CLE_ERROR_OUT_OF_MEMORY. */
struct cle_statistics;
int cle_label_stats_table(const cle_label_stats *s, int first, struct cle_statistics **result);

/* The largest label of labels into *largest (checked as cle_label_max), and
 * refused ("at most ... supported") when a table of largest + 1 entries
 * cannot be indexed with int. 0 or -1. */
int cle_label_largest(cle_array *labels, const char *name, int *largest);

/* dst[i] = values[labels[i]] (n_values entries, covering every label of
 * labels), converted to dst's dtype with clij's saturation. 0 or -1. */
int cle_label_map_values(cle_array *labels, const float *values, int n_values, cle_array *dst);

/* Remove the labels l with keep[l] == 0 and renumber the rest: label l
 * becomes the number of kept indices in 1..l, 0 stays 0, labels at or past
 * n_keep are kept (as if keep were 1 there). pyclesperanto 0.25.1's
 * remove_labels/exclude_labels numbering: an index kept counts even where no
 * pixel has it. 0 or -1. */
int cle_label_remove(cle_array *labels, const unsigned char *keep, int n_keep, cle_array *dst);
/* cle_label_remove where the largest label is known (from statistics of the same labels): one pass less. */
int cle_label_remove_known(cle_array *labels, const unsigned char *keep, int n_keep, int largest, cle_array *dst);

/* A parametric map: measure labels (as cle_label_stats_compute), then
 * dst[i] = value(stats, labels[i]) as float32 converted to dst's dtype, 0
 * for the background (label 0). 0 or -1. */
typedef float (*cle_label_value_fn)(const cle_label_stats *s, int label);
int cle_label_stats_map(cle_array *labels, const char *labels_name, cle_array *intensity, const char *intensity_name,
                        int flags, cle_label_value_fn value, cle_array *dst);

/* Every element of arr (x fastest) converted to float, in a new host array
 * the caller frees; NULL with the error set. */
float *cle_label_values_as_float(const cle_array *arr);
/* Remove label l (and renumber the rest, as cle_label_remove) where
 * values[l] lies within [min_value, max_value] (within true) or outside it
 * (within false); a NaN value keeps its label either way. */
int cle_label_remove_by_value(cle_array *labels, cle_array *values, cle_array *dst, float min_value, float max_value,
                              bool within);

/* labels and other have the same width, height and depth, else the error
 * "OTHER has shape (..), LABELS has (..)" (-1). */
int cle_label_same_shape(const cle_array *labels, const char *labels_name, const cle_array *other,
                         const char *other_name);

/* A new uint32 vector of n_slots: element l is the raster index of label l's
 * last pixel in label (labels >= n_slots are not recorded), 0 for a label
 * without pixels (kernels/label_measurements.cl: map_last_index). NULL with
 * the error set. */
cle_array *cle_label_last_index(cle_array *label, size_t n_slots);

#endif
