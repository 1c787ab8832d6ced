/* maximum_z_projection: one work item per output pixel (x, y) walks z.
 * Neighbouring work items read neighbouring x, so every z step is one
 * coalesced row read. Bytes moved: n * sizeof src + (n / depth) * sizeof dst. */

__kernel void maximum_z_projection(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst)
{
  const size_t width = GET_IMAGE_WIDTH(src), height = GET_IMAGE_HEIGHT(src);
  const size_t depth = GET_IMAGE_DEPTH(src);
  const size_t plane = width * height;
  const size_t i = get_global_id(1) * width + get_global_id(0);
  IMAGE_src_PIXEL_TYPE best = src[i];
  for (size_t z = 1; z < depth; z++) {
    const IMAGE_src_PIXEL_TYPE value = src[z * plane + i];
    best = value > best ? value : best;
  }
  dst[i] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, best);
}
