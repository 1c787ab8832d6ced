/* gaussian_blur: clEsperanto's separable Gaussian (see the spec) as one
 * kernel pass per blurred axis (kernels/gaussian_blur_separable.cl), x then
 * y then z. The first pass reads src in its own dtype (no separate float
 * conversion pass); the passes ping-pong between dst and one float32
 * temporary so that the last one writes dst. No blurred axis: a converting
 * copy. */
#include <limits.h>
#include <stdio.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "ops_util.h"

/* clEsperanto's sigma2kernelsize is (int)(sigma * 8.0), made odd; more taps than
 * this would only burn time (and overflow int arithmetic in the kernel). */
#define GAUSS_MAX_TAPS (1 << 24)

/* Local-memory capacity for the weights, from a few fixed sizes (each one a
 * program variant); 0 computes the weights per tap. */
static int taps_capacity(int taps)
{
  static const int sizes[] = {64, 256, 1024};
  for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
    if (taps <= sizes[k])
      return sizes[k];
  return 0;
}

static int blur_pass(cle_device *dev, cle_array *in, cle_array *out, int axis, float sigma, int radius)
{
  const size_t width = cle_array_width(out), height = cle_array_height(out), depth = cle_array_depth(out);
  size_t local[3] = {cle_ops_group_size(dev, height > 1 ? 64 : 256), 1, 1};
  if (height > 1)
    local[1] = cle_ops_group_size(dev, cle_ops_group_size(dev, 256) / local[0]);
  const size_t range[3] = {cle_ops_round_up(width, local[0]), cle_ops_round_up(height, local[1]), depth};
  char defines[64];
  snprintf(defines, sizeof defines, "#define CLE_AXIS %d\n#define CLE_TAPS %d\n", axis,
           taps_capacity(2 * radius + 1));
  const cle_param params[] = {cle_param_array("src", in), cle_param_array("dst", out),
                              cle_param_int("radius", radius), cle_param_float("sigma", sigma)};
  return cle_run_kernel(dev, "gaussian_blur_separable", "gaussian_blur_separable", params, 4, range, local,
                        defines);
}

static int blur(cle_array *src, cle_array *dst, float sigma_x, float sigma_y, float sigma_z)
{
  static const char *const names[3] = {"sigma_x", "sigma_y", "sigma_z"};
  cle_device *dev = cle_array_device(dst);
  const float sigma[3] = {sigma_x, sigma_y, sigma_z};
  const size_t size[3] = {cle_array_width(dst), cle_array_height(dst), cle_array_depth(dst)};
  int axes[3], radius[3], n_axes = 0;
  for (int axis = 0; axis < 3; axis++) {
    if (size[axis] <= 1 || !(sigma[axis] > 0))
      continue;
    if (!(sigma[axis] * 8.0 < GAUSS_MAX_TAPS))
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                           "gaussian_blur: %s must give fewer than %d kernel taps (sigma < %d), got %g", names[axis],
                           GAUSS_MAX_TAPS, GAUSS_MAX_TAPS / 8, (double)sigma[axis]);
    int taps = (int)(sigma[axis] * 8.0);
    if (taps % 2 == 0)
      taps += 1;
    radius[n_axes] = (taps - 1) / 2;
    axes[n_axes++] = axis;
  }
  if (n_axes == 0) {
    if (src == dst)
      return 0;
    const cle_param params[] = {cle_param_array("src", src), cle_param_array("dst", dst)};
    return cle_run_kernel(dev, "copy", "copy", params, 2, size, NULL, NULL);
  }

  /* A pass must not read the buffer it writes: when dst is src, blur into a
   * temporary and copy it over at the end. */
  cle_array *out = dst, *detached = NULL, *tmp = NULL;
  int rc = -1;
  if (src == dst) {
    detached = cle_create_like(dst);
    if (!detached)
      goto done;
    out = detached;
  }
  if (n_axes > 1 && !(tmp = cle_create_like(dst)))
    goto done;
  cle_array *in = src;
  for (int k = 0; k < n_axes; k++) {
    cle_array *target = (n_axes - 1 - k) % 2 == 0 ? out : tmp; /* the last pass lands in out */
    if (blur_pass(dev, in, target, axes[k], sigma[axes[k]], radius[k]) != 0)
      goto done;
    in = target;
  }
  rc = detached ? cle_array_copy(detached, dst) : 0;
done:
  cle_release(tmp);
  cle_release(detached);
  return rc;
}

int cle_impl_gaussian_blur(cle_array *src, cle_array *dst, float sigma_x, float sigma_y, float sigma_z)
{
  return cle_ops_result("gaussian_blur", blur(src, dst, sigma_x, sigma_y, sigma_z));
}
