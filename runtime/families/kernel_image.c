/* The kernel_image family (erosion, dilation, opening, closing by a structuring image;
 * convolve and local_cross_correlation with a kernel image): one kernel,
 * kernels/kernel_image.cl, one work-item per pixel; opening and closing are
 * two of its passes. */
#include <stdio.h>

#include "cle_private.h"
#include "families/kernel_image.h"
#include "ops/ops_util.h"

/* The kernel's rule numbers (kernels/kernel_image.cl). */
enum { KI_MINIMUM = 0, KI_MAXIMUM = 1, KI_CORRELATE = 2, KI_NORMALIZED = 3 };

typedef struct ki_plan {
  cle_array *kernel;
  int rules[2]; /* per pass */
} ki_plan;

static int ki_step(cle_array *in, cle_array *out, int k, void *ctx)
{
  const ki_plan *plan = ctx;
  const cle_param params[] = {cle_param_array("src", in), cle_param_array("weights", plan->kernel),
                              cle_param_array("dst", out)};
  const size_t range[3] = {cle_array_width(out), cle_array_height(out), cle_array_depth(out)};
  char defines[32];
  snprintf(defines, sizeof defines, "#define CLE_KI_RULE %d\n", plan->rules[k]);
  return cle_run_kernel(cle_array_device(out), "kernel_image", "kernel_image", params, 3, range, NULL, defines);
}

int cle_kernel_image(cle_array *src, cle_array *kernel, cle_array *dst, cle_kernel_image_rule rule)
{
  static const int passes[][2] = {
      [CLE_KI_EROSION] = {KI_MINIMUM, -1},         [CLE_KI_OPENING] = {KI_MINIMUM, KI_MAXIMUM},
      [CLE_KI_CLOSING] = {KI_MAXIMUM, KI_MINIMUM}, [CLE_KI_CONVOLVE] = {KI_CORRELATE, -1},
      [CLE_KI_CROSS_CORREL] = {KI_NORMALIZED, -1}, [CLE_KI_DILATION] = {KI_MAXIMUM, -1}};
  /* the kernel must not be the image written */
  if (kernel == dst)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "the kernel image cannot also be the output image");
  ki_plan plan = {kernel, {passes[rule][0], passes[rule][1]}};
  return cle_ops_separable_passes(src, dst, plan.rules[1] < 0 ? 1 : 2, ki_step, &plan);
}
