/* fft, ifft, convolve_fft, deconvolve_fft(_normalized): naive double
 * precision references -- the DFT as its defining sum, convolutions as
 * direct sums with zeros outside the image (or, circular, wrapping around
 * the image's padded size), Richardson-Lucy over those. */
#include <math.h>
#include <stdlib.h>

#include "ref_common.h"

static const double two_pi = 6.283185307179586476925286766559;

/* The size of the real image a spectrum belongs to. */
typedef struct dft_shape {
  size_t w, h, d;
} dft_shape;

static double phase(const dft_shape *s, size_t kx, size_t ky, size_t kz, size_t x, size_t y, size_t z)
{
  /* reduce the products modulo the size first: exact and small arguments */
  return two_pi * ((double)(kx * x % s->w) / (double)s->w + (double)(ky * y % s->h) / (double)s->h +
                   (double)(kz * z % s->d) / (double)s->d);
}

int ref_op_fft(const ref_image *input_image, ref_image *output_image)
{
  const dft_shape s = {input_image->width, input_image->height, input_image->depth};
  const size_t half = s.w / 2 + 1;
  for (size_t kz = 0; kz < s.d; kz++)
    for (size_t ky = 0; ky < s.h; ky++)
      for (size_t kx = 0; kx < half; kx++) {
        double re = 0, im = 0;
        for (size_t z = 0; z < s.d; z++)
          for (size_t y = 0; y < s.h; y++)
            for (size_t x = 0; x < s.w; x++) {
              const double v = ref_get(input_image, (z * s.h + y) * s.w + x), a = phase(&s, kx, ky, kz, x, y, z);
              re += v * cos(a);
              im -= v * sin(a);
            }
        const size_t o = (kz * s.h + ky) * half + kx;
        ref_set(output_image, 2 * o, re);
        ref_set(output_image, 2 * o + 1, im);
      }
  return 0;
}

int ref_op_ifft(const ref_image *input_image, ref_image *output_image)
{
  const dft_shape s = {output_image->width, output_image->height, output_image->depth};
  const size_t half = input_image->width / 2;
  if (s.w / 2 + 1 != half)
    return -1;
  for (size_t z = 0; z < s.d; z++)
    for (size_t y = 0; y < s.h; y++)
      for (size_t x = 0; x < s.w; x++) {
        double sum = 0;
        for (size_t kz = 0; kz < s.d; kz++)
          for (size_t ky = 0; ky < s.h; ky++)
            for (size_t kx = 0; kx < s.w; kx++) {
              /* the full spectrum: the given half, its mirrored conjugate beyond */
              double re, im;
              if (kx < half) {
                const size_t i = (kz * s.h + ky) * half + kx;
                re = ref_get(input_image, 2 * i);
                im = ref_get(input_image, 2 * i + 1);
              } else {
                const size_t i = (((s.d - kz) % s.d) * s.h + (s.h - ky) % s.h) * half + (s.w - kx);
                re = ref_get(input_image, 2 * i);
                im = -ref_get(input_image, 2 * i + 1);
              }
              const double a = phase(&s, kx, ky, kz, x, y, z);
              sum += re * cos(a) - im * sin(a); /* the real part of X exp(i a) */
            }
        ref_set(output_image, (z * s.h + y) * s.w + x, sum / (double)(s.w * s.h * s.d));
      }
  return 0;
}

/* The size circular convolve_fft and deconvolve_fft transform at along an axis of size w (the
 * specs' rule, written out): the smallest even size >= w with no prime factor above 13, or up
 * to 6 % above it the one that 2 divides most often (the smaller on a tie); 1 stays 1. */
static int twos_if_smooth(size_t n)
{
  if (n % 2)
    return -1;
  int twos = 0;
  for (; n % 2 == 0; n /= 2)
    twos++;
  for (size_t p = 3; p <= 13; p += 2)
    while (n % p == 0)
      n /= p;
  return n == 1 ? twos : -1;
}

static size_t circular_size(size_t w)
{
  if (w <= 1)
    return 1;
  size_t first = w + w % 2;
  while (twos_if_smooth(first) < 0)
    first += 2;
  size_t best = first;
  for (size_t m = first + 2; m <= first + first * 6 / 100; m += 2)
    if (twos_if_smooth(m) > twos_if_smooth(best))
      best = m;
  return best;
}

