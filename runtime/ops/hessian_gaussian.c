/* The Gaussian Hessian of clEsperanto's hessian_gaussian_eigenvalues and the
 * Sato ridge response built on it (sato_filter, tubeness).
 *
 * clEsperanto builds, at scale sigma, s = sigma / sqrt(2) (float32) and a
 * kernel of K = 2 (int)(8 s + 0.5) + 1 pixels per axis (1 along an axis of
 * size 1): a centred dirac, gaussian_derivative of it with orders (1, 0, 0)
 * and sigma s on every axis (Gx), then gaussian_derivative of Gx with orders
 * (1, 0, 0) (Gxx) and (0, 1, 0) (Gxy); Ixx is the image correlated with Gxx
 * (outside pixels repeat the edge pixel), Iyy and Izz with Gxx turned onto y
 * and z, Ixy with Gxy, Ixz and Iyz with Gxy turned; then the eigenvalues of
 * [[Ixx, Ixy, Ixz], [Ixy, Iyy, Iyz], [Ixz, Iyz, Izz]] (2 x 2 in 2D).
 *
 * Both kernels are separable (a product of one profile per axis), and
 * clamping is per axis, so here each Hessian entry is computed as one 1D
 * correlation pass per axis (kernels/gaussian_derivative.cl with the profile
 * as its weights and norm 1) -- 3 K taps per pixel instead of K^3. The
 * profiles are gaussian_derivative (the op) applied twice to a 1D dirac of K
 * pixels: d d (the second derivative's), 0 0 (the smoothing's), d 0 and 0 d
 * (the mixed derivative's two axes). Results equal clEsperanto's within
 * float32 rounding (its kernel values are rounded products of the same
 * profiles). An entry that differentiates along an axis of size 1 is 0 (the
 * image is constant along it). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "hessian_gaussian.h"

#include "cesperanto/cle_ops.h"
#include "cle_private.h"
#include "families/pixelwise.h"
#include "ops_util.h"

enum { P_DD, P_00, P_D0, P_0D, N_PROFILES };

float cle_ops_hessian_gaussian_sigma_limit(const cle_array *src)
{
  size_t extent = cle_array_width(src);
  if (cle_array_height(src) > extent)
    extent = cle_array_height(src);
  if (cle_array_depth(src) > extent)
    extent = cle_array_depth(src);
  return extent > 2048 ? (float)extent : 2048.0f;
}

/* One profile: gaussian_derivative of orders o1 then o2 (sigma s) applied to a
 * centred 1D dirac of k pixels, pushed back as a float32 vector. */
static cle_array *profile(cle_device *dev, int k, float s, int o1, int o2)
{
  float *h = calloc((size_t)k, sizeof *h);
  if (!h)
    return cle_fail_null(CLE_ERROR_OUT_OF_MEMORY, "out of host memory for %d taps", k);
  h[k / 2] = 1.0f;
  cle_array *dirac = cle_push(dev, h, CLE_FLOAT32, (size_t)k, 1, 1);
  cle_array *once = dirac ? cle_gaussian_derivative(dirac, NULL, s, 0, 0, o1, 0, 0) : NULL;
  cle_array *twice = once ? cle_gaussian_derivative(once, NULL, s, 0, 0, o2, 0, 0) : NULL;
  cle_release(dirac);
  cle_release(once);
  free(h);
  return twice;
}

typedef struct hessian_plan {
  cle_device *dev;
  int n;                 /* passes */
  int axis[3];           /* per pass */
  cle_array *weights[3]; /* per pass, not owned */
  int radius;
} hessian_plan;

static int hessian_step(cle_array *in, cle_array *out, int k, void *ctx)
{
  const hessian_plan *plan = ctx;
  const cle_param params[] = {cle_param_array("src", in), cle_param_array("weights", plan->weights[k]),
                              cle_param_array("dst", out), cle_param_int("radius", plan->radius),
                              cle_param_float("norm", 1.0f)};
  const size_t range[3] = {cle_array_width(out), cle_array_height(out), cle_array_depth(out)};
  char defines[32];
  snprintf(defines, sizeof defines, "#define CLE_AXIS %d\n", plan->axis[k]);
  return cle_run_kernel(plan->dev, "gaussian_derivative", "gaussian_derivative", params, 5, range, NULL, defines);
}

/* dst = src correlated with prof[0] along x, prof[1] along y, prof[2] along
 * z (axes of size 1 skipped); 0 where a differentiating profile (diff[a])
 * meets an axis of size 1. */
static int hessian_entry(cle_array *src, cle_array *dst, cle_array *const prof[3], const int diff[3], int radius)
{
  const size_t size[3] = {cle_array_width(src), cle_array_height(src), cle_array_depth(src)};
  hessian_plan plan = {cle_array_device(dst), 0, {0, 0, 0}, {NULL, NULL, NULL}, radius};
  for (int a = 0; a < 3; a++) {
    if (size[a] > 1) {
      plan.axis[plan.n] = a;
      plan.weights[plan.n++] = prof[a];
    } else if (diff[a]) {
      cle_array *zero = cle_set(dst, 0);
      cle_release(zero);
      return zero ? 0 : -1;
    }
  }
  if (plan.n == 0) {
    cle_array *copied = cle_copy(src, dst);
    cle_release(copied);
    return copied ? 0 : -1;
  }
  return cle_ops_separable_passes(src, dst, plan.n, hessian_step, &plan);
}

