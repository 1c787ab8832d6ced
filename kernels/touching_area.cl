/* The touching-area matrices (runtime/ops/generate_touching_area_matrix.c,
 * generate_partial_touching_area_matrix.c,
 * standard_deviation_partial_touching_area_matrix.c). Labels arrive checked
 * (non-negative whole numbers below the matrix's width: the generated
 * wrapper measured the largest), so (uint)pixel is the label. Integer
 * atomics (any order gives the same counts) and per-column loops in a fixed
 * order: every result is the same on every run. */

#if defined(IMAGE_labels_TYPE)
/* area[m][l] and area[l][m] each + 1 for every pair of face neighbours (along
 * +x, +y or +z) of labels l != m (area: uint32, zeroed by the host). One
 * work-item per pixel. */
__kernel void touching_area_count(IMAGE_labels_TYPE labels, IMAGE_area_TYPE area)
{
  const int x = (int)get_global_id(0), y = (int)get_global_id(1), z = (int)get_global_id(2);
  const int w = GET_IMAGE_WIDTH(labels), h = GET_IMAGE_HEIGHT(labels), d = GET_IMAGE_DEPTH(labels);
  if (x >= w || y >= h || z >= d)
    return;
  const long W = GET_IMAGE_WIDTH(area);
  const long i = ((long)z * h + y) * w + x;
  const long l = (long)(uint)labels[i];
  const long step[3] = {1, w, (long)w * h};
  const int inside[3] = {x + 1 < w, y + 1 < h, z + 1 < d};
  for (int a = 0; a < 3; a++)
    if (inside[a]) {
      const long m = (long)(uint)labels[i + step[a]];
      if (m != l) {
        atomic_inc(&area[m * W + l]);
        atomic_inc(&area[l * W + m]);
      }
    }
}
#endif

#if defined(IMAGE_area_TYPE) && !defined(IMAGE_labels_TYPE)
/* A column kernel's start: c (this work-item's column) and n (the matrix's
 * width), returning past the last column; then sum (ulong), the sum of
 * column c of the n x n matrix area (label c's perimeter), and count (int),
 * how many of its entries are > 0 (label c's neighbours). A macro: an array
 * parameter is more than one argument. */
#define CLE_TA_COLUMN_START(area, c, n, sum, count) \
  const int c = (int)get_global_id(0);              \
  const int n = GET_IMAGE_WIDTH(area);              \
  if (c >= n)                                       \
    return;                                         \
  ulong sum = 0;                                    \
  int count = 0;                                    \
  for (int r_ = 0; r_ < n; r_++) {                  \
    const uint v_ = (area)[(long)r_ * n + c];       \
    sum += v_;                                      \
    count += v_ > 0;                                \
  }

/* dst[r][c] = area[r][c] / (the sum of column c), in float32 (NaN for a
 * column summing to 0). One work-item per column. */
__kernel void touching_area_ratio(IMAGE_area_TYPE area, IMAGE_dst_TYPE dst)
{
  CLE_TA_COLUMN_START(area, c, n, sum, count)
  const float perimeter = (float)sum;
  for (int r = 0; r < n; r++) {
    const long i = (long)r * n + c;
    dst[i] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, (float)area[i] / perimeter);
  }
}

/* dst[c] = the sum over the k rows r with area[r][c] > 0, in row order, of
 * |area[r][c] / perimeter - 1 / k| / k (float32); 0 for a column of zeros.
 * One work-item per column. */
__kernel void touching_area_deviation(IMAGE_area_TYPE area, IMAGE_dst_TYPE dst)
{
  CLE_TA_COLUMN_START(area, c, n, sum, count)
  float result = 0.0f;
  if (count > 0) {
    const float perimeter = (float)sum, k = (float)count, mean = 1.0f / k;
    for (int r = 0; r < n; r++) {
      const uint v = area[(long)r * n + c];
      if (v > 0)
        result = result + fabs((float)v / perimeter - mean) / k;
    }
  }
  dst[c] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, result);
}
#endif
