/* CPU reference for connected_component_labeling: a plain flood fill.
 *
 * Pixels are visited in raster order (x fastest, then y, then z); the first
 * unlabelled foreground pixel met starts a new object, which a breadth-first
 * search over the chosen neighbourhood labels completely before the scan goes
 * on. Numbering by first pixel in raster order is therefore immediate, as in
 * skimage.measure.label. Shares nothing with the device algorithm. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ref_common.h"

int ref_op_connected_component_labeling(const ref_image *src, ref_image *out, const char *connectivity)
{
  int box;
  if (strcmp(connectivity, "box") == 0)
    box = 1;
  else if (strcmp(connectivity, "sphere") == 0)
    box = 0;
  else
    return -1;

  const size_t w = src->width, h = src->height, d = src->depth, n = w * h * d;
  if (out->dtype != CLE_UINT32)
    return -1;
  uint32_t *labels = out->data; /* zeroed: 0 = background or not yet visited */
  size_t *queue = malloc(n * sizeof *queue);
  if (!queue)
    return -1;

  uint32_t next_label = 0;
  for (size_t seed = 0; seed < n; seed++) {
    if (labels[seed] != 0 || !(ref_get(src, seed) != 0))
      continue;
    labels[seed] = ++next_label;
    size_t head = 0, tail = 0;
    queue[tail++] = seed;
    while (head < tail) {
      size_t p = queue[head++];
      long x = (long)(p % w), y = (long)(p / w % h), z = (long)(p / (w * h));
      for (long dz = -1; dz <= 1; dz++)
        for (long dy = -1; dy <= 1; dy++)
          for (long dx = -1; dx <= 1; dx++) {
            int steps = (dx != 0) + (dy != 0) + (dz != 0);
            if (steps == 0 || (!box && steps > 1))
              continue;
            long nx = x + dx, ny = y + dy, nz = z + dz;
            if (nx < 0 || ny < 0 || nz < 0 || nx >= (long)w || ny >= (long)h || nz >= (long)d)
              continue;
            size_t q = (size_t)nx + w * ((size_t)ny + h * (size_t)nz);
            if (labels[q] == 0 && ref_get(src, q) != 0) {
              labels[q] = next_label;
              queue[tail++] = q;
            }
          }
    }
  }
  free(queue);
  return 0;
}
