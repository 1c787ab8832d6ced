/* The reductions over positions, pixel by pixel in raster order:
 * bounding_box (the extremes of x, y, z over the pixels that are not 0),
 * center_of_mass (sums of v, v x, v y, v z in long double), maximum_position
 * and minimum_position (the first extreme in raster order, NaN skipped) and
 * minimum_of_masked_pixels. Missing answers are NaN. */
#include <math.h>

#include "ref_common.h"

static void position_of(const ref_image *img, size_t i, float xyz[3])
{
  xyz[0] = (float)(i % img->width);
  xyz[1] = (float)((i / img->width) % img->height);
  xyz[2] = (float)(i / (img->width * img->height));
}

static int vector_of(const ref_image *out, size_t n)
{
  return out->dtype == CLE_FLOAT32 && ref_image_size(out) == n ? 0 : -1;
}

int ref_op_bounding_box(const ref_image *input_image, ref_image *output_image)
{
  if (vector_of(output_image, 6) != 0)
    return -1;
  float *box = output_image->data;
  for (int k = 0; k < 6; k++)
    box[k] = NAN;
  for (size_t i = 0; i < ref_image_size(input_image); i++) {
    if (ref_get(input_image, i) == 0)
      continue;
    float xyz[3];
    position_of(input_image, i, xyz);
    for (int k = 0; k < 3; k++) {
      box[k] = isnan(box[k]) || xyz[k] < box[k] ? xyz[k] : box[k];
      box[k + 3] = isnan(box[k + 3]) || xyz[k] > box[k + 3] ? xyz[k] : box[k + 3];
    }
  }
  return 0;
}

int ref_op_center_of_mass(const ref_image *input_image, ref_image *output_image)
{
  if (vector_of(output_image, 3) != 0)
    return -1;
  long double sums[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < ref_image_size(input_image); i++) {
    const long double v = ref_get(input_image, i);
    float xyz[3];
    position_of(input_image, i, xyz);
    sums[0] += v;
    for (int k = 0; k < 3; k++)
      sums[k + 1] += v * xyz[k];
  }
  float *center = output_image->data;
  for (int k = 0; k < 3; k++)
    center[k] = (float)(sums[k + 1] / sums[0]);
  return 0;
}

/* The index of the first largest (sign 1) or smallest (sign -1) pixel where
 * mask (may be NULL) is not 0, NaN skipped; -1 if none. */
static long extreme_index(const ref_image *img, const ref_image *mask, int sign)
{
  long best = -1;
  double best_value = 0;
  for (size_t i = 0; i < ref_image_size(img); i++) {
    const double v = ref_get(img, i);
    if (isnan(v) || (mask && ref_get(mask, i) == 0))
      continue;
    if (best < 0 || sign * v > sign * best_value) {
      best = (long)i;
      best_value = v;
    }
  }
  return best;
}

static int position_of_extreme(const ref_image *img, ref_image *out, int sign)
{
  if (vector_of(out, 3) != 0)
    return -1;
  float *xyz = out->data;
  const long i = extreme_index(img, NULL, sign);
  if (i < 0)
    xyz[0] = xyz[1] = xyz[2] = NAN;
  else
    position_of(img, (size_t)i, xyz);
  return 0;
}

int ref_op_maximum_position(const ref_image *input_image, ref_image *output_image)
{
  return position_of_extreme(input_image, output_image, 1);
}

int ref_op_minimum_position(const ref_image *input_image, ref_image *output_image)
{
  return position_of_extreme(input_image, output_image, -1);
}

int ref_op_minimum_of_masked_pixels(const ref_image *input_image, const ref_image *mask, double *result)
{
  const long i = extreme_index(input_image, mask, -1);
  *result = i < 0 ? NAN : ref_get(input_image, (size_t)i);
  return 0;
}
