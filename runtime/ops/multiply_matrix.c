/* multiply_matrix: the matrix product in float32 (kernels/multiply_matrix.cl). */
#include "cle_ops_impl.h"
#include "cle_private.h"

int cle_impl_multiply_matrix(cle_array *matrix1, cle_array *matrix2, cle_array *matrix_destination)
{
  if (cle_array_depth(matrix1) != 1 || cle_array_depth(matrix2) != 1)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "matrix1 and matrix2 must be 2D matrices, got depths %zu and %zu",
                         cle_array_depth(matrix1), cle_array_depth(matrix2));
  if (cle_array_width(matrix1) != cle_array_height(matrix2))
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "matrix1's width (%zu) must equal matrix2's height (%zu): (M, K) @ (K, N)",
                         cle_array_width(matrix1), cle_array_height(matrix2));
  if (matrix_destination == matrix1 || matrix_destination == matrix2)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "matrix_destination must be another image than the inputs");
  const cle_param params[] = {cle_param_array("matrix1", matrix1), cle_param_array("matrix2", matrix2),
                              cle_param_array("matrix_destination", matrix_destination)};
  const size_t range[3] = {cle_array_width(matrix_destination), cle_array_height(matrix_destination), 1};
  return cle_run_kernel(cle_array_device(matrix_destination), "multiply_matrix", "multiply_matrix", params, 3, range,
                        NULL, NULL);
}
