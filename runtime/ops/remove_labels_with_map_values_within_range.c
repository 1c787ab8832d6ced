/* remove_labels_with_map_values_within_range: remove label l where
 * min_value <= values[l] <= max_value, renumber the rest
 * (label_statistics.c: cle_label_remove). */
#include <limits.h>
#include <stdlib.h>

#include "cle_ops_impl.h"
#include "label_statistics.h"

int cle_impl_remove_labels_with_map_values_within_range(cle_array *input_image, cle_array *values,
                                                        cle_array *output_image, float min_value, float max_value)
{
  float *v = cle_label_values_as_float(values);
  if (!v)
    return -1;
  const size_t n = cle_array_size(values);
  unsigned char *keep = malloc(n);
  int rc = keep ? 0 : cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory");
  for (size_t l = 0; rc == 0 && l < n; l++)
    keep[l] = !(v[l] >= min_value && v[l] <= max_value); /* NaN kept */
  if (rc == 0)
    rc = cle_label_remove(input_image, keep, n > INT_MAX ? INT_MAX : (int)n, output_image);
  free(keep);
  free(v);
  return rc;
}
