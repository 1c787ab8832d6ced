/* The pixelwise family (kernels/pixelwise.cl). The arrays are dense and of
 * one shape, so the image is one flat run of n pixels. On GPUs work-item g
 * handles CLE_VEC consecutive pixels with vector loads and stores (16 bytes
 * of the widest dtype among the inputs and dst; one byte per work-item left
 * 8-bit images at 60 % of the copy bandwidth on the H100), the last item the
 * tail one by one; every lane computes exactly what the scalar rule does. On
 * CPU devices (the layout cle_ops_chunked_path picks, CLE_REDUCE_PATH forces)
 * each work-item does one pixel. */
#include <stdlib.h>

#include "cle_private.h"
#include "families/pixelwise.h"
#include "ops/ops_util.h"

enum { MAX_INPUTS = 3, MAX_SCALARS = 4, VEC_BYTES = 16 };

int cle_pixelwise(cle_array *const *inputs, int n_inputs, cle_array *dst, const float *scalars, int n_scalars,
                  const char *rule_defines)
{
  static const char *const kernels[MAX_INPUTS + 1] = {NULL, "pixelwise_1", "pixelwise_2", "pixelwise_3"};
  static const char *const input_names[MAX_INPUTS] = {"in0", "in1", "in2"};
  static const char *const scalar_names[MAX_SCALARS] = {"s0", "s1", "s2", "s3"};
  if (n_inputs < 1 || n_inputs > MAX_INPUTS || n_scalars < 0 || n_scalars > MAX_SCALARS)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_pixelwise: %d inputs and %d scalars, at most %d and %d",
                         n_inputs, n_scalars, MAX_INPUTS, MAX_SCALARS);
  cle_param params[MAX_INPUTS + 1 + MAX_SCALARS];
  size_t n = 0, widest = cle_dtype_size(cle_array_dtype(dst));
  for (int i = 0; i < n_inputs; i++) {
    params[n++] = cle_param_array(input_names[i], inputs[i]);
    const size_t size = cle_dtype_size(cle_array_dtype(inputs[i]));
    widest = size > widest ? size : widest;
  }
  params[n++] = cle_param_array("dst", dst);
  for (int k = 0; k < MAX_SCALARS; k++)
    params[n++] = cle_param_float(scalar_names[k], k < n_scalars ? scalars[k] : 0.0f);
  /* GPUs: 16 bytes of the widest dtype per work-item (4, 8 or 16 pixels); CPU
   * devices: one pixel per work-item, which pocl vectorizes across work-items
   * (16 pixels of uint8 per item ran greater_constant 5x slower there). */
  const size_t vec = cle_ops_chunked_path(cle_array_device(dst)) ? 1 : VEC_BYTES / widest;
  char *defines = cle_defines_append(rule_defines, "#define CLE_VEC %zu\n", vec);
  if (!defines)
    return -1;
  const size_t range[3] = {(cle_array_size(dst) + vec - 1) / vec, 1, 1};
  const int rc = cle_run_kernel(cle_array_device(dst), "pixelwise", kernels[n_inputs], params, n, range, NULL, defines);
  free(defines);
  return rc;
}
