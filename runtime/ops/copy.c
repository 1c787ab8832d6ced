/* copy: output_image = input_image converted to output_image's dtype. A copy
 * into the same dtype is a plain buffer copy (cle_array_copy,
 * clEnqueueCopyBuffer: the device's copy bandwidth, where one work-item per
 * uint8 pixel reached a third of it); a converting copy is a member of the
 * pixelwise family whose rule keeps the pixel's own type (exact integer to
 * integer conversions). Shapes and devices are already checked by the
 * generated wrapper. */
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "families/pixelwise.h"

int cle_impl_copy(cle_array *input_image, cle_array *output_image)
{
  if (cle_array_dtype(input_image) == cle_array_dtype(output_image))
    return cle_array_copy(input_image, output_image);
  static const char converting_copy[] = "#define CLE_PW_RULE(in0, in1, in2) (in0)\n#define CLE_PW_NATIVE\n";
  cle_array *const inputs[] = {input_image};
  return cle_pixelwise(inputs, 1, output_image, NULL, 0, converting_copy);
}
