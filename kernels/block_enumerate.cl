/* block_enumerate: output(x, y, z) = 0 where input_image0 is 0, else, in
 * float32, the block sums input_image1(0..b-1, y, z) (b = x / blocksize)
 * added from the first, then the nonzero pixels of input_image0's block b
 * from its start up to x. One work-item per pixel, in pyclesperanto's order
 * of additions. */
__kernel void block_enumerate(IMAGE_input_image0_TYPE input_image0, IMAGE_input_image1_TYPE input_image1,
                              IMAGE_output_image_TYPE output_image, int blocksize)
{
  const size_t x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  const size_t w = GET_IMAGE_WIDTH(input_image0), h = GET_IMAGE_HEIGHT(input_image0);
  if (x >= w || y >= h || z >= (size_t)GET_IMAGE_DEPTH(input_image0))
    return;
  const size_t row = z * h + y;
  const __global IMAGE_input_image0_PIXEL_TYPE *values = input_image0 + row * w;
  float sum = 0.0f;
  if ((float)values[x] != 0.0f) {
    const size_t b = x / (size_t)blocksize, nb = GET_IMAGE_WIDTH(input_image1);
    const __global IMAGE_input_image1_PIXEL_TYPE *sums = input_image1 + row * nb;
    for (size_t s = 0; s < b; s++)
      sum += (float)sums[s];
    for (size_t i = b * (size_t)blocksize; i <= x; i++) {
      const float v = (float)values[i];
      if (v != 0.0f)
        sum += v;
    }
  }
  output_image[row * w + x] = CLE_SAT(IMAGE_output_image_PIXEL_TYPE, sum);
}
