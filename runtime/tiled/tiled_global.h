/* The tiled algorithms of ops whose footprint is global (cle_tiled.h):
 * exact two-pass versions -- per-tile partials, then a merge -- that give
 * what the untiled op gives, numbering and bits included. */
#ifndef CESPERANTO_TILED_GLOBAL_H
#define CESPERANTO_TILED_GLOBAL_H

#include <stdint.h>

#include "cesperanto/cle_tiled.h"
#include "tiled/tile_box.h"

/* One tiled call, as cle_tiled_invoke checked it. */
typedef struct cle_tiled_call {
  const cle_op_desc *op;
  cle_device *dev;
  const cle_host_image *const *inputs; /* op->n_inputs, one shape */
  const cle_value *params;             /* op->n_params, spec order */
  size_t size[3];                      /* the inputs' size, x, y, z */
  size_t tile[3];                      /* the tile size chosen (never 0) */
} cle_tiled_call;

typedef int (*cle_tiled_global_fn)(const cle_tiled_call *call, cle_tiled_result *out);

/* The tiled algorithm of the op named name, or NULL where it has none. */
cle_tiled_global_fn cle_tiled_global_find(const char *name);
/* Whether that algorithm wants compact tiles (cubes: its merge grows with
 * the tiles' surface) rather than slabs of whole planes, which move
 * without packing. */
bool cle_tiled_global_compact(const char *name);

/* Helpers the algorithms share (tiled_global.c). */

/* Push the box of every input of call (NULL stays NULL: an optional input),
 * call the op on them with call->params (dst NULL) and fill *res. 0, or -1
 * with the op's own error; the pushed arrays are released either way. */
int cle_tiled_run_box(const cle_tiled_call *call, const cle_box *box, cle_op_result *res);
/* Push the box of input k of call: a new array, or NULL with the error set. */
cle_array *cle_tiled_push_input(const cle_tiled_call *call, int k, const cle_box *box);
/* A new host image of dtype with the inputs' shape and ndim into *img, its
 * pixels uninitialised (the tiles write them all; cle_host_large_alloc).
 * 0, or -1 with CLE_ERROR_OUT_OF_MEMORY. */
int cle_tiled_alloc_output(const cle_tiled_call *call, cle_dtype dtype, cle_host_image *img);

/* Host passes over a whole host image on several threads (tiled_host.c),
 * bit for bit what the device gives: the smallest and largest non-NaN pixel
 * (cle_reduce_all's min and max; NaN for NaN only), and out[i] =
 * (float)pixel > constant (greater_constant) into uint8 out[n]. */
void cle_tiled_host_range(const cle_host_image *img, double *lo, double *hi);
void cle_tiled_host_greater(const cle_host_image *img, float constant, uint8_t *out);

/* The op's numeric params within the bounds of the spec (finite floats
 * where bounded), as the op checks them: 0, or -1 with an error naming op,
 * param and value (tiled_params.c). cle_tiled_invoke checks every call so,
 * before any tile; the algorithms that never pass the params to the op
 * itself check them too (they are called directly by the tests). */
int cle_tiled_check_params(const cle_op_desc *op, const cle_value *params);

/* The algorithms (one file per family). */
int cle_tiled_connected_component_labeling(const cle_tiled_call *call, cle_tiled_result *out);
int cle_tiled_threshold_otsu(const cle_tiled_call *call, cle_tiled_result *out);
int cle_tiled_threshold_yen(const cle_tiled_call *call, cle_tiled_result *out);
int cle_tiled_percentile(const cle_tiled_call *call, cle_tiled_result *out);
int cle_tiled_normalize(const cle_tiled_call *call, cle_tiled_result *out);
int cle_tiled_minimum_of_all_pixels(const cle_tiled_call *call, cle_tiled_result *out);
int cle_tiled_maximum_of_all_pixels(const cle_tiled_call *call, cle_tiled_result *out);
int cle_tiled_array_equal(const cle_tiled_call *call, cle_tiled_result *out);
int cle_tiled_sum_of_all_pixels(const cle_tiled_call *call, cle_tiled_result *out);
int cle_tiled_mean_of_all_pixels(const cle_tiled_call *call, cle_tiled_result *out);
int cle_tiled_standard_deviation_of_all_pixels(const cle_tiled_call *call, cle_tiled_result *out);
int cle_tiled_mean_squared_error(const cle_tiled_call *call, cle_tiled_result *out);
int cle_tiled_statistics_of_labelled_pixels(const cle_tiled_call *call, cle_tiled_result *out);
int cle_tiled_statistics_of_background_and_labelled_pixels(const cle_tiled_call *call, cle_tiled_result *out);
int cle_tiled_labels_statistics(const cle_tiled_call *call, cle_tiled_result *out);

#endif
