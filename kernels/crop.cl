/* crop: output(x, y, z) = input(start + (x, y, z)), reads clamped to the
 * input's edge; one work-item per output pixel; exact in the input's dtype. */
__kernel void crop(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int start_x, int start_y,
                   int start_z, int width, int height, int depth)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= width || y >= height || z >= depth)
    return;
  const long sx = clamp((long)start_x + x, 0L, (long)GET_IMAGE_WIDTH(input_image) - 1);
  const long sy = clamp((long)start_y + y, 0L, (long)GET_IMAGE_HEIGHT(input_image) - 1);
  const long sz = clamp((long)start_z + z, 0L, (long)GET_IMAGE_DEPTH(input_image) - 1);
  const long w = GET_IMAGE_WIDTH(input_image), h = GET_IMAGE_HEIGHT(input_image);
  const long ow = GET_IMAGE_WIDTH(output_image), oh = GET_IMAGE_HEIGHT(output_image);
  output_image[((long)z * oh + y) * ow + x] =
      CLE_SAT(IMAGE_output_image_PIXEL_TYPE, input_image[(sz * h + sy) * w + sx]);
}
