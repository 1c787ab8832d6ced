/* remove_labels_with_map_values_within_range: remove label l where
 * min_value <= values[l] <= max_value, renumber the rest
 * (label_statistics.c: cle_label_remove_by_value). */
#include "cle_ops_impl.h"
#include "label_statistics.h"

int cle_impl_remove_labels_with_map_values_within_range(cle_array *input_image, cle_array *values,
                                                        cle_array *output_image, float min_value, float max_value)
{
  return cle_label_remove_by_value(input_image, values, output_image, min_value, max_value, true);
}
