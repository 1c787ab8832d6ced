/* cle_tiled_invoke (cle_tiled.h): an op over host images, tile by tile.
 *
 * Each tile (the part of the output it writes) is grown by the op's halo,
 * clipped to the image, and that box of every input goes to the device; the
 * op runs on it through the registry (op->invoke), and the tile's inside
 * comes back into the output.
 *
 * Transfers overlap the work. The boxes move through pinned host buffers
 * (cle_host_alloc), two sets (slots) used in turn, with asynchronous copies
 * on the device's transfer queue (cle_device_transfer_queue), a second
 * in-order queue of its context, while the op's kernels run on its queue:
 * with one queue the push of tile t+1 would wait behind tile t's kernels and
 * the device would never copy and compute at once. Per tile t:
 *   host packs tile t+1, pushes it (transfer)  -- while tile t computes
 *   pull of tile t (transfer), after a marker on the compute queue that
 *     follows tile t's kernels (its wait list)
 *   tile t+1's kernels (compute), behind a barrier on its pushes' events
 *   host waits for the pull of tile t and unpacks it  -- while t+1 computes
 * so the transfer queue holds push t+1 ahead of pull t, and the compute
 * queue has tile t+1's kernels before the host waits.
 *
 * The hazard two queues bring: an op's temporaries go back to the buffer
 * pool (buffer_pool.c) as soon as their kernels are enqueued, which is safe
 * only for commands on the same in-order queue. A push on the transfer queue
 * into a buffer taken from the pool could overwrite one that tile t's queued
 * kernels still use. So the transfer queue writes only the run's own input
 * boxes: one device buffer per slot and input, made at the start for the
 * largest box and returned to the pool when the run is over (an edge tile's
 * smaller box is a view of it with its shape, cle_array_view_of); every push
 * also waits for a marker on the compute queue enqueued after those buffers
 * were made (one of them may have come from the pool, released by commands
 * still queued). The pull reads the op's own result, which goes to the pool
 * only after the pull is done: the pool never holds a buffer the transfer
 * queue still uses. Slot reuse is ordered by the host: tile t+2's push into
 * tile t's slot is enqueued after the host has waited for tile t's pull,
 * which followed its kernels.
 *
 * CLE_TILED_QUEUES=1 runs everything on the one queue (in-order: no markers
 * or barriers); so does a device whose driver refuses a second queue. The
 * results are the same bytes on either path (tests/runtime/test_tiled_queues.c).
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
#include "settings.h"

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

/* How the tiles move: on a queue of their own (two queues), or with the kernels (one). */
typedef struct engine {
  const cle_tiled_call *call;
  size_t halo[3];
  cl_command_queue compute;  /* the device's queue: the op's kernels, its temporaries' lives */
  cl_command_queue transfer; /* the pushes and pulls; == compute on the one-queue path */
  /* Two queues: a marker on compute after everything enqueued before the run, which every push
   * waits for: the run's device boxes may come from the pool, released by commands still queued. */
  cl_event start;
} engine;

static bool two_queues(const engine *e)
{
  return e->transfer != e->compute;
}

