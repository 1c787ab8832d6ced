/* `cle run PIPELINE.yaml [--input [NAME=]FILE]... [--out DIR] [--chunks N|X,Y[,Z]|auto]`; with --chunks every
 * step runs tile by tile (cle_tiled.h), the images in host memory. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cesperanto/cle_pipeline.h"
#include "cli.h"

/* A message of several lines (every problem of a pipeline) as one
 * "cle: ..." line each. */
static int fail_each_line(int code, const char *msg)
{
  for (const char *line = msg; *line;) {
    const char *nl = strchr(line, '\n');
    int n = nl ? (int)(nl - line) : (int)strlen(line);
    cli_fail(code, "%.*s", n, line);
    line = nl ? nl + 1 : line + n;
  }
  return code;
}

/* The pipeline's steps as progress: a phase per step, the line cleared
 * before the step's own line on stdout. */
static void step_progress(void *user, int step, int n_steps, const char *op, int finished)
{
  (void)user;
  if (finished)
    cli_progress_clear();
  else
    cli_progress_phase("step %d/%d %s", step + 1, n_steps, op);
}

int cmd_run(int argc, char **argv, const cli_globals *g)
{
  const char *file = NULL, *out_dir = NULL;
  const char **inputs = calloc((size_t)argc, sizeof *inputs);
  int n_inputs = 0;
  bool tiled = false;
  size_t tile[3] = {0, 0, 0};
  if (!inputs)
    return cli_fail(CLI_FAILED, "out of host memory");
  int rc = CLI_OK;
  for (int i = 1; i < argc && rc == CLI_OK; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--input") || !strcmp(a, "--out")) {
      if (i + 1 >= argc)
        rc = cli_fail(CLI_USAGE, "run: %s needs a value", a);
      else if (!strcmp(a, "--input"))
        inputs[n_inputs++] = argv[++i];
      else
        out_dir = argv[++i];
    } else if (!strncmp(a, "--input=", 8)) {
      inputs[n_inputs++] = a + 8;
    } else if (!strncmp(a, "--out=", 6)) {
      out_dir = a + 6;
    } else if (!strcmp(a, "--chunks") || !strncmp(a, "--chunks=", 9)) {
      const char *v = a[8] == '=' ? a + 9 : i + 1 < argc ? argv[++i] : NULL;
      if (tiled)
        rc = cli_fail(CLI_USAGE, "run: --chunks given twice");
      else if (!v)
        rc = cli_fail(CLI_USAGE, "run: --chunks needs a value: N, X,Y[,Z] or auto");
      else
        rc = cli_parse_tile("run", "--chunks", v, tile);
      tiled = true;
    } else if (a[0] == '-' && a[1]) {
      rc = cli_fail(
          CLI_USAGE,
          "run: unknown option %s; valid: --input [NAME=]FILE, --out DIR, --chunks N|X,Y[,Z]|auto, --device NAME, "
          "--time, --progress, --quiet",
          a);
    } else if (file) {
      rc = cli_fail(CLI_USAGE,
                    "run: one pipeline at a time; usage: cle run PIPELINE.yaml [--input [NAME=]FILE] [--out DIR] "
                    "[--chunks N|X,Y[,Z]|auto]");
    } else {
      file = a;
    }
  }
  if (rc == CLI_OK && !file)
    rc = cli_fail(CLI_USAGE, "run: which pipeline? usage: cle run PIPELINE.yaml [--input [NAME=]FILE] [--out DIR] "
                             "[--chunks N|X,Y[,Z]|auto]");
  /* --out is created for the run (the pipeline is checked against it) and
   * removed again if the run fails before writing into it */
  struct stat st;
  bool created = false;
  if (rc == CLI_OK && out_dir && stat(out_dir, &st) != 0) {
    if (cli_ensure_dir(out_dir) != 0)
      rc = CLI_FAILED;
    else
      created = true;
  }
  cle_pipeline *p = NULL;
  if (rc == CLI_OK) {
    cle_pipeline_options opts = {.out_dir = out_dir,
                                 .inputs = inputs,
                                 .n_inputs = n_inputs,
                                 .log = stdout,
                                 .progress = step_progress,
                                 .tiled = tiled,
                                 .tile = {tile[0], tile[1], tile[2]}};
    p = cle_pipeline_load(file, &opts);
    if (!p)
      rc = fail_each_line(cle_last_error() == CLE_ERROR_INVALID_ARGUMENT ? CLI_USAGE : CLI_FAILED,
                          cle_last_error_message());
  }
  if (rc == CLI_OK) {
    cli_progress_begin("cle run");
    cli_progress_phase("open device");
  }
  cle_device *dev = rc == CLI_OK ? cli_device(g) : NULL;
  cli_progress_clear(); /* before the run's first line on stdout */
  if (rc == CLI_OK && !dev)
    rc = CLI_FAILED;
  if (rc == CLI_OK && cle_pipeline_run(p, dev) != 0) {
    fflush(stdout);
    rc = cli_fail_library();
  }
  if (rc != CLI_OK && created)
    rmdir(out_dir); /* only if still empty */
  cle_pipeline_free(p);
  free(inputs);
  return rc;
}
