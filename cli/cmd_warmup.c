/* `cle warmup [OPS] [--dtypes LIST]`: fill the program caches ahead of time
 * (cle_warmup), so that a later process's first calls load programs from the
 * disk cache instead of compiling them. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_warmup(int argc, char **argv, const cli_globals *g)
{
  const char *ops = "", *dtypes = "float32";
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--dtypes") && i + 1 < argc)
      dtypes = argv[++i];
    else if (!strncmp(argv[i], "--dtypes=", 9))
      dtypes = argv[i] + 9;
    else if (argv[i][0] != '-' && !*ops)
      ops = argv[i];
    else
      return cli_fail(CLI_USAGE, "warmup: unexpected '%s'; usage: cle warmup [OP,OP...] [--dtypes DTYPE,...]", argv[i]);
  }
  cle_device *dev = cli_device(g);
  if (!dev)
    return CLI_FAILED;
  const double t0 = cli_now();
  const long calls = cle_warmup(dev, ops, dtypes);
  if (calls < 0)
    return cli_fail(CLI_USAGE, "warmup: %s", cle_last_error_message());
  printf("warmup: %ld calls on %s (%s; 2D and 3D) in %.1f s; programs are in the disk cache\n", calls,
         cle_device_name(dev), dtypes, cli_now() - t0);
  return CLI_OK;
}
