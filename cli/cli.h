/* The `cle` command: shared declarations of its command families. */
#ifndef CESPERANTO_CLI_H
#define CESPERANTO_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "cesperanto/cle.h"
#include "cesperanto/cle_registry.h"

/* Exit codes: 0 success, 1 the work failed, 2 the command line was wrong. */
enum { CLI_OK = 0, CLI_FAILED = 1, CLI_USAGE = 2 };

/* Progress reports (progress.c): AUTO shows them on a terminal only, FORCE
 * (--progress, CLE_PROGRESS=1) also into a pipe or file, QUIET (--quiet, -q,
 * CLE_PROGRESS=0) never. */
typedef enum cli_progress_mode { CLI_PROGRESS_AUTO, CLI_PROGRESS_QUIET, CLI_PROGRESS_FORCE } cli_progress_mode;

/* Options every command takes, wherever they appear on the line. */
typedef struct cli_globals {
  const char *device;         /* --device NAME: a substring of the device, vendor or platform name */
  bool time;                  /* --time: print how long reading, transfers, compute and writing took */
  cli_progress_mode progress; /* --progress / --quiet */
} cli_globals;

/* Print "cle: MESSAGE" on one line of stderr; returns code. */
int cli_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The library's last error as a one-line failure. */
int cli_fail_library(void);
/* The device chosen by --device (or the default); NULL after printing the error. */
cle_device *cli_device(const cli_globals *g);
/* Seconds on a monotonic clock. */
double cli_now(void);
/* "--sigma-x" for parameter "sigma_x" into buf. */
void cli_flag_name(const char *param, char *buf, size_t cap);
/* Create dir if it does not exist (one level); 0 or -1 after printing the error. */
int cli_ensure_dir(const char *dir);
/* --tile / --chunks: "auto" (all 0: chosen from the device's memory budget), "N" (every axis) or "X,Y[,Z]" (per axis; Z left out: chosen, the whole depth where it fits) into tile[3]
 * (x, y, z). CLI_OK, or CLI_USAGE after printing "WHO: FLAG must be ...". */
int cli_parse_tile(const char *who, const char *flag, const char *text, size_t tile[3]);
/* Whether a name ends in an extension cle writes (.tif, .tiff, .png) / reads (.tif, .tiff). */
bool cli_is_image_file(const char *path);
bool cli_is_tiff(const char *path);

/* Progress on stderr: set up once per command line; begin names who reports
 * ("cle run"); each phase starts with cli_progress_phase ("step 3/7 gaussian_blur");
 * cli_progress_clear takes the terminal line away before other output (cli_fail
 * calls it); cli_progress_end(ok) ends it all ("done in" when piped and ok). */
void cli_progress_setup(cli_progress_mode mode);
void cli_progress_begin(const char *who);
void cli_progress_phase(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_progress_clear(void);
void cli_progress_end(bool ok);

/* `cle OP IN.tif... OUT.tif --tile ...` streamed in slabs of slices along
 * the slowest axis (tiff_stream.c): what it did, for --time. */
typedef struct cli_stream_stats {
  int axis;          /* 2: slabs of z planes, 1: of rows */
  size_t slab;       /* slices a slab writes */
  size_t slabs;      /* slabs run */
  size_t peak_bytes; /* the most bytes of slab buffers (inputs with the halo, the result) held at once */
  double read, compute, write;
} cli_stream_stats;
/* Whether op streams between files[0..n_inputs] (inputs, then the output):
 * a finite footprint (cle_op_halo), not position-dependent, one image out,
 * no input written back, every file a TIFF. */
bool cli_can_stream(const cle_op_desc *op, const cle_value *params, const char *const *files);
/* Stream it: CLI_OK, or CLI_FAILED after printing the error (naming the op
 * and the file); the output is then left as it was. */
int cli_stream_op(const cle_op_desc *op, const char *const *files, const cle_value *params, const size_t tile[3],
                  cle_device *dev, cli_stream_stats *st);

int cmd_list(int argc, char **argv, const cli_globals *g);
int cmd_help(int argc, char **argv, const cli_globals *g);
int cmd_devices(int argc, char **argv, const cli_globals *g);
int cmd_version(int argc, char **argv, const cli_globals *g);
int cmd_run(int argc, char **argv, const cli_globals *g);
int cmd_demo(int argc, char **argv, const cli_globals *g);
int cmd_warmup(int argc, char **argv, const cli_globals *g);
/* argv[0] is the op name. */
int cmd_op(int argc, char **argv, const cli_globals *g);

/* The whole command: argv[0] is the program name; returns the exit code. */
int cli_main(int argc, char **argv);
/* The usage text of the whole command. */
void cli_usage(FILE *out);

#endif
