/* cle: every cesperanto op from the shell, pipelines and the demo. */
#include "cli.h"

int main(int argc, char **argv)
{
  return cli_main(argc, argv);
}
