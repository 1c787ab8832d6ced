/* array_equal: same shape (ndim included) and every pixel pair equal as
 * doubles (exact for every dtype); NaN equals nothing. */
#include "ref_common.h"

int ref_op_array_equal(const ref_image *input_image0, const ref_image *input_image1, double *result)
{
  const ref_image *a = input_image0, *b = input_image1;
  *result = 0;
  if (a->ndim != b->ndim || a->width != b->width || a->height != b->height || a->depth != b->depth)
    return 0;
  for (size_t i = 0; i < ref_image_size(a); i++)
    if (!(ref_get(a, i) == ref_get(b, i)))
      return 0;
  *result = 1;
  return 0;
}
