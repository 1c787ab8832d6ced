/* The reduce_all family: whole-image minimum, maximum and sum. */
#ifndef CESPERANTO_FAMILY_REDUCE_ALL_H
#define CESPERANTO_FAMILY_REDUCE_ALL_H

#include "cesperanto/cle.h"

/* min, max and sum of every pixel of src, on the device; any output may be
 * NULL (only what is asked for is computed). Exact for integer images (sums
 * in 64-bit integers); NaN pixels are skipped by min and max; float sums in
 * a fixed order (see kernels/reduce_all.cl). */
int cle_reduce_all(cle_array *src, double *min, double *max, double *sum);

#endif
