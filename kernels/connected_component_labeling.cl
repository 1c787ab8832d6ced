/* connected_components_labeling: the union-find passes.
 *
 * parent[] is a forest over linear pixel indices (x fastest): -1 for
 * background, else a pixel of the same object with a smaller or equal index.
 * Unions always hang the larger root under the smaller one, so when all
 * unions are done every object's root is its smallest index, i.e. its first
 * pixel in raster order; numbering the roots in index order (label_scan.cl)
 * then gives skimage.measure.label's numbering exactly.
 *
 * Two layouts share the forest and its lock-free union (below):
 *   GPUs (ccl_local_union, ccl_border_union): host defines TILE_X, TILE_Y,
 *     TILE_Z (the tile one work-group labels in local memory), CCL_WG (its
 *     work-group size, dividing the tile's pixel count), CCL_BOX (1: 8/26
 *     neighbours, 0: 4/6 neighbours);
 *   CPU devices (ccl_band_union, ccl_band_border_union, at the end): host
 *     defines CCL_BANDS, CCL_BOX and CCL_3D.
 */

#define CCL_TILE_N (TILE_X * TILE_Y * TILE_Z)
/* Compile time: the GPU passes' loops stay loops (#pragma unroll 1).
 * Unrolled (fixed trip counts: tile / work-group, 13 or 9 neighbours, each
 * with inlined find and union loops), NVIDIA's compiler took 170-330 ms for
 * ccl_local_union alone and 100-130 ms kept as loops, a new process's first
 * labeling paying that every time. */

/* ---- union-find on a forest in local or global memory ----
 * Lock-free union (as in Playne & Hawick 2018): find both roots, link the
 * larger under the smaller with atomic_min on its parent. If that node had
 * meanwhile been linked elsewhere (atomic_min returns another parent), the
 * two trees are not merged yet: retry from the parent it had. Parents only
 * ever decrease, so this terminates, and plain reads of parents that change
 * under our feet are harmless (every value read is in the same object).
 *
 * find halves the path as it goes (each node visited skips to its
 * grandparent), as ECL-CC does, so trees stay shallow when objects merge
 * many times. The skip is an atomic_min too: it can only lower a parent, to
 * a node of the same object, and never undoes a concurrent link. */

#define CCL_FOREST_OPS(SPACE, SUFFIX)                                      \
  inline int ccl_find_##SUFFIX(volatile SPACE int *forest, int node)       \
  {                                                                        \
    for (;;) {                                                             \
      const int up = forest[node];                                         \
      if (up == node)                                                      \
        return node;                                                       \
      const int upup = forest[up];                                         \
      if (upup == up)                                                      \
        return up;                                                         \
      atomic_min(&forest[node], upup);                                     \
      node = upup;                                                         \
    }                                                                      \
  }                                                                        \
  inline void ccl_union_##SUFFIX(volatile SPACE int *forest, int a, int b) \
  {                                                                        \
    for (;;) {                                                             \
      a = ccl_find_##SUFFIX(forest, a);                                    \
      b = ccl_find_##SUFFIX(forest, b);                                    \
      if (a == b)                                                          \
        return;                                                            \
      if (a < b) {                                                         \
        const int t = a;                                                   \
        a = b;                                                             \
        b = t;                                                             \
      }                                                                    \
      const int old = atomic_min(&forest[a], b);                           \
      if (old == a)                                                        \
        return;                                                            \
      a = old;                                                             \
    }                                                                      \
  }

CCL_FOREST_OPS(__local, local)
CCL_FOREST_OPS(__global, global)

#ifndef CCL_BANDS /* ---- GPU layout: tiles in local memory ---- */

/* The earlier half of the neighbourhood ((dz, dy, dx) before (0, 0, 0) in
 * raster order), most central first: the first 3 for diamond, all 13 for box.
 *
 * Pruning (a generalisation of the 2D decision tree of Wu et al.): when two
 * earlier neighbours touch each other, they end up connected through the
 * unions of the later of them (by induction over raster order, inside the
 * tile), so uniting with one of them is enough. ccl_earlier_touch[j] has bit
 * c set when box neighbours c < j touch (offsets differ by at most 1 on
 * every axis): (0, 0, -1) touches all others, in 2D (0, -1, 0) does.
 * Diamond neighbours never touch each other. */
