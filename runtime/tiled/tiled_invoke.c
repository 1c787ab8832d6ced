/* cle_tiled_invoke (cle_tiled.h): an op over host images, tile by tile.
 *
 * Each tile (the part of the output it writes) is grown by the op's halo,
 * clipped to the image, and that box of every input goes to the device; the
 * op runs on it through the registry (op->invoke), and the tile's inside
 * comes back into the output. Transfers overlap the work: the boxes move
 * through pinned host buffers (cle_host_alloc) with asynchronous copies, two
 * sets used in turn, so while the device runs tile i the host packs tile
 * i+1's inputs and enqueues their push, and tile i's result is pulled
 * asynchronously; only then does the host wait for tile i and unpack it.
 *
 * Refused, with CLE_ERROR_UNSUPPORTED naming the op: a global footprint
 * without a tiled algorithm (tiled_global.c), a result that depends on the
 * pixel's position (uses_position), anything but one image of the input's
 * shape as output. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cesperanto/cle_statistics.h"
#include "cle_internal.h"
#include "host_memory.h"
#include "tiled/tiled_global.h"

#define WHO "cle_tiled_invoke"

/* Device bytes a tile's voxel needs besides its inputs and output: room for
 * the op's temporaries (a composite's intermediate images, separable
 * passes), as this many float32 images of the tile's box. */
#define TEMPORARY_IMAGES 3
/* Only this fraction of the budget left free is planned for (the rest: the
 * programs, the op's small buffers, the driver). */
#define BUDGET_NUMERATOR 3
#define BUDGET_DENOMINATOR 4

/* The most image inputs a tiled op takes (ops have at most 3 today). */
#define CLE_MAX_TILED_INPUTS 8

/* An output creator that gives the input's shape: like(IN...), binary(IN), labels(IN). */
static bool same_shape_creator(const char *creator)
{
  return creator &&
         (!strncmp(creator, "like(", 5) || !strncmp(creator, "binary(", 7) || !strncmp(creator, "labels(", 7));
}

static const char *output_words(cle_output_kind kind)
{
  switch (kind) {
  case CLE_OUTPUT_SCALAR: return "gives a number";
  case CLE_OUTPUT_TABLE: return "gives a table";
  case CLE_OUTPUT_ARRAYS: return "gives several images";
  case CLE_OUTPUT_INPLACE: return "writes into its input";
  default: return "gives an image";
  }
}

/* The bytes a box of voxels takes on the device: each input twice (the tile
 * computed and the next one pushed), the output twice (computed, pulled; 4
 * bytes a pixel at most), the temporaries. 0 on overflow. */
static uint64_t box_device_bytes(const size_t box[3], uint64_t input_bytes_per_voxel)
{
  const uint64_t per_voxel = 2 * input_bytes_per_voxel + 2 * 4 + TEMPORARY_IMAGES * 4;
  uint64_t n = box[0];
  if (__builtin_mul_overflow(n, (uint64_t)box[1], &n) || __builtin_mul_overflow(n, (uint64_t)box[2], &n) ||
      __builtin_mul_overflow(n, per_voxel, &n))
    return 0;
  return n;
}

/* The open axis (not given, longer than 1) to halve next, or -1. Slabs: z,
 * then y, then x, so a tile is whole planes or rows, one run of the image's
 * memory that moves without packing (for ops without a halo). Else the
 * widest (the least halo, or merge, per pixel), z before y before x on a
 * tie (longer rows). */
static int axis_to_halve(bool slabs, const size_t given[3], const size_t tile[3])
{
  int pick = -1;
  for (int a = 2; a >= 0; a--)
    if (!given[a] && tile[a] > 1 && (pick < 0 || (!slabs && tile[a] > tile[pick])))
      pick = a;
  return pick;
}

/* The tile size where the caller left it open (0 on an axis): start from the
 * whole image and halve an open axis (axis_to_halve) until a grown tile's
 * working set fits what the device's budget leaves. */
