/* The Gaussian Hessian of clEsperanto's hessian_gaussian_eigenvalues, as
 * sato_filter and tubeness use it (runtime/ops/hessian_gaussian.c). */
#ifndef CESPERANTO_OPS_HESSIAN_GAUSSIAN_H
#define CESPERANTO_OPS_HESSIAN_GAUSSIAN_H

#include "cesperanto/cle.h"

/* The eigenvalues of the Gaussian Hessian of src at scale sigma (>= 0) into
 * the float32 images small and large (src's shape), and middle for a 3D src
 * (depth > 1; may be NULL otherwise). 0, or -1 with the error set. */
int cle_ops_hessian_gaussian_eigenvalues(cle_array *src, float sigma, cle_array *small, cle_array *middle,
                                         cle_array *large);

/* One scale of the Sato filter: dst = fmax(sigma^2 * response, dst), with
 * response |min(small, 0)| in 2D and sqrt(min(middle, 0) min(small, 0)) in
 * 3D, in float32, stored in dst's dtype (saturated, rounded toward zero). */
int cle_ops_sato_scale(cle_array *src, cle_array *dst, float sigma);

/* The largest sigma allowed on src: its largest extent or 2048, whichever is
 * larger (the separable passes cost 2 (int)(8 sigma / sqrt(2) + 0.5) + 1 taps). */
float cle_ops_hessian_gaussian_sigma_limit(const cle_array *src);

#endif