__constant int4 ccl_earlier[13] = {
    (int4)(0, 0, -1, 0),  (int4)(0, -1, 0, 0),  (int4)(-1, 0, 0, 0),  (int4)(-1, -1, 0, 0), (int4)(1, -1, 0, 0),
    (int4)(0, -1, -1, 0), (int4)(0, 1, -1, 0),  (int4)(-1, 0, -1, 0), (int4)(1, 0, -1, 0),  (int4)(-1, -1, -1, 0),
    (int4)(1, -1, -1, 0), (int4)(-1, 1, -1, 0), (int4)(1, 1, -1, 0)};
__constant int ccl_earlier_touch[13] = {0x0, 0x1, 0x3, 0x7, 0x3, 0x1f, 0x5, 0x6f, 0x73, 0xaf, 0x133, 0xc5, 0x141};
#define CCL_EARLIER (CCL_BOX ? 13 : 3)

/* Offsets (a, b) along the two axes other than a border's, central first. */
__constant int2 ccl_across[9] = {(int2)(0, 0),   (int2)(-1, 0), (int2)(1, 0),  (int2)(0, -1), (int2)(0, 1),
                                 (int2)(-1, -1), (int2)(1, -1), (int2)(-1, 1), (int2)(1, 1)};

/* Unite tile pixel k with its foreground earlier neighbours in the tile,
 * skipping those that touch one already united (see ccl_earlier). */
inline void ccl_unite_earlier(volatile __local int *forest, int k)
{
  const int lx = k % TILE_X, ly = k / TILE_X % TILE_Y, lz = k / (TILE_X * TILE_Y);
  int chosen = 0;
#pragma unroll 1 /* a loop: compile time, see the top */
  for (int j = 0; j < CCL_EARLIER; j++) {
    if (CCL_BOX && (chosen & ccl_earlier_touch[j])) /* tested first: no memory read */
      continue;
    const int4 d = ccl_earlier[j];
    const int nx = lx + d.x, ny = ly + d.y, nz = lz + d.z;
    if (nx < 0 || ny < 0 || nz < 0 || nx >= TILE_X || ny >= TILE_Y)
      continue;
    const int m = nx + TILE_X * (ny + TILE_Y * nz);
    if (forest[m] < 0)
      continue;
    chosen |= 1 << j;
    ccl_union_local(forest, k, m);
  }
}

/* Tile t of the image, in tiles ordered x fastest. */
inline int4 ccl_tile_origin(int t, int width, int height)
{
  const int tiles_x = (width + TILE_X - 1) / TILE_X;
  const int tiles_y = (height + TILE_Y - 1) / TILE_Y;
  return (int4)(t % tiles_x * TILE_X, t / tiles_x % tiles_y * TILE_Y, t / (tiles_x * tiles_y) * TILE_Z, 0);
}

/* Pass 1: one work-group per tile. The tile's pixels are read once into a
 * local forest, unioned with their earlier neighbours inside the tile, and
 * written out pointing at their tile-local root (as a global index).
 * Neighbours outside the tile are left to ccl_border_union. */
