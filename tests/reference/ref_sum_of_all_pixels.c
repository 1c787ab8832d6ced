/* sum_of_all_pixels as a double: exact for integer dtypes (64-bit integer
 * accumulation), a plain double sum in raster order for float32. */
#include "ref_common.h"

int ref_op_sum_of_all_pixels(const ref_image *const *inputs, const cle_value *params, ref_image *out, double *scalar)
{
  (void)params;
  (void)out;
  const ref_image *src = inputs[0];
  if (src->dtype == CLE_FLOAT32) {
    double sum = 0;
    for (size_t i = 0; i < ref_image_size(src); i++)
      sum += ref_get(src, i);
    *scalar = sum;
  } else {
    int64_t sum = 0;
    for (size_t i = 0; i < ref_image_size(src); i++)
      sum += (int64_t)ref_get(src, i);
    *scalar = (double)sum;
  }
  return 0;
}
