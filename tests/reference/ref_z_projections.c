/* The z projections: one output pixel per (x, y), in the output's dtype
 * (allocated by the op's creator rule: the input's for maximum and minimum,
 * widened for sum, float32 for mean). Maximum and minimum compare the pixels
 * themselves; sum and mean accumulate in float32 from z = 0 upwards (clij's
 * sum_projection / mean_projection), the mean divides that sum by the depth
 * in float32. keep_dims changes only the output's shape. */
#include "ref_common.h"

typedef enum { PROJ_MAX, PROJ_MIN, PROJ_SUM, PROJ_MEAN } proj_kind;

static int z_project(const ref_image *src, ref_image *out, proj_kind kind)
{
  const size_t plane = src->width * src->height;
  if (ref_image_size(out) != plane)
    return -1;
  for (size_t i = 0; i < plane; i++) {
    double best = ref_get(src, i);
    float sum = (float)ref_get(src, i);
    for (size_t z = 1; z < src->depth; z++) {
      double v = ref_get(src, z * plane + i);
      if ((kind == PROJ_MAX && v > best) || (kind == PROJ_MIN && v < best))
        best = v;
      sum += (float)v;
    }
    if (kind == PROJ_SUM)
      ref_set(out, i, sum);
    else if (kind == PROJ_MEAN)
      ref_set(out, i, sum / (float)src->depth);
    else
      ref_set(out, i, best);
  }
  return 0;
}

int ref_op_maximum_z_projection(const ref_image *input_image, ref_image *output_image, bool keep_dims)
{
  (void)keep_dims;
  return z_project(input_image, output_image, PROJ_MAX);
}

int ref_op_minimum_z_projection(const ref_image *input_image, ref_image *output_image, bool keep_dims)
{
  (void)keep_dims;
  return z_project(input_image, output_image, PROJ_MIN);
}

int ref_op_sum_z_projection(const ref_image *input_image, ref_image *output_image, bool keep_dims)
{
  (void)keep_dims;
  return z_project(input_image, output_image, PROJ_SUM);
}

int ref_op_mean_z_projection(const ref_image *input_image, ref_image *output_image, bool keep_dims)
{
  (void)keep_dims;
  return z_project(input_image, output_image, PROJ_MEAN);
}
