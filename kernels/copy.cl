/* copy: dst = src converted to dst's dtype (saturating; integer to
 * integer exact, float to integer rounded toward zero).
 * One work item per pixel over dst's shape; buffers indexed directly.
 * Bytes moved: n * (sizeof src + sizeof dst). */

__kernel void copy(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst)
{
  const size_t width = GET_IMAGE_WIDTH(dst), height = GET_IMAGE_HEIGHT(dst);
  const size_t i = (get_global_id(2) * height + get_global_id(1)) * width + get_global_id(0);
  dst[i] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, src[i]);
}
