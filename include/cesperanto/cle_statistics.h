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
 * coordinate sums and boxes exact; intensity sums and distances in 64-bit
 * fixed point (finite intensities; within about 2^-35 of the largest
 * intensity per pixel) or in double partial sums taken in a fixed order
 * (images with NaN or infinite values): the same on every run.
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

/* The ops that give a table (output creator `table` in spec/ops) are
 * generated into cle_ops.h: cle_statistics_of_labelled_pixels(intensity,
 * label) -- labels 1..max (rows label 1, 2, ..., max, including labels
 * without pixels); label NULL means one label 1 over the whole image,
 * intensity NULL the label image itself as intensities -- and
 * cle_statistics_of_background_and_labelled_pixels (the background, label 0,
 * as the first row). NULL with the error set on failure. */
/* The column named name (one of the names above), or NULL. */
CLE_API const double *cle_statistics_column(const cle_statistics *stats, const char *name);
/* Write the table as CSV: a header line of the column names, then one line
 * per row, values with 17 significant digits ("nan" for NaN), lines ending
 * in "\n". 0, or -1 with the error set (CLE_ERROR_IO). */
CLE_API int cle_statistics_write_csv(const cle_statistics *stats, const char *path);
/* Free the table (NULL-safe). */
CLE_API void cle_statistics_free(cle_statistics *stats);

#ifdef __cplusplus
}
#endif

#endif
