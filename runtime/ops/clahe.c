/* clahe as CLIc's clahe_func: where minimum_intensity or maximum_intensity
 * is NaN, both become the image's minimum and maximum (NaN pixels skipped);
 * clip_limit is scaled by 255 (in float32) and the kernel runs once per
 * pixel (kernels/clahe.cl). */
#include <math.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "families/reduce_all.h"

int cle_impl_clahe(cle_array *input_image, cle_array *output_image, int tile_size, float clip_limit,
                   float minimum_intensity, float maximum_intensity)
{
  if (isnan(minimum_intensity) || isnan(maximum_intensity)) {
    double min = NAN, max = NAN;
    if (cle_reduce_all(input_image, &min, &max, NULL) != 0)
      return -1;
    minimum_intensity = (float)min;
    maximum_intensity = (float)max;
  }
  const float limit = clip_limit * 255.0f;
  const cle_param params[] = {
      cle_param_array("src", input_image),           cle_param_array("dst", output_image),
      cle_param_int("tile_size", tile_size),         cle_param_float("clip_limit", limit),
      cle_param_float("minimum", minimum_intensity), cle_param_float("maximum", maximum_intensity)};
  const size_t range[3] = {cle_array_width(output_image), cle_array_height(output_image),
                           cle_array_depth(output_image)};
  return cle_run_kernel(cle_array_device(output_image), "clahe", "clahe", params, 6, range, NULL, NULL);
}
