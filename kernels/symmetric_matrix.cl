/* symmetric_maximum/mean/minimum_matrix: one work-item per output pixel (x, y, z);
 * the pixel a = input(x, y, z) and its mirror b = input(y, x, z) (the same plane:
 * a 3D image is a stack of matrices) are resolved into one value, so the result is
 * symmetric. Maximum and minimum compare in the input's own dtype (exact for 32-bit
 * integers) and keep the other value where one is NaN; on a tie (also 0 and -0) the
 * mirror's (fmax/fmin as pyclesperanto 0.25.1's maximum_images(m, m^T)). The mean is
 * (a + b) / 2 in float32 (pyclesperanto's "(a + b) / 2"). A pixel whose mirror lies
 * outside the matrix (non-square input) keeps its own value. Stored with CLE_SAT. */

/* RULE: 0 maximum, 1 mean, 2 minimum. */
#define CLE_SYM(IN, OUT, RULE)                                                \
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2); \
  const long w = GET_IMAGE_WIDTH(IN), h = GET_IMAGE_HEIGHT(IN);               \
  if (x >= w || y >= h || z >= GET_IMAGE_DEPTH(IN))                           \
    return;                                                                   \
  const long i = ((long)z * h + y) * w + x;                                   \
  const IMAGE_##IN##_PIXEL_TYPE a = IN[i];                                    \
  if (y >= w || x >= h) {                                                     \
    OUT[i] = CLE_SAT(IMAGE_##OUT##_PIXEL_TYPE, a);                            \
    return;                                                                   \
  }                                                                           \
  const IMAGE_##IN##_PIXEL_TYPE b = IN[((long)z * h + x) * w + y];            \
  if (RULE == 1)                                                              \
    OUT[i] = CLE_SAT(IMAGE_##OUT##_PIXEL_TYPE, ((float)a + (float)b) / 2.0f); \
  else if (RULE == 0)                                                         \
    OUT[i] = CLE_SAT(IMAGE_##OUT##_PIXEL_TYPE, (a > b || b != b) ? a : b);    \
  else                                                                        \
    OUT[i] = CLE_SAT(IMAGE_##OUT##_PIXEL_TYPE, (a < b || b != b) ? a : b);

__kernel void symmetric_maximum_matrix(IMAGE_input_image_matrix_TYPE input_image_matrix,
                                       IMAGE_output_image_matrix_TYPE output_image_matrix){
    CLE_SYM(input_image_matrix, output_image_matrix, 0)}

__kernel void symmetric_mean_matrix(IMAGE_input_image_matrix_TYPE input_image_matrix,
                                    IMAGE_output_image_matrix_TYPE output_image_matrix){
    CLE_SYM(input_image_matrix, output_image_matrix, 1)}

__kernel void symmetric_minimum_matrix(IMAGE_input_image_matrix_TYPE input_image_matrix,
                                       IMAGE_output_image_matrix_TYPE output_image_matrix)
{
  CLE_SYM(input_image_matrix, output_image_matrix, 2)
}
