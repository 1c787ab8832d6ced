/* hessian_eigenvalues: every eigenvalue of the finite-difference Hessian in
 * one pass (kernels/hessian_eigenvalues.cl), the outputs created or checked
 * (float32, the input's shape) by the generated cle_hessian_eigenvalues;
 * middle is NULL for an input that is not 3D. */
#include "cle_ops_impl.h"
#include "cle_private.h"

int cle_impl_hessian_eigenvalues(cle_array *input_image, cle_array *small_eigenvalue, cle_array *middle_eigenvalue,
                                 cle_array *large_eigenvalue)
{
  const int is_3d = cle_array_depth(input_image) > 1;
  const cle_param params[] = {cle_param_array("src", input_image), cle_param_array("small", small_eigenvalue),
                              cle_param_array("middle", is_3d ? middle_eigenvalue : small_eigenvalue),
                              cle_param_array("large", large_eigenvalue)};
  const size_t range[3] = {cle_array_width(input_image), cle_array_height(input_image), cle_array_depth(input_image)};
  return cle_run_kernel(cle_array_device(input_image), "hessian_eigenvalues", "hessian_eigenvalues", params, 4, range,
                        NULL,
                        is_3d ? "#define CLE_HE_3D 1\n#define CLE_SYMMETRIC_EIGENVALUES 1\n"
                              : "#define CLE_HE_3D 0\n#define CLE_SYMMETRIC_EIGENVALUES 1\n");
}
