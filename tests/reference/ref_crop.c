/* crop: out(x, y, z) = in(start + (x, y, z)), positions clamped into the input. */
#include "ref_common.h"

static size_t clamp_index(long long v, size_t n)
{
  return v < 0 ? 0 : v >= (long long)n ? n - 1 : (size_t)v;
}

int ref_op_crop(const ref_image *input_image, ref_image *output_image, int start_x, int start_y, int start_z, int width,
                int height, int depth)
{
  (void)width, (void)height, (void)depth; /* the output's size */
  const ref_image *in = input_image;
  ref_image *out = output_image;
  for (size_t z = 0; z < out->depth; z++)
    for (size_t y = 0; y < out->height; y++)
      for (size_t x = 0; x < out->width; x++) {
        size_t sx = clamp_index((long long)start_x + (long long)x, in->width);
        size_t sy = clamp_index((long long)start_y + (long long)y, in->height);
        size_t sz = clamp_index((long long)start_z + (long long)z, in->depth);
        ref_set(out, (z * out->height + y) * out->width + x, ref_get(in, (sz * in->height + sy) * in->width + sx));
      }
  return 0;
}
