/* cumulative_sum/product/max/min along axis 0 (x), 1 (y) or 2 (z): the kernel runs
 * over the output's shape and the work-item at index 0 of each line along the axis
 * walks that line in order (the others return at once), writing the running value at
 * every pixel. Sums of integer images are exact (64-bit, stored saturated); sums of
 * float32 images and every product accumulate in float32 from the line's first pixel
 * (numpy's order); maximum and minimum compare in the input's own dtype, skipping NaN
 * (a NaN first pixel stays until a number comes; on a tie, also 0 and -0, the new
 * pixel's, as fmax/fmin). keep_dims changes nothing: the output has the input's
 * shape. */

#define CLE_CUM_LINE(IN)                                                                 \
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);            \
  const long w = GET_IMAGE_WIDTH(IN), h = GET_IMAGE_HEIGHT(IN), d = GET_IMAGE_DEPTH(IN); \
  if (x >= w || y >= h || z >= d)                                                        \
    return;                                                                              \
  if ((axis == 0 && x != 0) || (axis == 1 && y != 0) || (axis == 2 && z != 0))           \
    return;                                                                              \
  const long n = axis == 0 ? w : axis == 1 ? h : d;                                      \
  const long step = axis == 0 ? 1 : axis == 1 ? w : w * h;                               \
  const long start = ((long)z * h + y) * w + x;

/* Whether the pixel type T is float32 (a compile-time constant). */
#define CLE_CUM_IS_FLOAT(T) ((T)0.5f != (T)0)

__kernel void cumulative_sum(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int axis,
                             int keep_dims)
{
  CLE_CUM_LINE(input_image)
  if (CLE_CUM_IS_FLOAT(IMAGE_input_image_PIXEL_TYPE)) {
    float acc = 0.0f;
    for (long i = 0; i < n; i++) {
      const long j = start + i * step;
      acc = i == 0 ? (float)input_image[j] : acc + (float)input_image[j];
      output_image[j] = CLE_SAT(IMAGE_output_image_PIXEL_TYPE, acc);
    }
  } else {
    long acc = 0;
    for (long i = 0; i < n; i++) {
      const long j = start + i * step;
      acc += (long)input_image[j];
      output_image[j] = CLE_SAT(IMAGE_output_image_PIXEL_TYPE, acc);
    }
  }
}

__kernel void cumulative_product(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int axis,
                                 int keep_dims)
{
  CLE_CUM_LINE(input_image)
  float acc = 1.0f;
  for (long i = 0; i < n; i++) {
    const long j = start + i * step;
    acc = i == 0 ? (float)input_image[j] : acc * (float)input_image[j];
    output_image[j] = CLE_SAT(IMAGE_output_image_PIXEL_TYPE, acc);
  }
}

/* RULE: 0 maximum, 1 minimum. */
#define CLE_CUM_EXTREMUM(IN, OUT, RULE)                        \
  CLE_CUM_LINE(IN)                                             \
  IMAGE_##IN##_PIXEL_TYPE acc = IN[start];                     \
  for (long i = 0; i < n; i++) {                               \
    const long j = start + i * step;                           \
    const IMAGE_##IN##_PIXEL_TYPE v = IN[j];                   \
    if (i > 0 && !((RULE == 0 ? acc > v : acc < v) || v != v)) \
      acc = v;                                                 \
    OUT[j] = CLE_SAT(IMAGE_##OUT##_PIXEL_TYPE, acc);           \
  }

__kernel void cumulative_max(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int axis,
                             int keep_dims)
{
  CLE_CUM_EXTREMUM(input_image, output_image, 0);
}

__kernel void cumulative_min(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int axis,
                             int keep_dims)
{
  CLE_CUM_EXTREMUM(input_image, output_image, 1);
}
