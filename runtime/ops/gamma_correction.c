/* gamma_correction as CLIc's: m = the image's maximum (as float32), then
 * output_image = pow(input_image / m, gamma) * m in float32 (the pow in double
 * where the device has it, as the pixelwise rules' pow), pixelwise. */
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "families/pixelwise.h"
#include "families/reduce_all.h"

int cle_impl_gamma_correction(cle_array *input_image, cle_array *output_image, float gamma)
{
  double max;
  if (cle_reduce_all(input_image, NULL, &max, NULL) != 0)
    return -1;
  const float scalars[] = {(float)max, gamma};
  static const char rule[] = "#define CLE_PW_RULE(in0, in1, in2) (cle_pow((in0) / s0, s1) * s0)\n";
  cle_array *const inputs[] = {input_image};
  return cle_pixelwise(inputs, 1, output_image, scalars, 2, rule);
}
