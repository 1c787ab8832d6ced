/* concatenate: input_image0, then input_image1 after it along axis (0 x, 1
 * y, 2 z), in an output of input_image0's size along the other axes; pixels
 * of input_image1 past that size are dropped, output pixels neither image
 * covers are 0. One work-item per output pixel, stored with CLE_SAT in the
 * output's dtype. */
__kernel void concatenate(IMAGE_input_image0_TYPE input_image0, IMAGE_input_image1_TYPE input_image1,
                          IMAGE_output_image_TYPE output_image, int axis)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  const long ow = GET_IMAGE_WIDTH(output_image), oh = GET_IMAGE_HEIGHT(output_image);
  if (x >= ow || y >= oh || z >= GET_IMAGE_DEPTH(output_image))
    return;
  const long w0 = GET_IMAGE_WIDTH(input_image0), h0 = GET_IMAGE_HEIGHT(input_image0);
  const long d0 = GET_IMAGE_DEPTH(input_image0);
  const long out = ((long)z * oh + y) * ow + x;
  if (x < w0 && y < h0 && z < d0) {
    output_image[out] = CLE_SAT(IMAGE_output_image_PIXEL_TYPE, input_image0[((long)z * h0 + y) * w0 + x]);
    return;
  }
  const long x1 = x - (axis == 0 ? w0 : 0), y1 = y - (axis == 1 ? h0 : 0), z1 = z - (axis == 2 ? d0 : 0);
  const long w1 = GET_IMAGE_WIDTH(input_image1), h1 = GET_IMAGE_HEIGHT(input_image1);
  if (x1 >= 0 && x1 < w1 && y1 >= 0 && y1 < h1 && z1 >= 0 && z1 < GET_IMAGE_DEPTH(input_image1))
    output_image[out] = CLE_SAT(IMAGE_output_image_PIXEL_TYPE, input_image1[(z1 * h1 + y1) * w1 + x1]);
  else
    output_image[out] = (IMAGE_output_image_PIXEL_TYPE)0;
}
