/* point_lists: the kernels of flag_existing_labels, labelled_spots_to_pointlist,
 * read_values_from_positions, pointlist_to_labelled_spots and
 * write_values_to_positions. A point list has a column per point and a row
 * per coordinate (x, y, z), maybe a value row after them. Labels arrive
 * checked (non-negative whole numbers, runtime/ops/label_statistics.c), so
 * (size_t)pixel is the label; the coordinates of lists drawn into an image
 * arrive checked too (runtime/ops/point_lists.c). Every result is the same on
 * every run: plain stores of one value from many work-items, integer atomics,
 * and per-item writes. */

#if defined(IMAGE_flags_TYPE)
/* flags[v] = 1 for the value v of every pixel of src (flags zeroed by the host). */
__kernel void flag_labels(IMAGE_src_TYPE src, IMAGE_flags_TYPE flags, int n)
{
  if (get_global_id(0) >= (size_t)n)
    return;
  const size_t i = get_global_id(0);
  flags[(size_t)src[i]] = (IMAGE_flags_PIXEL_TYPE)1;
}
#endif

#if defined(IMAGE_last_TYPE) && defined(IMAGE_points_TYPE)
/* points(c, r) = coordinate r (x, y, z) of pixel last[c + 1] - 1 (raster
 * index, x fastest) of an image of width x height; 0 where last[c + 1] is 0
 * (label c + 1 has no pixel). One work-item per column. */
__kernel void pointlist_gather(IMAGE_last_TYPE last, IMAGE_points_TYPE points, int width, int height)
{
  const size_t c = get_global_id(0);
  const size_t n = GET_IMAGE_WIDTH(points), rows = GET_IMAGE_HEIGHT(points);
  if (c >= n)
    return;
  const uint k = last[c + 1];
  const size_t i = k ? (size_t)k - 1 : 0;
  const size_t w = (size_t)width, h = (size_t)height;
  const uint coord[3] = {(uint)(i % w), (uint)(i / w % h), (uint)(i / w / h)};
  for (size_t r = 0; r < rows && r < 3; r++)
    points[r * n + c] = CLE_SAT(IMAGE_points_PIXEL_TYPE, k ? coord[r] : 0u);
}
#endif

#if defined(IMAGE_list_TYPE)
/* Coordinate v of a point truncated toward zero (NaN gives 0) and clamped
 * into [0, size - 1]. */
#define POINT_CLAMPED(v, size) ((size_t)clamp(CLE_SAT(long, v), 0L, (long)(size)-1L))

/* output_image[i] = input_image at point i of list (rows x, y, z as the
 * image has axes), in the output's dtype. One work-item per point. */
__kernel void read_positions(IMAGE_input_image_TYPE input_image, IMAGE_list_TYPE list,
                             IMAGE_output_image_TYPE output_image, int ndim)
{
  const size_t i = get_global_id(0), n = GET_IMAGE_WIDTH(list);
  if (i >= n)
    return;
  const int w = GET_IMAGE_WIDTH(input_image), h = GET_IMAGE_HEIGHT(input_image), d = GET_IMAGE_DEPTH(input_image);
  const size_t x = POINT_CLAMPED(list[i], w);
  const size_t y = ndim > 1 ? POINT_CLAMPED(list[n + i], h) : 0;
  const size_t z = ndim > 2 ? POINT_CLAMPED(list[2 * n + i], d) : 0;
  output_image[i] = CLE_SAT(IMAGE_output_image_PIXEL_TYPE, input_image[(z * (size_t)h + y) * (size_t)w + x]);
}
#endif

#if defined(IMAGE_winner_TYPE)
/* The raster index in winner of point i of points (rows 0..ndim-1, each
 * truncated toward zero; checked to lie inside by the host). */
#define POINT_PIXEL(points, n, i, ndim, w, h)                                    \
  (((ndim) > 2 ? (size_t)CLE_SAT(long, points[2 * (n) + (i)]) : 0) * (h) * (w) + \
   ((ndim) > 1 ? (size_t)CLE_SAT(long, points[(n) + (i)]) : 0) * (w) + (size_t)CLE_SAT(long, points[(i)]))

/* winner[p] = 1 + the last point (column) that falls on pixel p (winner
 * zeroed by the host). One work-item per point. */
__kernel void points_claim(IMAGE_points_TYPE points, IMAGE_winner_TYPE winner, int ndim)
{
  const size_t i = get_global_id(0), n = GET_IMAGE_WIDTH(points);
  if (i >= n)
    return;
  const size_t w = GET_IMAGE_WIDTH(winner), h = GET_IMAGE_HEIGHT(winner);
  atomic_max(&winner[POINT_PIXEL(points, n, i, ndim, w, h)], (uint)i + 1u);
}

#if defined(IMAGE_dst_TYPE)
/* dst at point i = its value (row ndim of points, values != 0) or its label
 * i + 1 (values == 0), where point i is the pixel's last. */
__kernel void points_write(IMAGE_points_TYPE points, IMAGE_winner_TYPE winner, IMAGE_dst_TYPE dst, int ndim, int values)
{
  const size_t i = get_global_id(0), n = GET_IMAGE_WIDTH(points);
  if (i >= n)
    return;
  const size_t w = GET_IMAGE_WIDTH(winner), h = GET_IMAGE_HEIGHT(winner);
  const size_t p = POINT_PIXEL(points, n, i, ndim, w, h);
  if (winner[p] != (uint)i + 1u)
    return;
  if (values)
    dst[p] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, points[(size_t)ndim * n + i]);
  else
    dst[p] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, (uint)i + 1u);
}
#endif
#endif
