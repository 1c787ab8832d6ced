/* Fast Fourier transforms on the device, for the ops fft, ifft, convolve_fft
 * and deconvolve_fft (runtime/ops/). The transforms are VkFFT's (Debian
 * libvkfft-dev, header-only, its OpenCL backend: what clEsperanto uses), run
 * on the device's queue; a plan (VkFFT's compiled kernels for one shape) is
 * made on first use and kept per device and shape (fft.c), as programs are.
 *
 * A spectrum is a float32 array of width 2 (w / 2 + 1), height h, depth d for
 * a real image of width w: numpy's rfftn(image) with each complex number as
 * two floats (real, imaginary), i.e. rfftn(image).view(float32) in numpy's
 * (z, y, x) order. Axes of size 1 are not transformed (a 2D image is a 2D
 * transform). */
#ifndef CESPERANTO_FFT_H
#define CESPERANTO_FFT_H

#include <stddef.h>

#include "cesperanto/cle.h"

/* The forward transform of real (float32, w x h x d) into spectrum (float32,
 * 2 (w / 2 + 1) x h x d, same device); real is left as it was. 0, or -1 with
 * the error set (never naming an op). */
int cle_fft_forward(cle_array *real, cle_array *spectrum);

/* The inverse of cle_fft_forward, divided by w h d (numpy's irfftn with the
 * real image's shape): spectrum (float32, 2 (w / 2 + 1) x h x d) into real
 * (float32, w x h x d). spectrum's content is destroyed (VkFFT transforms in
 * place). VkFFT's complex-to-real assumes the planes of the zero frequency
 * along x (and of the Nyquist one, w even) Hermitian, as every spectrum of a
 * real image and their products are; ifft makes a given spectrum so first.
 * 0, or -1 with the error set. */
int cle_fft_inverse(cle_array *spectrum, cle_array *real);

/* Convolution with a fixed kernel in VkFFT's convolution mode: the
 * spectrum is multiplied by the kernel's inside the pass over the last axis,
 * which also starts the inverse transform (two passes over the spectrum
 * fewer than cle_fft_forward, cle_fft_multiply, cle_fft_inverse; the same
 * result within float32 rounding). cle_fft_kernel_forward makes the kernel's
 * spectrum from real (the kernel embedded in a padded image): *fused = 1
 * when the convolution can run so (spectrum is then in the layout
 * cle_fft_convolve reads, complex pairs in another order: conjugate it for a
 * correlation, use it for nothing else), *fused = 0 when VkFFT does not fuse
 * that size (1D, or CLE_FFT_FUSED=0, or the complex path): spectrum is then
 * cle_fft_forward's, to use with cle_fft_multiply. 0, or -1 with the error
 * set. */
int cle_fft_kernel_forward(cle_array *real, cle_array *spectrum, int *fused);

/* real convolved with the kernel whose spectrum cle_fft_kernel_forward made
 * with *fused = 1, into result, a spectrum of real's size (float32,
 * 2 (w / 2 + 1) x h x d): the convolution is a real image w x h x d with
 * rows of 2 (w / 2 + 1) floats, the first w of each row (VkFFT's layout of
 * an in-place real transform). real is left as it was. 0, or -1 with the
 * error set. */
int cle_fft_convolve(cle_array *real, cle_array *kernel_spectrum, cle_array *result);

/* Plans made by this process (all devices), for tests of the plan cache. */
long cle_fft_plan_count(void);

/* Release the device's plans (device teardown, under no lock). */
struct cle_fft_plan;
void cle_fft_plans_free(struct cle_fft_plan *plans);

#endif
