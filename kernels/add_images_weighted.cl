/* add_images_weighted: dst = factor1 * src0 + factor2 * src1 in float32.
 * Contraction into a fused multiply-add is off so every device rounds the
 * two products and the sum separately, as the CPU reference does.
 *
 * The arrays are dense, so the image is one flat run of n pixels: work-item
 * g handles CLE_VEC consecutive pixels with vector loads and stores (16
 * bytes of the widest dtype; one byte per work-item left 8-bit images at 60 %
 * of the copy bandwidth on the H100), the last item the tail one by one.
 * Every lane computes exactly what the scalar expression does.
 * Bytes moved: n * (sizeof src0 + sizeof src1 + sizeof dst). */

#pragma OPENCL FP_CONTRACT OFF

#ifndef CLE_VEC
#error "add_images_weighted needs CLE_VEC (pixels per work-item: 4, 8 or 16)"
#endif
#define CLE_VLOAD_(N) vload##N
#define CLE_VLOAD(N) CLE_VLOAD_(N)
#define CLE_VSTORE_(N) vstore##N
#define CLE_VSTORE(N) CLE_VSTORE_(N)
#define CLE_TO_FLOAT_(N) convert_float##N
#define CLE_TO_FLOAT(N) CLE_TO_FLOAT_(N)
#define CLE_FLOATN_(N) float##N
#define CLE_FLOATN(N) CLE_FLOATN_(N)

__kernel void add_images_weighted(IMAGE_src0_TYPE src0, IMAGE_src1_TYPE src1, IMAGE_dst_TYPE dst,
                                  const float factor1, const float factor2)
{
  const size_t n = (size_t)GET_IMAGE_WIDTH(dst) * GET_IMAGE_HEIGHT(dst) * GET_IMAGE_DEPTH(dst);
  const size_t g = get_global_id(0), first = g * CLE_VEC;
  if (first + CLE_VEC <= n) {
    const CLE_FLOATN(CLE_VEC) a = factor1 * CLE_TO_FLOAT(CLE_VEC)(CLE_VLOAD(CLE_VEC)(g, src0));
    const CLE_FLOATN(CLE_VEC) b = factor2 * CLE_TO_FLOAT(CLE_VEC)(CLE_VLOAD(CLE_VEC)(g, src1));
    CLE_VSTORE(CLE_VEC)(CLE_SAT_VEC(IMAGE_dst_PIXEL_TYPE, CLE_VEC, a + b), g, dst);
  } else {
    for (size_t i = first; i < n; i++) {
      const float a = factor1 * (float)src0[i];
      const float b = factor2 * (float)src1[i];
      dst[i] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, a + b);
    }
  }
}