static int choose_tile(const cle_tiled_call *call, const size_t halo[3], bool slabs, const size_t given[3],
                       size_t tile[3])
{
  const cle_op_desc *op = call->op;
  uint64_t per_voxel = 0, max_input = 0;
  for (int i = 0; i < op->n_inputs; i++) {
    const uint64_t e = cle_dtype_size(call->inputs[i]->dtype);
    per_voxel += e;
    max_input = e > max_input ? e : max_input;
  }
  /* idle pooled buffers count as in use, but the pool gives them back on demand */
  const uint64_t budget = cle_device_memory_budget(call->dev), pooled = cle_buffer_pool_bytes(call->dev);
  uint64_t in_use = cle_device_memory_in_use(call->dev);
  in_use = in_use > pooled ? in_use - pooled : 0;
  const uint64_t free_bytes = budget > in_use ? budget - in_use : 0;
  const uint64_t plan = free_bytes / BUDGET_DENOMINATOR * BUDGET_NUMERATOR;
  const uint64_t max_buffer = cle_device_max_allocation(call->dev);
  for (int a = 0; a < 3; a++)
    tile[a] = given[a] ? (given[a] < call->size[a] ? given[a] : call->size[a]) : call->size[a];
  for (;;) {
    size_t grown[3];
    for (int a = 0; a < 3; a++) {
      grown[a] = tile[a] + 2 * halo[a];
      if (grown[a] > call->size[a] || grown[a] < tile[a])
        grown[a] = call->size[a];
    }
    const uint64_t need = box_device_bytes(grown, per_voxel);
    const uint64_t largest_buffer = (uint64_t)grown[0] * grown[1] * grown[2] * (max_input > 4 ? max_input : 4);
    if (need && need <= plan && largest_buffer <= max_buffer)
      return 0;
    const int a = axis_to_halve(slabs, given, tile);
    if (a < 0)
      break;
    tile[a] = (tile[a] + 1) / 2;
  }
  if (given[0] && given[1] && given[2])
    return 0; /* the caller's choice: the allocations will say whether it fits */
  return cle_set_error(CLE_ERROR_OUT_OF_MEMORY,
                       "%s: no tile fits the device's memory budget: %llu of %llu bytes are free%s, and the halo "
                       "(%zu, %zu, %zu) alone needs more",
                       op->name, (unsigned long long)free_bytes, (unsigned long long)budget,
                       call->dev->memory_limited ? " (CLE_DEVICE_MEMORY_LIMIT)" : "", halo[0], halo[1], halo[2]);
}

/* One set of staging buffers and what is in flight through it. */
typedef struct slot {
  unsigned char *in[CLE_MAX_TILED_INPUTS]; /* pinned (or malloc'ed) packed input boxes */
  bool in_pinned[CLE_MAX_TILED_INPUTS];
  unsigned char *out; /* the packed result box */
  bool out_pinned;
  cle_array *arrays[CLE_MAX_TILED_INPUTS];
  cle_event *pushed[CLE_MAX_TILED_INPUTS];
  cle_array *result;
  cle_event *pulled;
  cle_box inner, held; /* the tile and the box held on the device */
} slot;

static void *stage_alloc(cle_device *dev, size_t bytes, bool *pinned)
{
  void *p = cle_host_alloc(dev, bytes);
  *pinned = p != NULL;
  if (!p) { /* no pinned memory: pageable memory works too, with less overlap */
    cle_clear_error();
    p = malloc(bytes);
  }
  return p;
}

static void stage_free(void *p, bool pinned)
{
  if (pinned)
    cle_host_free(p);
  else
    free(p);
}

/* Wait for and drop what the slot has in flight (on success or failure). */
static void slot_drain(slot *s, int n_inputs)
{
  for (int i = 0; i < n_inputs; i++) {
    cle_event_release(s->pushed[i]);
    s->pushed[i] = NULL;
    cle_release(s->arrays[i]);
    s->arrays[i] = NULL;
  }
  cle_event_release(s->pulled);
  s->pulled = NULL;
  cle_release(s->result);
  s->result = NULL;
}

/* Pack tile index's grown box of every input and enqueue its push. */
static int stage_tile(const cle_tiled_call *call, const size_t halo[3], size_t index, slot *s)
{
  cle_tile_at(call->size, call->tile, index, &s->inner);
  cle_box_grow(&s->inner, halo, call->size, &s->held);
  /* An axis of the image longer than 1 stays longer than 1 in every box, so
   * the op sees the image's dimensionality: one more pixel of context, where
   * the image has it, changes nothing inside. */
  for (int a = 0; a < 3; a++)
    if (s->held.size[a] == 1 && call->size[a] > 1) {
      if (s->held.origin[a] + 1 < call->size[a])
        s->held.size[a] = 2;
      else {
        s->held.origin[a]--;
        s->held.size[a] = 2;
      }
    }
  size_t shape[3];
  const int ndim = cle_box_shape(call->inputs[0], &s->held, shape);
  for (int i = 0; i < call->op->n_inputs; i++) {
    cle_box_copy_rows(call->inputs[i], &s->held, &s->held, s->in[i], true);
    s->arrays[i] = cle_push_async(call->dev, s->in[i], call->inputs[i]->dtype, ndim, shape, &s->pushed[i]);
    if (!s->arrays[i])
      return -1;
  }
  return 0;
}

