/* block_enumerate: number the nonzero pixels of each row from the block sums
 * (kernels/block_enumerate.cl), one work-item per pixel. */
#include "cle_ops_impl.h"
#include "cle_private.h"

int cle_impl_block_enumerate(cle_array *input_image0, cle_array *input_image1, cle_array *output_image, int blocksize)
{
  const size_t w = cle_array_width(input_image0), h = cle_array_height(input_image0), d = cle_array_depth(input_image0);
  const size_t blocks = (w + (size_t)blocksize - 1) / (size_t)blocksize;
  if (cle_array_width(input_image1) < blocks || cle_array_height(input_image1) != h ||
      cle_array_depth(input_image1) != d)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "input_image1 must hold one sum per block of %d pixels of input_image0: width at least %zu, "
                         "height %zu, depth %zu, got width %zu, height %zu, depth %zu",
                         blocksize, blocks, h, d, cle_array_width(input_image1), cle_array_height(input_image1),
                         cle_array_depth(input_image1));
  const cle_param params[] = {cle_param_array("input_image0", input_image0),
                              cle_param_array("input_image1", input_image1),
                              cle_param_array("output_image", output_image), cle_param_int("blocksize", blocksize)};
  const size_t range[3] = {w, h, d};
  return cle_run_kernel(cle_array_device(input_image0), "block_enumerate", "block_enumerate", params, 4, range, NULL,
                        NULL);
}
