/* VkFFT's convolution mode (runtime/fft.c, cle_fft_convolve) against the
 * three separate steps (forward, multiply, inverse) it replaces: the same
 * convolution and correlation within float32 rounding for 2D and 3D sizes
 * (even widths, radix 2 to 13), the input left as it was; 1D is not fused
 * (VkFFT 1.2.26 gets it wrong) and the kernel's spectrum is then the plain
 * one. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cle_internal.h"
#include "fft.h"
#include "ops/fft_common.h"
#include "test_util.h"

static float frand(uint32_t *state)
{
  *state = *state * 1664525u + 1013904223u;
  return (float)(*state >> 8) / 16777216.0f;
}

static cle_array *random_array(cle_device *dev, const size_t n[3], uint32_t seed)
{
  size_t count = n[0] * n[1] * n[2];
  float *v = malloc(count * sizeof *v);
  for (size_t i = 0; i < count; i++)
    v[i] = frand(&seed);
  cle_array *a = cle_create(dev, CLE_FLOAT32, n[0], n[1], n[2]);
  if (a)
    cle_array_write(a, v, count * sizeof *v);
  free(v);
  return a;
}

static float *read_all(cle_array *a)
{
  size_t count = cle_array_width(a) * cle_array_height(a) * cle_array_depth(a);
  float *v = malloc(count * sizeof *v);
  cle_pull(a, v, count * sizeof *v);
  return v;
}

static void check_size(cle_device *dev, size_t nx, size_t ny, size_t nz)
{
  const size_t n[3] = {nx, ny, nz};
  const size_t count = nx * ny * nz;
  cle_array *image = random_array(dev, n, 7), *kernel = random_array(dev, n, 11);
  cle_array *kspec = cle_fft_spectrum_buffer(dev, n), *plain_kspec = cle_fft_spectrum_buffer(dev, n);
  cle_array *scratch = cle_fft_spectrum_buffer(dev, n), *out = cle_fft_spectrum_buffer(dev, n);
  const size_t pitch = 2 * (nx / 2 + 1);
  cle_array *expected = cle_fft_real_buffer(dev, n);
  CHECK_OK(image && kernel && kspec && plain_kspec && scratch && out && expected);
  float *before = read_all(image);
  int fused = -1;
  CHECK_OK(cle_fft_kernel_forward(kernel, kspec, &fused) == 0);
  const int one_d = ny == 1 && nz == 1;
  CHECK(fused == !one_d, "%zu x %zu x %zu: fused %d", nx, ny, nz, fused);
  CHECK_OK(cle_fft_forward(kernel, plain_kspec) == 0);
  if (fused == 0) { /* the plain spectrum, bit for bit */
    float *a = read_all(kspec), *b = read_all(plain_kspec);
    CHECK(memcmp(a, b, pitch * ny * nz * sizeof *a) == 0, "%zu x %zu x %zu: not the plain spectrum", nx, ny, nz);
    free(a);
    free(b);
  }
  for (int correlate = 0; correlate < 2 && fused == 1; correlate++) {
    if (correlate) /* a correlation: the convolution with the conjugate spectrum */
      CHECK_OK(cle_fft_conjugate(kspec, kspec, n) == 0);
    CHECK_OK(cle_fft_convolve(image, kspec, out) == 0);
    CHECK_OK(cle_fft_forward(image, scratch) == 0);
    CHECK_OK(cle_fft_multiply(scratch, plain_kspec, n, correlate) == 0);
    CHECK_OK(cle_fft_inverse(scratch, expected) == 0);
    float *got = read_all(out), *want = read_all(expected), *after = read_all(image);
    double worst = 0, largest = 0;
    for (size_t i = 0; i < count; i++) {
      worst = fmax(worst, fabs((double)got[i % nx + pitch * (i / nx)] - want[i]));
      largest = fmax(largest, fabs((double)want[i]));
    }
    CHECK(worst <= 1e-5 * largest, "%zu x %zu x %zu correlate %d: differs by %g (largest %g)", nx, ny, nz, correlate,
          worst, largest);
    CHECK(memcmp(before, after, count * sizeof *after) == 0, "%zu x %zu x %zu: the input changed", nx, ny, nz);
    free(got);
    free(want);
    free(after);
  }
  free(before);
  cle_release(expected);
  cle_release(out);
  cle_release(scratch);
  cle_release(plain_kspec);
  cle_release(kspec);
  cle_release(kernel);
  cle_release(image);
}

int main(void)
{
  cle_device *dev = cle_device_default();
  CHECK_OK(dev != NULL);
  if (!dev)
    return 1;
  static const size_t sizes[][3] = {{12, 1, 1}, {10, 12, 1}, {12, 1, 10}, {26, 22, 14}};
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
    check_size(dev, sizes[i][0], sizes[i][1], sizes[i][2]);
  return test_finish("runtime_fft_fused");
}
