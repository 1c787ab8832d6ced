/* The stencil family (gradients, Sobel, Laplace, binary edges, local
 * extrema): one kernel, kernels/stencil.cl, one work-item per pixel. The
 * local extrema (detect_maxima, detect_minima) first smooth with the
 * neighbourhood family's mean filter, as clEsperanto's do. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cle_private.h"
#include "families/neighbourhood.h"
#include "families/stencil.h"
#include "ops/ops_util.h"

/* Outputs per work-item of the 2D Sobel (sobel_rows; H200, 8192^2 float32
 * alone: 4 0.23 ms, 8 0.21, 16 0.20; copy 0.14). */
enum { SOBEL_BLOCK = 16 };

static int run(cle_array *src, cle_array *dst, cle_stencil_rule rule, int sphere)
{
  const cle_param params[] = {cle_param_array("src", src), cle_param_array("dst", dst)};
  cle_device *dev = cle_array_device(dst);
  const size_t width = cle_array_width(dst), height = cle_array_height(dst), depth = cle_array_depth(dst);
  char defines[128];
  snprintf(defines, sizeof defines,
           "#define CLE_ST_RULE %d\n#define CLE_ST_SPHERE %d\n#define CLE_SYMMETRIC_EIGENVALUES 1\n", (int)rule,
           sphere ? 1 : 0);
  if (depth > 1) { /* 3D: the driver's work-groups */
    const size_t range[3] = {width, height, depth};
    return cle_run_kernel(dev, "stencil", "stencil", params, 2, range, NULL, defines);
  }
  if (rule == CLE_ST_SOBEL && width > 1 && height > 1) { /* 2D Sobel: a column of outputs per item */
    char *rows = cle_defines_append(defines, "#define CLE_ST_BLOCK %d\n", SOBEL_BLOCK);
    if (!rows)
      return -1;
    const size_t blocks = cle_ops_blocks(height, SOBEL_BLOCK);
    size_t local[3] = {cle_ops_group_size(dev, width < 64 ? width : 64), 1, 1};
    while (local[1] < blocks && local[0] * local[1] * 2 <= cle_ops_group_size(dev, 256))
      local[1] *= 2;
    const size_t range[3] = {cle_ops_round_up(width, local[0]), cle_ops_round_up(blocks, local[1]), 1};
    const int rc = cle_run_kernel(dev, "stencil", "sobel_rows", params, 2, range, local, rows);
    free(rows);
    return rc;
  }
  /* 2D: groups of up to 64 x positions by as many rows as make up to 256 items
   * (64 x 4 on a wide image), so that a group's rows share the cached rows
   * above and below them and its reads along x stay coalesced; the kernel
   * skips the items outside the image. */
  size_t local[3] = {cle_ops_group_size(dev, width < 64 ? width : 64), 1, 1};
  while (local[1] < height && local[0] * local[1] * 2 <= cle_ops_group_size(dev, 256))
    local[1] *= 2;
  const size_t range[3] = {cle_ops_round_up(width, local[0]), cle_ops_round_up(height, local[1]), 1};
  return cle_run_kernel(dev, "stencil", "stencil", params, 2, range, local, defines);
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
