/* The stencil family: fixed 3 x 3 x 3 neighbourhood rules (kernels/stencil.cl). */
#ifndef CESPERANTO_FAMILY_STENCIL_H
#define CESPERANTO_FAMILY_STENCIL_H

#include "cesperanto/cle.h"

/* The rules, in the spec's order (generator/family.c) and the kernel's CLE_ST_* numbers. */
typedef enum cle_stencil_rule {
  CLE_ST_GRADIENT_X,
  CLE_ST_GRADIENT_Y,
  CLE_ST_GRADIENT_Z,
  CLE_ST_SOBEL,
  CLE_ST_LAPLACE,
  CLE_ST_BINARY_EDGE,
  CLE_ST_LOCAL_MAXIMUM, /* after a mean_filter of the radii (detect_maxima) */
  CLE_ST_LOCAL_MINIMUM, /* after a mean_filter of the radii (detect_minima) */
  CLE_ST_SMALL_HESSIAN, /* smallest eigenvalue of the finite-difference Hessian */
  CLE_ST_LARGE_HESSIAN, /* largest */
  CLE_ST_INFSUP,        /* binary inferior of superiors (clij's lines / planes) */
  CLE_ST_SUPINF         /* binary superior of inferiors */
} cle_stencil_rule;

/* dst = rule at each pixel of src (one shape; dst may be src). sphere: laplace's
 * face neighbours only; the local extrema also take the mean filter's shape.
 * radius_*: the local extrema's mean filter (clEsperanto's detect_maxima smooths
 * first; radius 0 everywhere leaves the image as it is). 0, or -1 with the
 * error set. */
int cle_stencil(cle_array *src, cle_array *dst, cle_stencil_rule rule, float radius_x, float radius_y, float radius_z,
                int sphere);

#endif
