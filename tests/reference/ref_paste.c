/* paste: output(destination + p) = input(p) where that lies inside the output. */
#include "ref_common.h"

int ref_op_paste(const ref_image *input_image, ref_image *output_image, int destination_x, int destination_y,
                 int destination_z)
{
  const ref_image *in = input_image;
  ref_image *out = output_image;
  for (size_t z = 0; z < in->depth; z++)
    for (size_t y = 0; y < in->height; y++)
      for (size_t x = 0; x < in->width; x++) {
        const long long ox = (long long)x + destination_x, oy = (long long)y + destination_y;
        const long long oz = (long long)z + destination_z;
        if (ox < 0 || oy < 0 || oz < 0 || ox >= (long long)out->width || oy >= (long long)out->height ||
            oz >= (long long)out->depth)
          continue;
        ref_set(out, ((size_t)oz * out->height + (size_t)oy) * out->width + (size_t)ox,
                ref_get(in, (z * in->height + y) * in->width + x));
      }
  return 0;
}
