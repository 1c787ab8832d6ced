/* add_images_weighted: dst = factor1 * src0 + factor2 * src1 in float32.
 * Contraction into a fused multiply-add is off so every device rounds the
 * two products and the sum separately, as the CPU reference does.
 * Bytes moved: n * (sizeof src0 + sizeof src1 + sizeof dst). */

/* Exact saturating conversion to a pixel type: OpenCL's convert_T_sat
 * (integer to integer exact, float to integer rounded toward zero, NaN to 0);
 * float has no _sat form. */
#define convert_float_sat(x) convert_float(x)
#define CLE_SAT_(T, x) convert_##T##_sat(x)
#define CLE_SAT(T, x) CLE_SAT_(T, x)

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
