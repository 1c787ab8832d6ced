/* cle's dispatcher: takes out the global options and hands the rest to a
 * command family. A function rather than main() so that a test can run the
 * whole command in-process (tests/cli/test_alloc_failure.c). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The commands (other than OP), each with its usage and what it does: cle --help
 * prints them all, cle COMMAND --help its own. */
static const struct {
  const char *name, *usage, *what;
} commands[] = {
    {"list", "cle list [--category C]", "the operations (of one category)"},
    {"help", "cle help OP", "an operation's inputs, parameters, output and categories (also: cle OP --help)"},
    {"run", "cle run PIPELINE.yaml [--input [NAME=]FILE]... [--out DIR] [--chunks N|X,Y[,Z]|auto]",
     "run a YAML pipeline (see examples/); --chunks: every step tile by tile, images in host memory"},
    {"demo", "cle demo [--out DIR]", "blur, Otsu threshold and label the bundled blobs image"},
    {"warmup", "cle warmup [OP,OP...] [--dtypes DTYPE,...]",
     "build the programs of the ops (default all) for float32 (or the dtypes), 2D and 3D, into the disk cache"},
    {"devices", "cle devices", "the OpenCL devices"},
    {"version", "cle version", "versions of cle and its libraries"},
};

static void global_options(FILE *out)
{
  fprintf(out, "\n"
               "  --device NAME   use the first device whose name, vendor or platform contains NAME\n"
               "                  (default: $CLE_DEVICE, else the first GPU, else the first device)\n"
               "  --time          print read, push, compute, pull and write times\n"
               "  --progress      report progress on stderr also when it is not a terminal: a line as each\n"
               "                  phase starts (`cle run`: each step; an op: device, read, compute, write)\n"
               "  -q, --quiet     no progress report\n"
               "\n"
               "Progress goes to stderr only. On a terminal, work that runs longer than 0.5 s shows one\n"
               "updating line (cle run: step 3/7 gaussian_blur ... 2.1 s), cleared when it ends; into a\n"
               "pipe or file nothing unless --progress. CLE_PROGRESS=1 is --progress, CLE_PROGRESS=0 --quiet.\n"
               "CLE_DEVICE_MEMORY_LIMIT=4G (bytes; K, M, G, T: powers of 1024) caps what cle allocates on\n"
               "the device; --tile auto and --chunks auto take the largest tiles that fit it.\n"
               "CLE_HOST_MEMORY_LIMIT=1G caps a streamed op's slabs in host memory (default: half the RAM);\n"
               "--tile X,Y,Z sets them to Z planes (2D: Y rows) instead.\n");
}

/* "  USAGE   WHAT", WHAT on a line of its own where USAGE is long */
static void entry(FILE *out, const char *usage, const char *what)
{
  if (strlen(usage) > 30)
    fprintf(out, "  %s\n  %-30s %s\n", usage, "", what);
  else
    fprintf(out, "  %-30s %s\n", usage, what);
}

void cli_usage(FILE *out)
{
  fprintf(out, "usage: cle COMMAND [ARGS] [--device NAME] [--time] [--progress | -q]\n\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    entry(out, commands[i].usage, commands[i].what);
    if (!strcmp(commands[i].name, "help")) {
      entry(out, "cle OP INPUT... OUTPUT [--param value ...] [--tile N|X,Y[,Z]|auto]",
            "run one operation on .tif/.png files, write .tif or .png");
      fprintf(out, "  %-30s %s\n", "", "(scalar operations print their value instead)");
      fprintf(out, "  %-30s %s\n", "", "--tile: tile by tile with the op's halo; TIFF in and out: streamed in");
      fprintf(out, "  %-30s %s\n", "", "slabs of z planes (2D: rows), never the whole image in host memory;");
      fprintf(out, "  %-30s %s\n", "", "global ops and .png files: the image in host memory (`cle help OP`)");
    }
  }
  global_options(out);
}

/* cle COMMAND --help (or -h anywhere after it): that command's usage on stdout. */
static bool command_help(int argc, char **argv)
{
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    if (strcmp(argv[0], commands[i].name) != 0)
      continue;
    for (int k = 1; k < argc && strcmp(argv[k], "--"); k++)
      if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h")) {
        printf("usage: %s [--device NAME] [--time] [--progress | -q]\n\n  %s\n", commands[i].usage, commands[i].what);
        global_options(stdout);
        return true;
      }
  }
  return false;
}

