/* connected_component_labeling over tiles: the same label image as the
 * untiled op, numbering included.
 *
 *   1. Each tile (no halo) is labelled by the op itself on the device: its
 *      objects get 1..m_t in the order of their first pixel in the tile's
 *      raster order (x fastest, then y, then z), which is the whole image's
 *      raster order restricted to the tile. m_t (the tile's largest label,
 *      reduced on the device) sets the tile's offset, the count of the
 *      objects in the tiles before, so every (tile, local object) has its
 *      own id, offset_t + label. The tiles move through pinned buffers
 *      allocated once per call (the binary box packed into one and pushed,
 *      the labels pulled into one of two others by DMA, no pageable copy
 *      between; the host scatters tile t - 1 while tile t's labels move),
 *      and the labels are scattered into the output on several threads (parallel.h)
 *      which, in the same pass, note each id's first pixel: each thread
 *      walks a run of the tile's rows in raster order and notes a label only
 *      where it exceeds every label it has seen so far. That catches every
 *      first pixel: at an object's first pixel in the tile, every label seen
 *      before it in the tile is smaller (labels number first pixels in
 *      order); a label not above the largest seen has its first pixel
 *      earlier, noted by the thread whose run holds it. The few labels
 *      noted by several threads keep the smallest index (an atomic minimum).
 *   2. Objects touching across tile borders are united in a union-find over
 *      the ids (one entry per tile-local object, never per pixel): every
 *      pixel on the first plane of a tile along an axis looks at its
 *      neighbours on the plane before (9 for `box`, diagonal ones across
 *      tile edges and corners included; 1 for `sphere`). A pair of
 *      neighbours in different tiles differs in tile along some axis, and
 *      the one with the larger coordinate there lies on such a first plane,
 *      so every crossing is seen. The rows of all those planes are shared
 *      among threads that unite in one forest without locks: a root is
 *      linked only under a smaller id, by compare-and-swap (which fails, and
 *      is retried from the new roots, where another thread linked it first),
 *      and a parent only ever decreases, to an ancestor; the sets at the end
 *      are the connected components of the pairs, whatever the order.
 *   3. Each set is numbered by the first pixel of its objects, sorted: the
 *      numbering of the untiled op (objects 1..N in the raster order of
 *      their first pixel); one more pass on several threads writes the
 *      numbers over the ids (a table lookup, the background's included:
 *      no branch per pixel).
 * The output is uint32 (the op's labels(input_image)); more than 2^32 - 1
 * tile-local objects are refused. CLE_PROFILE times the phases
 * (labeling: tiles, within them scatter; merge; number). */
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
  uint32_t *parent;        /* id - 1 -> parent's id - 1 (never above it) */
  _Atomic uint64_t *first; /* id - 1 -> its first pixel's index in the image */
  size_t n, cap;
} forest;

/* The root of a (one thread: after the merge). */
static uint32_t find(uint32_t *parent, uint32_t a)
{
  while (parent[a] != a) {
    parent[a] = parent[parent[a]]; /* path halving */
    a = parent[a];
  }
  return a;
}

/* The root of a while other threads unite: parents are read atomically and
 * halved by compare-and-swap (a failed one is harmless: the entry already
 * points higher up). */
