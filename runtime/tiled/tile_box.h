/* Boxes of host images and the tiles of an image: what the tiled ops
 * (runtime/tiled/) share. Axes are x, y, z; x fastest in memory. */
#ifndef CESPERANTO_TILE_BOX_H
#define CESPERANTO_TILE_BOX_H

#include <stdbool.h>
#include <stddef.h>
#include "cesperanto/cle.h"
#include "cesperanto/cle_io.h"

/* A box of an image: origin and size per axis x, y, z. */
typedef struct cle_box {
  size_t origin[3];
  size_t size[3];
} cle_box;

/* The image's size per axis. */
void cle_box_of_image(const cle_host_image *img, cle_box *whole);
/* Tiles of tile[3] (0 on an axis: the whole axis) over an image of size[3], in
 * raster order (x fastest): how many, and the index-th one (the last on an
 * axis may be smaller). */
size_t cle_tile_count(const size_t size[3], const size_t tile[3]);
void cle_tile_at(const size_t size[3], const size_t tile[3], size_t index, cle_box *box);
/* box grown by halo[3] on both sides and clipped to an image of size[3]. */
void cle_box_grow(const cle_box *box, const size_t halo[3], const size_t size[3], cle_box *grown);

/* Copy the rows of the box `part` of img to (to_packed) or from a packed buffer holding the
 * box `held` of the image (part lies inside held; both in image coordinates). */
void cle_box_copy_rows(const cle_host_image *img, const cle_box *held, const cle_box *part, unsigned char *packed,
                       bool to_packed);
/* The numpy-ordered shape of a box of img at img's ndim (1..3) into shape; returns that ndim. */
int cle_box_shape(const cle_host_image *img, const cle_box *box, size_t shape[3]);

/* A new device array holding the box of img (img's dtype and ndim). NULL with the error set. */
cle_array *cle_box_push(cle_device *dev, const cle_host_image *img, const cle_box *box);
/* Pull the part `inner` of arr, which holds the box `held` of an image, into
 * that part of img (inner lies inside held, in image coordinates). 0 or -1. */
int cle_box_pull(const cle_array *arr, const cle_box *held, const cle_box *inner, cle_host_image *img);

#endif
