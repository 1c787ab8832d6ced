/* sato_filter and tubeness, naively: per scale sigma, the Gaussian Hessian
 * of clEsperanto's hessian_gaussian_eigenvalues in double -- s = sigma /
 * sqrt(2), K = 2 (int)(8 s + 0.5) + 1 kernel pixels per axis (1 along an axis
 * of size 1), 1D profiles from gaussian_derivative's taps applied twice to a
 * dirac, each Hessian entry the image (clamped) correlated with the full
 * product kernel -- then the eigenvalues (2 x 2 closed form, 3 x 3 by
 * Jacobi rotations) and Sato's response, the running maximum stored in the
 * output's dtype after each scale. */
#include <math.h>
#include <stdlib.h>

#include "ref_common.h"

static long clampl(long v, long n)
{
  return v < 0 ? 0 : v >= n ? n - 1 : v;
}

/* gaussian_derivative's pass (order o, scale s) over a 1D array of k values */
static void deriv_pass(const double *in, double *out, int k, double s, int o)
{
  const int n = (int)(8.0 * s + 0.5), c = n > 1 ? (n - 1) / 2 : 0;
  double h[4096], norm = 0;
  for (int v = -c; v <= c; v++) {
    const double e = exp(v * v / (-2 * s * s));
    h[v + c] = o == 0 ? e : v / (s * s) * e;
    norm += fabs(h[v + c] == 0 ? 1 : h[v + c]);
  }
  for (int x = 0; x < k; x++) {
    double sum = 0;
    for (int v = -c; v <= c; v++)
      sum += h[v + c] * in[clampl(x + v, k)];
    out[x] = s > 0 ? sum / norm : in[x];
  }
}

/* profile of orders o1 then o2 over k pixels */
static void profile(double *p, int k, double s, int o1, int o2)
{
  double *d = calloc((size_t)k, sizeof *d), *t = calloc((size_t)k, sizeof *t);
  d[k / 2] = 1;
  deriv_pass(d, t, k, s, o1);
  deriv_pass(t, p, k, s, o2);
  free(d);
  free(t);
}

/* One scale of the Gaussian Hessian: with eig NULL, out = fmax(sigma^2 * the Sato response, out); else
 * its eigenvalues into eig[0] (smallest), eig[1] (middle, 3D only; may be NULL) and eig[2] (largest). */
static int hessian_scale(const ref_image *in, ref_image *out, double sigma, ref_image *const *eig)
{
  const long size[3] = {(long)in->width, (long)in->height, (long)in->depth};
  const double s = (float)sigma * (1.0f / sqrtf(2.0f));
  const int radius = (int)(8.0f * (float)s + 0.5f), k = 2 * radius + 1;
  if (radius > 2000)
    return -1;
  double *prof[4]; /* dd, 00, d0, 0d */
  const int orders[4][2] = {{1, 1}, {0, 0}, {1, 0}, {0, 1}};
  for (int p = 0; p < 4; p++) {
    prof[p] = calloc((size_t)k, sizeof(double));
    profile(prof[p], k, s, orders[p][0], orders[p][1]);
  }
  /* entries xx, yy, zz, xy, xz, yz: profile per axis */
  const int table[6][3] = {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}, {2, 3, 1}, {2, 1, 3}, {1, 2, 3}};
  const int is_3d = in->depth > 1;
  const long r[3] = {size[0] > 1 ? radius : 0, size[1] > 1 ? radius : 0, size[2] > 1 ? radius : 0};
  for (long z = 0; z < size[2]; z++)
    for (long y = 0; y < size[1]; y++)
      for (long x = 0; x < size[0]; x++) {
        double hs[6] = {0};
        for (int e = 0; e < (is_3d ? 6 : 6); e++) {
          int skip = 0;
          for (int a = 0; a < 3; a++)
            if (size[a] == 1 && table[e][a] != 1)
              skip = 1; /* differentiates along an axis of size 1 */
          if (skip)
            continue;
          double sum = 0;
          for (long dz = -r[2]; dz <= r[2]; dz++)
            for (long dy = -r[1]; dy <= r[1]; dy++)
              for (long dx = -r[0]; dx <= r[0]; dx++) {
                const double w = (size[0] > 1 ? prof[table[e][0]][dx + radius] : 1) *
                                 (size[1] > 1 ? prof[table[e][1]][dy + radius] : 1) *
                                 (size[2] > 1 ? prof[table[e][2]][dz + radius] : 1);
                if (w != 0)
                  sum +=
                      w * ref_get(in, (size_t)((clampl(z + dz, size[2]) * size[1] + clampl(y + dy, size[1])) * size[0] +
                                               clampl(x + dx, size[0])));
              }
          hs[e] = sum;
        }
        double value, ev[3];
        if (is_3d) {
          double m[3][3] = {{hs[0], hs[3], hs[4]}, {hs[3], hs[1], hs[5]}, {hs[4], hs[5], hs[2]}};
          ref_symmetric_eigenvalues3(m, ev);
          value = sqrt(fmin(ev[1], 0) * fmin(ev[0], 0));
        } else {
          const double root = sqrt((hs[0] - hs[1]) * (hs[0] - hs[1]) / 4 + hs[3] * hs[3]);
          ev[0] = (hs[0] + hs[1]) / 2 - root;
          ev[2] = (hs[0] + hs[1]) / 2 + root;
          value = fabs(fmin(ev[0], 0));
        }
        value *= (double)((float)sigma * (float)sigma);
        const size_t i = (size_t)((z * size[1] + y) * size[0] + x);
        if (eig) {
          for (int e = 0; e < 3; e++)
            if (eig[e] && (e != 1 || is_3d))
              ref_set(eig[e], i, ev[e]);
        } else {
          ref_set(out, i, fmax(value, ref_get(out, i)));
        }
      }
  for (int p = 0; p < 4; p++)
    free(prof[p]);
  return 0;
}

int ref_op_sato_filter(const ref_image *input_image, ref_image *output_image, float sigma_minimum, float sigma_maximum,
                       float sigma_step)
{
  if (!(sigma_step > 0))
    return -1;
  for (size_t i = 0; i < ref_image_size(output_image); i++)
    ref_set(output_image, i, 0);
  for (float sigma = sigma_minimum; sigma < sigma_maximum; sigma += sigma_step)
    if (hessian_scale(input_image, output_image, sigma, NULL) != 0)
      return -1;
  return 0;
}

int ref_op_tubeness(const ref_image *input_image, ref_image *output_image, float sigma)
{
  for (size_t i = 0; i < ref_image_size(output_image); i++)
    ref_set(output_image, i, 0);
  return hessian_scale(input_image, output_image, sigma, NULL);
}

/* hessian_gaussian_eigenvalues: the eigenvalues of the Gaussian Hessian that sato_filter builds on,
 * in double (Jacobi in 3D); middle_eigenvalue NULL for an input that is not 3D. */
int ref_op_hessian_gaussian_eigenvalues(const ref_image *input_image, ref_image *small_eigenvalue,
                                        ref_image *middle_eigenvalue, ref_image *large_eigenvalue, float sigma)
{
  ref_image *const eig[3] = {small_eigenvalue, middle_eigenvalue, large_eigenvalue};
  return hessian_scale(input_image, NULL, sigma, eig);
}