int cle_ops_hessian_gaussian_eigenvalues(cle_array *src, float sigma, cle_array *small, cle_array *middle,
                                         cle_array *large)
{
  const float limit = cle_ops_hessian_gaussian_sigma_limit(src);
  if (!(sigma >= 0) || sigma > limit)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "sigma must be in [0, %g] (the image's largest extent or 2048, whichever is larger), got %g",
                         (double)limit, (double)sigma);
  cle_device *dev = cle_array_device(small);
  const int is_3d = cle_array_depth(src) > 1;
  const float s = sigma * (1.0f / sqrtf(2.0f));
  const int radius = (int)(8.0f * s + 0.5f), k = 2 * radius + 1;
  cle_array *prof[N_PROFILES] = {NULL}, *h[6] = {NULL};
  int rc = -1;
  static const int orders[N_PROFILES][2] = {{1, 1}, {0, 0}, {1, 0}, {0, 1}};
  for (int p = 0; p < N_PROFILES; p++)
    if (!(prof[p] = profile(dev, k, s, orders[p][0], orders[p][1])))
      goto done;
  /* entries xx, yy, zz, xy, xz, yz: the profile per axis x, y, z */
  const int table[6][3] = {{P_DD, P_00, P_00}, {P_00, P_DD, P_00}, {P_00, P_00, P_DD},
                           {P_D0, P_0D, P_00}, {P_D0, P_00, P_0D}, {P_00, P_D0, P_0D}};
  const int n_entries = is_3d ? 6 : 3;
  static const int entry_2d[3] = {0, 1, 3}; /* xx, yy, xy */
  for (int i = 0; i < n_entries; i++) {
    const int e = is_3d ? i : entry_2d[i];
    cle_array *const by_axis[3] = {prof[table[e][0]], prof[table[e][1]], prof[table[e][2]]};
    const int diff[3] = {table[e][0] != P_00, table[e][1] != P_00, table[e][2] != P_00};
    if (!(h[e] = cle_create_like_dtype(src, CLE_FLOAT32)) || hessian_entry(src, h[e], by_axis, diff, radius) != 0)
      goto done;
  }
  /* 2D: the 3D-only entries are never read (CLE_SE_3D 0); bind valid arrays */
  cle_array *xx = h[0], *yy = h[1], *zz = is_3d ? h[2] : h[0], *xy = h[3], *xz = is_3d ? h[4] : h[0],
            *yz = is_3d ? h[5] : h[0];
  const cle_param params[] = {cle_param_array("xx", xx),       cle_param_array("xy", xy),
                              cle_param_array("xz", xz),       cle_param_array("yy", yy),
                              cle_param_array("yz", yz),       cle_param_array("zz", zz),
                              cle_param_array("small", small), cle_param_array("middle", is_3d ? middle : small),
                              cle_param_array("large", large)};
  const size_t range[3] = {cle_array_width(src), cle_array_height(src), cle_array_depth(src)};
  rc = cle_run_kernel(dev, "symmetric_eigenvalues", "symmetric_eigenvalues", params, 9, range, NULL,
                      is_3d ? "#define CLE_SE_3D 1\n#define CLE_SYMMETRIC_EIGENVALUES 1\n"
                            : "#define CLE_SE_3D 0\n#define CLE_SYMMETRIC_EIGENVALUES 1\n");
done:
  for (int p = 0; p < N_PROFILES; p++)
    cle_release(prof[p]);
  for (int e = 0; e < 6; e++)
    cle_release(h[e]);
  return rc;
}

int cle_ops_sato_scale(cle_array *src, cle_array *dst, float sigma)
{
  const int is_3d = cle_array_depth(src) > 1;
  cle_array *small = cle_create_like_dtype(src, CLE_FLOAT32), *large = cle_create_like_dtype(src, CLE_FLOAT32);
  cle_array *middle = is_3d ? cle_create_like_dtype(src, CLE_FLOAT32) : NULL;
  int rc = -1;
  if (!small || !large || (is_3d && !middle) ||
      cle_ops_hessian_gaussian_eigenvalues(src, sigma, small, middle, large) != 0)
    goto done;
  const float scalars[] = {sigma * sigma};
  if (is_3d) {
    static const char rule[] =
        "#define CLE_PW_RULE(in0, in1, in2) fmax(sqrt(fmin(in0, 0.0f) * fmin(in1, 0.0f)) * s0, in2)\n";
    cle_array *const inputs[] = {middle, small, dst};
    rc = cle_pixelwise(inputs, 3, dst, scalars, 1, rule);
  } else {
    static const char rule[] = "#define CLE_PW_RULE(in0, in1, in2) fmax(fabs(fmin(in0, 0.0f)) * s0, in1)\n";
    cle_array *const inputs[] = {small, dst};
    rc = cle_pixelwise(inputs, 2, dst, scalars, 1, rule);
  }
done:
  cle_release(small);
  cle_release(middle);
  cle_release(large);
  return rc;
}
