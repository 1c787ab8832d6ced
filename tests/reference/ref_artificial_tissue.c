/* Naive reference of artificial_tissue (spec/ops/artificial_tissue.yaml):
 * the grid walked point by point, seeds drawn into a host label image (a
 * taken pixel keeps its first seed), then extend_labeling_via_voronoi's
 * reference. Written from the spec's description, not from the runtime's
 * code (which counts the grid first and removes repeated pixels by sorting). */
#include <stdint.h>
#include <stdlib.h>

#include "cle_reference_ops.h"
#include "ref_common.h"

static uint64_t ref_splitmix(uint64_t *s)
{
  *s += 0x9e3779b97f4a7c15u;
  uint64_t z = *s;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

static double ref_jitter(uint64_t *s)
{
  uint64_t sum = 0;
  for (int i = 0; i < 12; i++)
    sum += ref_splitmix(s) >> 32;
  return ((double)sum - 6.0 * 4294967296.0) / 4294967296.0;
}

/* grid + sigma * noise (two roundings), clamped into [0, size - 1], truncated. */
static size_t ref_place(double grid, float sigma, double noise, size_t size)
{
  const double shift = (double)sigma * noise;
  const double p = grid + shift;
  if (!(p > 0))
    return 0;
  return p >= (double)(size - 1) ? size - 1 : (size_t)p;
}

int ref_op_artificial_tissue(ref_image *output_image, int width, int height, int depth, float delta_x, float delta_y,
                             float delta_z, float sigma_x, float sigma_y, float sigma_z, int seed)
{
  const size_t w = (size_t)width, h = (size_t)height, d = (size_t)depth;
  if ((delta_x == 0 && w > 1) || (delta_y == 0 && h > 1) || (delta_z == 0 && d > 1))
    return -1;
  const double dx = delta_x > 0 ? delta_x : 1, dy = delta_y > 0 ? delta_y : 1, dz = delta_z > 0 ? delta_z : 1;
  ref_image seeds;
  if (ref_image_alloc(&seeds, CLE_UINT32, output_image->ndim, w, h, d) != 0)
    return -1;
  const double pixels = (double)w * (double)h * (double)d;
  double points = 0;
  uint64_t state = (uint64_t)(uint32_t)seed;
  double label = 0;
  for (long k = 0; (double)k * dz < (double)d; k++)
    for (long i = 0; (double)i * dy < (double)h; i++) {
      const double offset = (i % 2 ? dx / 2 : 0) + (k % 2 ? dx / 4 : 0);
      for (long j = 0;; j++) {
        const double along = (double)j * dx;
        const double x = offset + along;
        if (!(x < (double)w))
          break;
        if (++points > pixels) { /* refused: more points than pixels */
          ref_image_free(&seeds);
          return -1;
        }
        const double nx = ref_jitter(&state);
        const double ny = ref_jitter(&state);
        const double nz = ref_jitter(&state);
        const size_t px = ref_place(x, sigma_x, nx, w);
        const size_t py = ref_place((double)i * dy, sigma_y, ny, h);
        const size_t pz = ref_place((double)k * dz, sigma_z, nz, d);
        const size_t at = (pz * h + py) * w + px;
        if (ref_get(&seeds, at) == 0)
          ref_set(&seeds, at, ++label);
      }
    }
  const int rc = ref_op_extend_labeling_via_voronoi(&seeds, output_image);
  ref_image_free(&seeds);
  return rc;
}
