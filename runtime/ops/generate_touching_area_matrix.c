/* generate_touching_area_matrix: how many face-neighbour pairs each two
 * labels share (kernels/touching_area.cl: touching_area_count), counted with
 * integer atomics into a zeroed uint32 matrix: the output itself where it is
 * uint32, else a scratch matrix converted into it. */
#include "cesperanto/cle_ops.h"
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "ops_util.h"

int cle_impl_generate_touching_area_matrix(cle_array *input_image_label, cle_array *output_image_matrix)
{
  const int direct = cle_array_dtype(output_image_matrix) == CLE_UINT32;
  cle_array *area = direct ? cle_retain(output_image_matrix) : cle_create_like_dtype(output_image_matrix, CLE_UINT32);
  int rc = area ? cle_array_fill(area, 0) : -1;
  if (rc == 0) {
    const cle_param params[] = {cle_param_array("labels", input_image_label), cle_param_array("area", area)};
    const size_t range[3] = {cle_array_width(input_image_label), cle_array_height(input_image_label),
                             cle_array_depth(input_image_label)};
    rc = cle_run_kernel(cle_array_device(input_image_label), "touching_area", "touching_area_count", params, 2, range,
                        NULL, NULL);
  }
  if (rc == 0 && !direct) {
    cle_array *copied = cle_copy(area, output_image_matrix);
    rc = copied ? 0 : -1;
    cle_release(copied);
  }
  cle_release(area);
  return rc;
}

int cle_ops_touching_area_columns(cle_array *labels, cle_array *dst, size_t n, const char *kernel)
{
  cle_device *dev = cle_array_device(labels);
  cle_array *area = cle_create(dev, CLE_UINT32, n, n, 1);
  int rc = area ? cle_impl_generate_touching_area_matrix(labels, area) : -1;
  if (rc == 0) {
    const cle_param params[] = {cle_param_array("area", area), cle_param_array("dst", dst)};
    const size_t range[3] = {n, 1, 1};
    rc = cle_run_kernel(dev, "touching_area", kernel, params, 2, range, NULL, NULL);
  }
  cle_release(area);
  return rc;
}
