/* skeletonize, naively (spec/ops/skeletonize.yaml): pixel by pixel on the
 * host, each pass's subfields one after the other and their pixels in
 * raster order (they are never neighbours, so the order within a subfield
 * does not matter), the simple-point test by breadth-first search over the
 * cells of the 3 x 3 x 3 neighbourhood and their offsets (the kernel uses
 * bit masks). Iterates until an iteration deletes nothing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ref_common.h"

/* Offsets of the 3 x 3 x 3 neighbourhood: cell c = (dx + 1) + 3 (dy + 1) + 9 (dz + 1), 13 the centre. */
static void cell_offset(int c, int *dx, int *dy, int *dz)
{
  *dx = c % 3 - 1;
  *dy = c / 3 % 3 - 1;
  *dz = c / 9 - 1;
}

/* Cells a and b adjacent: 26-adjacency (connectivity 26) or sharing a face (6). */
static int adjacent(int a, int b, int connectivity)
{
  int ax, ay, az, bx, by, bz;
  cell_offset(a, &ax, &ay, &az);
  cell_offset(b, &bx, &by, &bz);
  const int ex = abs(ax - bx), ey = abs(ay - by), ez = abs(az - bz);
  if (ex > 1 || ey > 1 || ez > 1 || ex + ey + ez == 0)
    return 0;
  return connectivity == 26 || ex + ey + ez == 1;
}

/* The components of the cells with in[c] set (breadth first over `connectivity`-adjacent cells), counting only those
 * holding a cell with seed[c] set. */
static int components(const int in[27], const int seed[27], int connectivity)
{
  int label[27] = {0}, count = 0;
  for (int start = 0; start < 27; start++) {
    if (!in[start] || label[start])
      continue;
    int queue[27], head = 0, tail = 0, seeded = 0;
    label[start] = 1;
    queue[tail++] = start;
    while (head < tail) {
      const int c = queue[head++];
      seeded |= seed[c];
      for (int n = 0; n < 27; n++)
        if (in[n] && !label[n] && adjacent(c, n, connectivity)) {
          label[n] = 1;
          queue[tail++] = n;
        }
    }
    count += seeded;
  }
  return count;
}

/* (26, 6) simple: obj[c] (c != 13) the object neighbours. The object neighbours form one 26-component, and the
 * background cells of the 18-neighbourhood (no corners) one 6-component that holds a face neighbour. */
static int simple_point(const int obj[27])
{
  int object[27], background[27], face[27];
  for (int c = 0; c < 27; c++) {
    int dx, dy, dz;
    cell_offset(c, &dx, &dy, &dz);
    const int taxi = abs(dx) + abs(dy) + abs(dz);
    object[c] = c != 13 && obj[c];
    background[c] = c != 13 && taxi <= 2 && !obj[c];
    face[c] = taxi == 1;
  }
  return components(object, object, 26) == 1 && components(background, face, 6) == 1;
}

int ref_op_skeletonize(const ref_image *input_image, ref_image *output_image)
{
  const long w = (long)input_image->width, h = (long)input_image->height, d = (long)input_image->depth;
  const size_t n = ref_image_size(input_image);
  uint8_t *state = malloc(n ? n : 1), *start = malloc(n ? n : 1);
  if (!state || !start) {
    free(state);
    free(start);
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    const double v = ref_get(input_image, i);
    state[i] = v != 0; /* NaN != 0: object */
  }
  const int directions = d > 1 ? 6 : 4;
  for (int changed = 1; changed;) {
    changed = 0;
    for (int dir = 0; dir < directions; dir++) {
      memcpy(start, state, n);
      const long fx = dir == 0   ? -1
                      : dir == 1 ? 1
                                 : 0,
                 fy = dir == 2   ? -1
                      : dir == 3 ? 1
                                 : 0,
                 fz = dir == 4   ? -1
                      : dir == 5 ? 1
                                 : 0;
      for (int sub = 0; sub < 8; sub++)
        for (long z = sub >> 2 & 1; z < d; z += 2)
          for (long y = sub >> 1 & 1; y < h; y += 2)
            for (long x = sub & 1; x < w; x += 2) {
              if (!state[(z * h + y) * w + x])
                continue;
              const long bx = x + fx, by = y + fy, bz = z + fz;
              if (bx >= 0 && bx < w && by >= 0 && by < h && bz >= 0 && bz < d && start[(bz * h + by) * w + bx])
                continue;
              int before[27] = {0}, now[27] = {0}, count = 0, same = 1;
              for (int c = 0; c < 27; c++) {
                int dx, dy, dz;
                cell_offset(c, &dx, &dy, &dz);
                const long nx = x + dx, ny = y + dy, nz = z + dz;
                if (c == 13 || nx < 0 || nx >= w || ny < 0 || ny >= h || nz < 0 || nz >= d)
                  continue;
                before[c] = start[(nz * h + ny) * w + nx];
                now[c] = state[(nz * h + ny) * w + nx];
                count += before[c];
                same &= before[c] == now[c];
              }
              if (count <= 1 || !simple_point(before) || (!same && !simple_point(now)))
                continue;
              state[(z * h + y) * w + x] = 0;
              changed = 1;
            }
    }
  }
  for (size_t i = 0; i < n; i++)
    ref_set(output_image, i, state[i]);
  free(state);
  free(start);
  return 0;
}
