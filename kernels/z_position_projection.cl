/* z_position_projection: output(x, y) = input(x, y, z), z = position(x, y)
 * rounded toward zero (convert_long_sat: NaN gives 0) and clamped to
 * [0, depth - 1]; one work-item per output pixel; exact in the input's dtype.
 * position has the input's width and height (runtime/ops/z_position_projection.c). */
__kernel void z_position_projection(IMAGE_input_image_TYPE input_image, IMAGE_position_TYPE position,
                                    IMAGE_output_image_TYPE output_image)
{
  const size_t plane = (size_t)GET_IMAGE_WIDTH(input_image) * GET_IMAGE_HEIGHT(input_image);
  const size_t i = get_global_id(0);
  if (i >= plane)
    return;
  const long z = clamp(convert_long_sat(position[i]), 0L, (long)GET_IMAGE_DEPTH(input_image) - 1);
  output_image[i] = CLE_SAT(IMAGE_output_image_PIXEL_TYPE, input_image[(size_t)z * plane + i]);
}
