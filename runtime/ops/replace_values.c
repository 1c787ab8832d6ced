/* replace_values: every pixel of input_image0 picks its value from the map
 * input_image1 (kernels/replace_values.cl), one work-item per pixel. */
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "ops_util.h"

int cle_impl_replace_values(cle_array *input_image0, cle_array *input_image1, cle_array *output_image)
{
  const cle_param params[] = {cle_param_array("src", input_image0), cle_param_array("map", input_image1),
                              cle_param_array("dst", output_image)};
  const size_t range[3] = {cle_array_size(input_image0), 1, 1};
  return cle_run_kernel(cle_array_device(output_image), "replace_values", "replace_values", params, 3, range, NULL,
                        NULL);
}
