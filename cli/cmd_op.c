/* `cle OP INPUT... OUTPUT [--param value ...] [--tile N|X,Y[,Z]|auto]`: any
 * registered op on files, its flags derived from the registry (sigma_x is
 * --sigma-x); with --tile, tile by tile (cle_tiled.h). */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cesperanto/cle_io.h"
#include "cesperanto/cle_pipeline.h"
#include "cesperanto/cle_statistics.h"
#include "cesperanto/cle_tiled.h"
#include "cli.h"

#define MAX_INPUTS 16

typedef struct op_call {
  const cle_op_desc *op;
  const char *positional[MAX_INPUTS + 2];
  int n_positional;
  cle_value params[64];
  bool given[64];
  bool tiled; /* --tile: the op runs tile by tile from and into host memory */
  size_t tile[3];
} op_call;

static void valid_flags(const cle_op_desc *op, char *buf, size_t cap)
{
  buf[0] = 0;
  for (int i = 0; i < op->n_params; i++) {
    char flag[128];
    cli_flag_name(op->params[i].name, flag, sizeof flag);
    size_t n = strlen(buf);
    snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", flag);
  }
  size_t n = strlen(buf);
  snprintf(buf + n, cap - n, "%s--tile N|X,Y[,Z]|auto, --device, --time, --progress, --quiet", n ? "; and " : "");
}

/* The param named by a flag body ("sigma-x" or "sigma_x"); -1 if none. */
static int find_param(const cle_op_desc *op, const char *body, size_t len)
{
  for (int i = 0; i < op->n_params; i++) {
    const char *name = op->params[i].name;
    if (strlen(name) != len)
      continue;
    size_t k = 0;
    while (k < len && (body[k] == name[k] || (body[k] == '-' && name[k] == '_')))
      k++;
    if (k == len)
      return i;
  }
  return -1;
}

static bool is_bool_word(const char *s)
{
  static const char *w[] = {"true", "false", "yes", "no", "on", "off"};
  for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
    if (!strcasecmp(s, w[i]))
      return true;
  return false;
}

static int set_param(op_call *c, int idx, const char *text, const char *flag)
{
  if (c->given[idx])
    return cli_fail(CLI_USAGE, "%s: %s given twice", c->op->name, flag);
  if (cle_param_parse(c->op, &c->op->params[idx], text, &c->params[idx]) != 0)
    return cli_fail(CLI_USAGE, "%s", cle_last_error_message());
  c->given[idx] = true;
  return CLI_OK;
}

