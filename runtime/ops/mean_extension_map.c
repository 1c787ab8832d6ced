/* mean_extension_map: each label's mean distance of its pixels to its centroid, in place of each label
 * (runtime/ops/label_statistics.c measures, kernels/replace_values.cl maps). */
#include "cle_ops_impl.h"
#include "label_statistics.h"

static float value(const cle_label_stats *s, int l)
{
  return (float)(s->sum_dist_centroid[l] / (double)s->count[l]);
}

int cle_impl_mean_extension_map(cle_array *input_image, cle_array *output_image)
{
  return cle_label_stats_map(input_image, "input_image", NULL, NULL, CLE_LS_SPREAD, value, output_image);
}
