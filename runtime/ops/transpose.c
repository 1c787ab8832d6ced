/* The transposes: output(x, y, z) = input with two axes swapped, one pixel
 * copied per output pixel (kernels/copy_region.cl).
 *
 * CPU devices run the element-wise kernels transpose_xy / _xz / _yz (one
 * work-item per output pixel). GPUs need both sides coalesced: every
 * transpose is the swap of A and B in a (P, B, Q, A, R) layout (outermost
 * first) into (P, A, Q, B, R):
 *   transpose_xy  P depth, B height, Q 1,      A width,  R 1
 *   transpose_xz  P 1,     B depth,  Q height, A width,  R 1
 *   transpose_yz  P 1,     B depth,  Q 1,      A height, R width
 * Where A is 1 the swap is one of B and Q (A := Q); where B is 1, one of Q
 * and A (B := Q); where the axes left are 1 the layout does not change (a
 * copy). Then R = 1 is a tile transpose of the (B, A) planes
 * (transpose_tiles: local-memory tiles, reads along A and writes along B
 * coalesced), R > 1 a copy of whole rows (transpose_rows, vector loads and
 * stores). Both give the same pixels as the element-wise kernels: it is a
 * copy. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

#include "cle_private.h"
#include "ops_util.h"
#include "transpose.h"

enum {
  TILE_GROUP = 256,     /* items per tile group */
  TILE_ROW_BYTES = 256, /* a tile row: 64 pixels (H200, 512^3 float32: 128-byte rows ran transpose_xz at 74 % of
                           the copy bandwidth, 256-byte rows at 85 %) */
  TILE_MAX = 64,
  ROWS_GROUP = 256,   /* items per group of transpose_rows */
  ROWS_VEC_BYTES = 16 /* bytes per item of transpose_rows */
};

/* "uint" where every count the kernel divides (below limit) fits 32 bits. */
static const char *index_type(size_t limit)
{
  return limit <= UINT32_MAX ? "uint" : "ulong";
}

static int run_rows(cle_device *dev, const cle_param *params, cle_array *input, cle_array *output, size_t a, size_t b)
{
  const size_t width = cle_array_width(input), in_size = cle_dtype_size(cle_array_dtype(input));
  size_t vec = 1;
  if (cle_array_dtype(input) == cle_array_dtype(output)) /* vectors only for plain copies */
    for (vec = ROWS_VEC_BYTES / in_size; vec > 1 && width % vec != 0; vec /= 2)
      ;
  const size_t group = cle_ops_group_size(dev, ROWS_GROUP);
  const size_t items = cle_ops_round_up(a * b * (width / vec), group);
  char defines[160];
  snprintf(defines, sizeof defines,
           "#define CLE_T_TILE 1\n#define CLE_T_GROUP 1\n#define CLE_T_VEC %zu\n#define CLE_T_IDX %s\n", vec,
           index_type(items));
  const cle_param all[] = {params[0], params[1], cle_param_int("size_a", (int)a), cle_param_int("size_b", (int)b)};
  const size_t range[3] = {items, 1, 1}, local[3] = {group, 1, 1};
  return cle_run_kernel(dev, "copy_region", "transpose_rows", all, 4, range, local, defines);
}

int cle_ops_transpose(cle_array *input, cle_array *output, cle_transpose_axes axes)
{
  static const char *const naive[] = {"transpose_xy", "transpose_xz", "transpose_yz"};
  cle_device *dev = cle_array_device(input);
  const cle_param params[] = {cle_param_array("input_image", input), cle_param_array("output_image", output)};
  const size_t w = cle_array_width(input), h = cle_array_height(input), d = cle_array_depth(input);
  const size_t in_size = cle_dtype_size(cle_array_dtype(input));
  size_t tile = TILE_ROW_BYTES / in_size;
  tile = tile > TILE_MAX ? TILE_MAX : tile;
  const size_t group = cle_ops_group_size(dev, TILE_GROUP);
  const size_t range[3] = {cle_array_width(output), cle_array_height(output), cle_array_depth(output)};
  if (cle_ops_chunked_path(dev) || group < tile)
    return cle_run_kernel(dev, "copy_region", naive[axes], params, 2, range, NULL, NULL);
  size_t p = 1, b = d, q = 1, a = w, r = 1;
  if (axes == CLE_TRANSPOSE_XY)
    p = d, b = h;
  else if (axes == CLE_TRANSPOSE_XZ)
    q = h;
  else
    a = h, r = w;
  if (a == 1)
    a = q, q = 1;
  else if (b == 1)
    b = q, q = 1;
  if (h * d > INT_MAX || a > INT_MAX || b > INT_MAX || p > INT_MAX || q > INT_MAX) /* the kernels' int sizes */
    return cle_run_kernel(dev, "copy_region", naive[axes], params, 2, range, NULL, NULL);
  if (a == 1 || b == 1) /* the same layout: rows of the input's width, in order */
    return run_rows(dev, params, input, output, h * d, 1);
  if (r > 1) /* transpose_yz: p = q = 1 */
    return run_rows(dev, params, input, output, a, b);
  /* p or q is 1 here (q > 1 only for transpose_xz, whose p is 1) */
  const int middle = q > 1;
  const size_t c = middle ? q : p;
  const size_t groups = ((a + tile - 1) / tile) * ((b + tile - 1) / tile) * c;
  char defines[160];
  snprintf(defines, sizeof defines,
           "#define CLE_T_TILE %zu\n#define CLE_T_GROUP %zu\n#define CLE_T_VEC 1\n#define CLE_T_IDX %s\n", tile, group,
           index_type(groups + a + b));
  const cle_param all[] = {params[0],
                           params[1],
                           cle_param_int("size_a", (int)a),
                           cle_param_int("size_b", (int)b),
                           cle_param_int("size_c", (int)c),
                           cle_param_int("middle", middle)};
  const size_t tiles_range[3] = {groups * group, 1, 1}, local[3] = {group, 1, 1};
  return cle_run_kernel(dev, "copy_region", "transpose_tiles", all, 6, tiles_range, local, defines);
}
