/* extend_labeling_via_voronoi: the labels converted to uint32, then grown
 * by onlyzero_overwrite_maximum steps, box and sphere alternating (box
 * first), until a step changes nothing
 * (label_util.c: label_grow), as clEsperanto's loop. */
#include "cle_ops_impl.h"
#include "cesperanto/cle_ops.h"
#include "label_util.h"

int cle_impl_extend_labeling_via_voronoi(cle_array *input_image, cle_array *output_image)
{
  cle_array *a = label_work_copy(input_image, CLE_UINT32);
  cle_array *b = a ? cle_create_like(a) : NULL;
  cle_array *grown = a;
  int rc = a && b ? label_grow(a, b, -1, 1, &grown) : -1;
  if (rc == 0) {
    cle_array *copied = cle_copy(grown, output_image);
    rc = copied ? 0 : -1;
    cle_release(copied);
  }
  cle_release(a);
  cle_release(b);
  return rc;
}
