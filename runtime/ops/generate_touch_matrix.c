/* generate_touch_matrix: 1 where two labels share a face (kernels/
 * label_measurements.cl: touch_matrix), on a zeroed matrix. */
#include "cle_ops_impl.h"
#include "label_statistics.h"

int cle_impl_generate_touch_matrix(cle_array *input_image, cle_array *output_image_matrix)
{
  if (cle_array_fill(output_image_matrix, 0) != 0)
    return -1;
  const cle_param params[] = {cle_param_array("labels", input_image), cle_param_array("dst", output_image_matrix)};
  const size_t range[3] = {cle_array_width(input_image), cle_array_height(input_image), cle_array_depth(input_image)};
  return cle_run_kernel(cle_array_device(input_image), "label_measurements", "touch_matrix", params, 2, range, NULL,
                        NULL);
}
