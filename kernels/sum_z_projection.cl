/* sum_z_projection: float32 sum of each column (x, y), from z = 0 upwards.
 * One work item per output pixel; every z step is one coalesced row read.
 * Bytes moved: n * sizeof src + (n / depth) * sizeof dst. */

__kernel void sum_z_projection(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst)
{
  const size_t width = GET_IMAGE_WIDTH(src), height = GET_IMAGE_HEIGHT(src);
  const size_t depth = GET_IMAGE_DEPTH(src);
  const size_t plane = width * height;
  const size_t i = get_global_id(1) * width + get_global_id(0);
  float sum = (float)src[i];
  for (size_t z = 1; z < depth; z++)
    sum += (float)src[z * plane + i];
  dst[i] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, sum);
}
