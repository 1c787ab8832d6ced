/* copy: every pixel converted to the output dtype (same dtype by default). */
#include "ref_common.h"

int ref_op_copy(const ref_image *const *inputs, const cle_value *params, ref_image *out, double *scalar)
{
  (void)params;
  (void)scalar;
  const ref_image *src = inputs[0];
  if (ref_image_like(out, src, src->dtype) != 0)
    return -1;
  for (size_t i = 0; i < ref_image_size(src); i++)
    ref_set(out, i, ref_get(src, i));
  return 0;
}
