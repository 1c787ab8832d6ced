/* Helpers shared by the command families: errors, device choice, names, clocks. */
#include <errno.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"

int cli_fail(int code, const char *fmt, ...)
{
  cli_progress_clear(); /* the message takes the progress line's place */
  va_list ap;
  va_start(ap, fmt);
  fputs("cle: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return code;
}

int cli_fail_library(void)
{
  /* library messages are one line already; keep it so if a build log slipped in */
  const char *msg = cle_last_error_message();
  const char *nl = strchr(msg, '\n');
  if (nl)
    return cli_fail(CLI_FAILED, "%.*s (more in the library's message)", (int)(nl - msg), msg);
  return cli_fail(CLI_FAILED, "%s", msg[0] ? msg : "failed");
}

cle_device *cli_device(const cli_globals *g)
{
  cle_device *dev = g->device ? cle_device_find(g->device) : cle_device_default();
  if (!dev) {
    if (g->device)
      cli_fail(CLI_FAILED, "no OpenCL device matches '%s' (see `cle devices`)", g->device);
    else
      cli_fail_library();
    return NULL;
  }
  return dev;
}

double cli_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_flag_name(const char *param, char *buf, size_t cap)
{
  snprintf(buf, cap, "--%s", param);
  for (char *c = buf + 2; *c; c++)
    if (*c == '_')
      *c = '-';
}

int cli_ensure_dir(const char *dir)
{
  struct stat st;
  if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
    return 0;
  if (stat(dir, &st) == 0) {
    cli_fail(CLI_FAILED, "--out %s: not a folder", dir);
    return -1;
  }
  if (mkdir(dir, 0777) != 0) {
    cli_fail(CLI_FAILED, "--out %s: cannot create the folder: %s", dir, strerror(errno));
    return -1;
  }
  return 0;
}

static bool ends_with(const char *s, const char *ext)
{
  size_t n = strlen(s), e = strlen(ext);
  return n > e && !strcasecmp(s + n - e, ext);
}

bool cli_is_tiff(const char *path)
{
  return ends_with(path, ".tif") || ends_with(path, ".tiff");
}
/* .tif, .tiff and .png: what cle reads and writes */
bool cli_is_image_file(const char *path)
{
  return cli_is_tiff(path) || ends_with(path, ".png");
}

int cli_parse_tile(const char *who, const char *flag, const char *text, size_t tile[3])
{
  tile[0] = tile[1] = tile[2] = 0;
  if (!strcmp(text, "auto"))
    return CLI_OK; /* chosen from the device's memory budget */
  const char *p = text;
  int n = 0;
  for (;;) {
    char *end;
    errno = 0;
    unsigned long long v = *p >= '0' && *p <= '9' ? strtoull(p, &end, 10) : 0;
    if (n == 3 || !(*p >= '0' && *p <= '9') || errno || v < 1 || v > 2147483647ull || (*end && *end != ','))
      return cli_fail(
          CLI_USAGE,
          "%s: %s must be N (every axis), X,Y[,Z] (per axis) or auto, whole numbers in [1, 2147483647], got "
          "'%s'",
          who, flag, text);
    tile[n++] = (size_t)v;
    if (!*end)
      break;
    p = end + 1;
  }
  if (n == 1)
    tile[1] = tile[2] = tile[0];
  return CLI_OK;
}
