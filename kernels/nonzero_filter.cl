/* nonzero_maximum, nonzero_minimum, onlyzero_overwrite_maximum: one pass
 * of a radius-1 filter over the positive neighbours, which sets a flag
 * image's first pixel to 1 when it changes a pixel (clij's label
 * propagation steps). Neighbours: box, all 3^ndim - 1 around the pixel;
 * sphere (connectivity 1), the 2 ndim face neighbours; only along axes
 * longer than 1, inside the image. Compared in the input's dtype; the
 * result is stored in the output's dtype (saturated, rounded toward zero).
 * One work-item per pixel. */

/* found = the extreme (BETTER(v, found): v > found or v < found) of found
 * and the positive neighbours of (x, y, z) in input_image. */
#define CLE_NZ_SCAN(BETTER)                                                               \
  const int rx = w > 1, ry = h > 1, rz = d > 1;                                           \
  for (int dz = -rz; dz <= rz; dz++)                                                      \
    for (int dy = -ry; dy <= ry; dy++)                                                    \
      for (int dx = -rx; dx <= rx; dx++) {                                                \
        const int nx = x + dx, ny = y + dy, nz = z + dz;                                  \
        if (nx < 0 || nx >= w || ny < 0 || ny >= h || nz < 0 || nz >= d ||                \
            (sphere && (dx != 0) + (dy != 0) + (dz != 0) > 1))                            \
          continue;                                                                       \
        const IMAGE_input_image_PIXEL_TYPE v = input_image[((long)nz * h + ny) * w + nx]; \
        if (v > 0 && BETTER(v, found))                                                    \
          found = v;                                                                      \
      }

#define CLE_NZ_GREATER(a, b) ((a) > (b))
#define CLE_NZ_LESS(a, b) ((a) < (b))

/* The pixel's position, its index i, the connectivity and the input's value
 * (found starts there), or return for a work-item past the image. */
#define CLE_NZ_PIXEL()                                                                                             \
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);                                      \
  const int w = GET_IMAGE_WIDTH(input_image), h = GET_IMAGE_HEIGHT(input_image), d = GET_IMAGE_DEPTH(input_image); \
  if (x >= w || y >= h || z >= d)                                                                                  \
    return;                                                                                                        \
  const int sphere = connectivity == 1;                                                                            \
  const long i = ((long)z * h + y) * w + x;                                                                        \
  const IMAGE_input_image_PIXEL_TYPE value = input_image[i];                                                       \
  IMAGE_input_image_PIXEL_TYPE found = value;

#ifdef IMAGE_output_image0_TYPE
/* A nonzero pixel takes the largest of itself and its positive neighbours;
 * a zero pixel stays 0. */
__kernel void nonzero_maximum(IMAGE_input_image_TYPE input_image, IMAGE_output_image0_TYPE output_image0,
                              IMAGE_output_image1_TYPE output_image1, int connectivity)
{
  CLE_NZ_PIXEL()
  if (value != 0) {
    CLE_NZ_SCAN(CLE_NZ_GREATER)
  }
  if (found > value)
    output_image0[0] = CLE_SAT(IMAGE_output_image0_PIXEL_TYPE, 1);
  output_image1[i] = CLE_SAT(IMAGE_output_image1_PIXEL_TYPE, found);
}

/* A nonzero pixel takes the smallest of itself and its positive neighbours;
 * a zero pixel stays 0. */
__kernel void nonzero_minimum(IMAGE_input_image_TYPE input_image, IMAGE_output_image0_TYPE output_image0,
                              IMAGE_output_image1_TYPE output_image1, int connectivity)
{
  CLE_NZ_PIXEL()
  if (value != 0) {
    CLE_NZ_SCAN(CLE_NZ_LESS)
  }
  if (found < value)
    output_image0[0] = CLE_SAT(IMAGE_output_image0_PIXEL_TYPE, 1);
  output_image1[i] = CLE_SAT(IMAGE_output_image1_PIXEL_TYPE, found);
}
#endif

#ifdef IMAGE_flag_TYPE
/* A zero pixel takes the largest positive neighbour (0 if none); every
 * other pixel keeps its value. */
__kernel void onlyzero_overwrite_maximum(IMAGE_input_image_TYPE input_image, IMAGE_flag_TYPE flag,
                                         IMAGE_output_image_TYPE output_image, int connectivity)
{
  CLE_NZ_PIXEL()
  if (value == 0) {
    CLE_NZ_SCAN(CLE_NZ_GREATER)
  }
  if (found > value)
    flag[0] = CLE_SAT(IMAGE_flag_PIXEL_TYPE, 1);
  output_image[i] = CLE_SAT(IMAGE_output_image_PIXEL_TYPE, found);
}
#endif
