/* `cle OP IN.tif... OUT.tif --tile ...` for an op with a finite footprint:
 * streamed in slabs along the slowest axis (z planes of a stack, rows of a
 * 2D image), never the whole image in host memory. Each slab [s0, s1) reads
 * slices [s0 - halo, s1 + halo) of every input (clipped to the image; at
 * least 2 where the image has 2, so the op sees its dimensionality), runs
 * cle_tiled_invoke on that sub-image (tiles with the halo in x and y, as
 * in memory) and appends slices s0..s1 of the result to the output, whose
 * writer makes the file cle_tiff_write_host would (cle_io.h). Slices near a
 * slab's cut see the halo's slices, slices at the image's border its
 * border: the bytes of the in-memory run. */
#include <stdlib.h>
#include <string.h>

#include "cesperanto/cle_io.h"
#include "cesperanto/cle_tiled.h"
#include "cli.h"

#define MAX_STREAM_INPUTS 16
/* Host bytes a slab's voxel takes besides its inputs: the result (4 bytes a
 * pixel at most) and cle_tiled_invoke's staging (two tiles' boxes of every
 * input and the result, at most the slab's own size), counted as this many
 * times the inputs and the result. */
#define SLAB_COPIES 3

bool cli_can_stream(const cle_op_desc *op, const cle_value *params, const char *const *files)
{
  size_t halo[3];
  if (op->n_inputs < 1 || op->n_inputs > MAX_STREAM_INPUTS || op->output_kind != CLE_OUTPUT_ARRAY ||
      op->uses_position || cle_op_halo(op, params, halo) != 0) {
    cle_clear_error();
    return false; /* global, position-dependent, several or no images: the in-memory path says what it can do */
  }
  for (int i = 0; i < op->n_inputs; i++)
    if (!cli_is_tiff(files[i]) || op->inputs[i].written)
      return false;
  return cli_is_tiff(files[op->n_inputs]);
}

typedef struct stream {
  const cle_op_desc *op;
  const char *const *files;
  cle_tiff_reader *readers[MAX_STREAM_INPUTS];
  cle_host_image shape[MAX_STREAM_INPUTS]; /* each input's dtype and sizes; data: its slab buffer */
  size_t slices, slice_pixels, halo;       /* along the slowest axis */
  int axis;                                /* 2 (z) for a stack, 1 (y) for a 2D image */
  cle_tiff_writer *writer;
  cle_dtype out_dtype;
} stream;

/* A reader's or the writer's error (its message names the file), under the op's name. */
static int fail_io(const stream *s)
{
  return cli_fail(CLI_FAILED, "%s: %s", s->op->name, cle_last_error_message());
}

static size_t slice_bytes(const stream *s, const cle_host_image *img)
{
  return s->slice_pixels * cle_dtype_size(img->dtype);
}

static int open_inputs(stream *s)
{
  const cle_op_desc *op = s->op;
  for (int i = 0; i < op->n_inputs; i++) {
    if (!(s->readers[i] = cle_tiff_reader_open(s->files[i], &s->shape[i])))
      return fail_io(s);
    const cle_host_image *a = &s->shape[0], *b = &s->shape[i];
    if (b->width != a->width || b->height != a->height || b->depth != a->depth)
      return cli_fail(CLI_FAILED, "%s: the inputs must have one shape: %s '%s' is %zux%zux%zu, %s '%s' %zux%zux%zu",
                      op->name, op->inputs[0].name, s->files[0], a->width, a->height, a->depth, op->inputs[i].name,
                      s->files[i], b->width, b->height, b->depth);
  }
  const cle_host_image *a = &s->shape[0];
  s->axis = a->depth > 1 ? 2 : 1;
  s->slices = s->axis == 2 ? a->depth : a->height;
  s->slice_pixels = s->axis == 2 ? a->width * a->height : a->width;
  return CLI_OK;
}

/* Slices per slab: --tile's size along the slowest axis, else the most whose
 * slab (with the halo) fits the host memory budget. */
static int choose_slab(stream *s, const size_t tile[3], size_t *slab)
{
  if (tile[s->axis]) {
    *slab = tile[s->axis] < s->slices ? tile[s->axis] : s->slices;
    return CLI_OK;
  }
  const uint64_t budget = cle_host_memory_budget();
  if (!budget)
    return cli_fail(CLI_FAILED, "%s: %s", s->op->name, cle_last_error_message());
  uint64_t per_slice = 4 * (uint64_t)s->slice_pixels; /* the result */
  for (int i = 0; i < s->op->n_inputs; i++)
    per_slice += slice_bytes(s, &s->shape[i]);
  per_slice *= SLAB_COPIES;
  const uint64_t fit = budget / per_slice, halo = 2 * (uint64_t)s->halo + 1;
  if (fit <= halo)
    return cli_fail(CLI_FAILED,
                    "%s: a slab of one %s with the halo (%zu on each side) needs %llu bytes of host memory; the "
                    "budget is %llu bytes%s",
                    s->op->name, s->axis == 2 ? "plane" : "row", s->halo, (unsigned long long)(per_slice * (halo + 1)),
                    (unsigned long long)budget,
                    getenv("CLE_HOST_MEMORY_LIMIT") ? " (CLE_HOST_MEMORY_LIMIT)" : " (half the physical memory)");
  *slab = fit - halo < s->slices ? (size_t)(fit - halo) : s->slices;
  return CLI_OK;
}

