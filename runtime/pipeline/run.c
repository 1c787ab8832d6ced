/* Loading, running and inspecting pipelines. The runner holds each device
 * array only while a later step needs it, and writes saved files under
 * temporary names that are renamed only once every step has succeeded. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cesperanto/cle_io.h"
#include "cesperanto/cle_statistics.h"
#include "cesperanto/cle_tiled.h"
#include "../io/io_private.h"
#include "cle_private.h"
#include "pipeline_private.h"

/* Pipelines are short text; anything larger is not one. */
#define MAX_PIPELINE_BYTES (16u << 20)

static char *dup_string(const char *s)
{
  char *d = malloc(strlen(s) + 1);
  if (d)
    strcpy(d, s);
  return d;
}

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

cle_pipeline *cle_pipeline_parse(const char *text, size_t length, const char *name, const char *base_dir,
                                 const cle_pipeline_options *opts)
{
  if (!text)
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "cle_pipeline_parse: text must not be NULL");
  cle_pipeline *p = calloc(1, sizeof *p);
  if (!p || !(p->name = dup_string(name && *name ? name : "pipeline"))) {
    free(p);
    return cle_fail_null(CLE_ERROR_OUT_OF_MEMORY, "cle_pipeline_parse: out of host memory");
  }
  p->log = opts ? opts->log : NULL;
  p->progress = opts ? opts->progress : NULL;
  p->progress_user = opts ? opts->progress_user : NULL;
  p->tiled = opts && opts->tiled;
  for (int a = 0; a < 3; a++)
    p->tile[a] = opts ? opts->tile[a] : 0;
  if (pl_build(p, text, length, base_dir, opts) != 0) {
    cle_pipeline_free(p);
    return NULL;
  }
  return p;
}

cle_pipeline *cle_pipeline_load(const char *path, const cle_pipeline_options *opts)
{
  if (!path || !*path)
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "cle_pipeline_load: path must be a file name");
  struct stat st;
  if (stat(path, &st) != 0)
    return cle_fail_null(CLE_ERROR_IO, "%s: cannot read the pipeline: %s", path, strerror(errno));
  if (S_ISDIR(st.st_mode))
    return cle_fail_null(CLE_ERROR_IO, "%s: is a directory, not a pipeline file", path);
  if ((uint64_t)st.st_size > MAX_PIPELINE_BYTES)
    return cle_fail_null(CLE_ERROR_IO, "%s: %lld bytes is too large for a pipeline", path, (long long)st.st_size);
  FILE *f = fopen(path, "rb");
  if (!f)
    return cle_fail_null(CLE_ERROR_IO, "%s: cannot read the pipeline: %s", path, strerror(errno));
  char *text = malloc((size_t)st.st_size + 1);
  if (!text) {
    fclose(f);
    return cle_fail_null(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory reading the pipeline", path);
  }
  size_t n = fread(text, 1, (size_t)st.st_size, f);
  int failed = ferror(f);
  fclose(f);
  if (failed) {
    free(text);
    return cle_fail_null(CLE_ERROR_IO, "%s: cannot read the pipeline", path);
  }
  /* input files are found next to the pipeline */
  char *base = dup_string(path);
  if (!base) {
    free(text);
    return cle_fail_null(CLE_ERROR_OUT_OF_MEMORY, "cle_pipeline_load: out of host memory");
  }
  char *slash = strrchr(base, '/');
  if (slash)
    slash[slash == base ? 1 : 0] = 0;
  else
    base[0] = 0;
  cle_pipeline *p = cle_pipeline_parse(text, n, path, base, opts);
  free(base);
  free(text);
  return p;
}

void cle_pipeline_free(cle_pipeline *p)
{
  if (!p)
    return;
  for (int i = 0; i < p->n_steps; i++) {
    pl_step *s = &p->steps[i];
    free(s->as);
    free(s->inputs);
    for (int k = 0; s->params && s->op && k < s->op->n_params; k++)
      cle_value_clear(&s->params[k]); /* a float list cle_param_parse allocated */
    free(s->params);
    for (int k = 0; k < s->n_saves; k++) {
      free(s->saves[k].path);
      free(s->saves[k].tmp_path);
    }
    free(s->saves);
  }
  for (int f = 0; f < p->n_files; f++) {
    cle_release(p->files[f].image);
    cle_host_image_free(&p->files[f].host);
    free(p->files[f].path);
  }
  free(p->steps);
  free(p->files);
  free(p->name);
  free(p);
}

/* ---- running ------------------------------------------------------------------ */

typedef struct run {
  cle_pipeline *p;
  cle_device *dev;
  cle_array **results;          /* per step, while a later step needs it */
  cle_host_image *host_results; /* the same in a tiled run */
  int held;
  double t_read, t_compute, t_write;
} run;

