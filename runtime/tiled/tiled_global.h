/* The tiled algorithms of ops whose footprint is global (cle_tiled.h):
 * exact two-pass versions -- per-tile partials, then a merge -- that give
 * what the untiled op gives, numbering and bits included. */
#ifndef CESPERANTO_TILED_GLOBAL_H
#define CESPERANTO_TILED_GLOBAL_H

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

#endif
