/* extension_ratio_map: each label's largest over mean distance of its pixels to its centroid (NaN for a one-pixel label: 0 / 0), in place of each label
 * (runtime/ops/label_statistics.c measures, kernels/replace_values.cl maps). */
#include "cle_ops_impl.h"
#include "label_statistics.h"

static float value(const cle_label_stats *s, int l)
{
  return (float)(s->max_dist_centroid[l] / (s->sum_dist_centroid[l] / (double)s->count[l]));
}

int cle_impl_extension_ratio_map(cle_array *input_image, cle_array *output_image)
{
  return cle_label_stats_map(input_image, "input_image", NULL, NULL, CLE_LS_SPREAD, value, output_image);
}
