/* detect_label_edges: output 1 where one of the pixel's face neighbours
 * differs from it (compared in the input's dtype, so a NaN pixel differs
 * from everything), else 0. Only axes longer than 1 have neighbours; a
 * neighbour outside the image repeats the edge pixel, i.e. is the pixel
 * itself, so the image's border is no edge. One work-item per pixel. */
__kernel void detect_label_edges(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  const int w = GET_IMAGE_WIDTH(input_image), h = GET_IMAGE_HEIGHT(input_image), d = GET_IMAGE_DEPTH(input_image);
  if (x >= w || y >= h || z >= d)
    return;
  const long i = ((long)z * h + y) * w + x;
  const IMAGE_input_image_PIXEL_TYPE c = input_image[i];
  bool edge = false;
  if (w > 1)
    edge = edge || input_image[i - (x > 0)] != c || input_image[i + (x < w - 1)] != c;
  if (h > 1)
    edge = edge || input_image[i - (y > 0) * (long)w] != c || input_image[i + (y < h - 1) * (long)w] != c;
  if (d > 1)
    edge = edge || input_image[i - (z > 0) * (long)w * h] != c || input_image[i + (z < d - 1) * (long)w * h] != c;
  output_image[i] = edge ? (IMAGE_output_image_PIXEL_TYPE)1 : (IMAGE_output_image_PIXEL_TYPE)0;
}
