/* Device-side min / max / sum of all pixels (kernels/reduce_all.cl): one
 * pass of up to REDUCE_MAX_GROUPS work-groups writing partials, one
 * work-group combining them; 32 bytes come back to the host. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cle_private.h"
#include "ops_util.h"

enum { REDUCE_GROUP = 256, REDUCE_MAX_GROUPS = 1024 };

int cle_ops_reduce_all(cle_array *src, double *min, double *max, double *sum)
{
  cle_device *dev = cle_array_device(src);
  const size_t n = cle_array_size(src);
  const size_t group = cle_ops_group_size(dev, REDUCE_GROUP);
  size_t groups = (n + group - 1) / group;
  if (groups > REDUCE_MAX_GROUPS)
    groups = REDUCE_MAX_GROUPS;
  const int is_float = cle_array_dtype(src) == CLE_FLOAT32;
  char defines[96];
  snprintf(defines, sizeof defines, "#define CLE_WG %zu\n#define CLE_SRC_FLOAT %d\n", group, is_float);

  /* three 8-byte accumulators per group; the result holds three plus a size word */
  cle_array *partials = cle_create(dev, CLE_UINT32, 6 * groups, 1, 1);
  cle_array *result = cle_create(dev, CLE_UINT32, 8, 1, 1);
  int rc = -1;
  if (!partials || !result)
    goto done;
  const cle_param partial_params[] = {cle_param_array("src", src), cle_param_array("partials", partials)};
  const size_t partial_range[3] = {groups * group, 1, 1}, local[3] = {group, 1, 1};
  if (cle_run_kernel(dev, "reduce_all", "reduce_all_partial", partial_params, 2, partial_range, local, defines) != 0)
    goto done;
  const cle_param final_params[] = {cle_param_array("partials", partials), cle_param_array("result", result),
                                    cle_param_int("num_partials", (int)groups)};
  const size_t final_range[3] = {group, 1, 1};
  if (cle_run_kernel(dev, "reduce_all", "reduce_all_final", final_params, 3, final_range, local, defines) != 0)
    goto done;
  uint32_t words[8];
  if (cle_pull(result, words, sizeof words) != 0)
    goto done;
  double values[3];
  if (!is_float) {
    int64_t v[3];
    memcpy(v, words, sizeof v);
    for (int k = 0; k < 3; k++)
      values[k] = (double)v[k];
  } else if (words[7] == sizeof(double)) {
    memcpy(values, words, sizeof values);
  } else {
    float v[3];
    memcpy(v, words, sizeof v);
    for (int k = 0; k < 3; k++)
      values[k] = v[k];
  }
  if (min)
    *min = values[0];
  if (max)
    *max = values[1];
  if (sum)
    *sum = values[2];
  rc = 0;
done:
  cle_release(partials);
  cle_release(result);
  return rc;
}
