/* replace_values: dst[i] = map[index], index = the pixel src[i] converted to
 * an integer (rounded toward zero, saturated, NaN to 0) and clamped into
 * [0, map size - 1] -- the map read as one flat vector. One work-item per
 * pixel; dst in its own dtype (saturated). */
__kernel void replace_values(IMAGE_src_TYPE src, IMAGE_map_TYPE map, IMAGE_dst_TYPE dst)
{
  const size_t n = (size_t)GET_IMAGE_WIDTH(src) * GET_IMAGE_HEIGHT(src) * GET_IMAGE_DEPTH(src);
  const size_t i = get_global_id(0);
  if (i >= n)
    return;
  const long last = (long)GET_IMAGE_WIDTH(map) * GET_IMAGE_HEIGHT(map) * GET_IMAGE_DEPTH(map) - 1;
  const long index = clamp(CLE_SAT(long, src[i]), 0L, last);
  dst[i] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, map[index]);
}
