/* add_images_weighted: checks that both inputs have dst's shape (the
 * generated wrapper checks dst against src0 only), then one elementwise
 * kernel (kernels/add_images_weighted.cl) over the flat image, CLE_VEC
 * pixels per work-item: 16 bytes of the widest of the three dtypes. */
#include <stdio.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "ops_util.h"

static int add_weighted(cle_array *src0, cle_array *src1, cle_array *dst, float factor1, float factor2)
{
  if (cle_ops_check_same_shape("add_images_weighted", "src1", src1, src0) != 0)
    return -1;
  const cle_param params[] = {cle_param_array("src0", src0), cle_param_array("src1", src1),
                              cle_param_array("dst", dst), cle_param_float("factor1", factor1),
                              cle_param_float("factor2", factor2)};
  size_t widest = cle_dtype_size(cle_array_dtype(dst));
  const size_t sizes[2] = {cle_dtype_size(cle_array_dtype(src0)), cle_dtype_size(cle_array_dtype(src1))};
  for (int k = 0; k < 2; k++)
    widest = sizes[k] > widest ? sizes[k] : widest;
  const size_t vec = 16 / widest; /* 4, 8 or 16 */
  char defines[32];
  snprintf(defines, sizeof defines, "#define CLE_VEC %zu\n", vec);
  const size_t range[3] = {(cle_array_size(dst) + vec - 1) / vec, 1, 1};
  return cle_run_kernel(cle_array_device(dst), "add_images_weighted", "add_images_weighted", params, 5, range,
                        NULL, defines);
}

int cle_impl_add_images_weighted(cle_array *src0, cle_array *src1, cle_array *dst, float factor1, float factor2)
{
  return cle_ops_result("add_images_weighted", add_weighted(src0, src1, dst, factor1, factor2));
}
