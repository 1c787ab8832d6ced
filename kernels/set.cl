/* set: every pixel of src becomes scalar, converted to src's dtype.
 * Bytes moved: n * sizeof src (write only). */

/* Exact saturating conversion to a pixel type: OpenCL's convert_T_sat
 * (integer to integer exact, float to integer rounded toward zero, NaN to 0);
 * float has no _sat form. */
#define convert_float_sat(x) convert_float(x)
#define CLE_SAT_(T, x) convert_##T##_sat(x)
#define CLE_SAT(T, x) CLE_SAT_(T, x)

__kernel void set(IMAGE_src_TYPE src, const float scalar)
{
  const size_t width = GET_IMAGE_WIDTH(src), height = GET_IMAGE_HEIGHT(src);
  const size_t i = (get_global_id(2) * height + get_global_id(1)) * width + get_global_id(0);
  src[i] = CLE_SAT(IMAGE_src_PIXEL_TYPE, scalar);
}