/* out = in (both doubles over n) convolved with (or correlated with) the kernel: zeros outside
 * n, or with circular wrapping around n. */
static void convolve(const double *in, const size_t n[3], const ref_image *kernel, int correlate, int circular,
                     double *out)
{
  const size_t k[3] = {kernel->width, kernel->height, kernel->depth};
  const long c[3] = {(long)k[0] / 2, (long)k[1] / 2, (long)k[2] / 2};
  for (size_t z = 0; z < n[2]; z++)
    for (size_t y = 0; y < n[1]; y++)
      for (size_t x = 0; x < n[0]; x++) {
        double sum = 0;
        for (size_t kz = 0; kz < k[2]; kz++)
          for (size_t ky = 0; ky < k[1]; ky++)
            for (size_t kx = 0; kx < k[0]; kx++) {
              const long p[3] = {(long)x, (long)y, (long)z}, i[3] = {(long)kx, (long)ky, (long)kz};
              long q[3];
              int inside = 1;
              for (int a = 0; a < 3; a++) {
                q[a] = correlate ? p[a] + i[a] - c[a] : p[a] - i[a] + c[a];
                if (circular)
                  q[a] = ((q[a] % (long)n[a]) + (long)n[a]) % (long)n[a];
                inside = inside && q[a] >= 0 && q[a] < (long)n[a];
              }
              if (inside)
                sum += ref_get(kernel, (kz * k[1] + ky) * k[0] + kx) *
                       in[((size_t)q[2] * n[1] + (size_t)q[1]) * n[0] + (size_t)q[0]];
            }
        out[(z * n[1] + y) * n[0] + x] = sum;
      }
}

/* The image's pixels as float32 values (the device reads every dtype so) in doubles over n, the
 * image at the origin, zeros after it. */
static double *image_as_doubles(const ref_image *img, const size_t n[3])
{
  const size_t w[3] = {img->width, img->height, img->depth};
  double *v = calloc(n[0] * n[1] * n[2], sizeof *v);
  for (size_t z = 0; v && z < w[2]; z++)
    for (size_t y = 0; y < w[1]; y++)
      for (size_t x = 0; x < w[0]; x++)
        v[(z * n[1] + y) * n[0] + x] = (float)ref_get(img, (z * w[1] + y) * w[0] + x);
  return v;
}

/* The domain of the convolutions: the image, or with circular its circular_size. */
static void domain(const ref_image *img, int circular, size_t n[3])
{
  const size_t w[3] = {img->width, img->height, img->depth};
  for (int a = 0; a < 3; a++)
    n[a] = circular ? circular_size(w[a]) : w[a];
}

int ref_op_convolve_fft(const ref_image *input_image, const ref_image *kernel, ref_image *output_image, bool correlate,
                        bool circular)
{
  const size_t w[3] = {input_image->width, input_image->height, input_image->depth};
  size_t n[3];
  domain(input_image, circular, n);
  double *in = image_as_doubles(input_image, n), *out = malloc(n[0] * n[1] * n[2] * sizeof *out);
  if (!in || !out) {
    free(in);
    free(out);
    return -1;
  }
  convolve(in, n, kernel, correlate, circular, out);
  for (size_t z = 0; z < w[2]; z++)
    for (size_t y = 0; y < w[1]; y++)
      for (size_t x = 0; x < w[0]; x++)
        ref_set(output_image, (z * w[1] + y) * w[0] + x, out[(z * n[1] + y) * n[0] + x]);
  free(in);
  free(out);
  return 0;
}

static double minmod(double a, double b)
{
  if (a > 0 && b > 0)
    return fmin(a, b);
  if (a < 0 && b < 0)
    return fmax(a, b);
  return 0;
}

/* f (over n) at p + offset, the position clamped into the image (w) */
static double at(const double *f, const size_t n[3], const size_t w[3], const long p[3], int axis, long offset)
{
  long q[3] = {p[0], p[1], p[2]};
  q[axis] += offset;
  for (int a = 0; a < 3; a++)
    q[a] = q[a] < 0 ? 0 : q[a] >= (long)w[a] ? (long)w[a] - 1 : q[a];
  return f[((size_t)q[2] * n[1] + (size_t)q[1]) * n[0] + (size_t)q[0]];
}

