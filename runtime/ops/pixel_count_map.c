/* pixel_count_map: the number of pixels of each label, in place of each label
 * (runtime/ops/label_statistics.c measures, kernels/replace_values.cl maps). */
#include "cle_ops_impl.h"
#include "label_statistics.h"

static float value(const cle_label_stats *s, int l)
{
  return (float)s->count[l];
}

int cle_impl_pixel_count_map(cle_array *input_image, cle_array *output_image)
{
  return cle_label_stats_map(input_image, "input_image", NULL, NULL, 0, value, output_image);
}
