/* Distances of each label to its neighbours, from a distance matrix (and a
 * touch matrix): one work-item per label x, writing element x of a float32
 * vector. Values are read as float32; a 3D matrix's planes are further rows.
 *
 * n nearest / farthest: label x's candidates are the entries (row y, column x)
 * for y = 1 .. rows - 1, y != x (row 0 is the background's, the diagonal the
 * label's own), NaN skipped. They are taken in ascending order (farthest:
 * descending), ties by row, at most n of them, by repeated selection (n passes
 * over the column: no scratch memory, any n), and summed in that order in
 * float32, as pyclesperanto 0.25.1's sorted insertion gives them.
 *
 * touching: labels x and k (k = 1 .. width - 1, k != x) touch where the touch
 * matrix's entry in row max(x, k), column min(x, k) is > 0 (the half below the
 * diagonal, clEsperanto's reading); their distance is the distance matrix's
 * entry at the same place. Entries outside either matrix do not touch. */

/* Whether (v, y) comes after (pv, py) in the walk's order (FAR: descending values). */
#define CLE_DN_AFTER(v, y, pv, py, FAR) \
  ((FAR) ? ((v) < (pv) || ((v) == (pv) && (y) > (py))) : ((v) > (pv) || ((v) == (pv) && (y) > (py))))

/* Walks label x's candidates of matrix M (width w, rows rows) in order, at most N,
 * running BODY with `v` bound to each distance. */
#define CLE_DN_WALK(M, FAR, N, BODY)                                   \
  {                                                                    \
    float pv = 0.0f;                                                   \
    int py = -1;                                                       \
    for (int taken = 0; taken < (N); taken++) {                        \
      float bv = 0.0f;                                                 \
      int by = -1;                                                     \
      for (int y = 1; y < rows; y++) {                                 \
        if (y == x)                                                    \
          continue;                                                    \
        const float c = (float)M[(long)y * w + x];                     \
        if (isnan(c) || (py >= 0 && !CLE_DN_AFTER(c, y, pv, py, FAR))) \
          continue;                                                    \
        if (by < 0 || CLE_DN_AFTER(bv, by, c, y, FAR))                 \
          bv = c, by = y;                                              \
      }                                                                \
      if (by < 0)                                                      \
        break;                                                         \
      pv = bv;                                                         \
      py = by;                                                         \
      const float v = bv;                                              \
      BODY                                                             \
    }                                                                  \
  }

#define CLE_DN_SETUP(M)                                      \
  const int x = (int)get_global_id(0);                       \
  const int w = GET_IMAGE_WIDTH(M);                          \
  const int rows = GET_IMAGE_HEIGHT(M) * GET_IMAGE_DEPTH(M); \
  if (x >= w)                                                \
    return;

/* OUT[x] = the mean of label x's first n candidates in the walk's order, summed in that order. */
#define CLE_DN_MEAN_OF_WALK(M, OUT, FAR)          \
  CLE_DN_SETUP(M)                                 \
  float sum = 0.0f;                               \
  int count = 0;                                  \
  CLE_DN_WALK(M, FAR, n, sum = sum + v; count++;) \
  OUT[x] = CLE_SAT(IMAGE_output_image_index_list_PIXEL_TYPE, sum / (float)count)

__kernel void mean_distance_n_nearest_neighbors(IMAGE_input_image_distance_matrix_TYPE input_image_distance_matrix,
                                                IMAGE_output_image_index_list_TYPE output_image_index_list, int n)
{
  CLE_DN_MEAN_OF_WALK(input_image_distance_matrix, output_image_index_list, 0);
}

__kernel void mean_distance_n_farthest_neighbors(IMAGE_input_image_distance_matrix_TYPE input_image_distance_matrix,
                                                 IMAGE_output_image_index_list_TYPE output_image_index_list, int n)
{
  CLE_DN_MEAN_OF_WALK(input_image_distance_matrix, output_image_index_list, 1);
}

__kernel void maximum_distance_n_nearest_neighbors(IMAGE_input_image_distance_matrix_TYPE input_image_distance_matrix,
                                                   IMAGE_output_image_index_list_TYPE output_image_index_list, int n)
{
  CLE_DN_SETUP(input_image_distance_matrix)
  float last = NAN;
  CLE_DN_WALK(input_image_distance_matrix, 0, n, last = v;)
  output_image_index_list[x] = CLE_SAT(IMAGE_output_image_index_list_PIXEL_TYPE, last);
}

/* RULE: 0 mean, 1 maximum, 2 minimum; 0 for a label without neighbours. */
#define CLE_DN_TOUCHING(D, T, OUT, RULE)                          \
  const int x = (int)get_global_id(0);                            \
  const int w = GET_IMAGE_WIDTH(D);                               \
  if (x >= w)                                                     \
    return;                                                       \
  const int d_rows = GET_IMAGE_HEIGHT(D) * GET_IMAGE_DEPTH(D);    \
  const int t_width = GET_IMAGE_WIDTH(T);                         \
  const int t_rows = GET_IMAGE_HEIGHT(T) * GET_IMAGE_DEPTH(T);    \
  float result = 0.0f;                                            \
  int count = 0;                                                  \
  for (int k = 1; k < w; k++) {                                   \
    const int hi = k > x ? k : x, lo = k > x ? x : k;             \
    if (k == x || hi >= d_rows || hi >= t_rows || lo >= t_width)  \
      continue;                                                   \
    if (!((float)T[(long)hi * t_width + lo] > 0))                 \
      continue;                                                   \
    const float v = (float)D[(long)hi * w + lo];                  \
    if (RULE == 0)                                                \
      result = count == 0 ? v : result + v;                       \
    else if (isnan(v))                                            \
      continue;                                                   \
    else if (count == 0 || (RULE == 1 ? v > result : v < result)) \
      result = v;                                                 \
    count++;                                                      \
  }                                                               \
  if (RULE == 0 && count > 0)                                     \
    result = result / (float)count;                               \
  OUT[x] = CLE_SAT(IMAGE_output_image_index_list_PIXEL_TYPE, result);

__kernel void mean_distance_touching_neighbors(IMAGE_input_image_distance_matrix_TYPE input_image_distance_matrix,
                                               IMAGE_input_image_touch_matrix_TYPE input_image_touch_matrix,
                                               IMAGE_output_image_index_list_TYPE output_image_index_list){
    CLE_DN_TOUCHING(input_image_distance_matrix, input_image_touch_matrix, output_image_index_list, 0)}

__kernel void maximum_distance_touching_neighbors(IMAGE_input_image_distance_matrix_TYPE input_image_distance_matrix,
                                                  IMAGE_input_image_touch_matrix_TYPE input_image_touch_matrix,
                                                  IMAGE_output_image_index_list_TYPE output_image_index_list){
    CLE_DN_TOUCHING(input_image_distance_matrix, input_image_touch_matrix, output_image_index_list, 1)}

__kernel void minimum_distance_touching_neighbors(IMAGE_input_image_distance_matrix_TYPE input_image_distance_matrix,
                                                  IMAGE_input_image_touch_matrix_TYPE input_image_touch_matrix,
                                                  IMAGE_output_image_index_list_TYPE output_image_index_list)
{
  CLE_DN_TOUCHING(input_image_distance_matrix, input_image_touch_matrix, output_image_index_list, 2)
}