/* The normalised gradient's component along axis at p (see kernels/fft.cl, cle_tv_component). */
static double tv_component(const double *f, const size_t n[3], const size_t w[3], const long p[3], int axis)
{
  double forward[3], backward[3];
  for (int a = 0; a < 3; a++) {
    forward[a] = at(f, n, w, p, a, 1) - at(f, n, w, p, a, 0);
    backward[a] = at(f, n, w, p, a, 0) - at(f, n, w, p, a, -1);
  }
  double sq = forward[axis] * forward[axis];
  for (int a = 0; a < 3; a++)
    if (a != axis) {
      const double m = minmod(forward[a], backward[a]);
      sq += m * m;
    }
  const double norm = sqrt(sq);
  return norm > 0 ? forward[axis] / norm : 0;
}

/* Richardson-Lucy over the domain n (the image at the origin; with circular, zeros after it and
 * the estimate 0 there, the blur wrapping around n) */
static int richardson_lucy(const ref_image *input_image, const ref_image *psf, const ref_image *normalization,
                           ref_image *output_image, int iteration, float regularization, bool circular)
{
  const size_t w[3] = {input_image->width, input_image->height, input_image->depth};
  size_t n[3];
  domain(input_image, circular, n);
  const size_t count = n[0] * n[1] * n[2];
  double *observed = image_as_doubles(input_image, n), *estimate = calloc(count, sizeof(double)),
         *blurred = malloc(count * sizeof(double)), *correction = malloc(count * sizeof(double)),
         *next = calloc(count, sizeof(double));
  int rc = observed && estimate && blurred && correction && next ? 0 : -1;
  for (size_t z = 0; rc == 0 && z < w[2]; z++)
    for (size_t y = 0; y < w[1]; y++)
      for (size_t x = 0; x < w[0]; x++)
        estimate[(z * n[1] + y) * n[0] + x] = 1;
  for (int it = 0; rc == 0 && it < iteration; it++) {
    convolve(estimate, n, psf, 0, circular, blurred);
    for (size_t i = 0; i < count; i++)
      blurred[i] = blurred[i] > 0 ? observed[i] / blurred[i] : 0;
    convolve(blurred, n, psf, 1, circular, correction);
    for (size_t z = 0; z < w[2]; z++)
      for (size_t y = 0; y < w[1]; y++)
        for (size_t x = 0; x < w[0]; x++) {
          const size_t i = (z * n[1] + y) * n[0] + x;
          double update = correction[i];
          if (regularization > 0) {
            const long p[3] = {(long)x, (long)y, (long)z};
            double div = 0;
            for (int a = 0; a < 3; a++) {
              long before[3] = {p[0], p[1], p[2]};
              before[a]--;
              div += tv_component(estimate, n, w, p, a) - (p[a] > 0 ? tv_component(estimate, n, w, before, a) : 0);
            }
            update /= 1 - regularization * div;
          }
          next[i] = estimate[i] * update;
        }
    for (size_t z = 0; z < w[2]; z++)
      for (size_t y = 0; y < w[1]; y++)
        for (size_t x = 0; x < w[0]; x++) {
          const size_t i = (z * n[1] + y) * n[0] + x;
          estimate[i] = next[i];
          if (normalization) {
            const double v = (float)ref_get(normalization, (z * w[1] + y) * w[0] + x);
            estimate[i] /= v >= 1e-5 ? v : 1;
          }
        }
  }
  for (size_t z = 0; rc == 0 && z < w[2]; z++)
    for (size_t y = 0; y < w[1]; y++)
      for (size_t x = 0; x < w[0]; x++)
        ref_set(output_image, (z * w[1] + y) * w[0] + x, estimate[(z * n[1] + y) * n[0] + x]);
  free(observed);
  free(estimate);
  free(blurred);
  free(correction);
  free(next);
  return rc;
}

int ref_op_deconvolve_fft(const ref_image *input_image, const ref_image *psf, ref_image *output_image, int iteration,
                          float regularization, bool circular)
{
  return richardson_lucy(input_image, psf, NULL, output_image, iteration, regularization, circular);
}

int ref_op_deconvolve_fft_normalized(const ref_image *input_image, const ref_image *psf, const ref_image *normalization,
                                     ref_image *output_image, int iteration, float regularization, bool circular)
{
  return richardson_lucy(input_image, psf, normalization, output_image, iteration, regularization, circular);
}
