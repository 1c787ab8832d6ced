/* extended_depth_of_focus_sobel_projection, naively: the 2D Sobel magnitude
 * of every plane on its own (clij's kernels, edge pixels repeated), the
 * planes blurred (clEsperanto's Gaussian along x and y), then per (x, y) the
 * first z of the largest value picks the input's pixel. */
#include <math.h>
#include <stdlib.h>

#include "ref_common.h"

static float pixel(const ref_image *img, long x, long y, long z)
{
  const long w = (long)img->width, h = (long)img->height;
  x = x < 0 ? 0 : x >= w ? w - 1 : x;
  y = y < 0 ? 0 : y >= h ? h - 1 : y;
  return (float)ref_get(img, (size_t)((z * h + y) * w + x));
}

int ref_op_extended_depth_of_focus_sobel_projection(const ref_image *input_image, ref_image *output_image, float sigma)
{
  static const float smooth[3] = {1, 2, 1}, derive[3] = {1, 0, -1}; /* at offsets -1, 0, 1 */
  const long w = (long)input_image->width, h = (long)input_image->height, d = (long)input_image->depth;
  const int rx = w > 1, ry = h > 1;
  ref_image edges, blurred;
  if (ref_image_alloc(&edges, CLE_FLOAT32, input_image->ndim, (size_t)w, (size_t)h, (size_t)d) != 0)
    return -1;
  for (long z = 0; z < d; z++)
    for (long y = 0; y < h; y++)
      for (long x = 0; x < w; x++) {
        float gx = 0.0f, gy = 0.0f;
        for (int n = -ry; n <= ry; n++)
          for (int m = -rx; m <= rx; m++) {
            const float v = pixel(input_image, x + m, y + n, z);
            const float sx = rx ? smooth[m + 1] : 1, sy = ry ? smooth[n + 1] : 1;
            gx += derive[m + 1] * sy * v;
            gy += sx * derive[n + 1] * v;
          }
        ref_set(&edges, (size_t)((z * h + y) * w + x), sqrtf(gx * gx + gy * gy));
      }
  const int rc = ref_gaussian_image(&edges, sigma, sigma, 0.0f, &blurred);
  ref_image_free(&edges);
  if (rc != 0)
    return -1;
  for (long i = 0; i < w * h; i++) {
    long best = 0;
    float best_value = (float)ref_get(&blurred, (size_t)i);
    for (long z = 1; z < d; z++) {
      const float v = (float)ref_get(&blurred, (size_t)(z * w * h + i));
      if (v > best_value) {
        best_value = v;
        best = z;
      }
    }
    ref_set(output_image, (size_t)i, ref_get(input_image, (size_t)(best * w * h + i)));
  }
  ref_image_free(&blurred);
  return 0;
}
