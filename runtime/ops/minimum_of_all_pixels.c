/* minimum_of_all_pixels: the smallest pixel, reduced on the device (reduce_all.c). */
#include "cle_ops_impl.h"
#include "ops_util.h"

int cle_impl_minimum_of_all_pixels(cle_array *src, double *result)
{
  return cle_ops_result("minimum_of_all_pixels", cle_ops_reduce_all(src, result, NULL, NULL));
}
