/* The pixelwise family: dst = a rule of one to three images and up to four
 * numbers, pixel by pixel. */
#ifndef CESPERANTO_FAMILY_PIXELWISE_H
#define CESPERANTO_FAMILY_PIXELWISE_H

#include "cesperanto/cle.h"

/* dst[i] = CLE_PW_RULE(inputs[0][i], ...) converted (saturated, rounded toward
 * zero) to dst's dtype, for every pixel i. inputs (1..3) have dst's shape;
 * scalars[0..n_scalars) are the rule's s0..s3 (n_scalars <= 4). rule_defines
 * gives CLE_PW_RULE and the options of kernels/pixelwise.cl, written by cle-gen
 * from the op's spec. */
int cle_pixelwise(cle_array *const *inputs, int n_inputs, cle_array *dst, const float *scalars, int n_scalars,
                  const char *rule_defines);

#endif
