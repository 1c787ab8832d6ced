/* copy: dst = src converted to dst's dtype. A copy into the same dtype is a
 * plain buffer copy (cle_array_copy, clEnqueueCopyBuffer: the device's copy
 * bandwidth, where one work-item per uint8 pixel reached a third of it);
 * only a converting copy runs kernels/copy.cl. Shapes and devices are
 * already checked by the generated wrapper. */
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "ops_util.h"

static int copy_pixels(cle_array *src, cle_array *dst)
{
  if (cle_array_dtype(src) == cle_array_dtype(dst))
    return cle_array_copy(src, dst);
  const cle_param params[] = {cle_param_array("src", src), cle_param_array("dst", dst)};
  const size_t range[3] = {cle_array_width(dst), cle_array_height(dst), cle_array_depth(dst)};
  return cle_run_kernel(cle_array_device(dst), "copy", "copy", params, 2, range, NULL, NULL);
}

int cle_impl_copy(cle_array *src, cle_array *dst)
{
  return cle_ops_result("copy", copy_pixels(src, dst));
}
