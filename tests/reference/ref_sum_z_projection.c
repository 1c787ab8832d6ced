/* sum_z_projection: float32 sum along z from z = 0 up (ref_z_project.c). */
#include "ref_common.h"

int ref_op_sum_z_projection(const ref_image *const *inputs, const cle_value *params, ref_image *out, double *scalar)
{
  (void)params;
  (void)scalar;
  return ref_z_project(inputs[0], out, REF_PROJ_SUM);
}
