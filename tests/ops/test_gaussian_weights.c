/* gaussian_blur's weights come from the host (runtime/ops/gaussian_weights.c):
 * blurring a unit impulse along one axis gives back the weight table bit for
 * bit (each output is one multiply-add of the impulse), on every path of
 * kernels/gaussian_blur_separable.cl (x, y and z passes, and the wide kernel
 * beyond 1024 taps) and for 8-bit input. The table itself is checked against
 * the Gaussian computed in double: within 4 float ulps, plus one per 100
 * taps for the float sum's roundings (4 running sums of taps / 4 terms). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cesperanto/cesperanto.h"
#include "ops/gaussian_weights.h"

static int failures = 0;

static void check(bool ok, const char *what)
{
  printf("%s %s\n", ok ? "PASS" : "FAIL", what);
  failures += !ok;
}

/* The table against exp(-v^2 / 2 sigma^2) / sum in double. */
static void table_vs_double(float sigma, int radius)
{
  const size_t n = cle_gauss_weights_size(radius), taps = (size_t)(2 * radius + 1);
  float *w = malloc(n * sizeof *w);
  if (!w)
    return check(false, "malloc");
  cle_gauss_weights_fill(w, sigma, radius);
  double sum = 0;
  for (int v = -radius; v <= radius; v++)
    sum += exp(-(double)v * v / (2.0 * sigma * sigma));
  double worst = 0;
  bool padding_zero = true;
  for (size_t t = 0; t < n; t++) {
    if (t >= taps) {
      padding_zero = padding_zero && w[t] == 0.0f;
      continue;
    }
    const double v = (double)t - radius, want = exp(-v * v / (2.0 * sigma * sigma)) / sum;
    const double ulps = fabs(w[t] - want) / (nextafterf((float)want, INFINITY) - (float)want);
    worst = fmax(worst, ulps);
  }
  const double bound = 4.0 + (double)taps / 100;
  char what[128];
  snprintf(what, sizeof what, "table sigma %g radius %d within %.0f ulps of double (worst %.2f), padding zero", sigma,
           radius, bound, worst);
  check(worst <= bound && padding_zero, what);
  free(w);
}

/* An impulse at the center of an image long along axis, blurred along that
 * axis only: the profile through the impulse is the table. */
static void impulse(cle_device *dev, cle_dtype dtype, int axis, float sigma)
{
  const int taps = (int)(sigma * 8.0f) | 1, radius = (taps - 1) / 2;
  const size_t len = (size_t)taps + 6, dims[3] = {axis == 0 ? len : 3, axis == 1 ? len : 2, axis == 2 ? len : 1};
  const size_t pixels = dims[0] * dims[1] * dims[2], stride = axis == 0 ? 1 : axis == 1 ? dims[0] : dims[0] * dims[1];
  unsigned char *host = calloc(pixels, 4);
  float *out = malloc(pixels * sizeof *out), *w = malloc(cle_gauss_weights_size(radius) * sizeof *w);
  char what[128];
  snprintf(what, sizeof what, "impulse %s axis %d sigma %g (%d taps) equals the table", cle_dtype_name(dtype), axis,
           sigma, taps);
  if (!host || !out || !w) {
    check(false, what);
    goto done;
  }
  const size_t center = len / 2 * stride;
  if (dtype == CLE_UINT8)
    host[center] = 1;
  else
    ((float *)host)[center] = 1.0f;
  cle_array *src = cle_push(dev, host, dtype, dims[0], dims[1], dims[2]);
  cle_array *dst = src ? cle_create(dev, CLE_FLOAT32, dims[0], dims[1], dims[2]) : NULL;
  const float s[3] = {axis == 0 ? sigma : 0, axis == 1 ? sigma : 0, axis == 2 ? sigma : 0};
  cle_array *blurred = dst ? cle_gaussian_blur(src, dst, s[0], s[1], s[2]) : NULL; /* a new reference to dst */
  bool ok = blurred && cle_pull(dst, out, pixels * sizeof *out) == 0;
  cle_release(blurred);
  cle_gauss_weights_fill(w, sigma, radius);
  /* out[center + d * stride] = w[radius - d] for |d| <= radius */
  for (long d = -radius; ok && d <= radius; d++)
    ok = out[(size_t)((long)center + d * (long)stride)] == w[radius - d];
  check(ok, what);
  cle_release(dst);
  cle_release(src);
done:
  free(host);
  free(out);
  free(w);
}

int main(void)
{
  cle_device *dev = cle_device_default();
  if (!dev) {
    fprintf(stderr, "no device: %s\n", cle_last_error_message());
    return 1;
  }
  table_vs_double(1.0f, 4);
  table_vs_double(2.5f, 10);
  table_vs_double(200.0f, 800);
  for (int axis = 0; axis < 3; axis++) {
    impulse(dev, CLE_FLOAT32, axis, 1.0f);
    impulse(dev, CLE_FLOAT32, axis, 3.0f);
  }
  impulse(dev, CLE_UINT8, 0, 2.0f);
  impulse(dev, CLE_FLOAT32, 0, 150.0f); /* 1201 taps: gaussian_blur_wide */
  impulse(dev, CLE_FLOAT32, 1, 150.0f);
  return failures ? 1 : 0;
}