static void drop_file(run *r, int f)
{
  if (r->p->files[f].host.data) {
    cle_host_image_free(&r->p->files[f].host);
    r->held--;
  }
  if (!r->p->files[f].image)
    return;
  cle_release(r->p->files[f].image);
  r->p->files[f].image = NULL;
  r->held--;
}

static void drop_result(run *r, int i)
{
  if (r->host_results && r->host_results[i].data) {
    cle_host_image_free(&r->host_results[i]);
    r->held--;
  }
  if (!r->results[i])
    return;
  cle_release(r->results[i]);
  r->results[i] = NULL;
  r->held--;
}

static void remove_temporaries(cle_pipeline *p)
{
  for (int i = 0; i < p->n_steps; i++)
    for (int k = 0; k < p->steps[i].n_saves; k++) {
      pl_save *sv = &p->steps[i].saves[k];
      if (sv->tmp_path)
        unlink(sv->tmp_path);
      cle_io_pending_remove(sv->tmp_path);
      free(sv->tmp_path);
      sv->tmp_path = NULL;
    }
}

/* A hidden name next to the target with the same extension (it picks the format). */
static char *temporary_name(const char *path, int step, int k)
{
  const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path, *dot = strrchr(base, '.');
  size_t n = strlen(path) + 64;
  char *t = malloc(n);
  if (t)
    snprintf(t, n, "%.*s.%.*s.cle-run-%ld-%d-%d%s", (int)(base - path), path, (int)(dot - base), base, (long)getpid(),
             step, k, dot);
  return t;
}

static int step_failed(run *r, int i)
{
  const pl_step *s = &r->p->steps[i];
  return pl_error_at(r->p, cle_last_error(), s->line, s->column, "step %d (%s) failed: %s", i + 1, s->op->name,
                     cle_last_error_message());
}

/* Whether the array behind source src is read again after step i. */
static bool used_later(const run *r, pl_source src, int i)
{
  return src.kind == PL_FROM_FILE ? r->p->files[src.index].last_use > i : r->p->steps[src.index].last_use > i;
}

/* After step i: release what no later step reads (its inputs, and its own result if nothing
 * reads it), and note what is held then. */
static void release_unused(run *r, pl_step *s, int n_inputs, int i)
{
  for (int a = 0; a < n_inputs; a++) {
    pl_source src = s->inputs[a];
    if (used_later(r, src, i))
      continue;
    if (src.kind == PL_FROM_FILE)
      drop_file(r, src.index);
    else
      drop_result(r, src.index);
  }
  if (s->last_use <= i)
    drop_result(r, i);
  s->held = r->held;
}

static int run_step(run *r, int i)
{
  cle_pipeline *p = r->p;
  pl_step *s = &p->steps[i];
  const cle_op_desc *op = s->op;
  cle_array *in[16] = {0};
  if (op->n_inputs > 16)
    return pl_error_at(p, CLE_ERROR_UNSUPPORTED, s->line, s->column, "%s has too many inputs", op->name);
  for (int a = 0; a < op->n_inputs; a++) {
    pl_source src = s->inputs[a];
    if (src.kind == PL_FROM_STEP) {
      in[a] = r->results[src.index];
      continue;
    }
    pl_file *f = &p->files[src.index];
    if (!f->image) {
      double t0 = now();
      f->image = cle_image_read(r->dev, f->path);
      r->t_read += now() - t0;
      if (!f->image)
        return step_failed(r, i);
      r->held++;
    }
    in[a] = f->image;
  }
  /* An in-place op must not change an array that a later step still reads (its result
   * has a name of its own). An input the op writes (a flag) is written in place: later
   * steps read its new pixels under its name. */
  cle_array *scratch = NULL;
  int written = 0; /* the input an in-place op writes: the one its output is named after (scatter's second) */
  for (int a = 0; op->output_kind == CLE_OUTPUT_INPLACE && op->output_name && a < op->n_inputs; a++)
    if (!strcmp(op->inputs[a].name, op->output_name))
      written = a;
  if (op->output_kind == CLE_OUTPUT_INPLACE && op->n_inputs > 0 && used_later(r, s->inputs[written], i)) {
    scratch = cle_create_like(in[written]);
    if (!scratch || cle_array_copy(in[written], scratch) != 0) {
      cle_release(scratch);
      return step_failed(r, i);
    }
    in[written] = scratch;
  }
  cle_op_result out = {.array = NULL, .scalar = NAN, .table = NULL};
  double t0 = now();
  int rc = op->invoke(in, NULL, s->params, &out);
  if (rc == 0 && cle_device_finish(r->dev) != 0)
    rc = -1;
  s->seconds = now() - t0;
  r->t_compute += s->seconds;
  cle_release(scratch);
  if (rc != 0) {
    cle_release(out.array);
    return step_failed(r, i);
  }
  if (op->output_kind == CLE_OUTPUT_SCALAR) {
    s->scalar = out.scalar;
  } else if (op->output_kind == CLE_OUTPUT_TABLE) {
    /* a table is no image a later step could read (parse.c refuses that): saved as CSV, then freed */
  } else {
    r->results[i] = out.array;
    r->held++;
  }
  for (int k = 0; k < s->n_saves; k++) {
    pl_save *sv = &s->saves[k];
    if (!(sv->tmp_path = temporary_name(sv->path, i, k)))
      return pl_error_at(p, CLE_ERROR_OUT_OF_MEMORY, s->line, s->column, "out of host memory");
    cle_io_pending_add(sv->tmp_path); /* removed if a signal ends the process */
    double tw = now();
    int wrc = op->output_kind == CLE_OUTPUT_TABLE ? cle_statistics_write_csv(out.table, sv->tmp_path)
                                                  : cle_image_write(r->results[i], sv->tmp_path, CLE_PNG_AUTO);
    r->t_write += now() - tw;
    if (wrc != 0) {
      cle_io_pending_remove(sv->tmp_path);
      free(sv->tmp_path); /* the writer left nothing under it */
      sv->tmp_path = NULL;
      cle_statistics_free(out.table);
      return step_failed(r, i);
    }
  }
  cle_statistics_free(out.table);
  release_unused(r, s, op->n_inputs, i);
  return 0;
}

