/* The z_projection family: dst = a rule folded over the columns of src along z. */
#ifndef CESPERANTO_FAMILY_Z_PROJECTION_H
#define CESPERANTO_FAMILY_Z_PROJECTION_H

#include "cesperanto/cle.h"

/* dst (width x height of src) = CLE_Z_FINISH(acc) with acc = src[z = 0],
 * then acc = CLE_Z_COMBINE(acc, v) for z = 1, 2, ... in order (both layouts
 * give the same bits). rule_defines gives CLE_Z_ACC_T, CLE_Z_COMBINE and
 * CLE_Z_FINISH (kernels/z_projection.cl), written by cle-gen from the op's spec. */
int cle_z_projection(cle_array *src, cle_array *dst, const char *rule_defines);

#endif
