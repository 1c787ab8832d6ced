/* generate_distance_matrix: element (row j + 1, column i + 1) = the distance
 * between point i of coordinate_list1 and point j of coordinate_list2 (a
 * point per column, a coordinate per row): sqrt of the sum of the squared
 * differences in float32, rows in order; row 0 and column 0 are 0. One
 * work-item per output element. */
__kernel void generate_distance_matrix(IMAGE_coordinate_list1_TYPE coordinate_list1,
                                       IMAGE_coordinate_list2_TYPE coordinate_list2,
                                       IMAGE_distance_matrix_destination_TYPE distance_matrix_destination)
{
  const int x = (int)get_global_id(0), y = (int)get_global_id(1);
  const int w = GET_IMAGE_WIDTH(distance_matrix_destination), h = GET_IMAGE_HEIGHT(distance_matrix_destination);
  if (x >= w || y >= h)
    return;
  float distance = 0;
  if (x > 0 && y > 0) {
    const int n1 = GET_IMAGE_WIDTH(coordinate_list1), n2 = GET_IMAGE_WIDTH(coordinate_list2);
    const int d = GET_IMAGE_HEIGHT(coordinate_list1);
    float sum = 0;
    for (int i = 0; i < d; i++) {
      const float v = (float)coordinate_list1[(long)i * n1 + x - 1] - (float)coordinate_list2[(long)i * n2 + y - 1];
      sum = sum + v * v;
    }
    distance = sqrt(sum);
  }
  distance_matrix_destination[(long)y * w + x] = CLE_SAT(IMAGE_distance_matrix_destination_PIXEL_TYPE, distance);
}
