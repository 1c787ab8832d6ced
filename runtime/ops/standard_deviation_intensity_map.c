/* standard_deviation_intensity_map: each label's population standard deviation of the intensity: sqrt(sum((v - mean)^2) / n), the sum of squared deviations from the mean in double, in place of each label
 * (runtime/ops/label_statistics.c measures, kernels/replace_values.cl maps). */
#include <math.h>

#include "cle_ops_impl.h"
#include "label_statistics.h"

static float value(const cle_label_stats *s, int l)
{
  return (float)sqrt(s->sum_sq_dev[l] / (double)s->count[l]);
}

int cle_impl_standard_deviation_intensity_map(cle_array *input_image, cle_array *labels, cle_array *output_image)
{
  return cle_label_stats_map(labels, "labels", input_image, "input_image", CLE_LS_INTENSITY | CLE_LS_SPREAD, value,
                             output_image);
}
