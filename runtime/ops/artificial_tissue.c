/* artificial_tissue: seeds on a jittered hexagonal grid, drawn as labels
 * 1..N and grown into Voronoi cells (spec/ops/artificial_tissue.yaml).
 *
 * The seeds are made on the host from the seed param alone, in integer and
 * IEEE double arithmetic (no libm), so every device and language gives the
 * same pixels: splitmix64 draws, a normal-like jitter as the sum of 12
 * uniform draws minus 6, grid positions k * delta. Seeds that fall on a pixel
 * already taken are dropped; the rest are numbered in grid order. They are
 * drawn with the point-list kernels and grown with label_grow (box and sphere
 * alternating, box first: extend_labeling_via_voronoi's steps). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "cesperanto/cle_ops.h"
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "label_util.h"
#include "point_lists.h"

static uint64_t splitmix64(uint64_t *state)
{
  uint64_t z = (*state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

/* Mean 0, variance 1 (up to 2^-64), within [-6, 6): the sum of 12 uniform
 * 32-bit draws, exact in double. */
static double jitter(uint64_t *state)
{
  uint64_t sum = 0;
  for (int i = 0; i < 12; i++)
    sum += splitmix64(state) >> 32;
  return ((double)sum - 6.0 * 4294967296.0) / 4294967296.0;
}

/* How many k >= 0 have offset + k * delta < size (delta > 0); as a double,
 * so that absurd counts can be refused before anything is allocated. */
/* offset + j * delta as two roundings (never a fused multiply-add). */
static double on_grid(double offset, double j, double delta)
{
  const double along = j * delta;
  return offset + along;
}

static double grid_count(double offset, double delta, double size)
{
  if (!(offset < size))
    return 0;
  double n = ceil((size - offset) / delta);
  if (n > 1e15)
    return n;
  while (n > 0 && !(on_grid(offset, n - 1, delta) < size))
    n--;
  while (on_grid(offset, n, delta) < size)
    n++;
  return n;
}

/* Seeds on one pixel: the first (in grid order) keeps it. */
typedef struct tissue_seed {
  uint64_t pixel; /* raster index */
  uint64_t order; /* grid order */
} tissue_seed;

static int by_pixel_then_order(const void *a, const void *b)
{
  const tissue_seed *s = a, *t = b;
  if (s->pixel != t->pixel)
    return s->pixel < t->pixel ? -1 : 1;
  return s->order < t->order ? -1 : s->order > t->order;
}

static int by_order(const void *a, const void *b)
{
  const tissue_seed *s = a, *t = b;
  return s->order < t->order ? -1 : s->order > t->order;
}

/* A position on the grid plus sigma times a jitter, clamped into [0, size - 1]
 * and truncated: the product and the sum are separate statements, so no
 * compiler contracts them into a fused multiply-add. */
static uint64_t jittered(double grid, float sigma, double noise, size_t size)
{
  const double shift = (double)sigma * noise;
  double p = grid + shift;
  if (!(p > 0))
    p = 0;
  if (p > (double)(size - 1))
    p = (double)(size - 1);
  return (uint64_t)p;
}