#ifdef IMAGE_src_TYPE /* defined only when src is bound: not for ccl_border_union */
__kernel void ccl_local_union(IMAGE_src_TYPE src, __global int *parent)
{
  const int width = GET_IMAGE_WIDTH(src), height = GET_IMAGE_HEIGHT(src), depth = GET_IMAGE_DEPTH(src);
  const int4 origin = ccl_tile_origin((int)get_group_id(0), width, height);
  const int lid = (int)get_local_id(0);
  const int lsize = CCL_WG; /* a constant: loops of fixed trip count */
  __local int forest[CCL_TILE_N];

#pragma unroll 1
  for (int k = lid; k < CCL_TILE_N; k += lsize) {
    const int x = origin.x + k % TILE_X, y = origin.y + k / TILE_X % TILE_Y, z = origin.z + k / (TILE_X * TILE_Y);
    const bool inside = x < width && y < height && z < depth;
    forest[k] = inside && src[x + width * (y + height * z)] != 0 ? k : -1;
  }
  barrier(CLK_LOCAL_MEM_FENCE);

  /* Writes during the unions (links, path halving) only lower entries of
   * foreground pixels to other foreground pixels, so forest[k] >= 0 keeps
   * telling foreground apart. */
#pragma unroll 1
  for (int k = lid; k < CCL_TILE_N; k += lsize)
    if (forest[k] >= 0)
      ccl_unite_earlier(forest, k);
  barrier(CLK_LOCAL_MEM_FENCE);

#pragma unroll 1
  for (int k = lid; k < CCL_TILE_N; k += lsize) {
    const int lx = k % TILE_X, ly = k / TILE_X % TILE_Y, lz = k / (TILE_X * TILE_Y);
    const int x = origin.x + lx, y = origin.y + ly, z = origin.z + lz;
    if (x >= width || y >= height || z >= depth)
      continue;
    int root = forest[k];
    if (root >= 0) {
      root = ccl_find_local(forest, k);
      root = origin.x + root % TILE_X +
             width * (origin.y + root / TILE_X % TILE_Y + height * (origin.z + root / (TILE_X * TILE_Y)));
    }
    parent[x + width * (y + height * z)] = root;
  }
}
#endif

/* Pass 2: the links across tile borders. Work-items are the pixels on the
 * first row/column/plane of each tile (but the image's first), in three
 * ranges: x borders (n_x items), then y borders (n_y), then z borders. Each
 * unions with its neighbours one step back along that axis, so every pair of
 * neighbours in different tiles is linked by one of them. */
__kernel void ccl_border_union(__global int *parent, int width, int height, int depth, int n_x, int n_y, int n_z)
{
  if (get_global_id(0) >= (size_t)n_x + (size_t)n_y + (size_t)n_z) /* the range is rounded up */
    return;
  int g = (int)get_global_id(0);
  int x, y, z, axis;
  if (g < n_x) {
    const int borders = (width - 1) / TILE_X; /* tile columns after the first */
    x = (g % borders + 1) * TILE_X;
    y = g / borders % height;
    z = g / borders / height;
    axis = 0;
  } else if ((g -= n_x) < n_y) {
    const int borders = (height - 1) / TILE_Y;
    x = g % width;
    y = (g / width % borders + 1) * TILE_Y;
    z = g / width / borders;
    axis = 1;
  } else if ((g -= n_y) < n_z) {
    x = g % width;
    y = g / width % height;
    z = (g / width / height + 1) * TILE_Z;
    axis = 2;
  } else {
    return;
  }
  const int i = x + width * (y + height * z);
  if (parent[i] < 0)
    return;
  /* The neighbours one step back along `axis`, central one first. It
   * touches the 8 others (box), so once united with it, those in its own
   * tile are connected already (by pass 1) and are skipped. (ca, cb): the
   * coordinates along the two other axes, (ta, tb) the tile sizes there. */
  const int ca = axis == 0 ? y : x, cb = axis == 2 ? y : z;
  const int ta = axis == 0 ? TILE_Y : TILE_X, tb = axis == 2 ? TILE_Y : TILE_Z;
  bool central = false;
#pragma unroll 1 /* a loop: compile time, see the top */
  for (int j = 0; j < (CCL_BOX ? 9 : 1); j++) {
    const int2 ab = ccl_across[j];
    if (central && (ab.x == 0 || (ab.x < 0 ? ca % ta != 0 : (ca + 1) % ta != 0)) &&
        (ab.y == 0 || (ab.y < 0 ? cb % tb != 0 : (cb + 1) % tb != 0)))
      continue;
    const int4 q = axis == 0
                       ? (int4)(x - 1, y + ab.x, z + ab.y, 0)
                       : (axis == 1 ? (int4)(x + ab.x, y - 1, z + ab.y, 0) : (int4)(x + ab.x, y + ab.y, z - 1, 0));
    if (q.x < 0 || q.y < 0 || q.z < 0 || q.x >= width || q.y >= height || q.z >= depth)
      continue;
    const int m = q.x + width * (q.y + height * q.z);
    if (parent[m] < 0)
      continue;
    central = central || j == 0;
    ccl_union_global(parent, i, m);
  }
}
#endif

