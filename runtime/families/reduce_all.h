/* The reduce_all family: whole-image minimum, maximum, sum, mean, standard deviation, variance and product. */
#ifndef CESPERANTO_FAMILY_REDUCE_ALL_H
#define CESPERANTO_FAMILY_REDUCE_ALL_H

#include "cesperanto/cle.h"

/* min, max and sum of every pixel of src, on the device; any output may be
 * NULL (only what is asked for is computed). Exact for integer images (sums
 * in 64-bit integers); NaN pixels are skipped by min and max; float sums in
 * a fixed order (see kernels/reduce_all.cl). */
int cle_reduce_all(cle_array *src, double *min, double *max, double *sum);
/* The mean: the sum (as above) over the pixel count, in double. */
int cle_reduce_all_mean(cle_array *src, double *mean);
/* sqrt(sum((x - mean)^2) / (n - ddof)) in one pass (the squared deviations
 * from the first pixel, summed in double, and the sum); NaN when n <= ddof. */
int cle_reduce_all_standard_deviation(cle_array *src, int ddof, double *deviation);
/* The same without the square root: sum((x - mean)^2) / (n - ddof), NaN
 * when n <= ddof. */
int cle_reduce_all_variance(cle_array *src, int ddof, double *variance);
/* The product of every pixel, multiplied in double (float on a device
 * without cl_khr_fp64) in the fixed order of the sums: per lane or vector,
 * then fixed trees over items and groups. */
int cle_reduce_all_product(cle_array *src, double *product);
/* The standard deviation's parts: the sum (as cle_reduce_all) and
 * sum((x - mean)^2) (>= 0; NaN with a NaN pixel), for callers that merge
 * parts (the tiled reductions). */
int cle_reduce_all_moments(cle_array *src, double *sum, double *m2);

#endif
