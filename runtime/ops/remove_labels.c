/* remove_labels: the flag list is read to the host, which builds
 * clEsperanto's table (flagged labels 0, the others 1, 2, ... in order;
 * labels past the list shifted down by the number removed), and one
 * launch maps every pixel through it (label_util.c: label_apply_lookup). */
#include <stdlib.h>

#include "cle_ops_impl.h"
#include "label_util.h"

/* Element i of a host copy of an array of the dtype, nonzero (NaN too)? */
static int flag_at(const unsigned char *p, cle_dtype dtype, size_t i)
{
  switch (dtype) {
  case CLE_INT8: return ((const int8_t *)p)[i] != 0;
  case CLE_UINT8: return ((const uint8_t *)p)[i] != 0;
  case CLE_INT16: return ((const int16_t *)p)[i] != 0;
  case CLE_UINT16: return ((const uint16_t *)p)[i] != 0;
  case CLE_INT32: return ((const int32_t *)p)[i] != 0;
  case CLE_UINT32: return ((const uint32_t *)p)[i] != 0;
  case CLE_FLOAT32: return ((const float *)p)[i] != 0;
  }
  return 0;
}

int cle_impl_remove_labels(cle_array *input_image, cle_array *list, cle_array *output_image)
{
  const size_t n = cle_array_size(list);
  unsigned char *host = malloc(cle_array_nbytes(list));
  uint8_t *flags = malloc(n);
  uint32_t *lookup = malloc(n * sizeof *lookup);
  int rc = host && flags && lookup ? 0 : cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "no host memory for a list of %zu", n);
  if (rc == 0)
    rc = cle_pull(list, host, cle_array_nbytes(list));
  if (rc == 0) {
    for (size_t i = 0; i < n; i++)
      flags[i] = (uint8_t)flag_at(host, cle_array_dtype(list), i);
    uint32_t shift;
    label_removal_table(flags, n, lookup, &shift);
    rc = label_apply_lookup(input_image, output_image, lookup, n, shift);
  }
  free(host);
  free(flags);
  free(lookup);
  return rc;
}
