/* label_scan: number a set of flags in index order with a two-level prefix
 * count, for connected_components_labeling (the flags are the union-find
 * roots: flags[i] == i) and relabel_sequential (the labels present:
 * flags[v] != 0).
 *
 * The flags are packed into 32-bit words; words[2w] holds word w's bits and
 * words[2w + 1] the number of set flags before it in its block (a block is
 * words_per_block words, one work-group). offsets[b] is the number of set
 * flags before block b, offsets[n_blocks] the total. The rank of flag r, the
 * number of set flags before it, is then three reads away (label_scan_rank),
 * so mapping needs no table as large as the flags.
 *
 * Host defines: SCAN_WG (the work-group size, a power of two),
 * LABEL_SCAN_ROOTS (1: flags are a parent forest, 0: nonzero flags),
 * LABEL_DST_MAX (label_scan_map only: the largest value dst's dtype holds).
 * The runtime defines IMAGE_x_TYPE only for the arrays of the kernel being
 * run, so kernels using other arrays are compiled out with #ifdef.
 */

#if LABEL_SCAN_ROOTS
#define LABEL_SCAN_IS_SET(flags, i) ((flags)[i] == (int)(i))
#else
#define LABEL_SCAN_IS_SET(flags, i) ((flags)[i] != 0)
#endif

/* Exclusive scan of one value per work-item (Hillis-Steele in local memory);
 * *total gets the sum over the work-group. Every work-item must call it. */
inline uint label_scan_exclusive(__local uint *tmp, uint value, uint *total)
{
  const int t = (int)get_local_id(0);
  tmp[t] = value;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int offset = 1; offset < SCAN_WG; offset <<= 1) {
    const uint add = t >= offset ? tmp[t - offset] : 0u;
    barrier(CLK_LOCAL_MEM_FENCE);
    tmp[t] += add;
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  const uint inclusive = tmp[t];
  *total = tmp[SCAN_WG - 1];
  barrier(CLK_LOCAL_MEM_FENCE); /* tmp is reused by the caller's next call */
  return inclusive - value;
}

/* Level 1: one work-group per block packs its flags into words (coalesced
 * reads, bits set with local atomics) and counts them; block b's count goes
 * to offsets[b]. */