/* A step of a tiled run: host images in and out, the op through cle_tiled_invoke. */
static int run_step_tiled(run *r, int i)
{
  cle_pipeline *p = r->p;
  pl_step *s = &p->steps[i];
  const cle_op_desc *op = s->op;
  const cle_host_image *in[16] = {0};
  if (op->n_inputs > 16)
    return pl_error_at(p, CLE_ERROR_UNSUPPORTED, s->line, s->column, "%s has too many inputs", op->name);
  for (int a = 0; a < op->n_inputs; a++) {
    pl_source src = s->inputs[a];
    if (src.kind == PL_FROM_STEP) {
      in[a] = &r->host_results[src.index];
      continue;
    }
    pl_file *f = &p->files[src.index];
    if (!f->host.data) {
      double t0 = now();
      int rc = cle_image_read_host(f->path, &f->host);
      r->t_read += now() - t0;
      if (rc != 0)
        return step_failed(r, i);
      r->held++;
    }
    in[a] = &f->host;
  }
  cle_tiled_result out;
  const cle_tile_options options = {.device = r->dev, .tile = {p->tile[0], p->tile[1], p->tile[2]}};
  double t0 = now();
  int rc = cle_tiled_invoke(op->name, in, s->params, &out, &options);
  s->seconds = now() - t0;
  r->t_compute += s->seconds;
  if (rc != 0)
    return step_failed(r, i);
  if (op->output_kind == CLE_OUTPUT_SCALAR)
    s->scalar = out.scalar;
  else if (op->output_kind != CLE_OUTPUT_TABLE) {
    r->host_results[i] = out.image; /* moved */
    out.image = (cle_host_image){0};
    r->held++;
  }
  for (int k = 0; k < s->n_saves; k++) {
    pl_save *sv = &s->saves[k];
    if (!(sv->tmp_path = temporary_name(sv->path, i, k))) {
      cle_tiled_result_free(&out);
      return pl_error_at(p, CLE_ERROR_OUT_OF_MEMORY, s->line, s->column, "out of host memory");
    }
    cle_io_pending_add(sv->tmp_path);
    double tw = now();
    int wrc = op->output_kind == CLE_OUTPUT_TABLE
                  ? cle_statistics_write_csv(out.table, sv->tmp_path)
                  : cle_image_write_host(&r->host_results[i], sv->tmp_path, CLE_PNG_AUTO);
    r->t_write += now() - tw;
    if (wrc != 0) {
      cle_io_pending_remove(sv->tmp_path);
      free(sv->tmp_path);
      sv->tmp_path = NULL;
      cle_tiled_result_free(&out);
      return step_failed(r, i);
    }
  }
  cle_tiled_result_free(&out);
  release_unused(r, s, op->n_inputs, i);
  return 0;
}

static void log_step(const run *r, int i)
{
  const pl_step *s = &r->p->steps[i];
  FILE *log = r->p->log;
  if (!log)
    return;
  fprintf(log, "[%d/%d] %-32s %9.2f ms", i + 1, r->p->n_steps, s->op->name, 1e3 * s->seconds);
  if (s->op->output_kind == CLE_OUTPUT_SCALAR)
    fprintf(log, "   %s = %.10g", s->op->name, s->scalar);
  if (s->as)
    fprintf(log, "   -> %s", s->as);
  for (int k = 0; k < s->n_saves; k++)
    fprintf(log, "%s%s", k || s->as ? ", " : "   -> ", s->saves[k].path);
  fprintf(log, "\n");
  fflush(log); /* a step at a time, also into a pipe or a file */
}