static int parse_args(op_call *c, int argc, char **argv)
{
  const cle_op_desc *op = c->op;
  bool options_done = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (options_done || a[0] != '-' || a[1] != '-') {
      if (!options_done && a[0] == '-' && a[1]) {
        char valid[2048];
        valid_flags(op, valid, sizeof valid);
        return cli_fail(CLI_USAGE, "%s: unknown option %s; valid: %s", op->name, a, valid);
      }
      if (c->n_positional >= MAX_INPUTS + 2)
        return cli_fail(CLI_USAGE, "%s: too many file names", op->name);
      c->positional[c->n_positional++] = a;
      continue;
    }
    if (!strcmp(a, "--")) {
      options_done = true;
      continue;
    }
    const char *body = a + 2, *eq = strchr(body, '=');
    size_t len = eq ? (size_t)(eq - body) : strlen(body);
    int idx = find_param(op, body, len);
    if (idx < 0 && len == 4 && !strncmp(body, "tile", 4)) { /* not a param of the op: tiling */
      if (c->tiled)
        return cli_fail(CLI_USAGE, "%s: --tile given twice", op->name);
      if (!eq && i + 1 >= argc)
        return cli_fail(CLI_USAGE, "%s: --tile needs a value: N, X,Y[,Z] or auto", op->name);
      if (cli_parse_tile(op->name, "--tile", eq ? eq + 1 : argv[++i], c->tile) != CLI_OK)
        return CLI_USAGE;
      c->tiled = true;
      continue;
    }
    bool negated = false;
    if (idx < 0 && !eq && !strncmp(body, "no-", 3)) {
      idx = find_param(op, body + 3, len - 3);
      negated = idx >= 0 && op->params[idx].type == CLE_TYPE_BOOL;
      if (!negated)
        idx = -1;
    }
    if (idx < 0) {
      char valid[2048];
      valid_flags(op, valid, sizeof valid);
      return cli_fail(CLI_USAGE, "%s: unknown option --%.*s; valid: %s", op->name, (int)len, body, valid);
    }
    char flag[128];
    cli_flag_name(op->params[idx].name, flag, sizeof flag);
    const char *value;
    if (negated)
      value = "false";
    else if (eq)
      value = eq + 1;
    else if (op->params[idx].type == CLE_TYPE_BOOL)
      value = (i + 1 < argc && is_bool_word(argv[i + 1])) ? argv[++i] : "true";
    else if (i + 1 < argc)
      value = argv[++i];
    else
      return cli_fail(CLI_USAGE, "%s: %s needs a value", op->name, flag);
    if (set_param(c, idx, value, flag) != CLI_OK)
      return CLI_USAGE;
  }
  for (int p = 0; p < op->n_params; p++) {
    if (c->given[p])
      continue;
    if (!op->params[p].has_default) {
      char flag[128];
      cli_flag_name(op->params[p].name, flag, sizeof flag);
      return cli_fail(CLI_USAGE, "%s: %s is required (it has no default)", op->name, flag);
    }
    c->params[p] = op->params[p].default_value;
  }
  int want = op->n_inputs + (op->output_kind == CLE_OUTPUT_SCALAR ? 0 : 1);
  if (c->n_positional != want && op->n_inputs == 0) /* it makes its image from its params */
    return cli_fail(CLI_USAGE, "%s takes no input file, only an output file, got %d file name%s (`cle help %s`)",
                    op->name, c->n_positional, c->n_positional == 1 ? "" : "s", op->name);
  if (c->n_positional != want)
    return cli_fail(CLI_USAGE, "%s takes %d input file%s%s, got %d file name%s (`cle help %s`)", op->name, op->n_inputs,
                    op->n_inputs == 1 ? "" : "s", op->output_kind == CLE_OUTPUT_SCALAR ? "" : " and an output file",
                    c->n_positional, c->n_positional == 1 ? "" : "s", op->name);
  for (int i = 0; i < op->n_inputs; i++)
    if (!cli_is_image_file(c->positional[i]))
      return cli_fail(CLI_USAGE, "%s: input '%s': images are read from .tif, .tiff or (grey) .png files", op->name,
                      c->positional[i]);
  if (op->output_kind == CLE_OUTPUT_TABLE) {
    const char *out = c->positional[op->n_inputs];
    size_t n = strlen(out);
    if (n < 4 || strcasecmp(out + n - 4, ".csv") != 0)
      return cli_fail(CLI_USAGE, "%s: output '%s': the op gives a table, written as CSV: the name must end in .csv",
                      op->name, out);
  } else if (want > op->n_inputs && !cli_is_image_file(c->positional[op->n_inputs]))
    return cli_fail(CLI_USAGE, "%s: output '%s': the name must end in .tif, .tiff or .png", op->name,
                    c->positional[op->n_inputs]);
  /* an input the op writes goes back to its file: no other file name may be that file */
  for (int i = 0; i < op->n_inputs; i++)
    for (int j = 0; op->inputs[i].written && j < want; j++)
      if (j != i && !strcmp(c->positional[i], c->positional[j]))
        return cli_fail(CLI_USAGE, "%s: %s '%s' is written back by the op, so it must be another file than %s",
                        op->name, op->inputs[i].name, c->positional[i],
                        j < op->n_inputs ? op->inputs[j].name : "the output");
  return CLI_OK;
}

typedef struct timings {
  double read, push, compute, pull, write;
} timings;

static void release_all(cle_array **arrays, int n)
{
  for (int i = 0; i < n; i++)
    cle_release(arrays[i]);
}

static int run_op(op_call *c, int argc, char **argv, const cli_globals *g);

/* --tile between TIFF files, for an op with a finite footprint: streamed
 * in slabs of planes (rows of a 2D image), never the whole image in host
 * memory (tiff_stream.c). */
static int run_streamed(op_call *c, cle_device *dev, const cli_globals *g)
{
  cli_stream_stats st;
  const int rc = cli_stream_op(c->op, c->positional, c->params, c->tile, dev, &st);
  if (rc != CLI_OK)
    return rc;
  cli_progress_clear();
  if (g->time)
    fprintf(stderr,
            "%s on %s, streamed: %zu slab%s of %zu %s%s, at most %zu bytes of pixels in host memory; read %.2f ms, "
            "compute with transfers %.2f ms, write %.2f ms\n",
            c->op->name, cle_device_name(dev), st.slabs, st.slabs == 1 ? "" : "s", st.slab,
            st.axis == 2 ? "plane" : "row", st.slab == 1 ? "" : "s", st.peak_bytes, 1e3 * st.read, 1e3 * st.compute,
            1e3 * st.write);
  return CLI_OK;
}