/* The slices slab [s0, s1) needs: the halo on both sides, clipped, and at
 * least 2 where the image has 2. */
static void slab_range(const stream *s, size_t s0, size_t s1, size_t *r0, size_t *r1)
{
  *r0 = s0 > s->halo ? s0 - s->halo : 0;
  *r1 = s->slices - s1 > s->halo ? s1 + s->halo : s->slices;
  if (*r1 - *r0 < 2 && s->slices >= 2) {
    if (*r1 < s->slices)
      (*r1)++;
    else
      (*r0)--;
  }
}

static int run_slabs(stream *s, const cle_value *params, const size_t tile[3], cle_device *dev, size_t slab,
                     cli_stream_stats *st)
{
  const cle_op_desc *op = s->op;
  const char *out_path = s->files[op->n_inputs];
  const cle_host_image *inputs[MAX_STREAM_INPUTS];
  const size_t most = slab + 2 * s->halo + 1 < s->slices ? slab + 2 * s->halo + 1 : s->slices;
  size_t held = 0;
  for (int i = 0; i < op->n_inputs; i++) {
    const size_t bytes = most * slice_bytes(s, &s->shape[i]);
    if (!(s->shape[i].data = malloc(bytes)))
      return cli_fail(CLI_FAILED, "%s: out of host memory for a %zu-byte slab of '%s'", op->name, bytes, s->files[i]);
    held += bytes;
    inputs[i] = &s->shape[i];
  }
  const cle_tile_options options = {.device = dev, .tile = {tile[0], tile[1], s->axis == 2 ? tile[2] : 0}};
  for (size_t s0 = 0; s0 < s->slices; s0 += slab) {
    const size_t s1 = s->slices - s0 < slab ? s->slices : s0 + slab;
    size_t r0, r1;
    slab_range(s, s0, s1, &r0, &r1);
    cli_progress_phase("slab %zu..%zu of %zu %s", s0, s1, s->slices, s->axis == 2 ? "planes" : "rows");
    double t0 = cli_now();
    for (int i = 0; i < op->n_inputs; i++) {
      if (cle_tiff_reader_read(s->readers[i], r0, r1 - r0, s->shape[i].data) != 0)
        return fail_io(s);
      if (s->axis == 2)
        s->shape[i].depth = r1 - r0;
      else
        s->shape[i].height = r1 - r0;
    }
    double t1 = cli_now();
    cle_tiled_result out;
    if (cle_tiled_invoke(op->name, inputs, params, &out, &options) != 0)
      return cli_fail_library();
    double t2 = cli_now();
    const cle_host_image *res = &out.image;
    const size_t out_slice = slice_bytes(s, res);
    if (held + (r1 - r0) * out_slice > st->peak_bytes)
      st->peak_bytes = held + (r1 - r0) * out_slice;
    int rc = CLI_OK;
    if (s->writer && res->dtype != s->out_dtype)
      rc = cli_fail(CLI_FAILED, "%s: its output's dtype differs from slab to slab (%s, then %s)", op->name,
                    cle_dtype_name(s->out_dtype), cle_dtype_name(res->dtype));
    else if (!s->writer) { /* the first slab: now the output's dtype is known */
      s->out_dtype = res->dtype;
      cle_host_image whole = *res;
      whole.data = NULL;
      whole.ndim = s->shape[0].ndim;
      if (s->axis == 2)
        whole.depth = s->slices;
      else
        whole.height = s->slices;
      if (!(s->writer = cle_tiff_writer_open(out_path, &whole)))
        rc = fail_io(s);
    }
    cli_progress_phase("write %s (%zu of %zu %s)", out_path, s1, s->slices, s->axis == 2 ? "planes" : "rows");
    if (rc == CLI_OK &&
        cle_tiff_writer_append(s->writer, (const unsigned char *)res->data + (s0 - r0) * out_slice, s1 - s0) != 0) {
      s->writer = NULL; /* aborted by the failed append */
      rc = fail_io(s);
    }
    cle_tiled_result_free(&out);
    if (rc != CLI_OK)
      return rc;
    st->read += t1 - t0;
    st->compute += t2 - t1;
    st->write += cli_now() - t2;
    st->slabs++;
  }
  double w0 = cli_now();
  cle_tiff_writer *w = s->writer;
  s->writer = NULL;
  if (cle_tiff_writer_close(w) != 0)
    return fail_io(s);
  st->write += cli_now() - w0;
  return CLI_OK;
}

int cli_stream_op(const cle_op_desc *op, const char *const *files, const cle_value *params, const size_t tile[3],
                  cle_device *dev, cli_stream_stats *st)
{
  memset(st, 0, sizeof *st);
  stream s = {.op = op, .files = files};
  size_t halo[3];
  int rc = cle_op_halo(op, params, halo) == 0 ? open_inputs(&s) : cli_fail_library();
  if (rc == CLI_OK) {
    s.halo = halo[s.axis];
    rc = choose_slab(&s, tile, &st->slab);
  }
  if (rc == CLI_OK)
    rc = run_slabs(&s, params, tile, dev, st->slab, st);
  cle_tiff_writer_abort(s.writer);
  for (int i = 0; i < op->n_inputs; i++) {
    cle_tiff_reader_close(s.readers[i]);
    free(s.shape[i].data);
  }
  st->axis = s.axis;
  return rc;
}
