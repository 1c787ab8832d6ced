/* fft: numpy's rfftn of the image as float32 (real, imaginary) pairs along x
 * (runtime/fft.c, VkFFT). Integer images are converted to float32 first. */
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "fft.h"
#include "fft_common.h"

int cle_impl_fft(cle_array *input_image, cle_array *output_image)
{
  const size_t n[3] = {cle_array_width(input_image), cle_array_height(input_image), cle_array_depth(input_image)};
  cle_array *real = input_image;
  if (cle_array_dtype(input_image) != CLE_FLOAT32) {
    real = cle_fft_real_buffer(cle_array_device(input_image), n);
    if (!real)
      return -1;
    if (cle_fft_embed(input_image, real, n, 0) != 0) {
      cle_release(real);
      return -1;
    }
  } else {
    cle_retain(real);
  }
  const int rc = cle_fft_forward(real, output_image);
  cle_release(real);
  return rc;
}
