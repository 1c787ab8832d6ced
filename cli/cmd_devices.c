/* `cle devices` and `cle version`. */
#include <png.h>
#include <string.h>
#include <tiffio.h>
#include <yaml.h>

#include "cli.h"

int cmd_devices(int argc, char **argv, const cli_globals *g)
{
  (void)argv;
  if (argc > 1)
    return cli_fail(CLI_USAGE, "devices: takes no arguments");
  int n = cle_device_count();
  if (n <= 0) {
    if (n < 0 || cle_last_error() != CLE_OK)
      return cli_fail_library();
    return cli_fail(CLI_FAILED, "no OpenCL device found (is an OpenCL driver such as pocl installed?)");
  }
  cle_device *chosen = g->device ? cle_device_find(g->device) : cle_device_default();
  for (int i = 0; i < n; i++) {
    cle_device *d = cle_device_get(i);
    if (!d)
      return cli_fail_library();
    printf("%c %d: %s\n", d == chosen ? '*' : ' ', i, cle_device_name(d));
    printf("     vendor %s, platform %s, type %s\n", cle_device_vendor(d), cle_device_platform(d), cle_device_type(d));
    printf("     memory %.0f MiB (largest allocation %.0f MiB), %s, driver %s\n",
           (double)cle_device_global_memory(d) / 1048576.0, (double)cle_device_max_allocation(d) / 1048576.0,
           cle_device_version(d), cle_device_driver_version(d));
  }
  if (chosen)
    printf("(* the device cle uses%s)\n", g->device ? " with this --device" : " by default");
  return CLI_OK;
}

int cmd_version(int argc, char **argv, const cli_globals *g)
{
  (void)argv;
  (void)g;
  if (argc > 1)
    return cli_fail(CLI_USAGE, "version: takes no arguments");
  /* "LIBTIFF, Version 4.5.0\nCopyright ...": keep the number */
  const char *tiff = TIFFGetVersion(), *v = strstr(tiff, "Version "), *nl;
  if (v)
    tiff = v + 8;
  nl = strchr(tiff, '\n');
  printf("cle %s (cesperanto, %d operations)\n", cle_version(), cle_op_count());
  printf("libtiff %.*s, libpng %s, libyaml %s\n", nl ? (int)(nl - tiff) : (int)strlen(tiff), tiff,
         png_get_libpng_ver(NULL), yaml_get_version_string());
  return CLI_OK;
}
