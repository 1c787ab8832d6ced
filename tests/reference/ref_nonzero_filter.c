/* nonzero_maximum, nonzero_minimum, onlyzero_overwrite_maximum: one radius-1
 * step over the positive neighbours (box: all around; sphere: the faces;
 * along axes longer than 1, inside the image), setting flag[0] to 1 when a
 * pixel changes. */
#include <string.h>

#include "ref_common.h"

/* mode 1: maximum of nonzero pixels, -1: minimum of nonzero pixels, 0: maximum into zero pixels. */
static int step(const ref_image *in, ref_image *flag, ref_image *out, const char *connectivity, int mode)
{
  const int sphere = !strcmp(connectivity, "sphere");
  const long w = (long)in->width, h = (long)in->height, d = (long)in->depth;
  const long rx = w > 1, ry = h > 1, rz = d > 1;
  for (long z = 0; z < d; z++)
    for (long y = 0; y < h; y++)
      for (long x = 0; x < w; x++) {
        const size_t i = (size_t)((z * h + y) * w + x);
        const double value = ref_get(in, i);
        double found = value;
        if (mode == 0 ? value == 0 : value != 0)
          for (long dz = -rz; dz <= rz; dz++)
            for (long dy = -ry; dy <= ry; dy++)
              for (long dx = -rx; dx <= rx; dx++) {
                const long nx = x + dx, ny = y + dy, nz = z + dz;
                if (nx < 0 || nx >= w || ny < 0 || ny >= h || nz < 0 || nz >= d)
                  continue;
                if (sphere && (dx != 0) + (dy != 0) + (dz != 0) > 1)
                  continue;
                const double v = ref_get(in, (size_t)((nz * h + ny) * w + nx));
                if (v > 0 && (mode < 0 ? v < found : v > found))
                  found = v;
              }
        if (mode < 0 ? found < value : found > value)
          ref_set(flag, 0, 1);
        ref_set(out, i, found);
      }
  return 0;
}

int ref_op_nonzero_maximum(const ref_image *input_image, ref_image *output_image0, ref_image *output_image1,
                           const char *connectivity)
{
  return step(input_image, output_image0, output_image1, connectivity, 1);
}

int ref_op_nonzero_minimum(const ref_image *input_image, ref_image *output_image0, ref_image *output_image1,
                           const char *connectivity)
{
  return step(input_image, output_image0, output_image1, connectivity, -1);
}

int ref_op_onlyzero_overwrite_maximum(const ref_image *input_image, ref_image *flag, ref_image *output_image,
                                      const char *connectivity)
{
  return step(input_image, flag, output_image, connectivity, 0);
}
