/* set: every pixel becomes scalar converted to the image's dtype (clij's
 * saturation, rounded toward zero, NaN to 0). The converted value is one
 * fill pattern, so clEnqueueFillBuffer writes it (cle_array_fill) at the
 * device's fill bandwidth. Exact for every dtype: the float scalar widens to
 * double without loss, and cle_array_fill converts it as OpenCL's
 * convert_T_sat would, keeping float32 subnormals a device might flush. */
#include "cle_ops_impl.h"

int cle_impl_set(cle_array *input_image, float scalar)
{
  return cle_array_fill(input_image, (double)scalar);
}
