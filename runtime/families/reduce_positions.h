/* The reduce_positions family: whole-image reductions over the pixels'
 * positions (kernels/reduce_positions.cl). */
#ifndef CESPERANTO_FAMILY_REDUCE_POSITIONS_H
#define CESPERANTO_FAMILY_REDUCE_POSITIONS_H

#include "cesperanto/cle.h"

/* The rules, in the spec's order (generator/family.c). */
typedef enum cle_positions_rule {
  CLE_POSITIONS_BOUNDING_BOX,     /* [min x, y, z, max x, y, z] of the pixels != 0; NaN x 6 if none */
  CLE_POSITIONS_CENTER_OF_MASS,   /* [x, y, z] means weighted by the pixels; NaN x 3 if they sum to 0 */
  CLE_POSITIONS_MAXIMUM_POSITION, /* [x, y, z] of the first largest pixel (NaN skipped); NaN x 3 if none */
  CLE_POSITIONS_MINIMUM_POSITION, /* [x, y, z] of the first smallest pixel (NaN skipped); NaN x 3 if none */
  CLE_POSITIONS_MASKED_MINIMUM    /* the smallest pixel where mask != 0 (NaN skipped); NaN if none */
} cle_positions_rule;

/* Apply rule to src (mask: only for CLE_POSITIONS_MASKED_MINIMUM, of src's
 * shape). The positions rules write their numbers into the float32 vector
 * out; the masked minimum writes *value. 0, or -1 with the error set. */
int cle_reduce_positions(cle_array *src, cle_array *mask, cle_positions_rule rule, cle_array *out, double *value);

#endif
