/* range and scatter: Python's slicing, naively: the indices of each axis
 * listed by walking from the adjusted start toward the adjusted stop
 * (CPython's slice.indices), then every combination copied (range) or
 * assigned to, an input axis of size 1 broadcast (scatter). */
#include <stdlib.h>

#include "ref_common.h"

/* The indices start:stop:step (CLE_NONE for None) selects over n items, into idx (n entries at most); their count. */
static size_t slice_indices(long n, int start, int stop, int step, long *idx)
{
  const long st = step == CLE_NONE ? 1 : step;
  if (st == 0)
    return 0;
  long bounds[2] = {start, stop};
  for (int i = 0; i < 2; i++) {
    const bool given = (i == 0 ? start : stop) != CLE_NONE;
    if (!given)
      bounds[i] = i == 0 ? (st > 0 ? 0 : n - 1) : (st > 0 ? n : -1);
    else if (bounds[i] < 0)
      bounds[i] = bounds[i] + n >= 0 ? bounds[i] + n : (st > 0 ? 0 : -1);
    else if (bounds[i] >= n)
      bounds[i] = st > 0 ? n : n - 1;
  }
  size_t count = 0;
  for (long i = bounds[0]; st > 0 ? i < bounds[1] : i > bounds[1]; i += st)
    idx[count++] = i;
  return count;
}

int ref_op_range(const ref_image *input_image, ref_image *output_image, int start_x, int stop_x, int step_x,
                 int start_y, int stop_y, int step_y, int start_z, int stop_z, int step_z)
{
  const long w = (long)input_image->width, h = (long)input_image->height, d = (long)input_image->depth;
  long *ix = malloc(sizeof(long) * (size_t)(w + h + d));
  if (!ix)
    return -1;
  long *iy = ix + w, *iz = iy + h;
  const size_t nx = slice_indices(w, start_x, stop_x, step_x, ix);
  const size_t ny = slice_indices(h, start_y, stop_y, step_y, iy);
  const size_t nz = slice_indices(d, start_z, stop_z, step_z, iz);
  int rc = 0;
  if (nx != output_image->width || ny != output_image->height || nz != output_image->depth)
    rc = -1; /* the creator's shape is not the slice's */
  for (size_t z = 0; rc == 0 && z < nz; z++)
    for (size_t y = 0; y < ny; y++)
      for (size_t x = 0; x < nx; x++)
        ref_set(output_image, (z * ny + y) * nx + x, ref_get(input_image, (size_t)((iz[z] * h + iy[y]) * w + ix[x])));
  free(ix);
  return rc;
}

int ref_op_scatter(const ref_image *input_image, ref_image *output_image, int start_x, int stop_x, int step_x,
                   int start_y, int stop_y, int step_y, int start_z, int stop_z, int step_z)
{
  const ref_image *in = input_image;
  const long w = (long)output_image->width, h = (long)output_image->height, d = (long)output_image->depth;
  long *ix = malloc(sizeof(long) * (size_t)(w + h + d));
  if (!ix)
    return -1;
  long *iy = ix + w, *iz = iy + h;
  const size_t n[3] = {slice_indices(w, start_x, stop_x, step_x, ix), slice_indices(h, start_y, stop_y, step_y, iy),
                       slice_indices(d, start_z, stop_z, step_z, iz)};
  const size_t src[3] = {in->width, in->height, in->depth};
  int rc = 0;
  for (int a = 0; a < 3; a++)
    if (n[a] == 0 || (src[a] != n[a] && src[a] != 1))
      rc = -1; /* an empty slice, or an input that does not broadcast to it */
  for (size_t z = 0; rc == 0 && z < n[2]; z++)
    for (size_t y = 0; y < n[1]; y++)
      for (size_t x = 0; x < n[0]; x++) {
        const size_t sx = src[0] == 1 ? 0 : x, sy = src[1] == 1 ? 0 : y, sz = src[2] == 1 ? 0 : z;
        ref_set(output_image, (size_t)((iz[z] * h + iy[y]) * w + ix[x]),
                ref_get(in, (sz * in->height + sy) * in->width + sx));
      }
  free(ix);
  return rc;
}
