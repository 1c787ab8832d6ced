/* deconvolve_fft: Richardson-Lucy with the zero-padded convolution of
 * convolve_fft as the blur, optionally with total variation regularization
 * (kernels/fft.cl, fft_rl_update) and a normalization image
 * (deconvolve_fft_normalized). All buffers are padded to n (fft_common.c);
 * the observed image sits at the origin with zeros after it, so the ratio
 * observed / blurred is 0 outside the image, and the estimate is kept 0
 * there. With circular, n is the image's own padded size and the blur wraps
 * around it (n = the image where the padding leaves it as it is). */
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "fft.h"
#include "fft_common.h"
#include "ops_util.h"

/* The range of fft_rl_ratio and fft_rl_update: 2 neighbours of a row per work item. */
static void pair_range(const size_t n[3], size_t range[3])
{
  range[0] = (n[0] + 1) / 2;
  range[1] = n[1] * n[2];
  range[2] = 1;
}

/* ratio = observed / blurred, blurred's rows pitch floats apart */
static int run_rl_ratio(cle_array *observed, cle_array *blurred, cle_array *ratio, const size_t n[3], size_t pitch)
{
  const cle_param params[] = {cle_param_array("observed", observed),     cle_param_array("blurred", blurred),
                              cle_param_array("ratio", ratio),           cle_param_int("nx", (int)n[0]),
                              cle_param_int("rows", (int)(n[1] * n[2])), cle_param_int("pitch", (int)pitch)};
  size_t range[3];
  pair_range(n, range);
  return cle_run_kernel(cle_array_device(ratio), "fft", "fft_rl_ratio", params, 6, range, NULL, NULL);
}

/* dst = estimate * correction (and the total variation term), correction's rows pitch floats apart */
static int run_rl_update(cle_array *estimate, cle_array *correction, cle_array *dst, const size_t n[3],
                         const size_t w[3], float regularization, size_t pitch)
{
  /* fft_rl_update_tv takes the regularization before the pitch; fft_rl_update has none */
  cle_param params[11] = {cle_param_array("estimate", estimate), cle_param_array("correction", correction),
                          cle_param_array("dst", dst),           cle_param_int("nx", (int)n[0]),
                          cle_param_int("ny", (int)n[1]),        cle_param_int("nz", (int)n[2]),
                          cle_param_int("wx", (int)w[0]),        cle_param_int("wy", (int)w[1]),
                          cle_param_int("wz", (int)w[2])};
  size_t count = 9;
  const bool tv = regularization > 0.0f;
  if (tv)
    params[count++] = cle_param_float("regularization", regularization);
  params[count++] = cle_param_int("pitch", (int)pitch);
  if (tv)
    return cle_run_kernel(cle_array_device(dst), "fft", "fft_rl_update_tv", params, count, n, NULL, NULL);
  size_t range[3];
  pair_range(n, range);
  return cle_run_kernel(cle_array_device(dst), "fft", "fft_rl_update", params, count, range, NULL, NULL);
}

static int run_rl_normalize(cle_array *estimate, const size_t n[3], cle_array *normalization)
{
  const cle_param params[] = {cle_param_array("estimate", estimate), cle_param_int("nx", (int)n[0]),
                              cle_param_int("ny", (int)n[1]), cle_param_array("normalization", normalization)};
  const size_t range[3] = {cle_array_width(normalization), cle_array_height(normalization),
                           cle_array_depth(normalization)};
  return cle_run_kernel(cle_array_device(estimate), "fft", "fft_rl_normalize", params, 4, range, NULL, NULL);
}

/* result = ratio correlated with the psf: convolved with psf_conjugate, or without it with
 * psf_spectrum conjugated for the call and back (a sign flip: exact both ways) */
static int run_correlation(cle_array *ratio, cle_array *psf_spectrum, cle_array *psf_conjugate, cle_array *result,
                           const size_t n[3])
{
  if (psf_conjugate)
    return cle_fft_convolve(ratio, psf_conjugate, result);
  if (cle_fft_conjugate(psf_spectrum, psf_spectrum, n) != 0)
    return -1;
  int rc = cle_fft_convolve(ratio, psf_spectrum, result);
  if (cle_fft_conjugate(psf_spectrum, psf_spectrum, n) != 0)
    rc = -1;
  return rc;
}

/* dst = 1 inside the image (w at the origin), 0 outside */
static int run_fill_box(cle_array *dst, const size_t n[3], const size_t w[3])
{
  const cle_param params[] = {cle_param_array("dst", dst),    cle_param_int("nx", (int)n[0]),
                              cle_param_int("ny", (int)n[1]), cle_param_int("nz", (int)n[2]),
                              cle_param_int("wx", (int)w[0]), cle_param_int("wy", (int)w[1]),
                              cle_param_int("wz", (int)w[2])};
  return cle_run_kernel(cle_array_device(dst), "fft", "fft_fill_box", params, 7, n, NULL, NULL);
}

