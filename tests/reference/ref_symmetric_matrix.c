/* References of symmetric_maximum/mean/minimum_matrix (kernels/symmetric_matrix.cl):
 * a plain loop over every pixel and its mirror in the same plane, values as doubles
 * (exact for every dtype), the mean in float32. */
#include <math.h>

#include "ref_common.h"

enum { SYM_MAXIMUM, SYM_MEAN, SYM_MINIMUM };

static int symmetric(const ref_image *in, ref_image *out, int rule)
{
  const size_t w = in->width, h = in->height;
  for (size_t z = 0; z < in->depth; z++)
    for (size_t y = 0; y < h; y++)
      for (size_t x = 0; x < w; x++) {
        const size_t i = (z * h + y) * w + x;
        const double a = ref_get(in, i);
        if (y >= w || x >= h) { /* no mirror: the pixel's own value */
          ref_set(out, i, a);
          continue;
        }
        const double b = ref_get(in, (z * h + x) * w + y);
        double r;
        if (rule == SYM_MEAN)
          r = (float)((float)a + (float)b) / 2.0f;
        else if (isnan(a))
          r = b;
        else if (isnan(b))
          r = a;
        else if (rule == SYM_MAXIMUM)
          r = a > b ? a : b; /* a tie (0 and -0 too) gives the mirror's */
        else
          r = a < b ? a : b;
        ref_set(out, i, r);
      }
  return 0;
}

int ref_op_symmetric_maximum_matrix(const ref_image *input_image_matrix, ref_image *output_image_matrix)
{
  return symmetric(input_image_matrix, output_image_matrix, SYM_MAXIMUM);
}

int ref_op_symmetric_mean_matrix(const ref_image *input_image_matrix, ref_image *output_image_matrix)
{
  return symmetric(input_image_matrix, output_image_matrix, SYM_MEAN);
}

int ref_op_symmetric_minimum_matrix(const ref_image *input_image_matrix, ref_image *output_image_matrix)
{
  return symmetric(input_image_matrix, output_image_matrix, SYM_MINIMUM);
}
