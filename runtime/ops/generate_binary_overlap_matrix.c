/* generate_binary_overlap_matrix: 1 at (label of input_image0, label of
 * input_image1) of every pixel (kernels/label_measurements.cl:
 * overlap_matrix), on a zeroed matrix. */
#include <limits.h>

#include "cle_ops_impl.h"
#include "label_statistics.h"

int cle_impl_generate_binary_overlap_matrix(cle_array *input_image0, cle_array *input_image1, cle_array *output_image)
{
  if (cle_label_same_shape(input_image0, "input_image0", input_image1, "input_image1") != 0)
    return -1;
  if (cle_array_fill(output_image, 0) != 0)
    return -1;
  const size_t n = cle_array_size(input_image0); /* < 2^31: checked with the labels */
  const cle_param params[] = {cle_param_array("src0", input_image0), cle_param_array("src1", input_image1),
                              cle_param_array("dst", output_image), cle_param_int("n", (int)n)};
  const size_t range[3] = {n, 1, 1};
  return cle_run_kernel(cle_array_device(input_image0), "label_measurements", "overlap_matrix", params, 4, range, NULL,
                        NULL);
}
