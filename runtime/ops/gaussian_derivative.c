/* gaussian_derivative: clEsperanto's separable Gaussian derivative, one
 * pass per axis whose sigma is > 0 and size > 1 (x, then y, then z), each
 * stored in float32 (kernels/gaussian_derivative.cl). A pass's taps run over
 * v in [-c, c] with c = ((int)(8 sigma + 0.5) - 1) / 2 (in float32, integer
 * division, as clEsperanto's); with e = exp(v^2 / (-2 sigma^2)) the tap is e (order 0),
 * v / sigma^2 e (order 1) or (v^2 - sigma^2) / sigma^4 e (order 2), and the
 * sum is divided by the sum of |tap| in which a zero tap counts as 1. The
 * taps are computed here in float32, the way the kernel of pyclesperanto
 * computes them per pixel. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "ops_util.h"

typedef struct derivative_plan {
  cle_device *dev;
  const int *axes;
  cle_array *const *weights; /* per pass */
  const int *radius;         /* per pass */
  const float *norm;         /* per pass */
} derivative_plan;

static int derivative_step(cle_array *in, cle_array *out, int k, void *ctx)
{
  const derivative_plan *plan = ctx;
  const cle_param params[] = {cle_param_array("src", in), cle_param_array("weights", plan->weights[k]),
                              cle_param_array("dst", out), cle_param_int("radius", plan->radius[k]),
                              cle_param_float("norm", plan->norm[k])};
  const size_t range[3] = {cle_array_width(out), cle_array_height(out), cle_array_depth(out)};
  char defines[32];
  snprintf(defines, sizeof defines, "#define CLE_AXIS %d\n", plan->axes[k]);
  return cle_run_kernel(plan->dev, "gaussian_derivative", "gaussian_derivative", params, 5, range, NULL, defines);
}

/* The taps of one axis into a new float32 vector on dev; *norm their divisor. */
static cle_array *taps(cle_device *dev, float sigma, int order, int radius, float *norm)
{
  float *h = malloc((size_t)(2 * radius + 1) * sizeof *h);
  if (!h) {
    cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory for %d taps", 2 * radius + 1);
    return NULL;
  }
  const float two_s2 = -2.0f * sigma * sigma, inv_s2 = 1.0f / (sigma * sigma), inv_s4 = inv_s2 * inv_s2;
  float sum = 0.0f;
  for (int v = -radius; v <= radius; v++) {
    const float e = expf((float)(v * v) / two_s2);
    const float t = order == 0 ? e : order == 1 ? (float)v * inv_s2 * e : ((float)(v * v) - sigma * sigma) * inv_s4 * e;
    h[v + radius] = t;
    sum += fabsf(t == 0.0f ? 1.0f : t);
  }
  *norm = sum;
  cle_array *arr = cle_push(dev, h, CLE_FLOAT32, (size_t)(2 * radius + 1), 1, 1);
  free(h);
  return arr;
}

int cle_impl_gaussian_derivative(cle_array *input_image, cle_array *output_image, float sigma_x, float sigma_y,
                                 float sigma_z, int order_x, int order_y, int order_z)
{
  static const char *const names[3] = {"sigma_x", "sigma_y", "sigma_z"};
  cle_device *dev = cle_array_device(output_image);
  const float sigma[3] = {sigma_x, sigma_y, sigma_z};
  const int order[3] = {order_x, order_y, order_z};
  const size_t size[3] = {cle_array_width(output_image), cle_array_height(output_image), cle_array_depth(output_image)};
  int axes[3], radius[3], n = 0, rc = -1;
  float norm[3];
  cle_array *weights[3] = {NULL, NULL, NULL};
  for (int a = 0; a < 3; a++) {
    if (size[a] <= 1 || !(sigma[a] > 0))
      continue;
    /* as gaussian_blur: a kernel flat over the image would only burn time */
    if (sigma[a] > 2048 && sigma[a] > (float)size[a]) {
      cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                    "%s must be at most the image's extent along it (%zu) or 2048, whichever is larger, got %g",
                    names[a], size[a], (double)sigma[a]);
      goto done;
    }
    const int taps_n = (int)(sigma[a] * 8.0f + 0.5f);
    radius[n] = taps_n > 1 ? (taps_n - 1) / 2 : 0;
    if (!(weights[n] = taps(dev, sigma[a], order[a], radius[n], &norm[n])))
      goto done;
    axes[n++] = a;
  }
  if (n == 0) {
    rc = input_image == output_image ? 0 : cle_impl_copy(input_image, output_image);
    goto done;
  }
  derivative_plan plan = {dev, axes, weights, radius, norm};
  rc = cle_ops_separable_passes(input_image, output_image, n, derivative_step, &plan);
done:
  for (int k = 0; k < 3; k++)
    cle_release(weights[k]);
  return rc;
}
