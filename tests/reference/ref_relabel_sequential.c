/* CPU reference for relabel_sequential: count the labels present, then map
 * each to its rank among them (0 stays 0), as skimage.segmentation.
 * relabel_sequential does. The blocksize parameter only tunes the device
 * version and is ignored here. Fails (-1) on values the op refuses:
 * negative, fractional or NaN pixels. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include "ref_common.h"

/* Larger label tables than this are beyond what a reference test needs. */
#define REF_RELABEL_MAX_LABEL (1u << 26)

int ref_op_relabel_sequential(const ref_image *src, ref_image *out, int blocksize)
{
  (void)blocksize;
  const size_t n = ref_image_size(src);

  double max_label = 0;
  for (size_t i = 0; i < n; i++) {
    double v = ref_get(src, i);
    if (!(v >= 0) || v != floor(v) || v > REF_RELABEL_MAX_LABEL)
      return -1;
    if (v > max_label)
      max_label = v;
  }

  size_t table_size = (size_t)max_label + 1;
  uint32_t *new_label = calloc(table_size, sizeof *new_label);
  if (!new_label)
    return -1;
  for (size_t i = 0; i < n; i++)
    new_label[(size_t)ref_get(src, i)] = 1; /* present */
  uint32_t count = 0;
  for (size_t v = 1; v < table_size; v++)
    if (new_label[v])
      new_label[v] = ++count;
  new_label[0] = 0;

  for (size_t i = 0; i < n; i++)
    ref_set(out, i, new_label[(size_t)ref_get(src, i)]);
  free(new_label);
  return 0;
}