/* --tile otherwise (a global op with a tiled algorithm, a PNG file): the
 * inputs read into host memory, the op run tile by tile (cle_tiled_invoke:
 * each tile with its halo on the device, never the whole image), the result
 * written from host memory. */
static int run_tiled(op_call *c, cle_device *dev, const cli_globals *g)
{
  const cle_op_desc *op = c->op;
  if (cli_can_stream(op, c->params, c->positional))
    return run_streamed(c, dev, g);
  for (int i = 0; i < op->n_inputs; i++)
    if (op->inputs[i].written)
      return cli_fail(CLI_FAILED, "%s: it writes into its input %s, which tiling does not do; run it without --tile",
                      op->name, op->inputs[i].name);
  timings t = {0};
  cle_host_image images[MAX_INPUTS];
  const cle_host_image *inputs[MAX_INPUTS];
  memset(images, 0, sizeof images);
  int rc = 0;
  for (int i = 0; i < op->n_inputs && rc == 0; i++) {
    cli_progress_phase("read %s", c->positional[i]);
    double t0 = cli_now();
    rc = cle_image_read_host(c->positional[i], &images[i]);
    t.read += cli_now() - t0;
    inputs[i] = &images[i];
  }
  cle_tiled_result out;
  memset(&out, 0, sizeof out);
  if (rc == 0) {
    cli_progress_phase("compute (tiled)");
    const cle_tile_options options = {.device = dev, .tile = {c->tile[0], c->tile[1], c->tile[2]}};
    double t0 = cli_now();
    rc = cle_tiled_invoke(op->name, inputs, c->params, &out, &options);
    t.compute = cli_now() - t0;
  }
  for (int i = 0; i < op->n_inputs; i++)
    cle_host_image_free(&images[i]);
  if (rc == 0) {
    const char *path = op->output_kind == CLE_OUTPUT_SCALAR ? NULL : c->positional[op->n_inputs];
    double w0 = cli_now();
    if (op->output_kind == CLE_OUTPUT_SCALAR) {
      cli_progress_clear();
      printf("%.10g\n", out.scalar);
    } else if (op->output_kind == CLE_OUTPUT_TABLE) {
      cli_progress_phase("write %s", path);
      rc = cle_statistics_write_csv(out.table, path);
    } else {
      cli_progress_phase("write %s", path);
      rc = cle_image_write_host(&out.image, path, CLE_PNG_AUTO);
    }
    t.write = cli_now() - w0;
  }
  cle_tiled_result_free(&out);
  if (rc != 0)
    return cli_fail_library();
  cli_progress_clear();
  if (g->time)
    fprintf(stderr, "%s on %s, tiled: read %.2f ms, compute with transfers %.2f ms, write %.2f ms\n", op->name,
            cle_device_name(dev), 1e3 * t.read, 1e3 * t.compute, 1e3 * t.write);
  return CLI_OK;
}

int cmd_op(int argc, char **argv, const cli_globals *g)
{
  /* `cle OP --help` (anywhere before "--") is `cle help OP` */
  for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      char *help_argv[] = {"help", argv[0], NULL};
      return cmd_help(2, help_argv, g);
    }
  static op_call c; /* large; one call per process */
  memset(&c, 0, sizeof c);
  int rc = run_op(&c, argc, argv, g);
  for (int p = 0; c.op && p < c.op->n_params && p < 64; p++)
    cle_value_clear(&c.params[p]); /* the float lists cle_param_parse allocated, on every way out */
  return rc;
}