int cle_fft_richardson_lucy(cle_array *input_image, cle_array *psf, cle_array *normalization, cle_array *output_image,
                            int iteration, float regularization, bool circular)
{
  size_t n[3];
  if (cle_fft_padded_size(input_image, psf, "psf", circular, n) != 0)
    return -1;
  const size_t w[3] = {cle_array_width(input_image), cle_array_height(input_image), cle_array_depth(input_image)};
  if (normalization && (cle_array_width(normalization) != w[0] || cle_array_height(normalization) != w[1] ||
                        cle_array_depth(normalization) != w[2])) {
    char ns[80], is[80];
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "normalization has shape %s, expected %s (input_image's)",
                         cle_ops_shape_text(normalization, ns, sizeof ns),
                         cle_ops_shape_text(input_image, is, sizeof is));
  }
  cle_device *dev = cle_array_device(input_image);
  cle_array *observed = NULL, *estimate = NULL, *next = NULL, *work = NULL, *psf_spectrum = NULL, *spectrum = NULL,
            *psf_conjugate = NULL;
  int rc = -1;
  if (!(observed = cle_fft_real_buffer(dev, n)) || !(estimate = cle_fft_real_buffer(dev, n)) ||
      !(work = cle_fft_real_buffer(dev, n)) || !(psf_spectrum = cle_fft_spectrum_buffer(dev, n)) ||
      !(spectrum = cle_fft_spectrum_buffer(dev, n)))
    goto done;
  if (iteration > 0 && !(next = cle_fft_real_buffer(dev, n)))
    goto done;
  int fused = 0;
  if (cle_fft_embed(input_image, observed, n, 0) != 0 || cle_fft_embed(psf, work, n, 1) != 0 ||
      cle_fft_kernel_forward(work, psf_spectrum, &fused) != 0 || run_fill_box(estimate, n, w) != 0)
    goto done;
  /* fused: the correlation is the convolution with the psf's conjugate spectrum, in a buffer of
   * its own; without room for one, psf_spectrum is conjugated in place around each correlation
   * (exact: the same bits, two more passes over a spectrum per iteration) */
  if (fused && iteration > 0) {
    if (!(psf_conjugate = cle_fft_spectrum_buffer(dev, n))) {
      if (cle_last_error() != CLE_ERROR_OUT_OF_MEMORY)
        goto done;
      cle_clear_error();
    } else if (cle_fft_conjugate(psf_spectrum, psf_conjugate, n) != 0) {
      goto done;
    }
  }
  const size_t padded_pitch = 2 * (n[0] / 2 + 1);
  for (int i = 0; i < iteration; i++) {
    /* blurred = H estimate; ratio = observed / blurred; correction = H^T ratio. Fused: the
     * blur and the correction land in spectrum (padded rows), the ratio in work. */
    if (fused ? cle_fft_convolve(estimate, psf_spectrum, spectrum) != 0 ||
                    run_rl_ratio(observed, spectrum, work, n, padded_pitch) != 0 ||
                    run_correlation(work, psf_spectrum, psf_conjugate, spectrum, n) != 0 ||
                    run_rl_update(estimate, spectrum, next, n, w, regularization, padded_pitch) != 0
              : cle_fft_forward(estimate, spectrum) != 0 || cle_fft_multiply(spectrum, psf_spectrum, n, 0) != 0 ||
                    cle_fft_inverse(spectrum, work) != 0 || run_rl_ratio(observed, work, next, n, n[0]) != 0 ||
                    cle_fft_forward(next, spectrum) != 0 || cle_fft_multiply(spectrum, psf_spectrum, n, 1) != 0 ||
                    cle_fft_inverse(spectrum, work) != 0 ||
                    run_rl_update(estimate, work, next, n, w, regularization, n[0]) != 0)
      goto done;
    cle_array *t = estimate;
    estimate = next;
    next = t;
    if (normalization && run_rl_normalize(estimate, n, normalization) != 0)
      goto done;
  }
  rc = cle_fft_crop(estimate, n, output_image);
done:
  cle_release(spectrum);
  cle_release(psf_conjugate);
  cle_release(psf_spectrum);
  cle_release(work);
  cle_release(next);
  cle_release(estimate);
  cle_release(observed);
  return rc;
}

int cle_impl_deconvolve_fft(cle_array *input_image, cle_array *psf, cle_array *output_image, int iteration,
                            float regularization, bool circular)
{
  return cle_fft_richardson_lucy(input_image, psf, NULL, output_image, iteration, regularization, circular);
}
