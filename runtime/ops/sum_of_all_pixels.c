/* sum_of_all_pixels: the sum of all pixels (exact for integer images), reduced on the device (reduce_all.c). */
#include "cle_ops_impl.h"
#include "ops_util.h"

int cle_impl_sum_of_all_pixels(cle_array *src, double *result)
{
  return cle_ops_result("sum_of_all_pixels", cle_ops_reduce_all(src, NULL, NULL, result));
}
