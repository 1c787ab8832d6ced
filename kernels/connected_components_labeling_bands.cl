/* connected_components_labeling_bands: the union-find passes on CPU devices
 * (runtime/ops/connected_components_labeling.c). The forest is the one of
 * kernels/connected_components_labeling.cl: parent[i] is -1 for background,
 * else a pixel of the same object with an index <= i, and every object's
 * root ends at its smallest index, so label_scan numbers both alike.
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
    (int4)(-1, 0, 0, 0),  (int4)(0, 0, -1, 0),  (int4)(0, -1, 0, 0),   (int4)(-1, -1, 0, 0), (int4)(1, -1, 0, 0),
    (int4)(0, -1, -1, 0), (int4)(0, 1, -1, 0),  (int4)(-1, 0, -1, 0),  (int4)(1, 0, -1, 0),  (int4)(-1, -1, -1, 0),
    (int4)(1, -1, -1, 0), (int4)(-1, 1, -1, 0), (int4)(1, 1, -1, 0)};
__constant int ccl_band_touch[13] = {0x0,  0x1,  0x3,   0x7,  0x6,   0x1f, 0x3,
                                     0x6f, 0x76, 0xaf, 0x136, 0xc3, 0x142};
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

/* ---- pass 2: lock-free union across band borders ----
 * The same find and union as ccl_find_global / ccl_union_global in
 * kernels/connected_components_labeling.cl (kernel files cannot include one
 * another): link the larger root under the smaller with atomic_min, retry
 * from the parent it had if it was linked meanwhile; parents only decrease. */
inline int ccl_band_find_atomic(volatile __global int *forest, int node)
{
  for (;;) {
    const int up = forest[node];
    if (up == node)
      return node;
    const int upup = forest[up];
    if (upup == up)
      return up;
    atomic_min(&forest[node], upup);
    node = upup;
  }
}

inline void ccl_band_union_atomic(volatile __global int *forest, int a, int b)
{
  for (;;) {
    a = ccl_band_find_atomic(forest, a);
    b = ccl_band_find_atomic(forest, b);
    if (a == b)
      return;
    if (a < b) {
      const int t = a;
      a = b;
      b = t;
    }
    const int old = atomic_min(&forest[a], b);
    if (old == a)
      return;
    a = old;
  }
}

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
      ccl_band_union_atomic(parent, i, m);
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
          ccl_band_union_atomic(parent, i, q);
      }
    }
  }
}
