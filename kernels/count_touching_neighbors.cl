/* count_touching_neighbors: element x counts the rows y (of every plane)
 * whose entry (x, y) is > 0; with ignore_background, row 0, column 0 and
 * the diagonal are left out. One work-item per column. */
__kernel void
count_touching_neighbors(IMAGE_touch_matrix_TYPE touch_matrix,
                         IMAGE_touching_neighbors_count_destination_TYPE touching_neighbors_count_destination,
                         int ignore_background)
{
  const int x = (int)get_global_id(0);
  const int w = GET_IMAGE_WIDTH(touch_matrix);
  if (x >= w)
    return;
  const long rows = (long)GET_IMAGE_HEIGHT(touch_matrix) * GET_IMAGE_DEPTH(touch_matrix);
  uint count = 0;
  if (!(ignore_background && x == 0))
    for (long y = 0; y < rows; y++) {
      if (ignore_background && (y == 0 || y == x))
        continue;
      if (touch_matrix[y * w + x] > 0)
        count++;
    }
  touching_neighbors_count_destination[x] = CLE_SAT(IMAGE_touching_neighbors_count_destination_PIXEL_TYPE, count);
}