/* Take --device NAME / --device=NAME, --time, --progress and --quiet (-q)
 * out of argv (anywhere before "--"). */
static int take_globals(int *argc, char **argv, cli_globals *g)
{
  int out = 0;
  bool rest = false, quiet = false, progress = false;
  const char *env = getenv("CLE_PROGRESS");
  if (env && *env && strcmp(env, "0") && strcmp(env, "1"))
    return cli_fail(CLI_USAGE, "CLE_PROGRESS must be 1 (as --progress) or 0 (as --quiet), got '%s'", env);
  for (int i = 0; i < *argc; i++) {
    const char *a = argv[i];
    if (!rest && !strcmp(a, "--"))
      rest = true;
    if (!rest && !strcmp(a, "--time")) {
      g->time = true;
      continue;
    }
    if (!rest && (!strcmp(a, "--quiet") || !strcmp(a, "-q"))) {
      quiet = true;
      continue;
    }
    if (!rest && !strcmp(a, "--progress")) {
      progress = true;
      continue;
    }
    if (!rest && !strncmp(a, "--device=", 9)) {
      g->device = a + 9;
      continue;
    }
    if (!rest && !strcmp(a, "--device")) {
      if (i + 1 >= *argc)
        return cli_fail(CLI_USAGE, "--device needs a name (see `cle devices`)");
      g->device = argv[++i];
      continue;
    }
    argv[out++] = argv[i];
  }
  *argc = out;
  argv[out] = NULL;
  if (quiet && progress)
    return cli_fail(CLI_USAGE, "--quiet and --progress contradict each other; give one");
  /* the command line over the environment */
  g->progress = quiet                      ? CLI_PROGRESS_QUIET
                : progress                 ? CLI_PROGRESS_FORCE
                : env && !strcmp(env, "1") ? CLI_PROGRESS_FORCE
                : env && !strcmp(env, "0") ? CLI_PROGRESS_QUIET
                                           : CLI_PROGRESS_AUTO;
  return CLI_OK;
}

static int dispatch(int argc, char **argv, const cli_globals *g);

int cli_main(int argc, char **argv)
{
  cli_globals g = {NULL, false, CLI_PROGRESS_AUTO};
  argc--, argv++; /* without the program name */
  if (take_globals(&argc, argv, &g) != CLI_OK)
    return CLI_USAGE;
  cli_progress_setup(g.progress);
  int rc = dispatch(argc, argv, &g);
  cli_progress_end(rc == CLI_OK);
  return rc;
}

static int dispatch(int argc, char **argv, const cli_globals *g)
{
  if (argc == 0) {
    cli_usage(stderr);
    return CLI_USAGE;
  }
  const char *cmd = argv[0];
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
    cli_usage(stdout);
    return CLI_OK;
  }
  if (!strcmp(cmd, "--version"))
    return cmd_version(argc, argv, g);
  if (command_help(argc, argv))
    return CLI_OK;
  if (!strcmp(cmd, "list"))
    return cmd_list(argc, argv, g);
  if (!strcmp(cmd, "help"))
    return cmd_help(argc, argv, g);
  if (!strcmp(cmd, "devices"))
    return cmd_devices(argc, argv, g);
  if (!strcmp(cmd, "version"))
    return cmd_version(argc, argv, g);
  if (!strcmp(cmd, "run"))
    return cmd_run(argc, argv, g);
  if (!strcmp(cmd, "demo"))
    return cmd_demo(argc, argv, g);
  if (!strcmp(cmd, "warmup"))
    return cmd_warmup(argc, argv, g);
  if (cle_op_find(cmd))
    return cmd_op(argc, argv, g);
  const char *guess = cle_closest_op_name(cmd);
  if (guess)
    return cli_fail(CLI_USAGE, "unknown command or op '%s' (did you mean %s?)", cmd, guess);
  return cli_fail(CLI_USAGE, "unknown command or op '%s'; `cle --help` shows the commands, `cle list` the ops", cmd);
}
