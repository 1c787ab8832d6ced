/* cesperanto — ops over images larger than the device: tile by tile.
 *
 * An op whose spec footprint is finite runs over a host image tile by tile:
 * each tile is pushed with the op's halo (the footprint at the call's
 * params, clipped to the image), the op runs on it, and the tile's inside is
 * pulled into the output. Away from the image's border a tile sees what the
 * whole image would give the op; at the border the clipped tile has the
 * image's own border, so the result is bit-identical to the untiled op.
 * Ops whose footprint is `global` run tiled only where they have an exact
 * tiled algorithm (per-tile partials, then a merge: connected-component
 * labels, histogram thresholds, whole-image reductions, per-label
 * statistics); others are refused with CLE_ERROR_UNSUPPORTED naming the op.
 */
#ifndef CESPERANTO_CLE_TILED_H
#define CESPERANTO_CLE_TILED_H

#include <stddef.h>
#include "cle.h"
#include "cle_io.h"
#include "cle_registry.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How to tile. Zero-initialised means: the default device, tiles chosen so a
 * tile's working set fits the device's memory budget. */
typedef struct cle_tile_options {
  cle_device *device; /* NULL: the default device */
  size_t tile[3];     /* the part of the image each tile writes, per axis x, y, z (the halo comes on top); 0: chosen */
} cle_tile_options;

/* What a tiled op gave back: an image (CLE_OUTPUT_ARRAY ops; free with
 * cle_host_image_free), a scalar (CLE_OUTPUT_SCALAR) or a table
 * (CLE_OUTPUT_TABLE; free with cle_statistics_free). */
typedef struct cle_tiled_result {
  cle_host_image image;
  double scalar;
  struct cle_statistics *table;
} cle_tiled_result;

/* The halo op needs at params (in spec order, as cle_op_desc.invoke takes
 * them), per axis x, y, z, into halo[3]. Returns 0, or -1 with
 * CLE_ERROR_UNSUPPORTED for an op whose footprint is global. */
CLE_API int cle_op_halo(const cle_op_desc *op, const cle_value *params, size_t halo[3]);

/* Run op (a name or an alias) over host images: inputs[op->n_inputs] of one
 * shape, params[op->n_params] in spec order. *out is zeroed first and filled.
 * Returns 0, or -1 with the error set: an unknown op, an op without a tiled
 * form (global footprint, no tiled algorithm; an output of another shape
 * than the input's; a result that depends on the pixel's position), bad
 * params or inputs (as the op itself reports them), out of memory. */
CLE_API int cle_tiled_invoke(const char *op, const cle_host_image *const *inputs, const cle_value *params,
                             cle_tiled_result *out, const cle_tile_options *options);

#ifdef __cplusplus
}
#endif
#endif /* CESPERANTO_CLE_TILED_H */
