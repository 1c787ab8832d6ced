/* The three transposes (transpose_xy, transpose_xz, transpose_yz) share one
 * dispatch: see runtime/ops/transpose.c. */
#ifndef CESPERANTO_OPS_TRANSPOSE_H
#define CESPERANTO_OPS_TRANSPOSE_H

#include "cesperanto/cle.h"

/* The axes transpose_xy, transpose_xz, transpose_yz swap. */
typedef enum cle_transpose_axes { CLE_TRANSPOSE_XY, CLE_TRANSPOSE_XZ, CLE_TRANSPOSE_YZ } cle_transpose_axes;

/* output = input with the two axes swapped, each pixel stored in output's
 * dtype with CLE_SAT (exact for the same dtype). Shapes are already checked
 * by the generated wrapper. 0, or -1 with the error set. */
int cle_ops_transpose(cle_array *input, cle_array *output, cle_transpose_axes axes);

#endif
