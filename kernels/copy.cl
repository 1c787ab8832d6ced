/* copy: dst = src converted to dst's dtype (saturating; integer to
 * integer exact, float to integer rounded toward zero).
 * One work item per pixel over dst's shape; buffers indexed directly.
 * Bytes moved: n * (sizeof src + sizeof dst). */

/* Exact saturating conversion to a pixel type: OpenCL's convert_T_sat
 * (integer to integer exact, float to integer rounded toward zero, NaN to 0);
 * float has no _sat form. */
#define convert_float_sat(x) convert_float(x)
#define CLE_SAT_(T, x) convert_##T##_sat(x)
#define CLE_SAT(T, x) CLE_SAT_(T, x)

__kernel void copy(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst)
{
  const size_t width = GET_IMAGE_WIDTH(dst), height = GET_IMAGE_HEIGHT(dst);
  const size_t i = (get_global_id(2) * height + get_global_id(1)) * width + get_global_id(0);
  dst[i] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, src[i]);
}
