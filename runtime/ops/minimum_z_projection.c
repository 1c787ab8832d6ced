/* minimum_z_projection: kernels/z_projection.cl with this op's rule, laid out per device type (z_projection.c). */
#include "cle_ops_impl.h"
#include "ops_util.h"

int cle_impl_minimum_z_projection(cle_array *src, cle_array *dst)
{
  return cle_ops_result("minimum_z_projection", cle_ops_z_projection(src, dst, "minimum_z_projection"));
}
