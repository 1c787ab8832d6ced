/* cesperanto — host work spread over threads (parallel.c): the staged
 * transfers' copies (transfer.c), the tiled engine's packing of boxes
 * (tiled/tile_box.c) and labeling's host passes (tiled/tiled_labeling.c). */
#ifndef CESPERANTO_PARALLEL_H
#define CESPERANTO_PARALLEL_H

#include <stddef.h>

/* The most threads one call takes. */
#define CLE_MAX_HOST_THREADS 16

/* Threads for host copies: one per core, at most CLE_MAX_HOST_THREADS;
 * CLE_TRANSFER_THREADS overrides it (read on every call). */
int cle_host_threads(void);
/* A part of less than this many bytes is not worth a thread
 * (CLE_HOST_PART_BYTES overrides it, for tests). */
#define CLE_MIN_PART_BYTES ((size_t)1 << 20)

/* How many parts to cut `items` of item_bytes each (rows of an image) into:
 * cle_host_threads(), fewer where a part would get less than
 * CLE_MIN_PART_BYTES, at most items, at least 1. */
int cle_host_parts(size_t items, size_t item_bytes);
/* fn(ctx, part) for every part in 0..parts-1 (at most CLE_MAX_HOST_THREADS),
 * spread over the calling thread and the pool's workers (started once, on
 * first use), or over threads of its own while another batch has the pool;
 * returns when all are done. Every part runs once, on some thread. */
void cle_parallel_run(int parts, void (*fn)(void *ctx, int part), void *ctx);
/* Workers the pool has started (tests: they are reused, not started per call). */
int cle_parallel_pool_workers(void);
/* Part `part` of `parts` of the range [0, n): [*begin, *end). */
void cle_part_range(size_t n, int parts, int part, size_t *begin, size_t *end);

#endif
