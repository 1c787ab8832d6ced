/* The touching_neighbors family (runtime/families/touching_neighbors.c):
 * element l of dst = a statistic of the values vector[k] of label l and of
 * the labels k that touch it in the n x n matrix (n = the vector's size).
 * Labels l and k != l touch where the matrix's entry in row max(l, k),
 * column min(l, k) is > 0 (the half below the diagonal, clEsperanto's
 * reading; a symmetric touch matrix gives the same either way). Values are
 * read as float32. CLE_TN_RULE selects the statistic:
 *   0 minimum, 1 maximum (self and neighbours, NaN skipped),
 *   2 mean, 5 standard deviation (self and neighbours; sample deviation,
 *     0 for a label alone), summed in float32 in index order,
 *   3 median (self and neighbours, NaN skipped, the upper middle value),
 *   4 mode (neighbours only, NaN skipped, the smallest most frequent value,
 *     0 without neighbours).
 * Median and mode gather each label's values into its segment of scratch
 * (offsets from touching_neighbors_count, summed on the host) and sort it. */

/* Whether labels l and k touch (k != l); n is the matrix's width. */
#define CLE_TN_TOUCH(l, k) ((k) < (l) ? matrix[(long)(l)*n + (k)] > 0 : matrix[(long)(k)*n + (l)] > 0)

#if CLE_TN_RULE == 3
#define CLE_TN_TAKE(l, k) ((k) == (l) || CLE_TN_TOUCH(l, k))
#else
#define CLE_TN_TAKE(l, k) ((k) != (l) && CLE_TN_TOUCH(l, k))
#endif

/* One work-item per label: minimum, maximum, mean, standard deviation. */
__kernel void touching_neighbors(IMAGE_vector_TYPE vector, IMAGE_matrix_TYPE matrix, IMAGE_dst_TYPE dst)
{
  const int l = (int)get_global_id(0);
  const int n = GET_IMAGE_WIDTH(matrix);
  if (l >= n)
    return;
  float result;
#if CLE_TN_RULE == 0 || CLE_TN_RULE == 1
  result = NAN;
  for (int k = 0; k < n; k++)
    if (k == l || CLE_TN_TOUCH(l, k)) {
      const float v = (float)vector[k];
#if CLE_TN_RULE == 0
      result = fmin(result, v);
#else
      result = fmax(result, v);
#endif
    }
#else
  float sum = 0;
  int count = 0;
  for (int k = 0; k < n; k++)
    if (k == l || CLE_TN_TOUCH(l, k)) {
      sum = sum + (float)vector[k];
      count++;
    }
  const float mean = sum / (float)count;
#if CLE_TN_RULE == 2
  result = mean;
#else
  float squares = 0;
  for (int k = 0; k < n; k++)
    if (k == l || CLE_TN_TOUCH(l, k)) {
      const float d = (float)vector[k] - mean;
      squares = squares + d * d;
    }
  result = count > 1 ? sqrt(squares / (float)(count - 1)) : 0.0f;
#endif
#endif
  dst[l] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, result);
}

/* counts[l] = how many values label l gathers (median: itself too); dst is not written
 * here (every kernel of the file takes the arrays the runtime declares). */
__kernel void touching_neighbors_count(IMAGE_vector_TYPE vector, IMAGE_matrix_TYPE matrix, IMAGE_dst_TYPE dst,
                                       __global uint *counts)
{
  const int l = (int)get_global_id(0);
  const int n = GET_IMAGE_WIDTH(matrix);
  if (l >= n)
    return;
  uint count = 0;
  for (int k = 0; k < n; k++)
    if (CLE_TN_TAKE(l, k))
      count++;
  counts[l] = count;
}

/* Median and mode: gather label l's values (NaN skipped) into its segment,
 * sort it ascending (insertion sort: segments are short), then pick. */
__kernel void touching_neighbors_sorted(IMAGE_vector_TYPE vector, IMAGE_matrix_TYPE matrix, IMAGE_dst_TYPE dst,
                                        __global const uint *offsets, __global float *scratch)
{
  const int l = (int)get_global_id(0);
  const int n = GET_IMAGE_WIDTH(matrix);
  if (l >= n)
    return;
  __global float *a = scratch + offsets[l];
  int m = 0;
  for (int k = 0; k < n; k++)
    if (CLE_TN_TAKE(l, k)) {
      const float v = (float)vector[k];
      if (!isnan(v))
        a[m++] = v;
    }
  for (int i = 1; i < m; i++) {
    const float v = a[i];
    int j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
  float result;
#if CLE_TN_RULE == 3
  result = m > 0 ? a[m / 2] : NAN;
#else
  result = 0;
  int best = 0;
  for (int i = 0; i < m;) {
    int j = i + 1;
    while (j < m && a[j] == a[i])
      j++;
    if (j - i > best) {
      best = j - i;
      result = a[i];
    }
    i = j;
  }
#endif
  dst[l] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, result);
}
