/* convolve_fft: the linear convolution (or correlation) of the image with the
 * kernel, zeros outside the image, through FFTs over both padded to a size
 * where the circular convolution cannot wrap around (fft_common.c); with
 * circular, padded for the image alone, so that it wraps around. */
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "fft.h"
#include "fft_common.h"

int cle_impl_convolve_fft(cle_array *input_image, cle_array *kernel, cle_array *output_image, bool correlate,
                          bool circular)
{
  size_t n[3];
  if (cle_fft_padded_size(input_image, kernel, "kernel", circular, n) != 0)
    return -1;
  cle_device *dev = cle_array_device(input_image);
  cle_array *a = cle_fft_real_buffer(dev, n), *b = a ? cle_fft_real_buffer(dev, n) : NULL;
  cle_array *fa = b ? cle_fft_spectrum_buffer(dev, n) : NULL, *fb = fa ? cle_fft_spectrum_buffer(dev, n) : NULL;
  int rc = fb ? 0 : -1;
  if (rc == 0)
    rc = cle_fft_embed(input_image, a, n, 0);
  if (rc == 0)
    rc = cle_fft_embed(kernel, b, n, 1);
  int fused = 0;
  if (rc == 0)
    rc = cle_fft_kernel_forward(b, fb, &fused);
  if (rc == 0 && fused) { /* the result in fa, rows of 2 (n / 2 + 1) floats */
    const size_t pitched[3] = {2 * (n[0] / 2 + 1), n[1], n[2]};
    if (correlate) /* the correlation is the convolution with the kernel's conjugate spectrum */
      rc = cle_fft_conjugate(fb, fb, n);
    if (rc == 0)
      rc = cle_fft_convolve(a, fb, fa);
    if (rc == 0)
      rc = cle_fft_crop(fa, pitched, output_image);
  } else if (rc == 0) {
    rc = cle_fft_forward(a, fa);
    if (rc == 0)
      rc = cle_fft_multiply(fa, fb, n, correlate ? 1 : 0);
    if (rc == 0)
      rc = cle_fft_inverse(fa, a);
    if (rc == 0)
      rc = cle_fft_crop(a, n, output_image);
  }
  cle_release(fb);
  cle_release(fa);
  cle_release(b);
  cle_release(a);
  return rc;
}
