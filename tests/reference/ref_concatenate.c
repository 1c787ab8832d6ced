/* concatenate: input_image0, then input_image1 shifted by input_image0's
 * size along the axis; 0 where neither lies. */
#include "ref_common.h"

int ref_op_concatenate(const ref_image *input_image0, const ref_image *input_image1, ref_image *output_image, int axis)
{
  const ref_image *a = input_image0, *b = input_image1;
  ref_image *out = output_image;
  const size_t shift[3] = {axis == 0 ? a->width : 0, axis == 1 ? a->height : 0, axis == 2 ? a->depth : 0};
  for (size_t z = 0; z < out->depth; z++)
    for (size_t y = 0; y < out->height; y++)
      for (size_t x = 0; x < out->width; x++) {
        double v = 0;
        if (x < a->width && y < a->height && z < a->depth) {
          v = ref_get(a, (z * a->height + y) * a->width + x);
        } else if (x >= shift[0] && y >= shift[1] && z >= shift[2]) {
          const size_t bx = x - shift[0], by = y - shift[1], bz = z - shift[2];
          if (bx < b->width && by < b->height && bz < b->depth)
            v = ref_get(b, (bz * b->height + by) * b->width + bx);
        }
        ref_set(out, (z * out->height + y) * out->width + x, v);
      }
  return 0;
}
