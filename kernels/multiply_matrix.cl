/* multiply_matrix: matrix_destination[y, x] = sum over k of matrix1[y, k] *
 * matrix2[k, x], read as float32 and summed in float32 from k = 0 upwards.
 * One work-item per output element. */
__kernel void multiply_matrix(IMAGE_matrix1_TYPE matrix1, IMAGE_matrix2_TYPE matrix2,
                              IMAGE_matrix_destination_TYPE matrix_destination)
{
  const int x = (int)get_global_id(0), y = (int)get_global_id(1);
  const int n = GET_IMAGE_WIDTH(matrix_destination), m = GET_IMAGE_HEIGHT(matrix_destination);
  const int k_count = GET_IMAGE_WIDTH(matrix1);
  if (x >= n || y >= m)
    return;
  float sum = 0;
  for (int k = 0; k < k_count; k++)
    sum = sum + (float)matrix1[(long)y * k_count + k] * (float)matrix2[(long)k * n + x];
  matrix_destination[(long)y * n + x] = CLE_SAT(IMAGE_matrix_destination_PIXEL_TYPE, sum);
}
