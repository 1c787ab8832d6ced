/* The box median as forgetful selection (kernels/neighbourhood.cl uses it
 * where a box holds 3 to CLE_MEDIAN_NETWORK_MAX pixels): the median of n =
 * 2k + 1 values is found in a buffer of k + 2 registers. Of k + 2 values,
 * the smallest has k + 1 values above it and the largest k + 1 below, so
 * neither is the median; dropping both leaves a set whose median is the
 * same, and one more value fits. So: load k + 2 values; then, for every
 * value left, move the live buffer's minimum and maximum to its ends, drop
 * them and load the value into the freed low end (the buffer shrinks by
 * one); three values are left at the end, and their middle is the median.
 * About 1.5 k^2 compare-exchanges in place of a sort, and with every index
 * a constant the buffer never leaves registers (the general path's Wirth
 * selection indexes a private array). The code is generated here, not
 * unrolled by the OpenCL compiler, so no driver can leave an index dynamic.
 * The kernel defines CLE_NB_CS(a, b) (a, b = min, max), CLE_NB_LOAD(dx, dy,
 * dz) (the key of the clamped pixel at that offset) and keeps the keys'
 * order total (-0 before +0; NaN makes the kernel take the general path). */
#include "families/median_network.h"

#include <stdlib.h>

#include "cle_private.h"
#include "text.h"

/* Moves the minimum of slots lo..hi to lo and the maximum to hi, the rest
 * in between: pairs first, then the lower of each pair against lo and the
 * upper against hi (about 1.5 (hi - lo) compare-exchanges). */
static void extremes_to_ends(cle_text *t, int lo, int hi)
{
  const int count = hi - lo + 1, pairs = count / 2;
  for (int p = 0; p < pairs; p++)
    cle_text_appendf(t, "CLE_NB_CS(b%d,b%d)", lo + 2 * p, lo + 2 * p + 1);
  for (int p = 1; p < pairs; p++)
    cle_text_appendf(t, "CLE_NB_CS(b%d,b%d)", lo, lo + 2 * p);
  if (count % 2) /* the unpaired slot hi */
    cle_text_appendf(t, "CLE_NB_CS(b%d,b%d)", lo, hi);
  for (int p = 0; p < pairs; p++)
    if (lo + 2 * p + 1 != hi)
      cle_text_appendf(t, "CLE_NB_CS(b%d,b%d)", lo + 2 * p + 1, hi);
}

char *cle_median_network(const int r[3])
{
  const int n = (2 * r[0] + 1) * (2 * r[1] + 1) * (2 * r[2] + 1), k = n / 2, slots = k + 2;
  cle_text t = {0};
  cle_text_appendf(&t, "#define CLE_NB_NETWORK_SLOTS b0");
  for (int i = 1; i < slots; i++)
    cle_text_appendf(&t, ",b%d", i);
  cle_text_appendf(&t, "\n#define CLE_NB_NETWORK ");
  int loaded = 0, live = 0; /* slots 0 .. live - 1 hold values */
  for (int dz = -r[2]; dz <= r[2]; dz++)
    for (int dy = -r[1]; dy <= r[1]; dy++)
      for (int dx = -r[0]; dx <= r[0]; dx++, loaded++) {
        if (loaded < slots) {
          cle_text_appendf(&t, "b%d=CLE_NB_LOAD(%d,%d,%d);", live++, dx, dy, dz);
          continue;
        }
        extremes_to_ends(&t, 0, live - 1); /* drop both; the value takes slot 0 */
        cle_text_appendf(&t, "b0=CLE_NB_LOAD(%d,%d,%d);", dx, dy, dz);
        live--;
      }
  extremes_to_ends(&t, 0, 2); /* live is 3 here: 2 (k + 2) - n */
  cle_text_appendf(&t, "\n#define CLE_NB_NETWORK_MEDIAN b1\n");
  if (t.failed) {
    free(t.s);
    cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory for the median's selection code");
    return NULL;
  }
  return t.s;
}
