/* maximum_intensity_map: each label's largest intensity (NaN pixels skipped), in place of each label
 * (runtime/ops/label_statistics.c measures, kernels/replace_values.cl maps). */
#include "cle_ops_impl.h"
#include "label_statistics.h"

static float value(const cle_label_stats *s, int l)
{
  return (float)s->max_v[l];
}

int cle_impl_maximum_intensity_map(cle_array *input_image, cle_array *labels, cle_array *output_image)
{
  return cle_label_stats_map(labels, "labels", input_image, "input_image", CLE_LS_INTENSITY, value, output_image);
}
