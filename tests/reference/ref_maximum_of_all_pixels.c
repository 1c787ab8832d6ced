/* maximum_of_all_pixels as a double, exact for every dtype; NaN pixels are skipped. */
#include "ref_common.h"

int ref_op_maximum_of_all_pixels(const ref_image *const *inputs, const cle_value *params, ref_image *out, double *scalar)
{
  (void)params;
  (void)out;
  double min;
  ref_min_max(inputs[0], &min, scalar);
  return 0;
}
