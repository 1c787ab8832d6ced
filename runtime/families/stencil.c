/* The stencil family (gradients, Sobel, Laplace, binary edges, local
 * extrema): one kernel, kernels/stencil.cl, one work-item per pixel. The
 * local extrema (detect_maxima, detect_minima) first smooth with the
 * neighbourhood family's mean filter, as clEsperanto's do. */
#include <stdio.h>

#include "cle_private.h"
#include "families/neighbourhood.h"
#include "families/stencil.h"

static int run(cle_array *src, cle_array *dst, cle_stencil_rule rule, int sphere)
{
  const cle_param params[] = {cle_param_array("src", src), cle_param_array("dst", dst)};
  const size_t range[3] = {cle_array_width(dst), cle_array_height(dst), cle_array_depth(dst)};
  char defines[64];
  snprintf(defines, sizeof defines, "#define CLE_ST_RULE %d\n#define CLE_ST_SPHERE %d\n", (int)rule, sphere ? 1 : 0);
  return cle_run_kernel(cle_array_device(dst), "stencil", "stencil", params, 2, range, NULL, defines);
}

int cle_stencil(cle_array *src, cle_array *dst, cle_stencil_rule rule, float radius_x, float radius_y, float radius_z,
                int sphere)
{
  /* A pass must not read what it writes: dst == src goes through a temporary. */
  cle_array *in = src, *smoothed = NULL, *detached = NULL;
  int rc = -1;
  if (rule == CLE_ST_LOCAL_MAXIMUM || rule == CLE_ST_LOCAL_MINIMUM) {
    if (!(smoothed = cle_create_like(src)) ||
        cle_neighbourhood(src, smoothed, CLE_NB_MEAN, radius_x, radius_y, radius_z, sphere) != 0)
      goto done;
    in = smoothed;
  }
  if (in == dst) {
    if (!(detached = cle_create_like(dst)) || run(in, detached, rule, sphere) != 0)
      goto done;
    rc = cle_array_copy(detached, dst);
  } else {
    rc = run(in, dst, rule, sphere);
  }
done:
  cle_release(smoothed);
  cle_release(detached);
  return rc;
}
