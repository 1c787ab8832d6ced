/* histogram: clEsperanto's binning (see the spec and kernels/histogram.cl).
 * NaN bounds are replaced, both, by the image's own min and max (as CLIc's
 * histogram_func does), from one fused device reduction. */
#include <math.h>
#include <stdio.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "ops_util.h"

enum { HIST_GROUP = 256, HIST_MAX_GROUPS = 1024, HIST_MAX_LOCAL_BINS = 4096 };

/* Local sub-histogram size: a power of two >= num_bins from 256 up (a few
 * program variants), or 0 when it would not fit local memory comfortably. */
static int local_bins(int num_bins)
{
  int size = 256;
  while (size < num_bins && size < HIST_MAX_LOCAL_BINS)
    size *= 2;
  return num_bins <= size ? size : 0;
}

int cle_ops_histogram_into(cle_array *src, cle_array *dst, int num_bins, float min, float max)
{
  cle_device *dev = cle_array_device(src);
  if (cle_array_fill(dst, 0) != 0)
    return -1;
  const size_t n = cle_array_size(src);
  const size_t group = cle_ops_group_size(dev, HIST_GROUP);
  size_t groups = (n + group - 1) / group;
  if (groups > HIST_MAX_GROUPS)
    groups = HIST_MAX_GROUPS;
  char defines[48];
  snprintf(defines, sizeof defines, "#define CLE_HIST_LOCAL %d\n", local_bins(num_bins));
  const cle_param params[] = {cle_param_array("src", src), cle_param_array("dst", dst),
                              cle_param_int("num_bins", num_bins), cle_param_float("minimum", min),
                              cle_param_float("maximum", max)};
  const size_t range[3] = {groups * group, 1, 1}, local[3] = {group, 1, 1};
  return cle_run_kernel(dev, "histogram", "histogram", params, 5, range, local, defines);
}

static int histogram(cle_array *src, cle_array *dst, int num_bins, float minimum_intensity,
                       float maximum_intensity)
{
  if (isnan(minimum_intensity) || isnan(maximum_intensity)) {
    double lo, hi;
    if (cle_ops_reduce_all(src, &lo, &hi, NULL) != 0)
      return -1;
    minimum_intensity = (float)lo;
    maximum_intensity = (float)hi;
  }
  return cle_ops_histogram_into(src, dst, num_bins, minimum_intensity, maximum_intensity);
}

int cle_impl_histogram(cle_array *src, cle_array *dst, int num_bins, float minimum_intensity,
                       float maximum_intensity)
{
  return cle_ops_result("histogram", histogram(src, dst, num_bins, minimum_intensity, maximum_intensity));
}