static uint32_t find_shared(uint32_t *parent, uint32_t a)
{
  for (;;) {
    uint32_t p = __atomic_load_n(&parent[a], __ATOMIC_RELAXED);
    if (p == a)
      return a;
    const uint32_t g = __atomic_load_n(&parent[p], __ATOMIC_RELAXED);
    if (g != p)
      __atomic_compare_exchange_n(&parent[a], &p, g, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
    a = g;
  }
}

/* Unite a's and b's sets: the larger root goes under the smaller, if it is
 * still a root; else again from the roots another thread left. */
static void unite_shared(uint32_t *parent, uint32_t a, uint32_t b)
{
  for (;;) {
    a = find_shared(parent, a);
    b = find_shared(parent, b);
    if (a == b)
      return;
    if (a > b) {
      const uint32_t t = a;
      a = b;
      b = t;
    }
    uint32_t expected = b;
    if (__atomic_compare_exchange_n(&parent[b], &expected, a, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
      return;
  }
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
    if (p)
      f->parent = p;
    _Atomic uint64_t *q = p ? realloc(f->first, cap * sizeof *q) : NULL;
    if (!p || !q)
      return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: tiling: no host memory for %zu labels", op, n);
    f->first = q;
    f->cap = cap;
  }
  for (size_t i = f->n; i < n; i++) {
    f->parent[i] = (uint32_t)i;
    atomic_init(&f->first[i], UINT64_MAX);
  }
  f->n = n;
  return 0;
}

/* Lower *at to v where v is smaller. */
static void atomic_lower(_Atomic uint64_t *at, uint64_t v)
{
  uint64_t cur = atomic_load_explicit(at, memory_order_relaxed);
  while (v < cur && !atomic_compare_exchange_weak_explicit(at, &cur, v, memory_order_relaxed, memory_order_relaxed))
    ;
}

/* ---- 1. the tiles ---- */

/* A tile's labels (packed, box's raster order) scattered into the label
 * image, their first pixels noted, by parts of its rows. */
typedef struct scatter {
  const tiling *g;
  const cle_box *box;
  const uint32_t *labels;
  _Atomic uint64_t *first; /* the tile's ids: first[label - 1] */
  int parts;
} scatter;

static void scatter_part(void *ctx, int part)
{
  const scatter *s = ctx;
  const tiling *g = s->g;
  const cle_box *b = s->box;
  size_t r, end;
  cle_part_range(b->size[1] * b->size[2], s->parts, part, &r, &end);
  uint32_t seen = 0; /* the largest label of this run of rows so far */
  for (; r < end; r++) {
    const size_t y = b->origin[1] + r % b->size[1], z = b->origin[2] + r / b->size[1];
    const size_t at = (z * g->size[1] + y) * g->size[0] + b->origin[0];
    const uint32_t *src = s->labels + r * b->size[0];
    uint32_t *dst = g->lab + at;
    for (size_t x = 0; x < b->size[0]; x++) {
      const uint32_t l = src[x];
      dst[x] = l;
      if (l > seen) {
        seen = l;
        atomic_lower(&s->first[l - 1], (uint64_t)(at + x));
      }
    }
  }
}

/* Host memory for a tile's transfers: pinned where the device gives it. */
typedef struct buffer {
  void *p;
  bool pinned;
} buffer;

static int buffer_alloc(cle_device *dev, size_t bytes, buffer *b, const char *op)
{
  b->p = cle_host_alloc(dev, bytes ? bytes : 1);
  b->pinned = b->p != NULL;
  if (!b->p) { /* no pinned memory: pageable memory works too, the transfers staged */
    cle_clear_error();
    b->p = malloc(bytes ? bytes : 1);
  }
  return b->p ? 0
              : cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: tiling: no host memory for a tile of %zu bytes", op, bytes);
}

static void buffer_free(buffer *b)
{
  if (b->pinned)
    cle_host_free(b->p);
  else
    free(b->p);
  b->p = NULL;
}

/* A tile's labels on their way to the host. */
typedef struct pulled {
  cle_box box;
  size_t offset; /* the ids before the tile */
  buffer labels; /* pinned: the pull goes by DMA */
  cle_array *array;
  cle_event *event;
} pulled;

/* The tile at p->box labelled by the op on the device, *largest its largest
 * label, the pull of its labels into p->labels enqueued. */
static int label_tile(const cle_tiled_call *call, buffer *in, pulled *p, double *largest)
{
  const char *name = call->op->name;
  const cle_host_image *img = call->inputs[0];
  size_t shape[3];
  const int ndim = cle_box_shape(img, &p->box, shape);
  cle_box_copy_rows(img, &p->box, &p->box, in->p, true);
  cle_array *arrays[1] = {cle_push_nd(call->dev, in->p, img->dtype, ndim, shape)};
  if (!arrays[0])
    return -1;
  cle_op_result res = {0};
  int rc = call->op->invoke(arrays, NULL, call->params, &res);
  cle_release(arrays[0]);
  if (rc != 0)
    return -1;
  p->array = res.array;
  if (cle_array_dtype(res.array) != CLE_UINT32)
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "%s: tiling: the op gave %s labels, uint32 expected", name,
                         cle_dtype_name(cle_array_dtype(res.array)));
  if (cle_reduce_all(res.array, NULL, largest, NULL) != 0)
    return -1;
  return cle_pull_async(res.array, p->labels.p, cle_array_nbytes(res.array), &p->event);
}

/* Wait for p's labels and scatter them into g->lab, noting first pixels. */
static int scatter_tile(const tiling *g, forest *f, pulled *p)
{
  if (!p->array)
    return 0;
  int rc = p->event ? cle_event_wait(p->event) : 0;
  if (rc == 0) {
    const double t0 = cle_profile_start();
    scatter s = {.g = g, .box = &p->box, .labels = p->labels.p, .first = f->first + p->offset};
    s.parts = cle_host_parts(p->box.size[1] * p->box.size[2], p->box.size[0] * sizeof(uint32_t));
    cle_parallel_run(s.parts, scatter_part, &s);
    cle_profile_stop("labeling", "scatter", t0);
  }
  cle_event_release(p->event);
  p->event = NULL;
  cle_release(p->array); /* held until its pull is done */
  p->array = NULL;
  return rc;
}

/* 1. Each tile labelled, scattered into g->lab with its first pixels; the
 * offsets. Two tiles in flight: while the host scatters tile t - 1, the
 * device sends tile t's labels (one in-order queue: tile t's labelling
 * waited for the pull of t - 1 already). */
static int label_tiles(const cle_tiled_call *call, tiling *g, forest *f)
{
  const char *name = call->op->name;
  const size_t tiles = cle_tile_count(call->size, call->tile);
  size_t voxels = 0; /* the largest tile's */
  for (size_t t = 0; t < tiles; t++) {
    cle_box box;
    cle_tile_at(call->size, call->tile, t, &box);
    const size_t v = box.size[0] * box.size[1] * box.size[2];
    voxels = v > voxels ? v : voxels;
  }
  buffer in = {0};
  pulled slot[2];
  memset(slot, 0, sizeof slot);
  int rc = buffer_alloc(call->dev, voxels * cle_dtype_size(call->inputs[0]->dtype), &in, name);
  for (int k = 0; k < (tiles > 1 ? 2 : 1) && rc == 0; k++)
    rc = buffer_alloc(call->dev, voxels * sizeof(uint32_t), &slot[k].labels, name);
  for (size_t t = 0; t < tiles && rc == 0; t++) {
    pulled *p = &slot[t % 2];
    cle_tile_at(call->size, call->tile, t, &p->box);
    double largest = 0;
    p->offset = g->offset[t] = f->n;
    if ((rc = label_tile(call, &in, p, &largest)) == 0 && (rc = forest_grow(f, f->n + (size_t)largest, name)) == 0)
      rc = scatter_tile(g, f, &slot[(t + 1) % 2]); /* tile t - 1's, while tile t's labels move */
  }
  if (rc == 0)
    rc = scatter_tile(g, f, &slot[(tiles - 1) % 2]); /* the last tile's */
  for (int k = 0; k < 2; k++) {
    cle_event_release(slot[k].event); /* after a failure: waits, drops */
    cle_release(slot[k].array);
    buffer_free(&slot[k].labels);
  }
  buffer_free(&in);
  return rc;
}

/* ---- 2. the merge ---- */

/* The pair last united in each direction, so a run of one object along a
 * border finds its roots once. */
typedef struct recent {
  uint32_t l, m[9];
} recent;

/* Unite each pixel of row p[v] = w of the plane at c along axis a (the
 * first plane of a tile) with its neighbours on the plane before (in other
 * tiles): 9 of them for `box`, the one straight across for `sphere`. */
static void unite_row(const tiling *g, uint32_t *parent, int a, size_t c, size_t w, int box)
{
  const int u = a == 0 ? 1 : 0, v = a == 2 ? 1 : 2; /* the plane's axes */
  const int reach = box ? 1 : 0;
  recent seen = {0};
  size_t p[3], q[3];
  p[a] = c;
  q[a] = c - 1;
  p[v] = w;
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
          unite_shared(parent, l - 1, m - 1);
          seen.m[k] = m;
        }
      }
  }
}

