/* connected_component_labeling: union-find on the device in a fixed number
 * of passes, independent of the objects' shapes and of the image's diameter
 * (no propagation until stable):
 *   1. ccl_local_union: one work-group per tile unions the tile's pixels in
 *      local memory and writes each pixel's tile root into an int32 forest;
 *   2. ccl_border_union: the pixels on tile borders union across them in
 *      global memory (lock-free atomic_min links: larger root under smaller,
 *      so each object's root ends at its first pixel in raster order);
 *   3-5. label_scan: count the roots per block, scan the block counts, and
 *      map every pixel to 1 + the number of roots before its root.
 * Five launches, no host synchronisation; temporaries: the forest (4 bytes
 * per pixel) and the root bitmask with its counts (1/4 byte per pixel).
 * Bytes moved, for a uint8 image of n pixels: n (read) + 4n (forest write)
 * + 4n (root scan) + 4n (forest read in the map) + 4n (labels) ~ 17n, plus
 * the border unions and root chases, which mostly hit the cache.
 *
 * On CPU devices (cle_ops_chunked_path) passes 1-2 are the band kernels
 * of the same file (CCL_BANDS) instead: a few work-items each raster-scan a band of whole rows (planes in 3D), then one work-item
 * per band border unites it with the band before; label_scan takes its CPU
 * layout too. Same forest, same output, still five launches. */
#include <limits.h>
#include <stdio.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "label_scan.h"
#include "ops_util.h"

/* Tile of pass 1 per dimensionality: 32 wide for coalesced reads, as many
 * pixels as fit a comfortable local-memory budget (4-8 KiB) so that few
 * pixels lie on tile borders (pass 2). */
static void choose_tile(size_t height, size_t depth, int tile[3])
{
  if (depth > 1) {
    tile[0] = 32, tile[1] = 8, tile[2] = 8;
  } else if (height > 1) {
    tile[0] = 32, tile[1] = 32, tile[2] = 1;
  } else {
    tile[0] = 2048, tile[1] = 1, tile[2] = 1;
  }
}

static size_t div_up(size_t a, size_t b)
{
  return (a + b - 1) / b;
}

/* CPU bands: at least BAND_MIN_PIXELS and BAND_MIN_SLICES slices each (a
 * launch of one costs more; fewer slices would put more pixels on band
 * borders), at most BAND_MAX (enough for 64 cores). */
enum { BAND_MIN_PIXELS = 65536, BAND_MIN_SLICES = 16, BAND_MAX = 64 };

/* Passes 1-2 on CPU devices (see the top of the file). */
static int union_bands(cle_device *dev, cle_array *src, cle_array *parent, int box)
{
  const size_t width = cle_array_width(src), height = cle_array_height(src), depth = cle_array_depth(src);
  const size_t n = width * height * depth;
  const size_t slice = depth > 1 ? width * height : (height > 1 ? width : 1), slices = n / slice;
  size_t bands = n / BAND_MIN_PIXELS;
  if (bands > slices / BAND_MIN_SLICES)
    bands = slices / BAND_MIN_SLICES;
  if (bands > BAND_MAX)
    bands = BAND_MAX;
  if (bands < 1)
    bands = 1;
  const size_t band = div_up(slices, bands);
  bands = div_up(slices, band);
  char defines[64];
  snprintf(defines, sizeof defines, "#define CCL_BANDS 1\n#define CCL_BOX %d\n#define CCL_3D %d\n", box, depth > 1);
  const size_t one[3] = {1, 1, 1}, range[3] = {bands, 1, 1};
  const cle_param params[] = {cle_param_array("src", src), cle_param_array("parent", parent),
                              cle_param_int("band", (int)band)};
  int rc = cle_run_kernel(dev, "connected_component_labeling", "ccl_band_union", params, 3, range, one, defines);
  if (rc == 0 && bands > 1) {
    const cle_param border_params[] = {cle_param_array("parent", parent), cle_param_int("width", (int)width),
                                       cle_param_int("height", (int)height), cle_param_int("depth", (int)depth),
                                       cle_param_int("band", (int)band)};
    const size_t borders[3] = {bands - 1, 1, 1};
    rc = cle_run_kernel(dev, "connected_component_labeling", "ccl_band_border_union", border_params, 5, borders, one,
                        defines);
  }
  return rc;
}