int cle_pipeline_run(cle_pipeline *p, cle_device *dev)
{
  if (!p)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_pipeline_run: pipeline must not be NULL");
  if (!dev && !(dev = cle_device_default())) {
    cle_error_add_context("cle_pipeline_run");
    return -1;
  }
  run r = {.p = p, .dev = dev};
  r.results = calloc((size_t)p->n_steps, sizeof *r.results);
  r.host_results = p->tiled ? calloc((size_t)p->n_steps, sizeof *r.host_results) : NULL;
  if (!r.results || (p->tiled && !r.host_results)) {
    free(r.results);
    free(r.host_results);
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "cle_pipeline_run: out of host memory");
  }
  for (int i = 0; i < p->n_steps; i++) {
    p->steps[i].seconds = NAN;
    p->steps[i].scalar = NAN;
    p->steps[i].held = -1;
  }
  if (p->log)
    fprintf(p->log, "%s: %d step%s on %s%s\n", p->name, p->n_steps, p->n_steps == 1 ? "" : "s", cle_device_name(dev),
            p->tiled ? ", tiled" : "");
  /* SIGINT, SIGTERM or SIGHUP during the run (with their default, fatal
   * disposition) remove the saves written so far under temporary names. */
  cle_io_signal_guard_enter();
  double t0 = now();
  int rc = 0;
  for (int i = 0; rc == 0 && i < p->n_steps; i++) {
    if (p->progress)
      p->progress(p->progress_user, i, p->n_steps, p->steps[i].op->name, 0);
    rc = p->tiled ? run_step_tiled(&r, i) : run_step(&r, i);
    if (rc == 0 && p->progress)
      p->progress(p->progress_user, i, p->n_steps, p->steps[i].op->name, 1);
    if (rc == 0)
      log_step(&r, i);
  }
  for (int i = 0; i < p->n_steps; i++)
    drop_result(&r, i);
  for (int f = 0; f < p->n_files; f++)
    drop_file(&r, f);
  free(r.results);
  free(r.host_results);
  /* all steps done: now the saved files appear under their names */
  for (int i = 0; rc == 0 && i < p->n_steps; i++)
    for (int k = 0; rc == 0 && k < p->steps[i].n_saves; k++) {
      pl_save *sv = &p->steps[i].saves[k];
      if (rename(sv->tmp_path, sv->path) != 0)
        rc = pl_error_at(p, CLE_ERROR_IO, p->steps[i].line, p->steps[i].column, "cannot write '%s': %s", sv->path,
                         strerror(errno));
      else {
        cle_io_pending_remove(sv->tmp_path);
        free(sv->tmp_path);
        sv->tmp_path = NULL;
      }
    }
  remove_temporaries(p);
  cle_io_signal_guard_leave();
  if (rc == 0 && p->log)
    fprintf(p->log, "done in %.2f ms: read %.2f ms, compute %.2f ms, write %.2f ms\n", 1e3 * (now() - t0),
            1e3 * r.t_read, 1e3 * r.t_compute, 1e3 * r.t_write);
  return rc;
}

/* ---- introspection ------------------------------------------------------------ */

static const pl_step *step_at(const cle_pipeline *p, int i, const char *who)
{
  if (!p)
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "%s: pipeline must not be NULL", who);
  if (i < 0 || i >= p->n_steps)
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "%s: step must be in [0, %d), got %d", who, p->n_steps, i);
  return &p->steps[i];
}

int cle_pipeline_step_count(const cle_pipeline *p)
{
  if (!p)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_pipeline_step_count: pipeline must not be NULL");
  return p->n_steps;
}

const cle_op_desc *cle_pipeline_step_op(const cle_pipeline *p, int i)
{
  const pl_step *s = step_at(p, i, "cle_pipeline_step_op");
  return s ? s->op : NULL;
}

double cle_pipeline_step_seconds(const cle_pipeline *p, int i)
{
  const pl_step *s = step_at(p, i, "cle_pipeline_step_seconds");
  return s ? s->seconds : NAN;
}

double cle_pipeline_step_scalar(const cle_pipeline *p, int i)
{
  const pl_step *s = step_at(p, i, "cle_pipeline_step_scalar");
  return s ? s->scalar : NAN;
}

int cle_pipeline_step_held(const cle_pipeline *p, int i)
{
  const pl_step *s = step_at(p, i, "cle_pipeline_step_held");
  return s ? s->held : -1;
}
