/* The reference of the tiled tests: an op run whole on the device (push,
 * invoke, pull), for images of 1 to 3 dimensions. */
#ifndef CESPERANTO_TEST_UNTILED_H
#define CESPERANTO_TEST_UNTILED_H

#include <stdlib.h>

#include "cesperanto/cesperanto.h"
#include "cesperanto/cle_tiled.h"

/* The untiled op: push, invoke, pull. 0, or -1 with the error set. */
static int untiled(const cle_op_desc *op, cle_host_image *const *inputs, const cle_value *params, cle_host_image *out)
{
  cle_array *arrays[8] = {0};
  int rc = 0;
  for (int i = 0; i < op->n_inputs && rc == 0; i++) {
    const cle_host_image *img = inputs[i];
    const size_t whd[3] = {img->width, img->height, img->depth};
    size_t shape[3];
    for (int a = 0; a < img->ndim; a++) /* numpy order */
      shape[a] = whd[img->ndim - 1 - a];
    if (!(arrays[i] = cle_push_nd(NULL, img->data, img->dtype, img->ndim, shape)))
      rc = -1;
  }
  cle_op_result r = {0};
  if (rc == 0)
    rc = op->invoke(arrays, NULL, params, &r);
  if (rc == 0) {
    *out = (cle_host_image){.dtype = cle_array_dtype(r.array),
                            .ndim = cle_array_ndim(r.array),
                            .width = cle_array_width(r.array),
                            .height = cle_array_height(r.array),
                            .depth = cle_array_depth(r.array)};
    out->data = malloc(cle_array_nbytes(r.array));
    rc = cle_pull(r.array, out->data, cle_array_nbytes(r.array));
  }
  cle_release(r.array);
  for (int i = 0; i < op->n_inputs; i++)
    cle_release(arrays[i]);
  return rc;
}

#endif
