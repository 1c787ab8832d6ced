/* dilate_labels: clEsperanto's loop of onlyzero_overwrite_maximum steps,
 * box and sphere alternating (box first), at most `radius` of them and no
 * more once a step changes nothing, in the input's dtype; then the result
 * is converted into dst. See label_util.c (label_grow). */
#include "cle_ops_impl.h"
#include "cesperanto/cle_ops.h"
#include "label_util.h"

int cle_impl_dilate_labels(cle_array *input_image, cle_array *output_image, int radius)
{
  cle_array *a = label_work_copy(input_image, cle_array_dtype(input_image));
  cle_array *b = a ? cle_create_like(a) : NULL;
  cle_array *grown = a;
  int rc = a && b ? 0 : -1;
  if (rc == 0 && radius > 0)
    rc = label_grow(a, b, radius, 1, &grown);
  if (rc == 0) {
    cle_array *copied = cle_copy(grown, output_image);
    rc = copied ? 0 : -1;
    cle_release(copied);
  }
  cle_release(a);
  cle_release(b);
  return rc;
}
