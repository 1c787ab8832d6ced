/* connected_component_labeling over tiles: the same label image as the
 * untiled op, numbering included.
 *
 *   1. Each tile (no halo) is labelled by the op itself on the device: its
 *      objects get 1..m_t in the tile's raster order. m_t (the tile's
 *      largest label, reduced on the device) sets the tile's offset, the
 *      count of the objects in the tiles before, so every (tile, local
 *      object) has its own id, offset_t + label; the labels are pulled into
 *      the output as they are.
 *   2. One pass over the image on several threads (parallel.h) finds each
 *      id's first pixel in the whole image's raster order (x fastest, then
 *      y, then z); a tile's raster order is the image's restricted to it.
 *   3. Objects touching across tile borders are united on the host in a
 *      union-find over the ids (one entry per tile-local object, never per
 *      pixel): every pixel on the first plane of a tile along an axis looks
 *      at its neighbours on the plane before (9 for `box`, diagonal ones
 *      across tile edges and corners included; 1 for `sphere`). A pair of
 *      neighbours in different tiles differs in tile along some axis, and
 *      the one with the larger coordinate there lies on such a first plane,
 *      so every crossing is seen.
 *   4. Each set is numbered by the first pixel of its objects, sorted: the
 *      numbering of the untiled op (objects 1..N in the raster order of
 *      their first pixel); one more pass on several threads writes the
 *      numbers over the ids.
 * The output is uint32 (the op's labels(input_image)); more than 2^32 - 1
 * tile-local objects are refused. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "families/reduce_all.h"
#include "parallel.h"
#include "profile.h"
#include "tiled/tiled_global.h"

/* The label image and its tiles. */
typedef struct tiling {
  uint32_t *lab;
  size_t size[3];
  size_t step[3];   /* the tiles' step per axis (cle_tile_at) */
  size_t count[3];  /* tiles per axis */
  size_t *along[3]; /* per axis, coordinate -> the tile's index along it (no division per pixel) */
  size_t *offset;   /* per tile (raster order, x fastest): the ids before it */
} tiling;

/* The tile holding (x, y, z), as cle_tile_at numbers them. */
static size_t tile_of(const tiling *g, size_t x, size_t y, size_t z)
{
  return g->along[0][x] + g->count[0] * (g->along[1][y] + g->count[1] * g->along[2][z]);
}

/* The id (1-based; 0: background) at p (x, y, z). */
static uint32_t id_at(const tiling *g, const size_t p[3])
{
  const uint32_t l = g->lab[(p[2] * g->size[1] + p[1]) * g->size[0] + p[0]];
  return l ? (uint32_t)(g->offset[tile_of(g, p[0], p[1], p[2])] + l) : 0;
}

