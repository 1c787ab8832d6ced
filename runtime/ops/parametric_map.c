/* parametric_map: every label's pixels get its entry of a column of
 * per-label values (a table's column with the background row: entry l for
 * label l), the background and labels past the column's end 0. */
#include <stdlib.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "label_statistics.h"

int cle_impl_parametric_map(cle_array *labels, cle_array *properties, cle_array *output_image)
{
  int largest = 0;
  if (cle_label_largest(labels, "labels", &largest) != 0)
    return -1;
  float *column = cle_label_values_as_float(properties);
  float *values = column ? calloc((size_t)largest + 1, sizeof *values) : NULL;
  if (!values) {
    free(column);
    return column ? cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory for %d values", largest + 1) : -1;
  }
  const size_t n = cle_array_size(properties);
  for (size_t l = 1; l <= (size_t)largest && l < n; l++)
    values[l] = column[l];
  const int rc = cle_label_map_values(labels, values, largest + 1, output_image);
  free(values);
  free(column);
  return rc;
}
