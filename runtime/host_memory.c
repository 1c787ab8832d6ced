/* Large host buffers (host_memory.h). A fresh buffer of gigabytes costs a
 * page fault per 4 KiB page when first written (a million for 4 GiB); where
 * the kernel gives transparent huge pages on request (THP "madvise", the
 * usual default) asking for them cuts that 512-fold. */
#define _DEFAULT_SOURCE /* madvise */
#include "host_memory.h"

#include <stdlib.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)

void *cle_host_large_alloc(size_t bytes)
{
  if (bytes < 4 * HUGE_PAGE)
    return malloc(bytes ? bytes : 1);
  void *p = NULL;
  if (posix_memalign(&p, HUGE_PAGE, bytes) != 0)
    return NULL;
#ifdef MADV_HUGEPAGE
  (void)madvise(p, bytes, MADV_HUGEPAGE); /* a hint: without huge pages the memory works all the same */
#endif
  return p;
}
