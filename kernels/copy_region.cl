/* copy_region: the ops whose every output pixel is one input pixel (or a
 * constant): transposes, flips, shifts, slices, sub-stacks, borders and
 * pads. One work-item per output pixel; the value is stored in the output's
 * dtype with CLE_SAT (exact for the same dtype, saturated and rounded toward
 * zero into a narrower integer dtype). Every kernel here names its images
 * input_image and output_image, so the file compiles for any of them. */

/* Pixel (x, y, z) of an image, as an lvalue; positions must be inside. */
#define CLE_AT(image, x, y, z) \
  image[((long)(z)*GET_IMAGE_HEIGHT(image) + (long)(y)) * GET_IMAGE_WIDTH(image) + (long)(x)]

/* The work-item's output pixel; returns from the kernel when it is past the output. */
#define CLE_OUTPUT_PIXEL                                                                                               \
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);                                          \
  if (x >= GET_IMAGE_WIDTH(output_image) || y >= GET_IMAGE_HEIGHT(output_image) || z >= GET_IMAGE_DEPTH(output_image)) \
    return;

/* Store input pixel (sx, sy, sz) (each inside the input) at the work-item's output pixel. */
#define CLE_COPY_FROM(sx, sy, sz) \
  CLE_AT(output_image, x, y, z) = CLE_SAT(IMAGE_output_image_PIXEL_TYPE, CLE_AT(input_image, sx, sy, sz))

/* A position clamped into [0, n - 1] (the edge pixel repeats). */
inline long cle_clamp_to(long v, long n)
{
  return clamp(v, 0L, n - 1);
}

/* v modulo n in [0, n - 1], also for a negative v. */
inline long cle_wrap(long v, long n)
{
  const long r = v % n;
  return r < 0 ? r + n : r;
}

__kernel void transpose_xy(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image)
{
  CLE_OUTPUT_PIXEL
  CLE_COPY_FROM(y, x, z);
}

__kernel void transpose_xz(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image)
{
  CLE_OUTPUT_PIXEL
  CLE_COPY_FROM(z, y, x);
}

__kernel void transpose_yz(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image)
{
  CLE_OUTPUT_PIXEL
  CLE_COPY_FROM(x, z, y);
}

__kernel void flip(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int flip_x, int flip_y,
                   int flip_z)
{
  CLE_OUTPUT_PIXEL
  const int sx = flip_x ? GET_IMAGE_WIDTH(input_image) - 1 - x : x;
  const int sy = flip_y ? GET_IMAGE_HEIGHT(input_image) - 1 - y : y;
  const int sz = flip_z ? GET_IMAGE_DEPTH(input_image) - 1 - z : z;
  CLE_COPY_FROM(sx, sy, sz);
}

/* numpy's roll: output(x) = input((x - shift) mod size) */
__kernel void circular_shift(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int shift_x,
                             int shift_y, int shift_z)
{
  CLE_OUTPUT_PIXEL
  const long sx = cle_wrap((long)x - shift_x, GET_IMAGE_WIDTH(input_image));
  const long sy = cle_wrap((long)y - shift_y, GET_IMAGE_HEIGHT(input_image));
  const long sz = cle_wrap((long)z - shift_z, GET_IMAGE_DEPTH(input_image));
  CLE_COPY_FROM(sx, sy, sz);
}

__kernel void crop_border(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int border_size)
{
  CLE_OUTPUT_PIXEL
  const long sx = cle_clamp_to((long)x + border_size, GET_IMAGE_WIDTH(input_image));
  const long sy = cle_clamp_to((long)y + border_size, GET_IMAGE_HEIGHT(input_image));
  const long sz = cle_clamp_to((long)z + border_size, GET_IMAGE_DEPTH(input_image));
  CLE_COPY_FROM(sx, sy, sz);
}

/* end_z only sizes the output (its depth is end_z - start_z + 1) */
__kernel void sub_stack(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int start_z,
                        int end_z)
{
  CLE_OUTPUT_PIXEL(void) end_z;
  CLE_COPY_FROM(x, y, cle_clamp_to((long)start_z + z, GET_IMAGE_DEPTH(input_image)));
}

__kernel void reduce_stack(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image,
                           int reduction_factor, int offset)
{
  CLE_OUTPUT_PIXEL
  CLE_COPY_FROM(x, y, cle_clamp_to((long)z * reduction_factor + offset, GET_IMAGE_DEPTH(input_image)));
}

/* plane z = slice_index: output (x, y) = input (x, y, slice_index) */
__kernel void copy_slice(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int slice_index)
{
  CLE_OUTPUT_PIXEL
  CLE_COPY_FROM(x, y, cle_clamp_to(slice_index, GET_IMAGE_DEPTH(input_image)));
}

/* row y = slice_index of every plane: output (x, z) = input (x, slice_index, z) */
__kernel void copy_horizontal_slice(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image,
                                    int slice_index)
{
  CLE_OUTPUT_PIXEL
  CLE_COPY_FROM(x, cle_clamp_to(slice_index, GET_IMAGE_HEIGHT(input_image)), y);
}

/* column x = slice_index of every plane: output (y, z) = input (slice_index, y, z) */
__kernel void copy_vertical_slice(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image,
                                  int slice_index)
{
  CLE_OUTPUT_PIXEL
  CLE_COPY_FROM(cle_clamp_to(slice_index, GET_IMAGE_WIDTH(input_image)), x, y);
}

/* pad (runtime/ops/pad.c): the input at offset, value elsewhere */
__kernel void pad(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int offset_x, int offset_y,
                  int offset_z, float value)
{
  CLE_OUTPUT_PIXEL
  const long sx = (long)x - offset_x, sy = (long)y - offset_y, sz = (long)z - offset_z;
  if (sx >= 0 && sx < GET_IMAGE_WIDTH(input_image) && sy >= 0 && sy < GET_IMAGE_HEIGHT(input_image) && sz >= 0 &&
      sz < GET_IMAGE_DEPTH(input_image))
    CLE_COPY_FROM(sx, sy, sz);
  else
    CLE_AT(output_image, x, y, z) = CLE_SAT(IMAGE_output_image_PIXEL_TYPE, value);
}

/* paste: the input at the destination; the output's pixels it does not cover keep their values */
__kernel void paste(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int destination_x,
                    int destination_y, int destination_z)
{
  CLE_OUTPUT_PIXEL
  const long sx = (long)x - destination_x, sy = (long)y - destination_y, sz = (long)z - destination_z;
  if (sx >= 0 && sx < GET_IMAGE_WIDTH(input_image) && sy >= 0 && sy < GET_IMAGE_HEIGHT(input_image) && sz >= 0 &&
      sz < GET_IMAGE_DEPTH(input_image))
    CLE_COPY_FROM(sx, sy, sz);
}

/* unpad (runtime/ops/unpad.c): the box at offset, which lies inside the input */
__kernel void unpad(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int offset_x,
                    int offset_y, int offset_z)
{
  CLE_OUTPUT_PIXEL
  CLE_COPY_FROM((long)x + offset_x, (long)y + offset_y, (long)z + offset_z);
}