int cle_impl_artificial_tissue(cle_array *output_image, int width, int height, int depth, float delta_x, float delta_y,
                               float delta_z, float sigma_x, float sigma_y, float sigma_z, int seed)
{
  const size_t size[3] = {(size_t)width, (size_t)height, (size_t)depth};
  const float delta[3] = {delta_x, delta_y, delta_z};
  static const char *const names[3] = {"delta_x", "delta_y", "delta_z"};
  static const char *const extents[3] = {"width", "height", "depth"};
  for (int a = 0; a < 3; a++)
    if (delta[a] == 0 && size[a] > 1)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                           "%s must be > 0 where the %s (%zu) exceeds 1 (0 would place the grid's lines on one "
                           "another without end), got 0",
                           names[a], extents[a], size[a]);
  /* a delta of 0 along an axis of size 1: one line of the grid, at 0 */
  const double step[3] = {delta_x > 0 ? delta_x : 1.0, delta_y > 0 ? delta_y : 1.0, delta_z > 0 ? delta_z : 1.0};
  const double pixels = (double)size[0] * (double)size[1] * (double)size[2];
  const double n_layers = grid_count(0, step[2], (double)size[2]);
  const double n_rows = grid_count(0, step[1], (double)size[1]);
  double row_points[2][2]; /* [layer odd][row odd]: points of such a row */
  for (int k = 0; k < 2; k++)
    for (int i = 0; i < 2; i++)
      row_points[k][i] = grid_count((i ? step[0] / 2 : 0) + (k ? step[0] / 4 : 0), step[0], (double)size[0]);
  const double layers[2] = {ceil(n_layers / 2), floor(n_layers / 2)}, rows[2] = {ceil(n_rows / 2), floor(n_rows / 2)};
  double total = 0;
  for (int k = 0; k < 2; k++)
    for (int i = 0; i < 2; i++)
      total += layers[k] * rows[i] * row_points[k][i];
  if (total > pixels)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "the grid of delta_x %g, delta_y %g, delta_z %g would hold %.*g points, more than the "
                         "image's %.0f pixels; use larger deltas",
                         (double)delta_x, (double)delta_y, (double)delta_z, total < 1e15 ? 15 : 3, total, pixels);

  const size_t n = (size_t)total;
  tissue_seed *seeds = n ? malloc(n * sizeof *seeds) : NULL;
  uint32_t *list = n ? malloc(3 * n * sizeof *list) : NULL;
  if (n && (!seeds || !list)) {
    free(seeds);
    free(list);
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "could not allocate %zu seeds on the host", n);
  }
  uint64_t state = (uint64_t)(uint32_t)seed;
  size_t m = 0;
  for (double k = 0; k < n_layers; k++) {
    const double gz = k * step[2];
    for (double i = 0; i < n_rows; i++) {
      const double gy = i * step[1];
      const double offset = (fmod(i, 2) ? step[0] / 2 : 0) + (fmod(k, 2) ? step[0] / 4 : 0);
      for (double j = 0; m < n && on_grid(offset, j, step[0]) < (double)size[0]; j++) {
        const double nx = jitter(&state), ny = jitter(&state), nz = jitter(&state);
        const uint64_t x = jittered(on_grid(offset, j, step[0]), sigma_x, nx, size[0]);
        const uint64_t y = jittered(gy, sigma_y, ny, size[1]);
        const uint64_t z = jittered(gz, sigma_z, nz, size[2]);
        seeds[m].pixel = (z * size[1] + y) * size[0] + x;
        seeds[m].order = m;
        m++;
      }
    }
  }
  /* the counts above and the loops agree (the same comparisons); m == n */
  size_t kept = 0;
  if (m > 1)
    qsort(seeds, m, sizeof *seeds, by_pixel_then_order);
  for (size_t s = 0; s < m; s++)
    if (s == 0 || seeds[s].pixel != seeds[s - 1].pixel)
      seeds[kept++] = seeds[s];
  if (kept > 1)
    qsort(seeds, kept, sizeof *seeds, by_order);
  for (size_t s = 0; s < kept; s++) {
    const uint64_t p = seeds[s].pixel;
    list[s] = (uint32_t)(p % size[0]);
    list[kept + s] = (uint32_t)(p / size[0] % size[1]);
    list[2 * kept + s] = (uint32_t)(p / size[0] / size[1]);
  }
  free(seeds);

  cle_device *dev = cle_array_device(output_image);
  cle_array *a = cle_create(dev, CLE_UINT32, size[0], size[1], size[2]);
  cle_array *b = a ? cle_create(dev, CLE_UINT32, size[0], size[1], size[2]) : NULL;
  cle_array *points = b && kept ? cle_push(dev, list, CLE_UINT32, kept, 3, 1) : NULL;
  free(list);
  int rc = b && (points || !kept) ? cle_array_fill(a, 0) : -1;
  if (rc == 0 && kept)
    rc = cle_point_list_draw(points, 3, a, 0);
  cle_array *grown = a;
  if (rc == 0)
    rc = label_grow(a, b, -1, 1, &grown);
  if (rc == 0) {
    cle_array *copied = cle_copy(grown, output_image);
    rc = copied ? 0 : -1;
    cle_release(copied);
  }
  cle_release(points);
  cle_release(a);
  cle_release(b);
  return rc;
}