#ifdef CCL_BANDS
/* ---- CPU layout: bands labeled by raster scans (runtime/ops/
 * connected_components_labeling.c). The same forest, so label_scan numbers
 * both layouts alike.
 *
 * The GPU passes (a work-group per 32x32 tile in local memory, barriers, one
 * work-item per pixel) ran at ~20 ns per pixel on pocl, which executes each
 * barrier region as a loop over the group's work-items. Here a few
 * work-items each own a band: a run of whole slices of the outermost axis
 * (planes in 3D, rows in 2D, pixels in 1D), i.e. one contiguous index range,
 * and label it with a plain raster scan (pass 1, no barriers, no atomics:
 * only its owner touches a band's entries); pass 2 then unites each band's
 * first slice with the slice before it, with the lock-free union.
 *
 * Host defines: CCL_BOX (1: 8/26 neighbours, 0: 4/6), CCL_3D (1 when the
 * image has more than one plane: the bands are planes, else rows). */

/* The earlier neighbours (dx, dy, dz) of a pixel in raster order: the left
 * one first (its root is the previous pixel's, in a register, so no find),
 * then the others most central first; for each, a bitmask of the earlier
 * entries it touches (box neighbours whose offsets differ by at most 1 on
 * every axis). A foreground neighbour touching one already known to be in
 * the pixel's object is in it too (the raster scan united the two when it
 * reached the later of them), so it needs no find: inside an object no
 * pixel does one. Diamond neighbours never touch; they are the first 2
 * (2D) or 3 (3D) entries. */
#if CCL_3D
__constant int4 ccl_band_earlier[13] = {
    (int4)(-1, 0, 0, 0),  (int4)(0, 0, -1, 0),  (int4)(0, -1, 0, 0),  (int4)(-1, -1, 0, 0), (int4)(1, -1, 0, 0),
    (int4)(0, -1, -1, 0), (int4)(0, 1, -1, 0),  (int4)(-1, 0, -1, 0), (int4)(1, 0, -1, 0),  (int4)(-1, -1, -1, 0),
    (int4)(1, -1, -1, 0), (int4)(-1, 1, -1, 0), (int4)(1, 1, -1, 0)};
__constant int ccl_band_touch[13] = {0x0, 0x1, 0x3, 0x7, 0x6, 0x1f, 0x3, 0x6f, 0x76, 0xaf, 0x136, 0xc3, 0x142};
#define CCL_BAND_EARLIER (CCL_BOX ? 13 : 3)
#else
__constant int4 ccl_band_earlier[4] = {(int4)(-1, 0, 0, 0), (int4)(0, -1, 0, 0), (int4)(-1, -1, 0, 0),
                                       (int4)(1, -1, 0, 0)};
__constant int ccl_band_touch[4] = {0x0, 0x1, 0x3, 0x2};
#define CCL_BAND_EARLIER (CCL_BOX ? 4 : 2)
#endif

/* Slices of the outermost axis (a band is a run of them) and their size. */
inline int ccl_band_slice(int width, int height, int depth)
{
  return depth > 1 ? width * height : (height > 1 ? width : 1);
}

/* Root of node in pass 1, halving the path; only the band's owner reads or
 * writes these entries, so no atomics. */
inline int ccl_band_find(__global int *forest, int node)
{
  int up = forest[node];
  while (up != node) {
    const int upup = forest[up];
    forest[node] = upup;
    node = upup;
    up = forest[node];
  }
  return node;
}