/* Run the op on the slot's boxes and enqueue the pull of its result. */
static int run_tile(const cle_tiled_call *call, slot *s, cle_host_image *out)
{
  const cle_op_desc *op = call->op;
  cle_op_result r;
  if (op->invoke(s->arrays, NULL, call->params, &r) != 0)
    return -1;
  s->result = r.array;
  const cle_box *b = &s->held;
  if (cle_array_width(r.array) != b->size[0] || cle_array_height(r.array) != b->size[1] ||
      cle_array_depth(r.array) != b->size[2])
    return cle_set_error(CLE_ERROR_UNSUPPORTED,
                         "%s: its output (%zux%zux%zu) is not the shape of its input (%zux%zux%zu); it has no tiled "
                         "form",
                         op->name, cle_array_width(r.array), cle_array_height(r.array), cle_array_depth(r.array),
                         b->size[0], b->size[1], b->size[2]);
  if (!out->data) { /* the first tile: now the output's dtype is known */
    const cle_dtype dtype = cle_array_dtype(r.array);
    const size_t bytes = call->size[0] * call->size[1] * call->size[2] * cle_dtype_size(dtype);
    out->data = cle_host_large_alloc(bytes);
    if (!out->data)
      return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: no host memory for the %zu bytes of the output", op->name,
                           bytes);
    out->dtype = dtype;
    out->ndim = call->inputs[0]->ndim;
    out->width = call->size[0];
    out->height = call->size[1];
    out->depth = call->size[2];
  } else if (cle_array_dtype(r.array) != out->dtype) {
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "%s: its output's dtype differs from tile to tile (%s, then %s)",
                         op->name, cle_dtype_name(out->dtype), cle_dtype_name(cle_array_dtype(r.array)));
  }
  return cle_pull_async(r.array, s->out, cle_array_nbytes(r.array), &s->pulled);
}

/* Wait for the slot's result and unpack its inside into out. */
static int finish_tile(slot *s, cle_host_image *out, int n_inputs)
{
  int rc = cle_event_wait(s->pulled);
  if (rc == 0)
    cle_box_copy_rows(out, &s->held, &s->inner, s->out, false);
  slot_drain(s, n_inputs);
  return rc;
}

static int run_tiles(const cle_tiled_call *call, const size_t halo[3], cle_host_image *out)
{
  const cle_op_desc *op = call->op;
  const int n_inputs = op->n_inputs;
  /* The largest box a tile holds: the tile, the halo on both sides, one more pixel on a short axis. */
  size_t held_voxels = 1;
  for (int a = 0; a < 3; a++) {
    size_t g = call->tile[a] + 2 * halo[a];
    if (g > call->size[a] || g < call->tile[a])
      g = call->size[a];
    if (g < 2 && call->size[a] > 1)
      g = 2;
    held_voxels *= g;
  }
  slot slots[2];
  memset(slots, 0, sizeof slots);
  int rc = 0;
  const size_t n = cle_tile_count(call->size, call->tile);
  for (int k = 0; k < (n > 1 ? 2 : 1) && rc == 0; k++) { /* one tile: one set of buffers */
    for (int i = 0; i < n_inputs && rc == 0; i++)
      if (!(slots[k].in[i] =
                stage_alloc(call->dev, held_voxels * cle_dtype_size(call->inputs[i]->dtype), &slots[k].in_pinned[i])))
        rc = cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: no host memory for the staging buffers", op->name);
    if (rc == 0 && !(slots[k].out = stage_alloc(call->dev, held_voxels * 4, &slots[k].out_pinned)))
      rc = cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: no host memory for the staging buffers", op->name);
  }
  if (rc == 0)
    rc = stage_tile(call, halo, 0, &slots[0]);
  for (size_t t = 0; t < n && rc == 0; t++) {
    slot *s = &slots[t % 2], *next = &slots[(t + 1) % 2];
    rc = run_tile(call, s, out);
    if (rc == 0 && t + 1 < n) /* the next tile's inputs go while this one computes */
      rc = stage_tile(call, halo, t + 1, next);
    if (rc == 0)
      rc = finish_tile(s, out, n_inputs);
  }
  for (int k = 0; k < 2; k++) {
    slot_drain(&slots[k], n_inputs);
    for (int i = 0; i < n_inputs; i++)
      stage_free(slots[k].in[i], slots[k].in_pinned[i]);
    stage_free(slots[k].out, slots[k].out_pinned);
  }
  return rc;
}

