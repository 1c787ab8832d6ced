/* Boxes of host images and the tiles of an image (tile_box.h). A box moves
 * between host and device through one contiguous staging buffer: the rows
 * of the box are gathered (scattered) on the host by several threads
 * (parallel.h), then one transfer; a box of whole rows (and planes) moves
 * straight from or into the image. */
#include "tiled/tile_box.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "host_memory.h"
#include "parallel.h"
#include "profile.h"

void cle_box_of_image(const cle_host_image *img, cle_box *whole)
{
  *whole = (cle_box){.origin = {0, 0, 0}, .size = {img->width, img->height, img->depth}};
}

static size_t tiles_along(size_t size, size_t tile)
{
  return tile == 0 || tile >= size ? 1 : (size + tile - 1) / tile;
}

size_t cle_tile_count(const size_t size[3], const size_t tile[3])
{
  return tiles_along(size[0], tile[0]) * tiles_along(size[1], tile[1]) * tiles_along(size[2], tile[2]);
}

void cle_tile_at(const size_t size[3], const size_t tile[3], size_t index, cle_box *box)
{
  for (int a = 0; a < 3; a++) {
    const size_t n = tiles_along(size[a], tile[a]), k = index % n;
    const size_t step = n == 1 ? size[a] : tile[a];
    index /= n;
    box->origin[a] = k * step;
    box->size[a] = k + 1 < n ? step : size[a] - k * step;
  }
}

void cle_box_grow(const cle_box *box, const size_t halo[3], const size_t size[3], cle_box *grown)
{
  for (int a = 0; a < 3; a++) {
    const size_t lo = box->origin[a] > halo[a] ? box->origin[a] - halo[a] : 0;
    size_t hi = box->origin[a] + box->size[a] + halo[a];
    if (hi > size[a] || hi < box->origin[a]) /* past the end, or wrapped around */
      hi = size[a];
    grown->origin[a] = lo;
    grown->size[a] = hi - lo;
  }
}

/* The rows of one copy, cut into parts for the threads (parallel.h). */
typedef struct rows_job {
  const cle_host_image *img;
  const cle_box *held, *part;
  unsigned char *packed;
  bool to_packed;
  int parts;
} rows_job;

static void copy_part(void *ctx, int index)
{
  const rows_job *j = ctx;
  const cle_host_image *img = j->img;
  const cle_box *held = j->held, *part = j->part;
  const size_t elem = cle_dtype_size(img->dtype), row = part->size[0] * elem;
  unsigned char *base = img->data;
  size_t r, end;
  cle_part_range(part->size[1] * part->size[2], j->parts, index, &r, &end);
  for (; r < end; r++) {
    const size_t z = r / part->size[1], y = r % part->size[1];
    const size_t hz = part->origin[2] + z - held->origin[2], hy = part->origin[1] + y - held->origin[1];
    unsigned char *p =
        j->packed + ((hz * held->size[1] + hy) * held->size[0] + part->origin[0] - held->origin[0]) * elem;
    unsigned char *at =
        base + (((part->origin[2] + z) * img->height + part->origin[1] + y) * img->width + part->origin[0]) * elem;
    if (j->to_packed)
      memcpy(p, at, row);
    else
      memcpy(at, p, row);
  }
}

void cle_box_copy_rows(const cle_host_image *img, const cle_box *held, const cle_box *part, unsigned char *packed,
                       bool to_packed)
{
  const double t0 = cle_profile_start();
  const size_t rows = part->size[1] * part->size[2];
  rows_job j = {img, held, part, packed, to_packed, 1};
  j.parts = cle_host_parts(rows, part->size[0] * cle_dtype_size(img->dtype));
  cle_parallel_run(j.parts, copy_part, &j);
  cle_profile_stop("tiled", to_packed ? "pack" : "unpack", t0);
}

int cle_box_shape(const cle_host_image *img, const cle_box *box, size_t shape[3])
{
  const int ndim = img->ndim < 1 ? 1 : img->ndim > 3 ? 3 : img->ndim;
  for (int i = 0; i < ndim; i++)
    shape[i] = box->size[ndim - 1 - i];
  return ndim;
}

/* Whether the box's pixels are one contiguous run of the image's memory: whole rows of whole
 * planes (a slab along z), or a run of whole rows of one plane. */
static bool box_contiguous(const cle_host_image *img, const cle_box *box)
{
  if (box->origin[0] != 0 || box->size[0] != img->width)
    return false;
  return box->size[2] == 1 || (box->origin[1] == 0 && box->size[1] == img->height);
}

static const unsigned char *box_start(const cle_host_image *img, const cle_box *box)
{
  const size_t at = (box->origin[2] * img->height + box->origin[1]) * img->width + box->origin[0];
  return (const unsigned char *)img->data + at * cle_dtype_size(img->dtype);
}

cle_array *cle_box_push(cle_device *dev, const cle_host_image *img, const cle_box *box)
{
  size_t shape[3];
  const int ndim = cle_box_shape(img, box, shape);
  if (box_contiguous(img, box)) /* straight from the image: the transfer path stages and splits it */
    return cle_push_nd(dev, box_start(img, box), img->dtype, ndim, shape);
  const size_t bytes = box->size[0] * box->size[1] * box->size[2] * cle_dtype_size(img->dtype);
  unsigned char *packed = cle_host_large_alloc(bytes);
  if (!packed) {
    cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "tiling: no host memory for a tile of %zu bytes", bytes);
    return NULL;
  }
  cle_box_copy_rows(img, box, box, packed, true);
  cle_array *arr = cle_push_nd(dev, packed, img->dtype, ndim, shape);
  free(packed);
  return arr;
}

int cle_box_pull(const cle_array *arr, const cle_box *held, const cle_box *inner, cle_host_image *img)
{
  const size_t bytes = cle_array_nbytes(arr);
  if (memcmp(held, inner, sizeof *held) == 0 && box_contiguous(img, inner)) /* straight into the image */
    return cle_pull(arr, (void *)box_start(img, inner), bytes);
  unsigned char *packed = cle_host_large_alloc(bytes);
  if (!packed)
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "tiling: no host memory for a tile of %zu bytes", bytes);
  if (cle_pull(arr, packed, bytes) != 0) {
    free(packed);
    return -1;
  }
  cle_box_copy_rows(img, held, inner, packed, false);
  free(packed);
  return 0;
}
