/* The z_projection family (maximum, minimum, sum, mean z projections): one
 * kernel file, kernels/z_projection.cl, given each op's per-pixel rule from
 * its spec as defines (generated cle_ops.c) and laid out per device type:
 * on GPUs z_projection_columns (each work-item owns a pixel of the plane and
 * walks z: coalesced rows), on CPU devices z_projection_slab (each work-item
 * owns a contiguous run of the plane and reads it plane by plane in tiles;
 * pocl ran one item per pixel at 2.6 GB/s). */
#include <stdlib.h>

#include "cle_private.h"
#include "families/z_projection.h"
#include "ops/ops_util.h"

enum {
  SLAB_TILE_BYTES = 4096, /* source bytes per plane per tile: runs long enough to stream, tile in L1 */
  SLAB_MAX_ITEMS = 1024
};

int cle_z_projection(cle_array *src, cle_array *dst, const char *rule_defines)
{
  cle_device *dev = cle_array_device(src);
  const cle_param params[] = {cle_param_array("src", src), cle_param_array("dst", dst)};
  const size_t plane = cle_array_width(src) * cle_array_height(src);
  const size_t src_size = cle_dtype_size(cle_array_dtype(src));
  if (!cle_ops_chunked_path(dev)) {
    const size_t range[3] = {plane, 1, 1};
    return cle_run_kernel(dev, "z_projection", "z_projection_columns", params, 2, range, NULL, rule_defines);
  }
  const size_t tile = SLAB_TILE_BYTES / src_size; /* one tile per item if it can */
  size_t items = (plane + tile - 1) / tile;
  if (items > SLAB_MAX_ITEMS)
    items = SLAB_MAX_ITEMS;
  char *defines = cle_defines_append(rule_defines, "#define CLE_Z_TILE %zu\n", tile);
  if (!defines)
    return -1;
  const size_t range[3] = {items, 1, 1}, one[3] = {1, 1, 1};
  const int rc = cle_run_kernel(dev, "z_projection", "z_projection_slab", params, 2, range, one, defines);
  free(defines);
  return rc;
}
