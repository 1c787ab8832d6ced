/* The neighbourhood family: a rule folded over each pixel's box or
 * ellipsoid neighbourhood (kernels/neighbourhood.cl). */
#ifndef CESPERANTO_FAMILY_NEIGHBOURHOOD_H
#define CESPERANTO_FAMILY_NEIGHBOURHOOD_H

#include "cesperanto/cle.h"

/* The rules, in the spec's order (generator/family.c) and the kernel's CLE_NB_* numbers. */
typedef enum cle_neighbourhood_rule {
  CLE_NB_MINIMUM,            /* smallest pixel (NaN skipped) */
  CLE_NB_MAXIMUM,            /* largest pixel (NaN skipped) */
  CLE_NB_MEAN,               /* mean in float32; box: separable, each pass stored in dst's dtype */
  CLE_NB_VARIANCE,           /* population variance in float32 (two passes over the neighbourhood) */
  CLE_NB_STANDARD_DEVIATION, /* its square root */
  CLE_NB_MEDIAN,             /* the middle of the sorted non-NaN pixels (the upper one of an even count) */
  CLE_NB_MODE,               /* the most frequent non-NaN pixel, the smallest on ties */
  CLE_NB_ERODE,              /* 1 where every pixel is nonzero, else 0 */
  CLE_NB_DILATE              /* 1 where any pixel is nonzero, else 0 */
} cle_neighbourhood_rule;

/* dst = rule over the neighbourhood of each pixel of src: radius_* are
 * floored (clEsperanto's kernel size (int)(2 r + 1), centred); sphere
 * selects the ellipsoid dx^2/rx^2 + dy^2/ry^2 + dz^2/rz^2 <= 1 of those
 * integer radii instead of the box. Pixels outside the image repeat the
 * edge pixel. src and dst have one shape; dst may be src. 0, or -1 with
 * the error set. */
int cle_neighbourhood(cle_array *src, cle_array *dst, cle_neighbourhood_rule rule, float radius_x, float radius_y,
                      float radius_z, int sphere);

#endif
