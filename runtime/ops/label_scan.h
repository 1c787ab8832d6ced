/* label_scan: numbering flags in index order on the device, shared by
 * connected_components_labeling (flags = union-find roots) and
 * relabel_sequential (flags = labels present). See kernels/label_scan.cl. */
#ifndef CESPERANTO_LABEL_SCAN_H
#define CESPERANTO_LABEL_SCAN_H

#include <stdbool.h>

#include "cle_private.h"

typedef struct label_scan {
  cle_device *dev;
  bool roots;   /* flags are a parent forest (flags[i] == i), else nonzero flags */
  bool chunked; /* CPU layout (cle_ops_chunked_path): one work-item per block, sequential */
  int n_flags;
  int words_per_block; /* 32 flags per word; one work-group per block */
  int n_blocks;
  int group;          /* work-group size, a power of two */
  cle_array *words;   /* uint32, 2 per word: the word's bits, set flags before it in its block */
  cle_array *offsets; /* uint32, n_blocks + 1: set flags before each block, then the total */
} label_scan;

/* Count the set flags among flags[0..n_flags) (an int32 forest when roots,
 * else any integer dtype) in blocks of flags_per_block (rounded up to a
 * multiple of 32; 0 picks one from the work-group size; the CPU layout picks
 * its own, at most 64 blocks). Two launches, no
 * host synchronisation. Returns 0, or -1 with the error set (*scan is then
 * empty); release with label_scan_release. */
int label_scan_build(cle_device *dev, cle_array *flags, int n_flags, bool roots, int flags_per_block, label_scan *scan);

/* dst[i] = 0 for background, else 1 + the number of set flags before src[i]'s
 * flag: its root when the scan is over roots (src is then the forest), its
 * value otherwise, saturated to dst's dtype. src and dst have n elements.
 * One launch. Returns 0 or -1. */
int label_scan_map(const label_scan *scan, cle_array *src, cle_array *dst, int n);

void label_scan_release(label_scan *scan);

/* The largest power of two <= wanted that the device allows in a work-group. */
int label_group_size(const cle_device *dev, int wanted);
/* n rounded up to a multiple of group: explicit work-groups keep drivers from
 * picking tiny ones for awkward (e.g. prime) sizes; kernels skip the excess. */
size_t label_round_up(size_t n, size_t group);

#endif