static int run_op(op_call *c, int argc, char **argv, const cli_globals *g)
{
  c->op = cle_op_find(argv[0]);
  const cle_alias_desc *alias = cle_alias_find(argv[0]);
  if (alias && alias->deprecated)
    fprintf(stderr, "cle: warning: '%s' is deprecated; use '%s'\n", alias->name, alias->op);
  if (c->op->n_params > 64 || c->op->n_inputs > MAX_INPUTS)
    return cli_fail(CLI_FAILED, "%s: too many parameters for cle", c->op->name);
  if (parse_args(c, argc, argv) != CLI_OK)
    return CLI_USAGE;
  char who[128];
  snprintf(who, sizeof who, "cle %s", c->op->name);
  cli_progress_begin(who);
  cli_progress_phase("open device");
  cle_device *dev = cli_device(g);
  if (!dev)
    return CLI_FAILED;
  const cle_op_desc *op = c->op;
  if (c->tiled)
    return run_tiled(c, dev, g);
  timings t = {0};
  cle_array *in[MAX_INPUTS] = {0};
  for (int i = 0; i < op->n_inputs; i++) {
    /* Read straight onto the device: the file's size is checked against the
     * device's limits from its header, before any pixel is decoded. The
     * push is timed as what remains once the read returned (finishing the
     * queue). */
    cli_progress_phase("read %s", c->positional[i]);
    double t0 = cli_now();
    in[i] = cle_image_read(dev, c->positional[i]);
    double t1 = cli_now();
    if (!in[i] || cle_device_finish(dev) != 0) {
      release_all(in, op->n_inputs);
      return cli_fail_library();
    }
    t.read += t1 - t0;
    t.push += cli_now() - t1;
  }
  cle_op_result out = {.array = NULL, .scalar = NAN, .table = NULL};
  cli_progress_phase("compute");
  double t0 = cli_now();
  int rc = op->invoke(in, NULL, c->params, &out);
  if (rc == 0 && cle_device_finish(dev) != 0)
    rc = -1;
  t.compute = cli_now() - t0;
  /* an input the op writes (a flag) goes back to its file */
  for (int i = 0; rc == 0 && i < op->n_inputs; i++)
    if (op->inputs[i].written) {
      cli_progress_phase("write %s", c->positional[i]);
      rc = cle_image_write(in[i], c->positional[i], CLE_PNG_AUTO);
    }
  release_all(in, op->n_inputs);
  if (rc != 0) {
    cle_release(out.array);
    release_all(out.arrays, out.n_arrays);
    return cli_fail_library();
  }
  if (op->output_kind == CLE_OUTPUT_ARRAYS) {
    /* several outputs: one file per output made, OUT with _NAME before the extension (out_small_eigenvalue.tif) */
    const char *path = c->positional[op->n_inputs];
    const char *dot = strrchr(path, '.');
    const int stem = (int)(dot ? dot - path : (ptrdiff_t)strlen(path));
    double w0 = cli_now();
    for (int k = 0; rc == 0 && k < out.n_arrays; k++) {
      if (!out.arrays[k])
        continue;
      char *name = malloc(strlen(path) + strlen(op->outputs[k].name) + 2);
      if (!name) {
        rc = cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory for a file name");
        break;
      }
      sprintf(name, "%.*s_%s%s", stem, path, op->outputs[k].name, dot ? dot : "");
      cli_progress_phase("write %s", name);
      rc = cle_image_write(out.arrays[k], name, CLE_PNG_AUTO);
      free(name);
    }
    t.write = cli_now() - w0;
    release_all(out.arrays, out.n_arrays);
    if (rc != 0)
      return cli_fail_library();
  } else if (op->output_kind == CLE_OUTPUT_SCALAR) {
    cli_progress_clear(); /* stdout may be the same terminal */
    printf("%.10g\n", out.scalar);
  } else if (op->output_kind == CLE_OUTPUT_TABLE) {
    cli_progress_phase("write %s", c->positional[op->n_inputs]);
    double w0 = cli_now();
    rc = cle_statistics_write_csv(out.table, c->positional[op->n_inputs]);
    cle_statistics_free(out.table);
    t.write = cli_now() - w0;
    if (rc != 0)
      return cli_fail_library();
  } else {
    const char *path = c->positional[op->n_inputs];
    cle_host_image img = {0};
    cli_progress_phase("write %s", path);
    double p0 = cli_now();
    size_t shape[3];
    img.ndim = cle_array_shape(out.array, shape);
    img.dtype = cle_array_dtype(out.array);
    img.width = cle_array_width(out.array);
    img.height = cle_array_height(out.array);
    img.depth = cle_array_depth(out.array);
    img.data = malloc(cle_array_nbytes(out.array));
    if (!img.data) {
      cle_release(out.array);
      return cli_fail(CLI_FAILED, "out of host memory for the %zu-byte result", cle_array_nbytes(out.array));
    }
    rc = cle_pull(out.array, img.data, cle_array_nbytes(out.array));
    cle_release(out.array);
    t.pull = cli_now() - p0;
    double w0 = cli_now();
    if (rc == 0)
      rc = cli_is_tiff(path) ? cle_tiff_write_host(path, &img) : cle_png_write_host(path, &img, CLE_PNG_AUTO);
    t.write = cli_now() - w0;
    cle_host_image_free(&img);
    if (rc != 0)
      return cli_fail_library();
  }
  cli_progress_clear();
  if (g->time)
    fprintf(stderr, "%s on %s: read %.2f ms, push %.2f ms, compute %.2f ms, pull %.2f ms, write %.2f ms\n", op->name,
            cle_device_name(dev), 1e3 * t.read, 1e3 * t.push, 1e3 * t.compute, 1e3 * t.pull, 1e3 * t.write);
  return CLI_OK;
}
