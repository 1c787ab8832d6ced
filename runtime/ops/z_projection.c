/* The z projections (maximum, minimum, sum, mean): on GPUs one work item
 * per output pixel walking z (kernels/OP.cl, OP: every z step one coalesced
 * row); on CPU devices kernels/z_projection_slab.cl, whose work-items each
 * own a contiguous run of the plane and read it plane by plane in tiles
 * (pocl ran one item per pixel at 2.6 GB/s: every step of an item one pixel
 * from another plane), given each op's per-pixel rule as defines. */
#include <stdio.h>
#include <string.h>

#include "cle_private.h"
#include "ops_util.h"

enum {
  SLAB_TILE_BYTES = 4096, /* source bytes per plane per tile: runs long enough to stream, tile in L1 */
  SLAB_MAX_ITEMS = 1024
};

/* Each op's rule for the slab kernel: the same operations, in the same
 * order, as its own kernel in kernels/OP.cl. */
static const struct {
  const char *op, *acc_type, *combine, *finish;
} slab_rules[] = {
  {"maximum_z_projection", "IMAGE_src_PIXEL_TYPE", "((v) > (acc) ? (v) : (acc))", "(acc)"},
  {"minimum_z_projection", "IMAGE_src_PIXEL_TYPE", "((v) < (acc) ? (v) : (acc))", "(acc)"},
  {"sum_z_projection", "float", "((acc) + (v))", "(acc)"},
  {"mean_z_projection", "float", "((acc) + (v))", "((acc) / (float)depth)"},
};

int cle_ops_z_projection(cle_array *src, cle_array *dst, const char *op)
{
  cle_device *dev = cle_array_device(src);
  const cle_param params[] = {cle_param_array("src", src), cle_param_array("dst", dst)};
  if (!cle_ops_chunked_path(dev)) {
    const size_t range[3] = {cle_array_width(dst), cle_array_height(dst), cle_array_depth(dst)};
    return cle_run_kernel(dev, op, op, params, 2, range, NULL, NULL);
  }
  const size_t plane = cle_array_width(src) * cle_array_height(src);
  const size_t tile = SLAB_TILE_BYTES / cle_dtype_size(cle_array_dtype(src)); /* one tile per item if it can */
  size_t items = (plane + tile - 1) / tile;
  if (items > SLAB_MAX_ITEMS)
    items = SLAB_MAX_ITEMS;
  size_t rule = 0;
  while (rule < sizeof slab_rules / sizeof slab_rules[0] && strcmp(slab_rules[rule].op, op) != 0)
    rule++;
  if (rule == sizeof slab_rules / sizeof slab_rules[0])
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: no z projection rule for this op", op);
  char defines[256];
  snprintf(defines, sizeof defines,
           "#define CLE_Z_TILE %zu\n#define CLE_Z_ACC_T %s\n#define CLE_Z_COMBINE(acc, v) %s\n"
           "#define CLE_Z_FINISH(acc) %s\n",
           tile, slab_rules[rule].acc_type, slab_rules[rule].combine, slab_rules[rule].finish);
  const size_t range[3] = {items, 1, 1}, one[3] = {1, 1, 1};
  return cle_run_kernel(dev, "z_projection_slab", "z_projection_slab", params, 2, range, one, defines);
}
