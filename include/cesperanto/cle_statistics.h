/* cesperanto — per-label statistics as a table: pyclesperanto 0.25.1's
 * statistics_of_labelled_pixels and statistics_of_background_and_labelled_pixels
 * (which return a dict of columns there, a shape the op spec cannot say).
 *
 * One row per label, one column per measurement, named as pyclesperanto's
 * dict keys:
 *   label, area (pixel count), bbox_min_x/_y/_z, bbox_max_x/_y/_z,
 *   bbox_width/_height/_depth (max - min + 1), min_intensity, max_intensity,
 *   sum_intensity, mean_intensity, standard_deviation_intensity (population,
 *   as numpy's std), sum_intensity_times_x/_y/_z, mass_center_x/_y/_z
 *   (intensity-weighted centroid), sum_x/_y/_z, centroid_x/_y/_z,
 *   sum_distance_to_centroid, mean_distance_to_centroid,
 *   max_distance_to_centroid, sum_distance_to_mass_center,
 *   mean_distance_to_mass_center, max_distance_to_mass_center,
 *   mean_max_distance_to_centroid_ratio, mean_max_distance_to_mass_center_ratio
 *   (max / mean distance): 36 columns.
 * Coordinates are in pixels (x fastest; y and z are 0 for axes the image
 * lacks). Measured on the device (runtime/ops/label_statistics.c): counts,
 * coordinate sums and boxes exact, intensity sums, centers and distances in
 * double where the device has it, in a fixed order (the same on every run).
 * A label without pixels has area 0, sums 0, NaN for everything else
 * (pyclesperanto 0.25.1 gives float32's extremes for its box and min/max
 * intensity there).
 */
#ifndef CESPERANTO_CLE_STATISTICS_H
#define CESPERANTO_CLE_STATISTICS_H

#include <stddef.h>
#include "cle.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cle_statistics {
  size_t n_rows;            /* one per label */
  size_t n_columns;         /* 36 */
  const char *const *names; /* column names, pyclesperanto's keys, in a fixed order (label first) */
  double *const *columns;   /* columns[c][row] */
} cle_statistics;

/* The statistics of labels 1..max of label (rows label 1, 2, ..., max,
 * including labels without pixels) over intensity. label holds labels:
 * non-negative whole numbers of any dtype (else the error says why); NULL
 * means one label 1 over the whole image. intensity has label's shape; NULL
 * means the label image itself as intensities. NULL with the error set on
 * failure (both NULL, shapes that differ); an image without labels gives
 * 0 rows. Free with cle_statistics_free. */
CLE_API cle_statistics *cle_statistics_of_labelled_pixels(cle_array *intensity, cle_array *label);
/* The same with the background (label 0) as the first row (label 0, 1, ..., max). */
CLE_API cle_statistics *cle_statistics_of_background_and_labelled_pixels(cle_array *intensity, cle_array *label);
/* The column named name (one of the names above), or NULL. */
CLE_API const double *cle_statistics_column(const cle_statistics *stats, const char *name);
/* Free the table (NULL-safe). */
CLE_API void cle_statistics_free(cle_statistics *stats);

#ifdef __cplusplus
}
#endif

#endif
