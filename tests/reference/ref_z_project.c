/* maximum/minimum/mean/sum_z_projection: one output pixel per (x, y).
 * max and min keep the dtype; sum and mean are float32, accumulated in
 * float32 from z = 0 upwards (clij's sum_projection/mean_projection), the
 * mean divides that sum by the depth in float32. */
#include "ref_common.h"

int ref_z_project(const ref_image *src, ref_image *out, ref_proj_kind kind)
{
  cle_dtype dtype = (kind == REF_PROJ_MAX || kind == REF_PROJ_MIN) ? src->dtype : CLE_FLOAT32;
  int ndim = src->ndim < 2 ? src->ndim : 2;
  if (ref_image_alloc(out, dtype, ndim, src->width, src->height, 1) != 0)
    return -1;
  size_t plane = src->width * src->height;
  for (size_t i = 0; i < plane; i++) {
    double best = ref_get(src, i);
    float sum = (float)ref_get(src, i);
    for (size_t z = 1; z < src->depth; z++) {
      double v = ref_get(src, z * plane + i);
      if ((kind == REF_PROJ_MAX && v > best) || (kind == REF_PROJ_MIN && v < best))
        best = v;
      sum += (float)v;
    }
    if (kind == REF_PROJ_SUM)
      ref_set(out, i, sum);
    else if (kind == REF_PROJ_MEAN)
      ref_set(out, i, sum / (float)src->depth);
    else
      ref_set(out, i, best);
  }
  return 0;
}
