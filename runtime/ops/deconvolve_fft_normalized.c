/* deconvolve_fft_normalized: deconvolve_fft dividing the estimate by the
 * normalization image after each iteration (deconvolve_fft.c). */
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "fft_common.h"

int cle_impl_deconvolve_fft_normalized(cle_array *input_image, cle_array *psf, cle_array *normalization,
                                       cle_array *output_image, int iteration, float regularization, bool circular)
{
  return cle_fft_richardson_lucy(input_image, psf, normalization, output_image, iteration, regularization, circular);
}
