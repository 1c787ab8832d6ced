/* The z projections (maximum, minimum, sum, mean): one kernel file,
 * kernels/z_projection.cl, given each op's per-pixel rule as defines and
 * laid out per device type: on GPUs z_projection_columns (each work-item
 * owns a pixel of the plane and walks z: coalesced rows), on CPU devices z_projection_slab (each work-item
 * owns a contiguous run of the plane and reads it plane by plane in tiles;
 * pocl ran one item per pixel at 2.6 GB/s). */
#include <stdio.h>
#include <string.h>

#include "cle_private.h"
#include "ops_util.h"

enum {
  SLAB_TILE_BYTES = 4096, /* source bytes per plane per tile: runs long enough to stream, tile in L1 */
  SLAB_MAX_ITEMS = 1024
};

/* Each op's per-pixel rule (kernels/z_projection.cl). */
static const struct {
  const char *op, *acc_type, *combine, *finish;
} z_rules[] = {
  {"maximum_z_projection", "IMAGE_src_PIXEL_TYPE", "((v) > (acc) ? (v) : (acc))", "(acc)"},
  {"minimum_z_projection", "IMAGE_src_PIXEL_TYPE", "((v) < (acc) ? (v) : (acc))", "(acc)"},
  {"sum_z_projection", "float", "((acc) + (v))", "(acc)"},
  {"mean_z_projection", "float", "((acc) + (v))", "((acc) / (float)depth)"},
};

int cle_ops_z_projection(cle_array *src, cle_array *dst, const char *op)
{
  size_t rule = 0;
  while (rule < sizeof z_rules / sizeof z_rules[0] && strcmp(z_rules[rule].op, op) != 0)
    rule++;
  if (rule == sizeof z_rules / sizeof z_rules[0])
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: no z projection rule for this op", op);
  cle_device *dev = cle_array_device(src);
  const cle_param params[] = {cle_param_array("src", src), cle_param_array("dst", dst)};
  const size_t plane = cle_array_width(src) * cle_array_height(src);
  const size_t src_size = cle_dtype_size(cle_array_dtype(src));
  char defines[320];
  int len = snprintf(defines, sizeof defines,
                     "#define CLE_Z_ACC_T %s\n#define CLE_Z_COMBINE(acc, v) %s\n#define CLE_Z_FINISH(acc) %s\n",
                     z_rules[rule].acc_type, z_rules[rule].combine, z_rules[rule].finish);
  if (!cle_ops_chunked_path(dev)) {
    const size_t range[3] = {plane, 1, 1};
    return cle_run_kernel(dev, "z_projection", "z_projection_columns", params, 2, range, NULL, defines);
  }
  const size_t tile = SLAB_TILE_BYTES / src_size; /* one tile per item if it can */
  size_t items = (plane + tile - 1) / tile;
  if (items > SLAB_MAX_ITEMS)
    items = SLAB_MAX_ITEMS;
  snprintf(defines + len, sizeof defines - (size_t)len, "#define CLE_Z_TILE %zu\n", tile);
  const size_t range[3] = {items, 1, 1}, one[3] = {1, 1, 1};
  return cle_run_kernel(dev, "z_projection", "z_projection_slab", params, 2, range, one, defines);
}
