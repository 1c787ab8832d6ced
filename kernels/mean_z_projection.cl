/* mean_z_projection: float32 sum of each column (x, y) from z = 0 upwards,
 * divided by the depth in float32 (clij's mean_projection). The division is
 * correctly rounded wherever the device can do it: the runtime builds with
 * -cl-fp32-correctly-rounded-divide-sqrt then. (A detour through double is
 * no help: a compiler may narrow it back to a float division; on NVIDIA the
 * result was still 1 ulp off.)
 * Bytes moved: n * sizeof src + (n / depth) * sizeof dst. */

__kernel void mean_z_projection(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst)
{
  const size_t width = GET_IMAGE_WIDTH(src), height = GET_IMAGE_HEIGHT(src);
  const size_t depth = GET_IMAGE_DEPTH(src);
  const size_t plane = width * height;
  const size_t i = get_global_id(1) * width + get_global_id(0);
  float sum = (float)src[i];
  for (size_t z = 1; z < depth; z++)
    sum += (float)src[z * plane + i];
  dst[i] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, sum / (float)depth);
}