#ifdef IMAGE_flags_TYPE
__kernel void label_scan_blocks(IMAGE_flags_TYPE flags, __global uint *words, __global uint *offsets, int n_flags,
                                int words_per_block)
{
  __local uint bits[SCAN_WG];
  __local uint tmp[SCAN_WG];
  const int t = (int)get_local_id(0), block = (int)get_group_id(0);
  const int n_words = (int)(((uint)n_flags + 31u) / 32u);
  const int first = block * words_per_block;
  const int end = min(first + words_per_block, n_words);
  uint carry = 0;
  for (int chunk = first; chunk < end; chunk += SCAN_WG) {
    bits[t] = 0;
    barrier(CLK_LOCAL_MEM_FENCE);
    const int chunk_flags = min(SCAN_WG, end - chunk) * 32;
    for (int k = t; k < chunk_flags; k += SCAN_WG) {
      const uint i = (uint)chunk * 32u + (uint)k; /* uint: may pass 2^31 - 1 in the last word */
      if (i < (uint)n_flags && LABEL_SCAN_IS_SET(flags, i))
        atomic_or(&bits[k >> 5], 1u << (k & 31));
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    const bool mine = chunk + t < end;
    const uint word = bits[t];
    const uint count = mine ? popcount(word) : 0u;
    uint total;
    const uint before = label_scan_exclusive(tmp, count, &total);
    if (mine) {
      words[2 * (chunk + t)] = word;
      words[2 * (chunk + t) + 1] = carry + before;
    }
    carry += total;
  }
  if (t == 0)
    offsets[block] = carry;
}
#endif

/* Level 2: a single work-group turns the block counts into exclusive
 * offsets, in place, and writes the total after them. */
__kernel void label_scan_offsets(__global uint *offsets, int n_blocks)
{
  __local uint tmp[SCAN_WG];
  const int t = (int)get_local_id(0);
  uint carry = 0;
  for (int chunk = 0; chunk < n_blocks; chunk += SCAN_WG) {
    const int b = chunk + t;
    const uint count = b < n_blocks ? offsets[b] : 0u;
    uint total;
    const uint before = label_scan_exclusive(tmp, count, &total);
    if (b < n_blocks)
      offsets[b] = carry + before;
    carry += total;
  }
  if (t == 0)
    offsets[n_blocks] = carry;
}

/* Number of set flags before flag r. */
inline uint label_scan_rank(__global const uint *words, __global const uint *offsets, int words_per_block, uint r)
{
  const uint w = r >> 5;
  const uint below = words[2 * w] & ((1u << (r & 31u)) - 1u);
  return offsets[w / (uint)words_per_block] + words[2 * w + 1] + popcount(below);
}

/* Final pass, one work-item per pixel: dst = 1 + rank of the pixel's flag,
 * 0 for background. With LABEL_SCAN_ROOTS, src is the parent forest and the
 * flag is the pixel's root (-1: background); else src holds the label
 * itself (0: background). */
#ifdef IMAGE_dst_TYPE
__kernel void label_scan_map(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, __global const uint *words,
                             __global const uint *offsets, int n, int words_per_block)
{
  if (get_global_id(0) >= (size_t)n) /* before the int cast: the range is rounded up */
    return;
  const int i = (int)get_global_id(0);
#if LABEL_SCAN_ROOTS
  int root = src[i];
  uint label = 0;
  if (root >= 0) {
    for (int up = src[root]; up != root; up = src[root])
      root = up;
    label = 1u + label_scan_rank(words, offsets, words_per_block, (uint)root);
  }
#else
  const uint value = (uint)src[i];
  const uint label = value ? 1u + label_scan_rank(words, offsets, words_per_block, value) : 0u;
#endif
  /* Saturated like every clij conversion, should dst's dtype be too small. */
  dst[i] = (IMAGE_dst_PIXEL_TYPE)min(label, (uint)LABEL_DST_MAX);
}
#endif

/* ---- the same three steps on CPU devices (label_scan.c picks them) ----
 * One work-item per block walks its words in order: a pocl work-group of
 * SCAN_WG items runs every barrier region as a loop over the items, which
 * made the passes above cost more than the whole raster scan of a 2D image.
 * words and offsets hold the same values as there, so label_scan_rank
 * serves both. */
#ifdef IMAGE_flags_TYPE
__kernel void label_scan_blocks_chunked(IMAGE_flags_TYPE flags, __global uint *words, __global uint *offsets,
                                        int n_flags, int words_per_block)
{
  const int block = (int)get_global_id(0);
  const int n_words = (int)(((uint)n_flags + 31u) / 32u);
  const int first = block * words_per_block;
  const int end = min(first + words_per_block, n_words);
  uint carry = 0;
  for (int w = first; w < end; w++) {
    const uint base = (uint)w * 32u; /* uint: may pass 2^31 - 1 in the last word */
    const uint count = min(32u, (uint)n_flags - base);
    uint word = 0;
    for (uint k = 0; k < count; k++)
      word |= (LABEL_SCAN_IS_SET(flags, base + k) ? 1u : 0u) << k;
    words[2 * w] = word;
    words[2 * w + 1] = carry;
    carry += popcount(word);
  }
  if (first < n_words)
    offsets[block] = carry;
}
#endif

/* One work-item: the block counts into exclusive offsets, then the total. */
__kernel void label_scan_offsets_chunked(__global uint *offsets, int n_blocks)
{
  uint carry = 0;
  for (int b = 0; b < n_blocks; b++) {
    const uint count = offsets[b];
    offsets[b] = carry;
    carry += count;
  }
  offsets[n_blocks] = carry;
}

/* As label_scan_map, one work-item per run of per_item pixels. Neighbouring
 * pixels mostly share their flag (the same root, the same label), so the
 * last flag's label is kept and its root chase and rank are skipped. */
#ifdef IMAGE_dst_TYPE
__kernel void label_scan_map_chunked(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, __global const uint *words,
                                     __global const uint *offsets, int n, int words_per_block, int per_item)
{
  const size_t begin = get_global_id(0) * (size_t)per_item;
  const int end = (int)min((size_t)n, begin + (size_t)per_item);
#if LABEL_SCAN_ROOTS
  int last = -1; /* background: label 0 */
#else
  uint last = 0u;
#endif
  uint last_label = 0u;
  for (int i = (int)min(begin, (size_t)n); i < end; i++) {
#if LABEL_SCAN_ROOTS
    const int flag = src[i];
    if (flag != last) {
      last = flag;
      last_label = 0u;
      if (flag >= 0) {
        int root = flag;
        for (int up = src[root]; up != root; up = src[root])
          root = up;
        last_label = 1u + label_scan_rank(words, offsets, words_per_block, (uint)root);
      }
    }
#else
    const uint flag = (uint)src[i];
    if (flag != last) {
      last = flag;
      last_label = flag ? 1u + label_scan_rank(words, offsets, words_per_block, flag) : 0u;
    }
#endif
    dst[i] = (IMAGE_dst_PIXEL_TYPE)min(last_label, (uint)LABEL_DST_MAX);
  }
}
#endif
