/* range: Python's slicing input_image[start_z:stop_z:step_z, start_y:stop_y:step_y,
 * start_x:stop_x:step_x], each bound CLE_NONE (INT_MIN) for None. The output
 * has the slice's shape (the op's creator), so only the first index and the
 * step along each axis matter here: output(x, y, z) = input(first_x + x *
 * step_x, ...), copied exactly. One work-item per output pixel. */

/* The first index of the slice start::step over n items (CPython's
 * PySlice_AdjustIndices); inside [0, n - 1] whenever the slice is not empty. */
inline long cle_slice_first(long n, int start, int step)
{
  if (start == INT_MIN)
    return step > 0 ? 0 : n - 1;
  long s = start;
  if (s < 0) {
    s += n;
    if (s < 0)
      s = step < 0 ? -1 : 0;
  } else if (s >= n) {
    s = step < 0 ? n - 1 : n;
  }
  return s;
}

__kernel void range(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int start_x, int stop_x,
                    int step_x, int start_y, int stop_y, int step_y, int start_z, int stop_z, int step_z)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  const long ow = GET_IMAGE_WIDTH(output_image), oh = GET_IMAGE_HEIGHT(output_image);
  if (x >= ow || y >= oh || z >= GET_IMAGE_DEPTH(output_image))
    return;
  const long w = GET_IMAGE_WIDTH(input_image), h = GET_IMAGE_HEIGHT(input_image), d = GET_IMAGE_DEPTH(input_image);
  const int sx = step_x == INT_MIN ? 1 : step_x, sy = step_y == INT_MIN ? 1 : step_y,
            sz = step_z == INT_MIN ? 1 : step_z;
  const long ix = cle_slice_first(w, start_x, sx) + (long)x * sx;
  const long iy = cle_slice_first(h, start_y, sy) + (long)y * sy;
  const long iz = cle_slice_first(d, start_z, sz) + (long)z * sz;
  output_image[((long)z * oh + y) * ow + x] =
      CLE_SAT(IMAGE_output_image_PIXEL_TYPE, input_image[(iz * h + iy) * w + ix]);
}

/* scatter: output_image(first_x + x * step_x, ...) = input_image(x, y, z) over
 * the region's size (the global range; scatter.c checks the sizes and gives
 * each step, None already 1), the first index cle_slice_first's over
 * output_image, an input axis of size 1 repeated (numpy's broadcasting),
 * converted to the output's dtype (saturated); the rest of output_image is
 * left alone. */
__kernel void scatter(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int start_x, int step_x,
                      int start_y, int step_y, int start_z, int step_z)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  const long w = GET_IMAGE_WIDTH(input_image), h = GET_IMAGE_HEIGHT(input_image), d = GET_IMAGE_DEPTH(input_image);
  const long ow = GET_IMAGE_WIDTH(output_image), oh = GET_IMAGE_HEIGHT(output_image),
             od = GET_IMAGE_DEPTH(output_image);
  const long ix = w == 1 ? 0 : x, iy = h == 1 ? 0 : y, iz = d == 1 ? 0 : z;
  const long ox = cle_slice_first(ow, start_x, step_x) + (long)x * step_x,
             oy = cle_slice_first(oh, start_y, step_y) + (long)y * step_y,
             oz = cle_slice_first(od, start_z, step_z) + (long)z * step_z;
  output_image[(oz * oh + oy) * ow + ox] = CLE_SAT(IMAGE_output_image_PIXEL_TYPE, input_image[(iz * h + iy) * w + ix]);
}