/* The rows of every tile's first plane along every axis, shared among threads. */
typedef struct merge {
  const tiling *g;
  uint32_t *parent;
  int box, parts;
  size_t rows; /* of all the planes: (axis 0's planes, then 1's, 2's) x their rows along v */
} merge;

static void merge_part(void *ctx, int part)
{
  const merge *m = ctx;
  const tiling *g = m->g;
  size_t r, end;
  cle_part_range(m->rows, m->parts, part, &r, &end);
  size_t base = 0; /* rows of the axes before a */
  for (int a = 0; a < 3 && r < end; a++) {
    const int v = a == 2 ? 1 : 2;
    const size_t planes = g->count[a] - 1, rows = planes * g->size[v];
    for (; r < end && r < base + rows; r++) {
      const size_t k = (r - base) / g->size[v], w = (r - base) % g->size[v];
      unite_row(g, m->parent, a, (k + 1) * g->step[a], w, m->box);
    }
    base += rows;
  }
}

/* 2. Unions across the tiles' first planes along every axis: a pair of
 * neighbours in different tiles differs in tile along some axis, and the
 * one with the larger coordinate there lies on a tile's first plane. */
static void unite_tiles(const tiling *g, forest *f, int box)
{
  merge m = {.g = g, .parent = f->parent, .box = box};
  size_t pixels = 0;
  for (int a = 0; a < 3; a++) {
    const int u = a == 0 ? 1 : 0, v = a == 2 ? 1 : 2;
    m.rows += (g->count[a] - 1) * g->size[v];
    pixels += (g->count[a] - 1) * g->size[v] * g->size[u];
  }
  if (m.rows == 0)
    return;
  /* a plane's pixel reads up to 10 ids: weigh it like 40 bytes copied */
  m.parts = cle_host_parts(m.rows, pixels / m.rows * 40);
  cle_parallel_run(m.parts, merge_part, &m);
}