/* Pass 1: work-item b labels slices [b * band, (b + 1) * band) in raster
 * order. A foreground pixel takes the root of its first foreground earlier
 * neighbour in the band, and the roots of the others are merged into the
 * smallest one, so each tree's root is its first pixel, as in the GPU
 * passes. Neighbours before the band are left to pass 2. */
#ifdef IMAGE_src_TYPE /* defined only when src is bound: not for ccl_band_border_union */
__kernel void ccl_band_union(IMAGE_src_TYPE src, __global int *parent, int band)
{
  const int width = GET_IMAGE_WIDTH(src), height = GET_IMAGE_HEIGHT(src), depth = GET_IMAGE_DEPTH(src);
  const int slice = ccl_band_slice(width, height, depth);
  const int slices = width * height * depth / slice;
  const int first = (int)get_global_id(0) * band;
  if (first >= slices)
    return;
  const int i0 = first * slice, i1 = min(first + band, slices) * slice;
  /* Coordinates of i0, then stepped along with i (no divisions per pixel). */
  int x = i0 % width, y = i0 / width % height, z = i0 / (width * height);
  int root = -1; /* the previous pixel's root, -1 for background */
  for (int i = i0; i < i1; i++) {
    const int left_root = root;
    root = -1;
    if (src[i] != 0) {
      root = i;
      int known = 0; /* entries known to be in the pixel's object */
#pragma unroll
      for (int j = 0; j < CCL_BAND_EARLIER; j++) {
        const int4 d = ccl_band_earlier[j];
        if (x + d.x < 0 || x + d.x >= width || y + d.y < 0 || y + d.y >= height || z + d.z < 0)
          continue;
        const int m = i + d.x + width * (d.y + height * d.z);
        if (m < i0 || parent[m] < 0) /* before the band, or background */
          continue;
        const bool touches = CCL_BOX && (known & ccl_band_touch[j]);
        known |= 1 << j;
        if (touches)
          continue;
        const int r = j == 0 ? left_root : ccl_band_find(parent, m);
        if (root == i) {
          root = r;
        } else if (r < root) {
          parent[root] = r;
          root = r;
        } else if (r > root) {
          parent[r] = root;
        }
      }
    }
    parent[i] = root;
    if (++x == width) {
      x = 0;
      if (++y == height)
        y = 0, z++;
    }
  }
}
#endif

/* ---- pass 2: ccl_union_global across band borders ---- */

/* Work-item b - 1 unites the first slice of band b (b >= 1) with the slice
 * before it (the last of band b - 1): each pixel with the pixel just before
 * it along the band axis, and, for box, only when that one is background,
 * with the others there (all of which touch it, so they are connected to it
 * by pass 1 if it is foreground). */
__kernel void ccl_band_border_union(__global int *parent, int width, int height, int depth, int band)
{
  const int slice = ccl_band_slice(width, height, depth);
  const int slices = width * height * depth / slice;
  const int first = ((int)get_global_id(0) + 1) * band;
  if (first >= slices)
    return;
  const int i0 = first * slice;
  for (int k = 0; k < slice; k++) {
    const int i = i0 + k;
    if (parent[i] < 0)
      continue;
    const int m = i - slice;
    if (parent[m] >= 0) {
      ccl_union_global(parent, i, m);
      continue;
    }
    if (!CCL_BOX || slice == 1)
      continue;
    const int x = k % width, y = CCL_3D ? k / width : 0;
    for (int dy = (CCL_3D ? -1 : 0); dy <= (CCL_3D ? 1 : 0); dy++) {
      for (int dx = -1; dx <= 1; dx++) {
        if ((dx == 0 && dy == 0) || x + dx < 0 || x + dx >= width || y + dy < 0 || y + dy >= height)
          continue;
        const int q = m + dx + width * dy;
        if (parent[q] >= 0)
          ccl_union_global(parent, i, q);
      }
    }
  }
}
#endif
