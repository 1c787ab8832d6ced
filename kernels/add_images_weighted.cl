/* add_images_weighted: dst = factor1 * src0 + factor2 * src1 in float32.
 * Contraction into a fused multiply-add is off so every device rounds the
 * two products and the sum separately, as the CPU reference does.
 * Bytes moved: n * (sizeof src0 + sizeof src1 + sizeof dst). */

#pragma OPENCL FP_CONTRACT OFF

__kernel void add_images_weighted(IMAGE_src0_TYPE src0, IMAGE_src1_TYPE src1, IMAGE_dst_TYPE dst,
                                  const float factor1, const float factor2)
{
  const size_t width = GET_IMAGE_WIDTH(dst), height = GET_IMAGE_HEIGHT(dst);
  const size_t i = (get_global_id(2) * height + get_global_id(1)) * width + get_global_id(0);
  const float a = factor1 * (float)src0[i];
  const float b = factor2 * (float)src1[i];
  dst[i] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, a + b);
}
