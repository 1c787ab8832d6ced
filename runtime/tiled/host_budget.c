/* cle_host_memory_budget (cle_tiled.h): what a streamed op may hold in host
 * memory: CLE_HOST_MEMORY_LIMIT, else half the physical memory. */
#include <stdlib.h>
#include <unistd.h>

#include "cesperanto/cle_tiled.h"
#include "cle_private.h"

uint64_t cle_host_memory_budget(void)
{
  const char *limit = getenv("CLE_HOST_MEMORY_LIMIT");
  uint64_t bytes = 0;
  if (limit && *limit) {
    if (cle_parse_byte_size(limit, &bytes) != 0) {
      cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                    "CLE_HOST_MEMORY_LIMIT must be a positive number of bytes, optionally with a suffix K, M, G or T "
                    "(KiB, MiB, GiB, TiB: powers of 1024), got '%.300s'",
                    limit);
      return 0;
    }
    return bytes;
  }
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0)
    return (uint64_t)pages * (uint64_t)page / 2;
  return (uint64_t)1 << 30; /* unknown: 1 GiB */
}
