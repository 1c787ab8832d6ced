/* cle's dispatcher: takes out the global options and hands the rest to a
 * command family. A function rather than main() so that a test can run the
 * whole command in-process (tests/cli/test_alloc_failure.c). */
#include <string.h>

#include "cli.h"

void cli_usage(FILE *out)
{
  fprintf(out, "usage: cle COMMAND [ARGS] [--device NAME] [--time]\n"
               "\n"
               "  cle list [--category C]        the operations (of one category)\n"
               "  cle help OP                    an operation's inputs, parameters, output and categories\n"
               "  cle OP INPUT... OUTPUT [--param value ...]\n"
               "                                 run one operation on .tif files, write .tif or .png\n"
               "                                 (scalar operations print their value instead)\n"
               "  cle run PIPELINE.yaml [--input [NAME=]FILE]... [--out DIR]\n"
               "                                 run a YAML pipeline (see examples/)\n"
               "  cle demo [--out DIR]           blur, Otsu threshold and label the bundled blobs image\n"
               "  cle devices                    the OpenCL devices\n"
               "  cle version                    versions of cle and its libraries\n"
               "\n"
               "  --device NAME   use the first device whose name, vendor or platform contains NAME\n"
               "                  (default: $CLE_DEVICE, else the first GPU, else the first device)\n"
               "  --time          print read, push, compute, pull and write times\n");
}

/* Take --device NAME / --device=NAME and --time out of argv (anywhere before "--"). */
static int take_globals(int *argc, char **argv, cli_globals *g)
{
  int out = 0;
  bool rest = false;
  for (int i = 0; i < *argc; i++) {
    const char *a = argv[i];
    if (!rest && !strcmp(a, "--"))
      rest = true;
    if (!rest && !strcmp(a, "--time")) {
      g->time = true;
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
  return CLI_OK;
}

int cli_main(int argc, char **argv)
{
  cli_globals g = {NULL, false};
  argc--, argv++; /* without the program name */
  if (take_globals(&argc, argv, &g) != CLI_OK)
    return CLI_USAGE;
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
    return cmd_version(argc, argv, &g);
  if (!strcmp(cmd, "list"))
    return cmd_list(argc, argv, &g);
  if (!strcmp(cmd, "help"))
    return cmd_help(argc, argv, &g);
  if (!strcmp(cmd, "devices"))
    return cmd_devices(argc, argv, &g);
  if (!strcmp(cmd, "version"))
    return cmd_version(argc, argv, &g);
  if (!strcmp(cmd, "run"))
    return cmd_run(argc, argv, &g);
  if (!strcmp(cmd, "demo"))
    return cmd_demo(argc, argv, &g);
  if (cle_op_find(cmd))
    return cmd_op(argc, argv, &g);
  const char *guess = cle_closest_op_name(cmd);
  if (guess)
    return cli_fail(CLI_USAGE, "unknown command or op '%s' (did you mean %s?)", cmd, guess);
  return cli_fail(CLI_USAGE, "unknown command or op '%s'; `cle --help` shows the commands, `cle list` the ops", cmd);
}
