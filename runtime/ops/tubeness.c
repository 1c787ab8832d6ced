/* tubeness as clEsperanto's: sato_filter over the single scale sigma
 * (CLIc calls it with [sigma, sigma + 0.1) in steps of 0.1). */
#include "cle_ops_impl.h"
#include "cesperanto/cle_ops.h"
#include "cle_private.h"
#include "hessian_gaussian.h"

int cle_impl_tubeness(cle_array *input_image, cle_array *output_image, float sigma)
{
  const float limit = cle_ops_hessian_gaussian_sigma_limit(input_image);
  if (sigma > limit)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "sigma must be at most the image's largest extent or 2048, whichever is larger (%g), got %g",
                         (double)limit, (double)sigma);
  cle_array *zero = cle_set(output_image, 0);
  cle_release(zero);
  return zero && cle_ops_sato_scale(input_image, output_image, sigma) == 0 ? 0 : -1;
}
