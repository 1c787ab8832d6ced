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
 * tile's working set fits the device's memory budget. The chosen tile starts
 * as the whole image and an open axis is halved (the longest, z first on a
 * tie; for an op without a halo z, then y, then x: slabs of whole planes,
 * which move without packing -- but labeling, whose merge grows with the
 * tiles' surface, takes the longest) until a tile grown
 * by the halo fits 3/4 of what the budget leaves free (cle_device_memory_budget
 * less cle_device_memory_in_use), counting each input and the output twice
 * (the tile computed while the next one is pushed and the last one pulled,
 * 4 bytes an output pixel) and 3 float32 images of room for the op's
 * temporaries. */
typedef struct cle_tile_options {
  cle_device *device; /* NULL: the default device */
  size_t tile[3];     /* the part of the image each tile writes, per axis x, y, z (the halo comes on top); 0: chosen */
} cle_tile_options;

/* What a tiled op gave back: an image (CLE_OUTPUT_ARRAY ops), a scalar
 * (CLE_OUTPUT_SCALAR) or a table (CLE_OUTPUT_TABLE); free it with
 * cle_tiled_result_free (or the image with cle_host_image_free and the table
 * with cle_statistics_free). */
typedef struct cle_tiled_result {
  cle_host_image image;
  double scalar;
  struct cle_statistics *table;
} cle_tiled_result;

/* Free what a tiled op gave back (its image and table) and zero *result. NULL-safe. */
CLE_API void cle_tiled_result_free(cle_tiled_result *result);

/* The halo op needs at params (in spec order, as cle_op_desc.invoke takes
 * them), per axis x, y, z, into halo[3]: the spec's footprint evaluated by
 * the generated cle_op_desc.halo, rounded up. Returns 0, or -1 with
 * CLE_ERROR_UNSUPPORTED for an op whose footprint is global (on any axis),
 * CLE_ERROR_INVALID_ARGUMENT naming the op for a param of the wrong type or
 * a halo that comes out NaN, negative or beyond INT_MAX. */
CLE_API int cle_op_halo(const cle_op_desc *op, const cle_value *params, size_t halo[3]);

/* Run op (a name or an alias) over host images: inputs[op->n_inputs] of one
 * shape, params[op->n_params] in spec order. *out is zeroed first and filled.
 * Returns 0, or -1 with the error set: an unknown op, an op without a tiled
 * form (CLE_ERROR_UNSUPPORTED naming the op and why: a global footprint
 * without a tiled algorithm; an output of another shape than the input's or
 * not one image; a result that depends on the pixel's position), bad params
 * or inputs (as the op itself reports them), out of memory (no tile fits the
 * device's budget: cle_device_memory_budget).
 *
 * The images stay in host memory; the device holds two tiles' boxes at a
 * time (one computing, the next being pushed) through pinned staging
 * buffers and asynchronous copies. Each box is the tile grown by the halo,
 * clipped to the image, and at least 2 pixels long on every axis the image
 * has longer, so the op sees the image's dimensionality. */
CLE_API int cle_tiled_invoke(const char *op, const cle_host_image *const *inputs, const cle_value *params,
                             cle_tiled_result *out, const cle_tile_options *options);

/* Host memory a streamed op (`cle OP IN.tif OUT.tif --tile ...`: slabs of
 * slices from and into the files) may plan for: CLE_HOST_MEMORY_LIMIT
 * (bytes; suffixes K, M, G, T as CLE_DEVICE_MEMORY_LIMIT) where it is set,
 * else half the machine's physical memory. Returns the bytes, or 0 with
 * CLE_ERROR_INVALID_ARGUMENT for a malformed CLE_HOST_MEMORY_LIMIT. */
CLE_API uint64_t cle_host_memory_budget(void);

#ifdef __cplusplus
}
#endif
#endif /* CESPERANTO_CLE_TILED_H */
