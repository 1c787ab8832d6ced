/* hessian_gaussian_eigenvalues: the Gaussian Hessian's eigenvalues that
 * sato_filter and tubeness build on (runtime/ops/hessian_gaussian.c), into
 * the outputs the generated cle_hessian_gaussian_eigenvalues created or
 * checked (middle NULL for an input that is not 3D). */
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "hessian_gaussian.h"

int cle_impl_hessian_gaussian_eigenvalues(cle_array *input_image, cle_array *small_eigenvalue,
                                          cle_array *middle_eigenvalue, cle_array *large_eigenvalue, float sigma)
{
  return cle_ops_hessian_gaussian_eigenvalues(input_image, sigma, small_eigenvalue,
                                              cle_array_depth(input_image) > 1 ? middle_eigenvalue : NULL,
                                              large_eigenvalue);
}
