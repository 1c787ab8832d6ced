/* Helpers of convolve_fft and deconvolve_fft (fft_common.h). */
#include "fft_common.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cle_private.h"
#include "fft.h"
#include "ops_util.h"
#include "settings.h"

/* The largest prime of a padded size: 13, VkFFT's largest radix; CLE_FFT_PRIMES=7 keeps
 * pyclesperanto's smooth sizes (2, 3, 5, 7), for comparison (bench/fft.py). */
static size_t largest_prime(void)
{
  static const char *const primes[] = {"13", "7", NULL};
  return cle_setting_choice("CLE_FFT_PRIMES", primes, 0) == 1 ? 7 : 13;
}

/* How often 2 divides n if n is even with no prime factor above largest_prime(), else -1. */
static int fast_size_twos(size_t n)
{
  static const size_t primes[] = {2, 3, 5, 7, 11, 13};
  const size_t top = largest_prime();
  if (n % 2)
    return -1;
  int twos = 0;
  for (; n % 2 == 0; n /= 2)
    twos++;
  for (int i = 1; i < 6 && primes[i] <= top; i++)
    while (n % primes[i] == 0)
      n /= primes[i];
  return n == 1 ? twos : -1;
}

/* The padded size for at least m: among the even sizes with no prime factor above
 * largest_prime() up to 6 % above the smallest one, the one with the most factors 2 (the
 * smaller on a tie): VkFFT's passes of radix 2, 4 and 8 cost least. On the H200 a 3D
 * convolution (bench/results/h200-s10) took 2.66 ms at 520^3 (2^3 5 13), 2.45 ms at 528^3
 * (2^4 3 11), 2.81 at 540^3 (2^2 3^3 5), 4.59 at 546^3 (2 3 7 13). 1 stays 1 (an axis the
 * image does not have). */
static size_t padded_axis(size_t m)
{
  if (m <= 1)
    return 1;
  size_t first = m + (m % 2);
  while (fast_size_twos(first) < 0)
    first += 2;
  size_t best = first;
  int best_twos = fast_size_twos(first);
  for (size_t n = first + 2; n <= first + first * 6 / 100; n += 2) {
    const int twos = fast_size_twos(n);
    if (twos > best_twos) {
      best = n;
      best_twos = twos;
    }
  }
  return best;
}

int cle_fft_padded_size(const cle_array *image, const cle_array *kernel, const char *kernel_name, bool circular,
                        size_t n[3])
{
  const size_t w[3] = {cle_array_width(image), cle_array_height(image), cle_array_depth(image)};
  const size_t k[3] = {cle_array_width(kernel), cle_array_height(kernel), cle_array_depth(kernel)};
  static const char *const axes[3] = {"x", "y", "z"};
  for (int a = 0; a < 3; a++) {
    if (k[a] > w[a]) {
      char ks[80], ws[80];
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                           "%s has shape %s, larger than input_image's %s along %s; it must be no larger along any "
                           "axis",
                           kernel_name, cle_ops_shape_text(kernel, ks, sizeof ks),
                           cle_ops_shape_text(image, ws, sizeof ws), axes[a]);
    }
    /* A linear convolution over the image, with the kernel's center k / 2 at the origin, reaches
     * at most k / 2 pixels past either side, so n >= w + k / 2 keeps the wrap-around of the
     * circular one inside the zeros after the image (for correlation too). circular: the
     * wrap-around is wanted, n >= w (>= k: the centered kernel wraps onto itself nowhere). */
    const size_t m = circular ? w[a] : w[a] + k[a] / 2;
    /* even along every axis: VkFFT's odd sizes run slower than even ones a few percent larger
     * (on the H200 a 540 x 525 x 525 R2C takes 1.89 ms, 540^3 1.67 ms) */
    n[a] = padded_axis(m);
    if (n[a] > INT32_MAX)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "the padded size along %s, %zu, is too large", axes[a], n[a]);
  }
  return 0;
}

cle_array *cle_fft_real_buffer(cle_device *dev, const size_t n[3])
{
  return cle_create(dev, CLE_FLOAT32, n[0], n[1], n[2]);
}

cle_array *cle_fft_spectrum_buffer(cle_device *dev, const size_t n[3])
{
  return cle_create(dev, CLE_FLOAT32, 2 * (n[0] / 2 + 1), n[1], n[2]);
}

int cle_fft_embed(cle_array *src, cle_array *dst, const size_t n[3], int center)
{
  const int shift[3] = {center ? (int)(cle_array_width(src) / 2) : 0, center ? (int)(cle_array_height(src) / 2) : 0,
                        center ? (int)(cle_array_depth(src) / 2) : 0};
  const cle_param params[] = {cle_param_array("src", src),        cle_param_array("dst", dst),
                              cle_param_int("nx", (int)n[0]),     cle_param_int("ny", (int)n[1]),
                              cle_param_int("nz", (int)n[2]),     cle_param_int("shift_x", shift[0]),
                              cle_param_int("shift_y", shift[1]), cle_param_int("shift_z", shift[2])};
  return cle_run_kernel(cle_array_device(dst), "fft", "fft_embed", params, 8, n, NULL, NULL);
}

int cle_fft_crop(cle_array *src, const size_t n[3], cle_array *dst)
{
  const size_t range[3] = {cle_array_width(dst), cle_array_height(dst), cle_array_depth(dst)};
  const cle_param params[] = {cle_param_array("src", src),        cle_param_int("nx", (int)n[0]),
                              cle_param_int("ny", (int)n[1]),     cle_param_array("dst", dst),
                              cle_param_int("wx", (int)range[0]), cle_param_int("wy", (int)range[1]),
                              cle_param_int("wz", (int)range[2])};
  return cle_run_kernel(cle_array_device(dst), "fft", "fft_crop", params, 7, range, NULL, NULL);
}

int cle_fft_multiply(cle_array *a, cle_array *b, const size_t n[3], int conjugate)
{
  const size_t columns = n[0] / 2 + 1, rows = n[1] * n[2];
  const cle_param params[] = {cle_param_array("a", a), cle_param_array("b", b), cle_param_int("nx", (int)columns),
                              cle_param_int("rows", (int)rows), cle_param_int("conjugate", conjugate)};
  const size_t range[3] = {columns, rows, 1};
  return cle_run_kernel(cle_array_device(a), "fft", "fft_multiply", params, 5, range, NULL, NULL);
}

int cle_fft_conjugate(cle_array *src, cle_array *dst, const size_t n[3])
{
  const size_t columns = n[0] / 2 + 1, rows = n[1] * n[2];
  const cle_param params[] = {cle_param_array("src", src), cle_param_array("dst", dst),
                              cle_param_int("nx", (int)columns), cle_param_int("rows", (int)rows)};
  const size_t range[3] = {columns, rows, 1};
  return cle_run_kernel(cle_array_device(dst), "fft", "fft_conjugate", params, 4, range, NULL, NULL);
}
