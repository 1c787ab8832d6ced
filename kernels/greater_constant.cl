/* greater_constant: dst = 1 where (float)src > scalar, else 0.
 * Bytes moved: n * (sizeof src + sizeof dst). */
__kernel void greater_constant(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, const float scalar)
{
  const size_t width = GET_IMAGE_WIDTH(dst), height = GET_IMAGE_HEIGHT(dst);
  const size_t i = (get_global_id(2) * height + get_global_id(1)) * width + get_global_id(0);
  dst[i] = (IMAGE_dst_PIXEL_TYPE)((float)src[i] > scalar ? 1 : 0);
}
