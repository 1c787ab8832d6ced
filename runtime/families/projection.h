/* The projection family: dst = a rule folded over the lines of src along x, y or z. */
#ifndef CESPERANTO_FAMILY_PROJECTION_H
#define CESPERANTO_FAMILY_PROJECTION_H

#include "cesperanto/cle.h"

/* dst (src projected along axis: 0 x, 1 y, 2 z) = the rule over each line
 * of src along that axis, from index 0 upwards (both layouts give the same
 * bits). rule_defines gives either CLE_P_ACC_T, CLE_P_COMBINE and
 * CLE_P_FINISH or CLE_P_RULE (kernels/projection.cl), written by cle-gen
 * from the op's spec; ddof is the standard deviation's (0 for the other
 * rules). dst's pixels are written in numpy's order of the reduced array,
 * whatever its ndim. */
int cle_projection(cle_array *src, cle_array *dst, int axis, int ddof, const char *rule_defines);

#endif
