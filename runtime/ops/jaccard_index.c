/* jaccard_index: |A and B| / |A or B| of the nonzero pixels, both counts
 * exact (kernels/label_measurements.cl: jaccard_counts). */
#include <limits.h>
#include <math.h>
#include <stdio.h>

#include "cle_ops_impl.h"
#include "label_scan.h"
#include "label_statistics.h"

enum { MAX_GROUPS = 1024 };

int cle_impl_jaccard_index(cle_array *input_image0, cle_array *input_image1, double *result)
{
  if (cle_label_same_shape(input_image0, "input_image0", input_image1, "input_image1") != 0)
    return -1;
  const size_t n = cle_array_size(input_image0);
  if (n > INT_MAX)
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "input_image0 has %zu pixels; at most %d are supported", n, INT_MAX);
  cle_device *dev = cle_array_device(input_image0);
  const int group = label_group_size(dev, 256);
  size_t groups = (n + (size_t)group - 1) / (size_t)group;
  if (groups > MAX_GROUPS)
    groups = MAX_GROUPS;
  char defines[32];
  snprintf(defines, sizeof defines, "#define JC_WG %d\n", group);
  cle_array *counts = cle_create(dev, CLE_UINT32, 2, 1, 1);
  uint32_t found[2] = {0, 0};
  int rc = counts ? cle_array_fill(counts, 0) : -1;
  if (rc == 0) {
    const cle_param params[] = {cle_param_array("a", input_image0), cle_param_array("b", input_image1),
                                cle_param_array("counts", counts), cle_param_int("n", (int)n)};
    const size_t local[3] = {(size_t)group, 1, 1};
    const size_t range[3] = {groups * (size_t)group, 1, 1};
    rc = cle_run_kernel(dev, "label_measurements", "jaccard_counts", params, 4, range, local, defines);
  }
  if (rc == 0)
    rc = cle_pull(counts, found, sizeof found);
  cle_release(counts);
  if (rc == 0)
    *result = found[1] ? (double)found[0] / (double)found[1] : NAN;
  return rc;
}
