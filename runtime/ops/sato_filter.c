/* sato_filter as clEsperanto's: dst starts at 0; for sigma = sigma_minimum,
 * sigma_minimum + sigma_step, ... (float32 steps) while sigma < sigma_maximum,
 * dst = fmax(sigma^2 * response, dst) with the Gaussian Hessian's eigenvalues
 * at sigma (hessian_gaussian.c). */
#include "cle_ops_impl.h"
#include "cesperanto/cle_ops.h"
#include "cle_private.h"
#include "hessian_gaussian.h"

enum { SATO_MAX_SCALES = 1024 };

int cle_impl_sato_filter(cle_array *input_image, cle_array *output_image, float sigma_minimum, float sigma_maximum,
                         float sigma_step)
{
  if (!(sigma_step > 0))
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "sigma_step must be > 0, got %g", (double)sigma_step);
  int scales = 0;
  for (float sigma = sigma_minimum; sigma < sigma_maximum; sigma += sigma_step)
    if (++scales > SATO_MAX_SCALES)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                           "[sigma_minimum, sigma_maximum) must hold at most %d steps of sigma_step, got [%g, %g) "
                           "in steps of %g",
                           SATO_MAX_SCALES, (double)sigma_minimum, (double)sigma_maximum, (double)sigma_step);
  const float limit = cle_ops_hessian_gaussian_sigma_limit(input_image);
  float last = sigma_minimum;
  for (float sigma = sigma_minimum; sigma < sigma_maximum; sigma += sigma_step)
    last = sigma;
  if (scales > 0 && last > limit)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "sigma_maximum must leave every scale at most the image's largest extent or 2048, whichever "
                         "is larger (%g), got a scale of %g",
                         (double)limit, (double)last);
  cle_array *zero = cle_set(output_image, 0);
  cle_release(zero);
  if (!zero)
    return -1;
  for (float sigma = sigma_minimum; sigma < sigma_maximum; sigma += sigma_step)
    if (cle_ops_sato_scale(input_image, output_image, sigma) != 0)
      return -1;
  return 0;
}