static int check_inputs(const cle_op_desc *op, const cle_host_image *const *inputs, size_t size[3])
{
  if (op->n_inputs == 0)
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "%s: it has no input image to tile", op->name);
  if (op->n_inputs > CLE_MAX_TILED_INPUTS)
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "%s: tiling takes at most %d inputs, the op has %d", op->name,
                         CLE_MAX_TILED_INPUTS, op->n_inputs);
  if (!inputs)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: inputs must not be NULL", op->name);
  for (int i = 0; i < op->n_inputs; i++) {
    const cle_host_image *img = inputs[i];
    const char *name = op->inputs[i].name;
    if (!img || !img->data)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s must be an image (tiling needs every input)", op->name,
                           name);
    if (img->width < 1 || img->height < 1 || img->depth < 1)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s must not be empty, got %zux%zux%zu", op->name, name,
                           img->width, img->height, img->depth);
    if ((unsigned)img->dtype >= CLE_DTYPE_COUNT)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s has no valid dtype (%d)", op->name, name,
                           (int)img->dtype);
    if (i == 0) {
      size[0] = img->width;
      size[1] = img->height;
      size[2] = img->depth;
    } else if (img->width != size[0] || img->height != size[1] || img->depth != size[2] || img->ndim != inputs[0]->ndim)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                           "%s: the inputs must have one shape to be tiled: %s is %zux%zux%zu, %s %zux%zux%zu",
                           op->name, op->inputs[0].name, size[0], size[1], size[2], name, img->width, img->height,
                           img->depth);
  }
  return 0;
}

void cle_tiled_result_free(cle_tiled_result *result)
{
  if (!result)
    return;
  cle_host_image_free(&result->image);
  cle_statistics_free(result->table);
  memset(result, 0, sizeof *result);
  result->scalar = NAN;
}

int cle_tiled_invoke(const char *name, const cle_host_image *const *inputs, const cle_value *params,
                     cle_tiled_result *out, const cle_tile_options *options)
{
  cle_clear_error();
  if (!out)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, WHO ": out must not be NULL");
  memset(out, 0, sizeof *out);
  out->scalar = NAN;
  const cle_op_desc *op = cle_op_find(name);
  if (!op) {
    cle_error_add_context(WHO);
    return -1;
  }
  cle_tiled_call call = {.op = op, .inputs = inputs, .params = params};
  if (check_inputs(op, inputs, call.size) != 0)
    return -1;
  if (op->n_params > 0 && !params)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: params must not be NULL", op->name);
  call.dev = options && options->device ? options->device : cle_device_default();
  if (!call.dev) {
    cle_error_add_context(WHO);
    return -1;
  }
  if (cle_tiled_check_params(op, params) != 0) /* a bad param is the op's error, not a strange halo */
    return -1;
  const size_t none[3] = {0, 0, 0};
  const size_t *given = options ? options->tile : none;
  size_t halo[3];
  if (cle_op_halo(op, params, halo) != 0) {
    if (cle_last_error() != CLE_ERROR_UNSUPPORTED)
      return -1;
    /* global, or global along an axis: only a tiled algorithm of its own will do */
    cle_tiled_global_fn fn = cle_tiled_global_find(op->name);
    if (!fn)
      return cle_set_error(CLE_ERROR_UNSUPPORTED, "%s: its footprint is global and it has no tiled form", op->name);
    const size_t zero[3] = {0, 0, 0};
    if (choose_tile(&call, zero, !cle_tiled_global_compact(op->name), given, call.tile) != 0)
      return -1;
    int rc = fn(&call, out);
    if (rc != 0)
      cle_tiled_result_free(out);
    return rc;
  }
  if (op->uses_position)
    return cle_set_error(CLE_ERROR_UNSUPPORTED,
                         "%s: its result depends on the pixel's position (x, y, z or the image's size), which a tile "
                         "does not know; it has no tiled form",
                         op->name);
  if (op->output_kind != CLE_OUTPUT_ARRAY)
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "%s: it %s, not one image of its input's shape; it has no tiled form",
                         op->name, output_words(op->output_kind));
  if (!same_shape_creator(op->output_creator))
    return cle_set_error(CLE_ERROR_UNSUPPORTED,
                         "%s: its output (%s) is not the shape of its input; it has no tiled form", op->name,
                         op->output_creator);
  const bool no_halo = halo[0] == 0 && halo[1] == 0 && halo[2] == 0;
  if (choose_tile(&call, halo, no_halo, given, call.tile) != 0)
    return -1;
  if (run_tiles(&call, halo, &out->image) != 0) {
    cle_host_image_free(&out->image);
    return -1;
  }
  return 0;
}
