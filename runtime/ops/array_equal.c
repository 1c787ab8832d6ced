/* array_equal: 1 when both images have one shape and every pixel pair is
 * equal, compared in their own dtypes (pixelwise, native: no float32
 * rounding of 32-bit integers) into a uint8 map whose maximum (reduce_all)
 * says whether any pair differs. NaN equals nothing, as in numpy. Images of
 * different shapes are not equal (no error, as numpy.array_equal). */
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "families/pixelwise.h"
#include "families/reduce_all.h"

int cle_impl_array_equal(cle_array *input_image0, cle_array *input_image1, double *result)
{
  size_t a[3], b[3];
  const int ndim = cle_array_shape(input_image0, a);
  if (ndim != cle_array_shape(input_image1, b) || a[0] != b[0] || (ndim > 1 && a[1] != b[1]) ||
      (ndim > 2 && a[2] != b[2])) {
    *result = 0;
    return 0;
  }
  static const char differs[] = "#define CLE_PW_RULE(in0, in1, in2) ((in0) != (in1))\n#define CLE_PW_NATIVE\n";
  cle_array *map = cle_create_like_dtype(input_image0, CLE_UINT8);
  if (!map)
    return -1;
  cle_array *const inputs[] = {input_image0, input_image1};
  double any_differs = 0;
  const int rc = cle_pixelwise(inputs, 2, map, NULL, 0, differs) != 0 || cle_reduce_all(map, NULL, &any_differs, NULL);
  cle_release(map);
  if (rc)
    return -1;
  *result = any_differs == 0;
  return 0;
}
