/* kuwahara_filter: the kernel (kernels/kuwahara_filter.cl) over every pixel,
 * its tap weights exp(-d^2 / (2 sigma^2)) for each squared distance d^2 of
 * the window computed here in IEEE float (the C library's expf, as the
 * Gaussian's weights: gaussian_weights.c), so every device filters with the
 * same weights. The window reaches 2 radius + 1 pixels from the centre, as
 * pyclesperanto 0.25.1's (see the spec). */
#include <math.h>
#include <stdlib.h>

#include "cle_ops_impl.h"
#include "cle_private.h"

int cle_impl_kuwahara_filter(cle_array *input_image, cle_array *output_image, int radius, float sigma)
{
  const float two_sigma_sq = 2.0f * sigma * sigma;
  if (!(two_sigma_sq > 0.0f))
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "sigma must not be 0 (nor so small that 2 sigma^2 is 0 in float32), got %g", (double)sigma);
  const int reach = 2 * radius + 1;
  const int dims = cle_array_depth(input_image) > 1 ? 3 : 2;
  const size_t n = (size_t)dims * (size_t)reach * (size_t)reach + 1; /* squared distances 0 .. dims reach^2 */
  float *table = malloc(n * sizeof *table);
  if (!table)
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "no memory for %zu weights", n);
  for (size_t i = 0; i < n; i++)
    table[i] = expf(-(float)i / two_sigma_sq);
  cle_array *weights = cle_push(cle_array_device(input_image), table, CLE_FLOAT32, n, 1, 1);
  free(table);
  if (!weights)
    return -1;
  const size_t range[3] = {cle_array_width(output_image), cle_array_height(output_image),
                           cle_array_depth(output_image)};
  const cle_param params[] = {cle_param_array("input_image", input_image), cle_param_array("weights", weights),
                              cle_param_array("output_image", output_image), cle_param_int("reach", reach)};
  const int rc =
      cle_run_kernel(cle_array_device(input_image), "kuwahara_filter", "kuwahara_filter", params, 4, range, NULL, NULL);
  cle_release(weights);
  return rc;
}
