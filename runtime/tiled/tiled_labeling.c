/* connected_component_labeling over tiles: the same label image as the
 * untiled op, numbering included.
 *
 *   1. Each tile (no halo) is labelled by the op itself on the device: its
 *      objects get 1..n_t in the tile's raster order. The labels are pulled
 *      into the output and shifted by the count of the tiles before
 *      (offset_t), so every (tile, local object) has its own id.
 *   2. Objects touching across tile borders are united on the host in a
 *      union-find over those ids (one entry per tile-local object, never
 *      per pixel): every pixel on the first column, row or plane of a tile
 *      looks at its neighbours (8/26 for `box`, diagonal ones across tile
 *      edges and corners included; 4/6 for `sphere`) in other tiles. A pair
 *      of neighbours in different tiles always has one pixel on such a first
 *      line (the one with the larger coordinate along the axis they cross),
 *      so every crossing is seen.
 *   3. One raster pass over the whole image (x fastest, then y, then z)
 *      numbers each set when its first pixel comes: the numbering of the
 *      untiled op (objects 1..N in the raster order of their first pixel).
 * The output is uint32 (the op's labels(input_image)); more than 2^32 - 1
 * tile-local objects are refused. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tiled/tiled_global.h"

typedef struct forest {
  uint32_t *parent; /* id -> parent id (0-based: id = offset label - 1) */
  size_t n, cap;
} forest;

static uint32_t find(uint32_t *parent, uint32_t a)
{
  while (parent[a] != a) {
    parent[a] = parent[parent[a]]; /* path halving */
    a = parent[a];
  }
  return a;
}

static void unite(uint32_t *parent, uint32_t a, uint32_t b)
{
  a = find(parent, a);
  b = find(parent, b);
  if (a < b)
    parent[b] = a;
  else if (b < a)
    parent[a] = b;
}

static int forest_grow(forest *f, size_t n, const char *op)
{
  if (n > UINT32_MAX)
    return cle_set_error(CLE_ERROR_UNSUPPORTED,
                         "%s: tiling: more than %u objects counted over the tiles; uint32 labels cannot hold them", op,
                         UINT32_MAX);
  if (n > f->cap) {
    size_t cap = f->cap ? f->cap : 1024;
    while (cap < n)
      cap *= 2;
    uint32_t *p = realloc(f->parent, cap * sizeof *p);
    if (!p)
      return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: tiling: no host memory for %zu labels", op, n);
    f->parent = p;
    f->cap = cap;
  }
  for (size_t i = f->n; i < n; i++)
    f->parent[i] = (uint32_t)i;
  f->n = n;
  return 0;
}

/* Shift the tile's labels (1..m in box of lab) by offset; m into *largest. */
static void shift_tile(uint32_t *lab, const size_t size[3], const cle_box *box, uint32_t offset, uint32_t *largest)
{
  uint32_t m = 0;
  for (size_t z = 0; z < box->size[2]; z++)
    for (size_t y = 0; y < box->size[1]; y++) {
      uint32_t *row = lab + ((box->origin[2] + z) * size[1] + box->origin[1] + y) * size[0] + box->origin[0];
      for (size_t x = 0; x < box->size[0]; x++)
        if (row[x]) {
          if (row[x] > m)
            m = row[x];
          row[x] += offset;
        }
    }
  *largest = m;
}

