/* What convolve_fft and deconvolve_fft share: padded float32 buffers, the
 * placement of image and kernel in them, the spectra's product
 * (kernels/fft.cl; the transforms are runtime/fft.c's). */
#ifndef CESPERANTO_FFT_COMMON_H
#define CESPERANTO_FFT_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "cesperanto/cle.h"

/* The padded size n (width, height, depth) of a linear convolution of image
 * with kernel: per axis an even size >= image + kernel / 2 with no prime
 * factor above 13 (VkFFT's largest radix; its real transform needs x even
 * and runs faster on even sizes), the one with the most factors 2 up to 6 %
 * above the smallest (fft_common.c), so that a circular convolution of that size equals the
 * linear one over the image (the kernel's center, kernel / 2, at the origin;
 * the buffers zero after the image). With circular, the same rule for >= image
 * alone: the convolution wraps around that size (the ops' circular param).
 * Fails when kernel is larger than image along an axis ("KERNEL_NAME has
 * shape ..., larger than input_image's ... along x"). 0 or -1. */
int cle_fft_padded_size(const cle_array *image, const cle_array *kernel, const char *kernel_name, bool circular,
                        size_t n[3]);

/* A new float32 buffer of n[0] x n[1] x n[2] (contents undefined), or the
 * spectrum of one (width 2 (n[0] / 2 + 1)). NULL with the error set. */
cle_array *cle_fft_real_buffer(cle_device *dev, const size_t n[3]);
cle_array *cle_fft_spectrum_buffer(cle_device *dev, const size_t n[3]);

/* dst (a padded buffer of n) = src read at a circular shift: src at the
 * origin and zeros after it (center 0), or, with center, a kernel with its
 * center (w / 2, h / 2, d / 2) at the origin and the rest wrapped around. */
int cle_fft_embed(cle_array *src, cle_array *dst, const size_t n[3], int center);
/* dst (float32) = the first pixels of the padded buffer src of n. */
int cle_fft_crop(cle_array *src, const size_t n[3], cle_array *dst);
/* dst = conj(src), spectra of padded buffers of n (dst may be src). */
int cle_fft_conjugate(cle_array *src, cle_array *dst, const size_t n[3]);
/* a = a * b (or a * conj(b)), the spectra of padded buffers of n. */
int cle_fft_multiply(cle_array *a, cle_array *b, const size_t n[3], int conjugate);

/* deconvolve_fft (normalization NULL) and deconvolve_fft_normalized: the
 * estimate after iteration Richardson-Lucy steps into output_image (float32,
 * input_image's shape). 0, or -1 with the error set. (deconvolve_fft.c) */
int cle_fft_richardson_lucy(cle_array *input_image, cle_array *psf, cle_array *normalization, cle_array *output_image,
                            int iteration, float regularization, bool circular);

#endif
