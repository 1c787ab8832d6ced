/* Where the bundled sample images are: $CLE_DATA_DIR, the source tree the
 * build came from, the installed share folder, or share/ next to the
 * executable's bin/ (a relocated install). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_data.h"

#ifndef CLE_SOURCE_DATA_DIR
#error "CLE_SOURCE_DATA_DIR must come from the build (cli/CMakeLists.txt)"
#endif
#ifndef CLE_INSTALL_DATA_DIR
#error "CLE_INSTALL_DATA_DIR must come from the build (cli/CMakeLists.txt)"
#endif

static bool has_file(const char *dir, const char *name)
{
  char path[PATH_MAX];
  struct stat st;
  return snprintf(path, sizeof path, "%s/%s", dir, name) < (int)sizeof path && stat(path, &st) == 0 &&
         S_ISREG(st.st_mode);
}

bool cli_find_data(const char *name, char *dir, size_t cap)
{
  const char *env = getenv("CLE_DATA_DIR");
  const char *fixed[] = {env && *env ? env : NULL, CLE_SOURCE_DATA_DIR, CLE_INSTALL_DATA_DIR};
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
    if (fixed[i] && has_file(fixed[i], name)) {
      snprintf(dir, cap, "%s", fixed[i]);
      return true;
    }
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = 0;
      char guess[PATH_MAX];
      if (snprintf(guess, sizeof guess, "%s/../share/cesperanto", exe) < (int)sizeof guess && has_file(guess, name)) {
        snprintf(dir, cap, "%s", guess);
        return true;
      }
    }
  }
  return false;
}