typedef struct forest {
  uint32_t *parent; /* id - 1 -> parent's id - 1 */
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

/* ---- the passes over the whole image, on several threads ---- */

typedef struct pass {
  const tiling *g;
  int parts;
  _Atomic uint64_t *first; /* pass 2: id - 1 -> its first pixel's index in the image */
  const uint32_t *number;  /* pass 4: id - 1 -> its final label */
} pass;

/* Lower *at to v where v is smaller. */
static void atomic_lower(_Atomic uint64_t *at, uint64_t v)
{
  uint64_t cur = atomic_load_explicit(at, memory_order_relaxed);
  while (v < cur && !atomic_compare_exchange_weak_explicit(at, &cur, v, memory_order_relaxed, memory_order_relaxed))
    ;
}

/* One part of the image's rows, each row cut where the tiles along x change:
 * pass 2 (first pixels) without number, pass 4 (final labels) with it. */
static void pass_part(void *ctx, int part)
{
  const pass *p = ctx;
  const tiling *g = p->g;
  size_t r, end;
  cle_part_range(g->size[1] * g->size[2], p->parts, part, &r, &end);
  for (; r < end; r++) {
    const size_t y = r % g->size[1], z = r / g->size[1];
    uint32_t *row = g->lab + r * g->size[0];
    for (size_t x0 = 0; x0 < g->size[0]; x0 += g->step[0]) {
      const size_t x1 = x0 + g->step[0] < g->size[0] ? x0 + g->step[0] : g->size[0];
      const size_t offset = g->offset[tile_of(g, x0, y, z)];
      if (p->number) {
        for (size_t x = x0; x < x1; x++)
          if (row[x])
            row[x] = p->number[offset + row[x] - 1];
        continue;
      }
      uint32_t previous = 0; /* a run of one label: its first pixel is the run's */
      for (size_t x = x0; x < x1; x++)
        if (row[x] && row[x] != previous) {
          previous = row[x];
          atomic_lower(&p->first[offset + row[x] - 1], (uint64_t)r * g->size[0] + x);
        }
    }
  }
}

static void run_pass(pass *p)
{
  const size_t rows = p->g->size[1] * p->g->size[2];
  p->parts = cle_host_parts(rows, p->g->size[0] * sizeof(uint32_t));
  cle_parallel_run(p->parts, pass_part, p);
}

/* ---- the steps ---- */

/* 1. Each tile labelled on its own and pulled into g->lab; the offsets. */
static int label_tiles(const cle_tiled_call *call, tiling *g, cle_host_image *img, forest *f)
{
  const char *name = call->op->name;
  const size_t tiles = cle_tile_count(call->size, call->tile);
  for (size_t t = 0; t < tiles; t++) {
    cle_box box;
    cle_tile_at(call->size, call->tile, t, &box);
    cle_op_result res;
    if (cle_tiled_run_box(call, &box, &res) != 0)
      return -1;
    double largest = 0;
    int rc = 0;
    if (cle_array_dtype(res.array) != CLE_UINT32)
      rc = cle_set_error(CLE_ERROR_UNSUPPORTED, "%s: tiling: the op gave %s labels, uint32 expected", name,
                         cle_dtype_name(cle_array_dtype(res.array)));
    else if ((rc = cle_reduce_all(res.array, NULL, &largest, NULL)) == 0)
      rc = cle_box_pull(res.array, &box, &box, img);
    cle_release(res.array);
    g->offset[t] = f->n;
    if (rc != 0 || forest_grow(f, f->n + (size_t)largest, name) != 0)
      return -1;
  }
  return 0;
}

/* The pair last united in each direction, so a run of one object along a
 * border finds its roots once. */
typedef struct recent {
  uint32_t l, m[9];
} recent;

/* Unite each pixel of the plane at c along axis a (the first plane of a
 * tile) with its neighbours on the plane before (in other tiles): 9 of
 * them for `box`, the one straight across for `sphere`. */
static void unite_plane(const tiling *g, uint32_t *parent, int a, size_t c, int box)
{
  const int u = a == 0 ? 1 : 0, v = a == 2 ? 1 : 2; /* the plane's axes */
  const int reach = box ? 1 : 0;
  recent seen = {0};
  size_t p[3], q[3];
  p[a] = c;
  q[a] = c - 1;
  for (p[v] = 0; p[v] < g->size[v]; p[v]++)
    for (p[u] = 0; p[u] < g->size[u]; p[u]++) {
      const uint32_t l = id_at(g, p);
      if (!l)
        continue;
      if (l != seen.l)
        seen = (recent){.l = l};
      for (int dv = -reach; dv <= reach; dv++)
        for (int du = -reach; du <= reach; du++) {
          if ((du < 0 && p[u] == 0) || (dv < 0 && p[v] == 0) || (du > 0 && p[u] + 1 >= g->size[u]) ||
              (dv > 0 && p[v] + 1 >= g->size[v]))
            continue;
          q[u] = p[u] + (size_t)du; /* wraps back for du = -1 */
          q[v] = p[v] + (size_t)dv;
          const uint32_t m = id_at(g, q);
          const int k = (dv + 1) * 3 + du + 1;
          if (m && m != seen.m[k]) {
            unite(parent, l - 1, m - 1);
            seen.m[k] = m;
          }
        }
    }
}

/* 3. Unions across the tiles' first planes along every axis: a pair of
 * neighbours in different tiles differs in tile along some axis, and the
 * one with the larger coordinate there lies on a tile's first plane. */
static void unite_tiles(const tiling *g, forest *f, int box)
{
  for (int a = 0; a < 3; a++)
    for (size_t c = g->step[a]; c < g->size[a]; c += g->step[a])
      unite_plane(g, f->parent, a, c, box);
}

typedef struct first_root {
  uint64_t first;
  uint32_t root;
} first_root;

static int by_first(const void *a, const void *b)
{
  const uint64_t x = ((const first_root *)a)->first, y = ((const first_root *)b)->first;
  return (x > y) - (x < y);
}

/* 4. Each set numbered by its first pixel: f->parent[i] becomes id i + 1's final label. */
static int number_sets(forest *f, _Atomic uint64_t *first, const char *name)
{
  size_t roots = 0;
  for (size_t i = 0; i < f->n; i++) { /* flatten; each root gets its set's first pixel */
    const uint32_t r = find(f->parent, (uint32_t)i);
    f->parent[i] = r;
    roots += r == i;
    const uint64_t v = atomic_load_explicit(&first[i], memory_order_relaxed);
    if (v < atomic_load_explicit(&first[r], memory_order_relaxed))
      atomic_store_explicit(&first[r], v, memory_order_relaxed);
  }
  first_root *order = malloc((roots ? roots : 1) * sizeof *order);
  uint32_t *number = malloc(f->n * sizeof *number);
  if (!order || !number) {
    free(order);
    free(number);
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: tiling: no host memory for %zu labels", name, f->n);
  }
  size_t k = 0;
  for (size_t i = 0; i < f->n; i++)
    if (f->parent[i] == i)
      order[k++] = (first_root){atomic_load_explicit(&first[i], memory_order_relaxed), (uint32_t)i};
  qsort(order, roots, sizeof *order, by_first);
  for (size_t j = 0; j < roots; j++)
    number[order[j].root] = (uint32_t)(j + 1);
  for (size_t i = 0; i < f->n; i++)
    f->parent[i] = number[f->parent[i]];
  free(order);
  free(number);
  return 0;
}

/* g's per-axis tile indices and room for the tiles' offsets. */
static int tiling_tables(tiling *g, size_t tiles, const char *name)
{
  g->offset = malloc(tiles * sizeof *g->offset);
  for (int a = 0; a < 3; a++)
    g->along[a] = malloc(g->size[a] * sizeof *g->along[a]);
  if (!g->offset || !g->along[0] || !g->along[1] || !g->along[2])
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: tiling: no host memory for %zu tiles", name, tiles);
  for (int a = 0; a < 3; a++)
    for (size_t c = 0; c < g->size[a]; c++)
      g->along[a][c] = c / g->step[a];
  return 0;
}

int cle_tiled_connected_component_labeling(const cle_tiled_call *call, cle_tiled_result *out)
{
  const char *name = call->op->name;
  tiling g = {0};
  for (int a = 0; a < 3; a++) {
    g.size[a] = call->size[a];
    g.step[a] = call->tile[a] && call->tile[a] < g.size[a] ? call->tile[a] : g.size[a];
    g.count[a] = (g.size[a] + g.step[a] - 1) / g.step[a];
  }
  const size_t tiles = cle_tile_count(call->size, call->tile);
  forest f = {0};
  _Atomic uint64_t *first = NULL;
  int rc = tiling_tables(&g, tiles, name);
  if (rc == 0 && (rc = cle_tiled_alloc_output(call, CLE_UINT32, &out->image)) == 0) {
    g.lab = out->image.data;
    rc = label_tiles(call, &g, &out->image, &f);
  }
  if (rc == 0 && f.n > 0) {
    double t0 = cle_profile_start();
    first = malloc(f.n * sizeof *first);
    if (!first)
      rc = cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: tiling: no host memory for %zu labels", name, f.n);
    for (size_t i = 0; rc == 0 && i < f.n; i++)
      atomic_init(&first[i], UINT64_MAX);
    if (rc == 0) {
      pass p = {.g = &g, .first = first};
      run_pass(&p);
      cle_profile_stop("labeling", "first pixels", t0);
      t0 = cle_profile_start();
      unite_tiles(&g, &f, strcmp(call->params[0].string, "box") == 0); /* the op has accepted the string */
      cle_profile_stop("labeling", "merge", t0);
      t0 = cle_profile_start();
      rc = number_sets(&f, first, name);
    }
    if (rc == 0) {
      pass p = {.g = &g, .number = f.parent};
      run_pass(&p);
      cle_profile_stop("labeling", "number", t0);
    }
  }
  free(first);
  free(f.parent);
  free(g.offset);
  for (int a = 0; a < 3; a++)
    free(g.along[a]);
  if (rc != 0)
    cle_host_image_free(&out->image);
  return rc;
}
