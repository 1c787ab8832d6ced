/* ifft: numpy's irfftn of a half spectrum in fft's layout into a real float32
 * image (runtime/fft.c, VkFFT). A given output may have the even width
 * (input width - 2) or the odd one (input width - 1): the spec leaves its
 * shape to this check (shape_check: impl). VkFFT overwrites the spectrum it
 * inverts, so it works on a copy, whose x = 0 (and Nyquist) planes are made
 * Hermitian first: VkFFT's complex-to-real assumes they are, numpy's irfftn
 * takes the real part of what they give (kernels/fft.cl). */
#include <stdio.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "cesperanto/cle_ops.h"
#include "fft.h"
#include "ops_util.h"

int cle_impl_ifft(cle_array *input_image, cle_array *output_image)
{
  const size_t s = cle_array_width(input_image), h = cle_array_height(input_image), d = cle_array_depth(input_image);
  char in_shape[80], out_shape[80];
  if (s % 2)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "input_image has shape %s: its width must be even, complex numbers as (real, imaginary) "
                         "pairs as fft gives them",
                         cle_ops_shape_text(input_image, in_shape, sizeof in_shape));
  const size_t w = cle_array_width(output_image);
  if (2 * (w / 2 + 1) != s || cle_array_height(output_image) != h || cle_array_depth(output_image) != d) {
    /* the two shapes that fit, in the output's ndim as the generated checks name shapes */
    char even[80], odd[80];
    const int nd = cle_array_ndim(output_image);
    for (int k = 0; k < 2; k++) {
      char *t = k ? odd : even;
      const size_t width = s - 2 + (size_t)k;
      if (nd >= 3)
        snprintf(t, sizeof even, "(%zu, %zu, %zu)", d, h, width);
      else if (nd == 2)
        snprintf(t, sizeof even, "(%zu, %zu)", h, width);
      else
        snprintf(t, sizeof even, "(%zu)", width);
    }
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "output_image has shape %s, expected %s or %s: a spectrum of width %zu belongs to a real "
                         "image of width %zu or %zu",
                         cle_ops_shape_text(output_image, out_shape, sizeof out_shape), even, odd, s, s - 2, s - 1);
  }
  cle_array *spectrum = cle_copy(input_image, NULL);
  if (!spectrum)
    return -1;
  const cle_param params[] = {cle_param_array("a", input_image), cle_param_array("b", spectrum),
                              cle_param_int("nx", (int)w),       cle_param_int("ny", (int)h),
                              cle_param_int("nz", (int)d),       cle_param_int("extra", 0)};
  const size_t planes[3] = {2, h, d};
  int rc = cle_run_kernel(cle_array_device(spectrum), "fft", "fft_hermitian_planes", params, 6, planes, NULL, NULL);
  if (rc == 0)
    rc = cle_fft_inverse(spectrum, output_image);
  cle_release(spectrum);
  return rc;
}
