/* gaussian_blur as clEsperanto (CLIc tier1::gaussian_blur_func with
 * execute_separable and clij's gaussian_blur_separable.cl) defines it:
 * - the input is converted to float32 first; output float32;
 * - passes along x, then y, then z; an axis is skipped when its size is 1
 *   or its sigma is not > 0; each pass stores float32;
 * - kernel size N = (int)(sigma * 8.0), plus 1 if even; taps v in
 *   [-(N-1)/2, (N-1)/2] with weight exp(-v^2 / (2 sigma^2)), normalised by
 *   the sum of the sampled weights; coordinates clamped to the edge.
 * This reference evaluates each tap sum in double, naively. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ref_common.h"

static size_t clamp_index(long v, size_t n)
{
  return v < 0 ? 0 : (size_t)v >= n ? n - 1 : (size_t)v;
}

/* One pass along axis (0 x, 1 y, 2 z) from in to out, both float32 of one shape. */
static void blur_axis(const ref_image *in, ref_image *out, int axis, float sigma)
{
  size_t dims[3] = {in->width, in->height, in->depth};
  int n = (int)(sigma * 8.0);
  if (n % 2 == 0)
    n += 1;
  long c = (n - 1) / 2;
  double s = sigma;
  const float *src = in->data;
  float *dst = out->data;
  for (size_t z = 0; z < dims[2]; z++)
    for (size_t y = 0; y < dims[1]; y++)
      for (size_t x = 0; x < dims[0]; x++) {
        size_t pos[3] = {x, y, z};
        double acc = 0, wsum = 0;
        for (long v = -c; v <= c; v++) {
          size_t p[3] = {pos[0], pos[1], pos[2]};
          p[axis] = clamp_index((long)pos[axis] + v, dims[axis]);
          double w = exp(-(double)(v * v) / (2.0 * s * s));
          acc += w * src[(p[2] * dims[1] + p[1]) * dims[0] + p[0]];
          wsum += w;
        }
        dst[(z * dims[1] + y) * dims[0] + x] = (float)(acc / wsum);
      }
}

int ref_gaussian_image(const ref_image *src, float sigma_x, float sigma_y, float sigma_z, ref_image *out)
{
  ref_image tmp;
  if (ref_image_like(out, src, CLE_FLOAT32) != 0)
    return -1;
  if (ref_image_like(&tmp, src, CLE_FLOAT32) != 0) {
    ref_image_free(out);
    return -1;
  }
  for (size_t i = 0; i < ref_image_size(src); i++)
    ref_set(out, i, ref_get(src, i));
  const float sigma[3] = {sigma_x, sigma_y, sigma_z};
  const size_t dims[3] = {src->width, src->height, src->depth};
  for (int axis = 0; axis < 3; axis++) {
    if (dims[axis] <= 1 || !(sigma[axis] > 0))
      continue;
    blur_axis(out, &tmp, axis, sigma[axis]);
    memcpy(out->data, tmp.data, ref_image_size(src) * sizeof(float));
  }
  ref_image_free(&tmp);
  return 0;
}

int ref_op_gaussian_blur(const ref_image *input_image, ref_image *output_image, float sigma_x, float sigma_y,
                         float sigma_z)
{
  ref_image blurred;
  if (ref_gaussian_image(input_image, sigma_x, sigma_y, sigma_z, &blurred) != 0)
    return -1;
  for (size_t i = 0; i < ref_image_size(input_image); i++) /* into output_image's dtype */
    ref_set(output_image, i, ref_get(&blurred, i));
  ref_image_free(&blurred);
  return 0;
}