/* Unite the label at (x, y, z) with its neighbours in other tiles. */
static void unite_across(uint32_t *parent, const uint32_t *lab, const size_t size[3], const size_t tile[3], size_t x,
                         size_t y, size_t z, int box)
{
  const uint32_t l = lab[(z * size[1] + y) * size[0] + x];
  if (!l)
    return;
  const size_t p[3] = {x, y, z};
  for (int dz = -1; dz <= 1; dz++)
    for (int dy = -1; dy <= 1; dy++)
      for (int dx = -1; dx <= 1; dx++) {
        const int d[3] = {dx, dy, dz}, nonzero = (dx != 0) + (dy != 0) + (dz != 0);
        if (nonzero == 0 || (!box && nonzero > 1))
          continue;
        size_t q[3];
        int inside = 1, other_tile = 0;
        for (int a = 0; a < 3; a++) {
          if ((d[a] < 0 && p[a] == 0) || (d[a] > 0 && p[a] + 1 >= size[a])) {
            inside = 0;
            break;
          }
          q[a] = d[a] < 0 ? p[a] - 1 : p[a] + (size_t)d[a];
          other_tile |= q[a] / tile[a] != p[a] / tile[a];
        }
        if (!inside || !other_tile)
          continue;
        const uint32_t m = lab[(q[2] * size[1] + q[1]) * size[0] + q[0]];
        if (m)
          unite(parent, l - 1, m - 1);
      }
}

int cle_tiled_connected_component_labeling(const cle_tiled_call *call, cle_tiled_result *out)
{
  const char *name = call->op->name;
  const size_t *size = call->size;
  size_t tile[3];
  for (int a = 0; a < 3; a++) /* the tiles' step per axis (cle_tile_at) */
    tile[a] = call->tile[a] && call->tile[a] < size[a] ? call->tile[a] : size[a];
  if (cle_tiled_alloc_output(call, CLE_UINT32, &out->image) != 0)
    return -1;
  uint32_t *lab = out->image.data;
  forest f = {0};
  int rc = 0;

  /* 1. each tile labelled on its own, the labels shifted */
  const size_t tiles = cle_tile_count(size, call->tile);
  for (size_t t = 0; t < tiles && rc == 0; t++) {
    cle_box box;
    cle_tile_at(size, call->tile, t, &box);
    cle_op_result res;
    if (cle_tiled_run_box(call, &box, &res) != 0) {
      rc = -1;
      break;
    }
    if (cle_array_dtype(res.array) != CLE_UINT32)
      rc = cle_set_error(CLE_ERROR_UNSUPPORTED, "%s: tiling: the op gave %s labels, uint32 expected", name,
                         cle_dtype_name(cle_array_dtype(res.array)));
    else
      rc = cle_box_pull(res.array, &box, &box, &out->image);
    cle_release(res.array);
    uint32_t largest = 0;
    if (rc == 0) {
      shift_tile(lab, size, &box, (uint32_t)f.n, &largest);
      rc = forest_grow(&f, f.n + largest, name);
    }
  }

  /* 2. unions across the tiles' first columns, rows and planes */
  if (rc == 0 && tiles > 1) {
    const int box = strcmp(call->params[0].string, "box") == 0; /* the op has accepted the string */
    for (size_t z = 0; z < size[2]; z++)
      for (size_t y = 0; y < size[1]; y++) {
        const int whole_row = (z > 0 && z % tile[2] == 0) || (y > 0 && y % tile[1] == 0);
        for (size_t x = whole_row ? 0 : tile[0]; x < size[0]; x += whole_row ? 1 : tile[0])
          unite_across(f.parent, lab, size, tile, x, y, z, box);
      }
  }

  /* 3. each set numbered at its first pixel in the whole image's raster order */
  if (rc == 0 && f.n > 0) {
    uint32_t *number = calloc(f.n, sizeof *number);
    if (!number) {
      rc = cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: tiling: no host memory for %zu labels", name, f.n);
    } else {
      for (size_t i = 0; i < f.n; i++) /* flatten: every id straight to its root */
        f.parent[i] = find(f.parent, (uint32_t)i);
      uint32_t next = 0;
      const size_t n = size[0] * size[1] * size[2];
      for (size_t i = 0; i < n; i++)
        if (lab[i]) {
          const uint32_t r = f.parent[lab[i] - 1];
          if (!number[r])
            number[r] = ++next;
          lab[i] = number[r];
        }
      free(number);
    }
  }
  free(f.parent);
  if (rc != 0)
    cle_host_image_free(&out->image);
  return rc;
}