/* Passes 3-5: dst = 1 + the number of roots before each pixel's root; parent is released. */
static int number_roots(cle_device *dev, cle_array *parent, cle_array *dst, size_t n)
{
  label_scan scan;
  int rc = label_scan_build(dev, parent, (int)n, true, 0, &scan);
  if (rc == 0) {
    rc = label_scan_map(&scan, parent, dst, (int)n);
    label_scan_release(&scan);
  }
  cle_release(parent);
  return rc;
}

int cle_impl_connected_component_labeling(cle_array *src, cle_array *dst,
                                          cle_connected_component_labeling_connectivity connectivity)
{
  const int box = connectivity == CLE_CONNECTED_COMPONENT_LABELING_CONNECTIVITY_BOX;

  const size_t n = cle_array_size(src);
  if (n > INT_MAX)
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "input_image has %zu pixels; at most %d are supported", n, INT_MAX);
  const size_t width = cle_array_width(src), height = cle_array_height(src), depth = cle_array_depth(src);
  cle_device *dev = cle_array_device(src);

  cle_array *parent = cle_create(dev, CLE_INT32, n, 1, 1);
  if (!parent)
    return -1;
  if (cle_ops_chunked_path(dev)) {
    if (union_bands(dev, src, parent, box) != 0) {
      cle_release(parent);
      return -1;
    }
    return number_roots(dev, parent, dst, n);
  }

  int tile[3];
  choose_tile(height, depth, tile);
  const int group = label_group_size(dev, 256);
  char defines[128];
  snprintf(defines, sizeof defines,
           "#define TILE_X %d\n#define TILE_Y %d\n#define TILE_Z %d\n#define CCL_BOX %d\n#define CCL_WG %d\n", tile[0],
           tile[1], tile[2], box, group);

  /* Pass 1. */
  const size_t n_tiles =
      div_up(width, (size_t)tile[0]) * div_up(height, (size_t)tile[1]) * div_up(depth, (size_t)tile[2]);
  const size_t local[3] = {(size_t)group, 1, 1};
  const size_t tiles_range[3] = {n_tiles * (size_t)group, 1, 1};
  const cle_param local_params[] = {cle_param_array("src", src), cle_param_array("parent", parent)};
  int rc = cle_run_kernel(dev, "connected_component_labeling", "ccl_local_union", local_params, 2, tiles_range, local,
                          defines);

  /* Pass 2: pixels on the first column / row / plane of every tile but the first. */
  const size_t n_x = (width - 1) / (size_t)tile[0] * height * depth;
  const size_t n_y = width * ((height - 1) / (size_t)tile[1]) * depth;
  const size_t n_z = width * height * ((depth - 1) / (size_t)tile[2]);
  if (rc == 0 && n_x + n_y + n_z > 0) {
    const cle_param border_params[] = {cle_param_array("parent", parent),    cle_param_int("width", (int)width),
                                       cle_param_int("height", (int)height), cle_param_int("depth", (int)depth),
                                       cle_param_int("n_x", (int)n_x),       cle_param_int("n_y", (int)n_y),
                                       cle_param_int("n_z", (int)n_z)};
    const size_t border_range[3] = {label_round_up(n_x + n_y + n_z, local[0]), 1, 1};
    rc = cle_run_kernel(dev, "connected_component_labeling", "ccl_border_union", border_params, 7, border_range, local,
                        defines);
  }
  if (rc != 0) {
    cle_release(parent);
    return -1;
  }

  return number_roots(dev, parent, dst, n);
}