/* One set of staging buffers and what is in flight through it. */
typedef struct slot {
  unsigned char *in[CLE_MAX_TILED_INPUTS]; /* pinned (or malloc'ed) packed input boxes */
  bool in_pinned[CLE_MAX_TILED_INPUTS];
  unsigned char *out; /* the packed result box */
  bool out_pinned;
  /* The inputs' boxes on the device: the run's own, made once for the largest box and returned to
   * the pool only when the run is over (the transfer queue writes them: a pooled buffer could be
   * one that queued kernels still use); views[i] is boxes[i] with the shape of the box it holds. */
  cle_array *boxes[CLE_MAX_TILED_INPUTS];
  cle_array views[CLE_MAX_TILED_INPUTS];
  cl_event pushed[CLE_MAX_TILED_INPUTS];
  cle_array *result; /* the op's, kept (out of the pool) until its pull is done */
  cl_event pulled;
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

/* Wait for the command (if any) and release its event; its OpenCL status, a failure in its wait
 * list included. */
static cl_int event_finish(cl_event *ev)
{
  if (!*ev)
    return CL_SUCCESS;
  cl_int err = clWaitForEvents(1, ev), status = CL_COMPLETE;
  if (err == CL_SUCCESS || err == CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST)
    clGetEventInfo(*ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof status, &status, NULL);
  clReleaseEvent(*ev);
  *ev = NULL;
  return err != CL_SUCCESS && err != CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST ? err
         : status < 0                                                             ? status
                                                                                  : CL_SUCCESS;
}

/* Wait for and drop what the slot has in flight (on success or failure). */
static void slot_drain(slot *s, int n_inputs)
{
  for (int i = 0; i < n_inputs; i++)
    event_finish(&s->pushed[i]);
  event_finish(&s->pulled);
  cle_release(s->result);
  s->result = NULL;
}

static int tile_cl_fail(const cle_op_desc *op, const slot *s, const char *what, cl_int err)
{
  return cle_set_error(cle_cl_error_code(err), "%s: %s the tile at (%zu, %zu, %zu) failed: %s (%d)", op->name, what,
                       s->inner.origin[0], s->inner.origin[1], s->inner.origin[2], cle_cl_error_name(err), (int)err);
}

/* Pack tile index's grown box of every input and enqueue its push. */
static int stage_tile(const engine *e, size_t index, slot *s)
{
  const cle_tiled_call *call = e->call;
  cle_tile_at(call->size, call->tile, index, &s->inner);
  cle_box_grow(&s->inner, e->halo, call->size, &s->held);
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
  const cl_uint n_wait = two_queues(e) ? 1 : 0;
  for (int i = 0; i < call->op->n_inputs; i++) {
    const cle_dtype dtype = call->inputs[i]->dtype;
    cle_array *v = &s->views[i];
    *v = cle_array_view_of(call->dev, s->boxes[i]->mem, dtype, 1);
    v->ndim = ndim;
    v->width = s->held.size[0];
    v->height = s->held.size[1];
    v->depth = s->held.size[2];
    v->nbytes = v->width * v->height * v->depth * cle_dtype_size(dtype);
    cle_box_copy_rows(call->inputs[i], &s->held, &s->held, s->in[i], true);
    const cl_int err = clEnqueueWriteBuffer(e->transfer, v->mem, CL_FALSE, 0, v->nbytes, s->in[i], n_wait,
                                            n_wait ? &e->start : NULL, &s->pushed[i]);
    if (err != CL_SUCCESS) {
      s->pushed[i] = NULL;
      return tile_cl_fail(call->op, s, "pushing", err);
    }
  }
  clFlush(e->transfer);
  return 0;
}

/* Run the op on the slot's boxes (once they have landed). */
static int run_tile(const engine *e, slot *s, cle_host_image *out)
{
  const cle_tiled_call *call = e->call;
  const cle_op_desc *op = call->op;
  if (two_queues(e)) { /* the tile's kernels start once its boxes have landed */
    const cl_int err = clEnqueueBarrierWithWaitList(e->compute, (cl_uint)op->n_inputs, s->pushed, NULL);
    if (err != CL_SUCCESS)
      return tile_cl_fail(op, s, "waiting for the push of", err);
  }
  cle_array *inputs[CLE_MAX_TILED_INPUTS];
  for (int i = 0; i < op->n_inputs; i++)
    inputs[i] = &s->views[i];
  cle_op_result r;
  if (op->invoke(inputs, NULL, call->params, &r) != 0)
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
  clFlush(e->compute); /* the kernels start while the host waits for the tile before */
  return 0;
}

/* Enqueue the pull of the slot's result, after the tile's kernels. */
static int pull_tile(const engine *e, slot *s)
{
  cl_event computed = NULL;
  if (two_queues(e)) {
    const cl_int err = clEnqueueMarkerWithWaitList(e->compute, 0, NULL, &computed);
    if (err != CL_SUCCESS)
      return tile_cl_fail(e->call->op, s, "marking the end of", err);
    clFlush(e->compute);
  }
  const cl_int err = clEnqueueReadBuffer(e->transfer, s->result->mem, CL_FALSE, 0, s->result->nbytes, s->out,
                                         computed ? 1 : 0, computed ? &computed : NULL, &s->pulled);
  if (computed)
    clReleaseEvent(computed);
  if (err != CL_SUCCESS) {
    s->pulled = NULL;
    return tile_cl_fail(e->call->op, s, "pulling", err);
  }
  clFlush(e->transfer);
  return 0;
}

/* Wait for the slot's result and unpack its inside into out. */
static int finish_tile(const engine *e, slot *s, cle_host_image *out)
{
  const cl_int err = event_finish(&s->pulled);
  if (err == CL_SUCCESS)
    cle_box_copy_rows(out, &s->held, &s->inner, s->out, false);
  slot_drain(s, e->call->op->n_inputs);
  return err == CL_SUCCESS ? 0 : tile_cl_fail(e->call->op, s, "computing or pulling", err);
}

/* CLE_TILED_QUEUES=1: everything on the device's one queue. */
static bool one_queue_asked(void)
{
  static const char *const queues[] = {"2", "1", NULL};
  return cle_setting_choice("CLE_TILED_QUEUES", queues, 0) == 1;
}

static int run_tiles(const cle_tiled_call *call, const size_t halo[3], cle_host_image *out)
{
  const cle_op_desc *op = call->op;
  const int n_inputs = op->n_inputs;
  /* The largest box a tile holds: the tile, the halo on both sides, one more pixel on a short axis. */
  size_t largest[3], held_voxels = 1;
  for (int a = 0; a < 3; a++) {
    size_t g = call->tile[a] + 2 * halo[a];
    if (g > call->size[a] || g < call->tile[a])
      g = call->size[a];
    if (g < 2 && call->size[a] > 1)
      g = 2;
    largest[a] = g;
    held_voxels *= g;
  }
  engine e = {.call = call, .halo = {halo[0], halo[1], halo[2]}};
  if (cle_device_ensure_queue(call->dev, op->name) != 0)
    return -1;
  e.compute = e.transfer = call->dev->queue;
  if (!one_queue_asked()) {
    cl_command_queue q = cle_device_transfer_queue(call->dev);
    if (q)
      e.transfer = q;
  }
  slot slots[2];
  memset(slots, 0, sizeof slots);
  int rc = 0;
  const size_t n = cle_tile_count(call->size, call->tile);
  for (int k = 0; k < (n > 1 ? 2 : 1) && rc == 0; k++) { /* one tile: one set of buffers */
    for (int i = 0; i < n_inputs && rc == 0; i++) {
      const cle_dtype dtype = call->inputs[i]->dtype;
      if (!(slots[k].in[i] = stage_alloc(call->dev, held_voxels * cle_dtype_size(dtype), &slots[k].in_pinned[i])))
        rc = cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: no host memory for the staging buffers", op->name);
      else if (!(slots[k].boxes[i] = cle_create(call->dev, dtype, largest[0], largest[1], largest[2]))) {
        cle_error_add_context(op->name);
        rc = -1;
      }
    }
    if (rc == 0 && !(slots[k].out = stage_alloc(call->dev, held_voxels * 4, &slots[k].out_pinned)))
      rc = cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: no host memory for the staging buffers", op->name);
  }
  if (rc == 0 && two_queues(&e)) {
    const cl_int err = clEnqueueMarkerWithWaitList(e.compute, 0, NULL, &e.start);
    if (err != CL_SUCCESS) {
      e.start = NULL;
      rc = cle_cl_fail(op->name, "marking the start of the tiles", err);
    } else
      clFlush(e.compute);
  }
  /* Order: tile t+1's push goes on the transfer queue ahead of tile t's pull (which waits for
   * tile t's kernels), and tile t+1's kernels are enqueued before the host waits for tile t. */
  if (rc == 0)
    rc = stage_tile(&e, 0, &slots[0]);
  if (rc == 0)
    rc = run_tile(&e, &slots[0], out);
  for (size_t t = 0; t < n && rc == 0; t++) {
    slot *s = &slots[t % 2], *next = &slots[(t + 1) % 2];
    if (t + 1 < n) /* packed on the host and pushed while tile t computes */
      rc = stage_tile(&e, t + 1, next);
    if (rc == 0)
      rc = pull_tile(&e, s);
    if (rc == 0 && t + 1 < n)
      rc = run_tile(&e, next, out);
    if (rc == 0)
      rc = finish_tile(&e, s, out);
  }
  for (int k = 0; k < 2; k++)
    slot_drain(&slots[k], n_inputs);
  event_finish(&e.start);
  for (int k = 0; k < 2; k++) {
    for (int i = 0; i < n_inputs; i++) {
      cle_release(slots[k].boxes[i]);
      stage_free(slots[k].in[i], slots[k].in_pinned[i]);
    }
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
