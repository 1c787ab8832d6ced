/* maximum_of_all_pixels: the largest pixel, reduced on the device (reduce_all.c). */
#if __has_include("cle_ops_impl.h") /* until cle-gen lands: then always */
#include "cle_ops_impl.h"
#endif
#include "ops_util.h"

int cle_impl_maximum_of_all_pixels(cle_array *src, double *result)
{
  return cle_ops_reduce_all(src, NULL, result, NULL);
}
