/* The table of tiled algorithms for global ops (tiled_global.h). Each
 * algorithm lives in its own file of this folder. */
#include "tiled/tiled_global.h"

#include <string.h>

static const struct {
  const char *name;
  cle_tiled_global_fn fn;
} tiled_globals[] = {
    {NULL, NULL}, /* none yet */
};

cle_tiled_global_fn cle_tiled_global_find(const char *name)
{
  for (size_t i = 0; tiled_globals[i].name; i++)
    if (strcmp(tiled_globals[i].name, name) == 0)
      return tiled_globals[i].fn;
  return NULL;
}
