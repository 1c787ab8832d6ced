/* cesperanto — large host buffers (host_memory.c): the tiled engine's
 * outputs and packed boxes, megabytes to gigabytes written once. */
#ifndef CESPERANTO_HOST_MEMORY_H
#define CESPERANTO_HOST_MEMORY_H

#include <stddef.h>

/* bytes of host memory (uninitialised) that free() releases; NULL when there
 * is none. From a few megabytes on, aligned to 2 MiB and advised for
 * transparent huge pages, so writing it first faults a page per 2 MiB, not
 * per 4 KiB. */
void *cle_host_large_alloc(size_t bytes);

#endif
