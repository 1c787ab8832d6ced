/* flag_existing_labels: output[v] = 1 for every value v present in the label
 * image, 0 elsewhere (kernels/point_lists.cl: flag_labels). The generated
 * wrapper has checked the labels and sized the output by the largest. */
#include <limits.h>

#include "cle_ops_impl.h"
#include "cle_private.h"

int cle_impl_flag_existing_labels(cle_array *input_image, cle_array *output_image)
{
  const size_t n = cle_array_size(input_image);
  if (n > INT_MAX)
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "input_image has %zu pixels; at most %d are supported", n, INT_MAX);
  if (cle_array_fill(output_image, 0) != 0)
    return -1;
  const cle_param params[] = {cle_param_array("src", input_image), cle_param_array("flags", output_image),
                              cle_param_int("n", (int)n)};
  const size_t range[3] = {n, 1, 1};
  return cle_run_kernel(cle_array_device(input_image), "point_lists", "flag_labels", params, 3, range, NULL, NULL);
}
