/* sum_reduction_x: output(x, y, z) = the float32 sum of input(x * blocksize
 * + i, y, z) for i = 0, 1, ... within the row, from i = 0 upwards, stored
 * saturated in the output's dtype; one work-item per output pixel. */
__kernel void sum_reduction_x(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int blocksize)
{
  const size_t x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  const size_t ow = GET_IMAGE_WIDTH(output_image), oh = GET_IMAGE_HEIGHT(output_image);
  if (x >= ow || y >= oh || z >= (size_t)GET_IMAGE_DEPTH(output_image))
    return;
  const size_t w = GET_IMAGE_WIDTH(input_image), h = GET_IMAGE_HEIGHT(input_image);
  const __global IMAGE_input_image_PIXEL_TYPE *row = input_image + (z * h + y) * w;
  const size_t x0 = x * (size_t)blocksize, x1 = min(w, x0 + (size_t)blocksize);
  float sum = (float)row[x0];
  for (size_t i = x0 + 1; i < x1; i++)
    sum += (float)row[i];
  output_image[(z * oh + y) * ow + x] = CLE_SAT(IMAGE_output_image_PIXEL_TYPE, sum);
}
