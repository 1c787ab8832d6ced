/* The stencil family (gradients, Sobel, Laplace, binary edges, local
 * extrema): one kernel, kernels/stencil.cl, one work-item per pixel. The
 * local extrema (detect_maxima, detect_minima) first smooth with the
 * neighbourhood family's mean filter, as clEsperanto's do. */
#include <math.h>
#include <stdio.h>

#include "cle_private.h"
#include "families/neighbourhood.h"
#include "families/stencil.h"
#include "ops/ops_util.h"

static int run(cle_array *src, cle_array *dst, cle_stencil_rule rule, int sphere)
{
  const cle_param params[] = {cle_param_array("src", src), cle_param_array("dst", dst)};
  const size_t range[3] = {cle_array_width(dst), cle_array_height(dst), cle_array_depth(dst)};
  char defines[128];
  snprintf(defines, sizeof defines,
           "#define CLE_ST_RULE %d\n#define CLE_ST_SPHERE %d\n#define CLE_SYMMETRIC_EIGENVALUES 1\n", (int)rule,
           sphere ? 1 : 0);
  return cle_run_kernel(cle_array_device(dst), "stencil", "stencil", params, 2, range, NULL, defines);
}

typedef struct stencil_plan {
  cle_stencil_rule rule;
  int sphere;
} stencil_plan;

static int stencil_step(cle_array *in, cle_array *out, int k, void *ctx)
{
  const stencil_plan *plan = ctx;
  (void)k;
  return run(in, out, plan->rule, plan->sphere);
}

int cle_stencil(cle_array *src, cle_array *dst, cle_stencil_rule rule, float radius_x, float radius_y, float radius_z,
                int sphere)
{
  stencil_plan plan = {rule, sphere};
  const int smooth = (rule == CLE_ST_LOCAL_MAXIMUM || rule == CLE_ST_LOCAL_MINIMUM) &&
                     (floorf(radius_x) > 0 || floorf(radius_y) > 0 || floorf(radius_z) > 0);
  if (!smooth) /* a mean over radius 0 is the image itself: no pass for it */
    return cle_ops_separable_passes(src, dst, 1, stencil_step, &plan);
  cle_array *smoothed = cle_create_like(src);
  int rc = smoothed && cle_neighbourhood(src, smoothed, CLE_NB_MEAN, radius_x, radius_y, radius_z, sphere) == 0
               ? run(smoothed, dst, rule, sphere)
               : -1;
  cle_release(smoothed);
  return rc;
}
