/* The touching_neighbors family: a statistic per label over its own value
 * and its touching neighbours' values, from a vector of values and a touch
 * matrix (kernels/touching_neighbors.cl). */
#ifndef CESPERANTO_FAMILY_TOUCHING_NEIGHBORS_H
#define CESPERANTO_FAMILY_TOUCHING_NEIGHBORS_H

#include "cesperanto/cle.h"

/* The rules, in the spec's order (generator/family.c) and the kernel's CLE_TN_RULE. */
typedef enum cle_touching_neighbors_rule {
  CLE_TN_MINIMUM,           /* smallest of the label's and its neighbours' values (NaN skipped) */
  CLE_TN_MAXIMUM,           /* largest (NaN skipped) */
  CLE_TN_MEAN,              /* mean, summed in float32 in index order */
  CLE_TN_MEDIAN,            /* the upper middle of the sorted values (NaN skipped) */
  CLE_TN_MODE,              /* the neighbours' (not the label's own) most frequent value, the smallest on ties */
  CLE_TN_STANDARD_DEVIATION /* sample standard deviation (n - 1), 0 for a label without neighbours */
} cle_touching_neighbors_rule;

/* dst[l] (n elements, n = vector's size) = rule over vector[l] and the
 * vector[k] of the labels k touching l in matrix, which must be n x n.
 * 0, or -1 with the error set. */
int cle_touching_neighbors(cle_array *vector, cle_array *matrix, cle_array *dst, cle_touching_neighbors_rule rule);

#endif