/* ---- 3. the numbering ---- */

typedef struct first_root {
  uint64_t first;
  uint32_t root;
} first_root;

static int by_first(const void *a, const void *b)
{
  const uint64_t x = ((const first_root *)a)->first, y = ((const first_root *)b)->first;
  return (x > y) - (x < y);
}

/* Each set numbered by its first pixel: (*label)[id] the final label of id
 * (1..f->n), (*label)[0] = 0 (the background: no branch per pixel). */
static int number_sets(forest *f, const char *name, uint32_t **label)
{
  _Atomic uint64_t *first = f->first;
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
  *label = malloc((f->n + 1) * sizeof **label);
  if (!order || !number || !*label) {
    free(order);
    free(number);
    free(*label);
    *label = NULL;
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: tiling: no host memory for %zu labels", name, f->n);
  }
  size_t k = 0;
  for (size_t i = 0; i < f->n; i++)
    if (f->parent[i] == i)
      order[k++] = (first_root){atomic_load_explicit(&first[i], memory_order_relaxed), (uint32_t)i};
  qsort(order, roots, sizeof *order, by_first);
  for (size_t j = 0; j < roots; j++)
    number[order[j].root] = (uint32_t)(j + 1);
  (*label)[0] = 0;
  for (size_t i = 0; i < f->n; i++)
    (*label)[i + 1] = number[f->parent[i]];
  free(order);
  free(number);
  return 0;
}

/* The final labels over the ids, by parts of the image's rows, each row cut
 * where the tiles along x change; a table lookup per pixel, the background's
 * included (entry 0), so no branch on random foreground. */
typedef struct renumber {
  const tiling *g;
  const uint32_t *label; /* id -> its final label; 0 -> 0 */
  int parts;
} renumber;

static void renumber_part(void *ctx, int part)
{
  const renumber *p = ctx;
  const tiling *g = p->g;
  size_t r, end;
  cle_part_range(g->size[1] * g->size[2], p->parts, part, &r, &end);
  for (; r < end; r++) {
    const size_t y = r % g->size[1], z = r / g->size[1];
    uint32_t *row = g->lab + r * g->size[0];
    for (size_t x0 = 0; x0 < g->size[0]; x0 += g->step[0]) {
      const size_t x1 = x0 + g->step[0] < g->size[0] ? x0 + g->step[0] : g->size[0];
      const size_t offset = g->offset[tile_of(g, x0, y, z)];
      for (size_t x = x0; x < x1; x++)
        row[x] = p->label[row[x] ? offset + row[x] : 0];
    }
  }
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
  int rc = tiling_tables(&g, tiles, name);
  if (rc == 0 && (rc = cle_tiled_alloc_output(call, CLE_UINT32, &out->image)) == 0) {
    g.lab = out->image.data;
    const double t0 = cle_profile_start();
    rc = label_tiles(call, &g, &f);
    cle_profile_stop("labeling", "tiles", t0);
  }
  if (rc == 0 && f.n > 0) {
    double t0 = cle_profile_start();
    unite_tiles(&g, &f, strcmp(call->params[0].string, "box") == 0); /* the op has accepted the string */
    cle_profile_stop("labeling", "merge", t0);
    t0 = cle_profile_start();
    uint32_t *label = NULL;
    rc = number_sets(&f, name, &label);
    if (rc == 0) {
      renumber p = {.g = &g, .label = label};
      p.parts = cle_host_parts(g.size[1] * g.size[2], g.size[0] * sizeof(uint32_t));
      cle_parallel_run(p.parts, renumber_part, &p);
      cle_profile_stop("labeling", "number", t0);
    }
    free(label);
  }
  free(f.first);
  free(f.parent);
  free(g.offset);
  for (int a = 0; a < 3; a++)
    free(g.along[a]);
  if (rc != 0)
    cle_host_image_free(&out->image);
  return rc;
}
