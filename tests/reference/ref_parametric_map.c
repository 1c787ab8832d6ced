/* Naive reference of parametric_map: output[i] = properties[labels[i]] for
 * labels[i] >= 1 within the column, 0 elsewhere (float32). */
#include <math.h>

#include "cle_reference_ops.h"

int ref_op_parametric_map(const ref_image *labels, const ref_image *properties, ref_image *output_image)
{
  if (isnan(ref_max_label(labels)))
    return -1; /* no label image: the op refuses it */
  const size_t n = ref_image_size(properties);
  for (size_t i = 0; i < ref_image_size(labels); i++) {
    const double l = ref_get(labels, i);
    ref_set(output_image, i, l >= 1 && l < (double)n ? (double)(float)ref_get(properties, (size_t)l) : 0);
  }
  return 0;
}
