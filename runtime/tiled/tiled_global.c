/* The table of tiled algorithms for global ops (tiled_global.h), and the
 * helpers they share. Each algorithm lives in its own file of this folder. */
#include "tiled/tiled_global.h"

#include <stdlib.h>
#include <string.h>

#include "cle_private.h"
#include "host_memory.h"

/* compact: the algorithm's cost grows with the tiles' surface (labeling's
 * merge over the tiles' first planes), so its tiles are cubes, not slabs. */
static const struct {
  const char *name;
  cle_tiled_global_fn fn;
  bool compact;
} tiled_globals[] = {
    {"connected_component_labeling", cle_tiled_connected_component_labeling, true}, /* tiled_labeling.c */
    {"threshold_otsu", cle_tiled_threshold_otsu, false},                            /* tiled_histogram.c */
    {"threshold_yen", cle_tiled_threshold_yen, false},
    {"percentile", cle_tiled_percentile, false},
    {"normalize", cle_tiled_normalize, false},
    {"minimum_of_all_pixels", cle_tiled_minimum_of_all_pixels, false}, /* tiled_reduce.c */
    {"maximum_of_all_pixels", cle_tiled_maximum_of_all_pixels, false},
    {"minimum_of_masked_pixels", cle_tiled_minimum_of_all_pixels, false},
    {"array_equal", cle_tiled_array_equal, false},
    {"sum_of_all_pixels", cle_tiled_sum_of_all_pixels, false},
    {"mean_of_all_pixels", cle_tiled_mean_of_all_pixels, false},
    {"standard_deviation_of_all_pixels", cle_tiled_standard_deviation_of_all_pixels, false},
    {"mean_squared_error", cle_tiled_mean_squared_error, false},
    {"statistics_of_labelled_pixels", cle_tiled_statistics_of_labelled_pixels, false}, /* tiled_statistics.c */
    {"statistics_of_background_and_labelled_pixels", cle_tiled_statistics_of_background_and_labelled_pixels, false},
    {"labels_statistics", cle_tiled_labels_statistics, false},
    {NULL, NULL, false},
};

static int global_index(const char *name)
{
  for (int i = 0; name && tiled_globals[i].name; i++)
    if (strcmp(tiled_globals[i].name, name) == 0)
      return i;
  return -1;
}

cle_tiled_global_fn cle_tiled_global_find(const char *name)
{
  const int i = global_index(name);
  return i < 0 ? NULL : tiled_globals[i].fn;
}

bool cle_tiled_global_compact(const char *name)
{
  const int i = global_index(name);
  return i >= 0 && tiled_globals[i].compact;
}

cle_array *cle_tiled_push_input(const cle_tiled_call *call, int k, const cle_box *box)
{
  return cle_box_push(call->dev, call->inputs[k], box);
}

int cle_tiled_run_box(const cle_tiled_call *call, const cle_box *box, cle_op_result *res)
{
  const cle_op_desc *op = call->op;
  cle_array *arrays[8] = {NULL};
  if (op->n_inputs > 8)
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "%s: tiling: %d inputs, at most 8 supported", op->name, op->n_inputs);
  int rc = 0;
  for (int k = 0; k < op->n_inputs && rc == 0; k++)
    if (call->inputs[k] && !(arrays[k] = cle_tiled_push_input(call, k, box)))
      rc = -1;
  if (rc == 0)
    rc = op->invoke(arrays, NULL, call->params, res);
  for (int k = 0; k < op->n_inputs; k++)
    cle_release(arrays[k]);
  return rc;
}

int cle_tiled_alloc_output(const cle_tiled_call *call, cle_dtype dtype, cle_host_image *img)
{
  const cle_host_image *like = call->inputs[0];
  for (int k = 0; !like && k < call->op->n_inputs; k++)
    like = call->inputs[k];
  const size_t n = call->size[0] * call->size[1] * call->size[2], bytes = n * cle_dtype_size(dtype);
  *img = (cle_host_image){.dtype = dtype,
                          .ndim = like ? like->ndim : 3,
                          .width = call->size[0],
                          .height = call->size[1],
                          .depth = call->size[2],
                          .data = cle_host_large_alloc(bytes)};
  if (!img->data)
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: tiling: no host memory for an output of %zu bytes",
                         call->op->name, bytes);
  return 0;
}
