/* The neighbourhood family (minimum, maximum, mean, variance, standard
 * deviation, median and mode filters, binary erosion and dilation): one
 * kernel file, kernels/neighbourhood.cl. Box minimum, maximum, mean,
 * erosion and dilation run as separable 1D passes, x then y then z, as
 * clEsperanto's do (fewer reads: 3 (2r + 1) instead of (2r + 1)^3, and an
 * integer mean truncated after each pass, as pyclesperanto's is), several
 * outputs per work-item from a register window (an x pass through a local
 * tile; one too wide for it per pixel); every other rule, and every sphere,
 * runs over the whole neighbourhood per pixel. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cle_private.h"
#include "families/median_network.h"
#include "families/neighbourhood.h"
#include "ops/ops_util.h"

/* Radii past this are refused: (2 r + 1) reads per pixel and pass would run for hours. */
#define NB_MAX_RADIUS (1 << 20)
/* Median and mode sort each neighbourhood in private memory: at most this many pixels. */
#define NB_MAX_VALUES 16384

static int separable(cle_neighbourhood_rule rule)
{
  return rule == CLE_NB_MINIMUM || rule == CLE_NB_MAXIMUM || rule == CLE_NB_MEAN || rule == CLE_NB_ERODE ||
         rule == CLE_NB_DILATE;
}

/* Pixels of the ellipsoid (or box) of integer radii r, the kernel's test. */
static long window_count(const int r[3], int sphere)
{
  long n = 0;
  for (int dz = -r[2]; dz <= r[2]; dz++)
    for (int dy = -r[1]; dy <= r[1]; dy++)
      for (int dx = -r[0]; dx <= r[0]; dx++) {
        const float e = (r[0] ? (float)(dx * dx) / (float)(r[0] * r[0]) : 0.0f) +
                        (r[1] ? (float)(dy * dy) / (float)(r[1] * r[1]) : 0.0f) +
                        (r[2] ? (float)(dz * dz) / (float)(r[2] * r[2]) : 0.0f);
        n += !sphere || e <= 1.0f;
      }
  return n;
}

/* The tiled line pass (kernels/neighbourhood.cl says why): outputs per work
 * item, odd along x, where items stride through a local tile; 8 along y and
 * z. Work-group sizes: items in one x-pass group, items in one y/z-pass group. */
#define NB_ROW_BLOCK 7
#define NB_COLUMN_BLOCK 8
#define NB_ROW_GROUP 128
#define NB_COLUMN_GROUP 256
/* Local capacity for the x pass's halos (2 radius values per row of the
 * group), from a few fixed sizes (each one a program variant); an x pass of a
 * wider radius runs per pixel. The tile then holds at most (128 * 7 + 1024) * 4
 * bytes, within every device's 32 KiB. */
static int halo_capacity(int radius)
{
  static const int sizes[] = {256, 1024};
  for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
    if (2 * radius <= sizes[k])
      return sizes[k];
  return 0;
}

static int run_line(cle_device *dev, cle_array *in, cle_array *out, cle_neighbourhood_rule rule, int axis, int radius,
                    int binarize)
{
  const cle_param params[] = {cle_param_array("src", in), cle_param_array("dst", out), cle_param_int("radius", radius)};
  const size_t width = cle_array_width(out), height = cle_array_height(out), depth = cle_array_depth(out);
  const int capacity = axis == 0 ? halo_capacity(radius) : 0;
  char defines[160];
  int n = snprintf(defines, sizeof defines, "#define CLE_NB_RULE %d\n#define CLE_NB_AXIS %d\n%s", (int)rule, axis,
                   binarize ? "#define CLE_NB_BINARIZE\n" : "");
  if (axis == 0 && capacity > 0) {
    /* groups of `items` along x (each NB_ROW_BLOCK outputs) by `rows` rows: narrow
     * images get fewer items per row and more rows, as long as the rows' halos fit */
    const size_t items =
        cle_ops_group_size(dev, cle_ops_pow2_at_least(cle_ops_blocks(width, NB_ROW_BLOCK), NB_ROW_GROUP));
    size_t rows = cle_ops_pow2_at_least(height, cle_ops_group_size(dev, NB_ROW_GROUP) / items);
    while (rows > 1 && rows * (size_t)(2 * radius) > (size_t)capacity)
      rows /= 2;
    const size_t local[3] = {items, rows, 1};
    const size_t range[3] = {cle_ops_blocks(width, items * NB_ROW_BLOCK) * items, cle_ops_round_up(height, rows),
                             depth};
    /* the tile: rows * (items * NB_ROW_BLOCK + 2 radius) <= NB_ROW_GROUP * NB_ROW_BLOCK + capacity */
    snprintf(defines + n, sizeof defines - (size_t)n, "#define CLE_NB_BLOCK %d\n#define CLE_NB_TILE %d\n", NB_ROW_BLOCK,
             NB_ROW_GROUP * NB_ROW_BLOCK + capacity);
    return cle_run_kernel(dev, "neighbourhood", "neighbourhood_line", params, 3, range, local, defines);
  }
  if (axis > 0) {
    /* groups of up to 64 x positions by rows of output blocks along the axis */
    const size_t across =
        axis == 1 ? cle_ops_blocks(height, NB_COLUMN_BLOCK) : height; /* the group's second dimension */
    size_t local[3] = {cle_ops_group_size(dev, cle_ops_pow2_at_least(width, 64)), 1, 1};
    local[1] = cle_ops_pow2_at_least(across, cle_ops_group_size(dev, NB_COLUMN_GROUP) / local[0]);
    const size_t range[3] = {cle_ops_round_up(width, local[0]), cle_ops_round_up(across, local[1]),
                             axis == 1 ? depth : cle_ops_blocks(depth, NB_COLUMN_BLOCK)};
    snprintf(defines + n, sizeof defines - (size_t)n, "#define CLE_NB_BLOCK %d\n", NB_COLUMN_BLOCK);
    return cle_run_kernel(dev, "neighbourhood", "neighbourhood_line", params, 3, range, local, defines);
  }
  const size_t range[3] = {width, height, depth}; /* an x pass too wide for the tile: per pixel */
  return cle_run_kernel(dev, "neighbourhood", "neighbourhood_line", params, 3, range, NULL, defines);
}

static int run_window(cle_device *dev, cle_array *src, cle_array *dst, cle_neighbourhood_rule rule, const int r[3],
                      int sphere)
{
  int capacity = 1;
  long n = 0; /* pixels per neighbourhood, for median and mode */
  if (rule == CLE_NB_MEDIAN || rule == CLE_NB_MODE) {
    const double box = (2.0 * r[0] + 1) * (2.0 * r[1] + 1) * (2.0 * r[2] + 1);
    n = box > NB_MAX_VALUES * 8.0 ? NB_MAX_VALUES + 1 : window_count(r, sphere);
    if (n > NB_MAX_VALUES)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                           "the neighbourhood of radii (%d, %d, %d) holds %s%ld pixels; median and mode sort at most "
                           "%d per pixel",
                           r[0], r[1], r[2], box > NB_MAX_VALUES * 8.0 ? "more than " : "",
                           box > NB_MAX_VALUES * 8.0 ? (long)NB_MAX_VALUES * 8 : n, NB_MAX_VALUES);
    while (capacity < n) /* a few program variants, not one per radius */
      capacity *= 2;
  }
  const cle_param params[] = {cle_param_array("src", src), cle_param_array("dst", dst), cle_param_int("rx", r[0]),
                              cle_param_int("ry", r[1]), cle_param_int("rz", r[2])};
  const size_t range[3] = {cle_array_width(dst), cle_array_height(dst), cle_array_depth(dst)};
  char *network = NULL; /* a small box median: straight-line selection in registers */
  if (rule == CLE_NB_MEDIAN && !sphere && n >= 3 && n <= CLE_MEDIAN_NETWORK_MAX && !(network = cle_median_network(r)))
    return -1;
  char *defines = cle_defines_append(
      network,
      "#define CLE_NB_RULE %d\n#define CLE_NB_SPHERE %d\n#define CLE_NB_CAPACITY %d\n#define CLE_NB_FLOAT %d\n",
      (int)rule, sphere ? 1 : 0, capacity, cle_array_dtype(src) == CLE_FLOAT32);
  free(network);
  if (!defines)
    return -1;
  const int rc = cle_run_kernel(dev, "neighbourhood", "neighbourhood_window", params, 5, range, NULL, defines);
  free(defines);
  return rc;
}

/* The passes for cle_ops_separable_passes (which also keeps a pass from
 * writing what it reads when dst is src): the box's axes in order, the first
 * pass of an erosion or dilation reading v != 0; or one window pass. */
typedef struct nb_plan {
  cle_device *dev;
  cle_neighbourhood_rule rule;
  const int *axes;
  const int *radius; /* per axis x, y, z */
  int sphere;
} nb_plan;

static int window_step(cle_array *in, cle_array *out, int k, void *ctx)
{
  const nb_plan *plan = ctx;
  (void)k;
  return run_window(plan->dev, in, out, plan->rule, plan->radius, plan->sphere);
}

static int line_step(cle_array *in, cle_array *out, int k, void *ctx)
{
  const nb_plan *plan = ctx;
  const int binarize = k == 0 && (plan->rule == CLE_NB_ERODE || plan->rule == CLE_NB_DILATE);
  return run_line(plan->dev, in, out, plan->rule, plan->axes[k], plan->radius[plan->axes[k]], binarize);
}

int cle_neighbourhood(cle_array *src, cle_array *dst, cle_neighbourhood_rule rule, float radius_x, float radius_y,
                      float radius_z, int sphere)
{
  static const char *const names[3] = {"radius_x", "radius_y", "radius_z"};
  const float radius[3] = {radius_x, radius_y, radius_z};
  const size_t size[3] = {cle_array_width(src), cle_array_height(src), cle_array_depth(src)};
  int r[3];
  for (int a = 0; a < 3; a++) {
    if (!(radius[a] >= 0.0f && radius[a] < (float)NB_MAX_RADIUS))
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s must be in [0, %d), got %g", names[a], NB_MAX_RADIUS,
                           (double)radius[a]);
    r[a] = size[a] > 1 ? (int)floorf(radius[a]) : 0; /* a 2D image's neighbourhood is 2D */
    /* Past the image's extent a box minimum or maximum only meets repeated edge
     * pixels (a sphere's shape depends on every radius: left as it is). */
    if (!sphere &&
        (rule == CLE_NB_MINIMUM || rule == CLE_NB_MAXIMUM || rule == CLE_NB_ERODE || rule == CLE_NB_DILATE) &&
        (size_t)r[a] >= size[a])
      r[a] = (int)size[a] - 1;
  }
  cle_device *dev = cle_array_device(dst);
  int axes[3], n_axes = 0;
  for (int a = 0; a < 3; a++)
    if (r[a] > 0 && size[a] > 1)
      axes[n_axes++] = a;
  nb_plan plan = {dev, rule, axes, r, sphere};
  if (sphere || !separable(rule) || n_axes == 0) /* one pass over the whole neighbourhood */
    return cle_ops_separable_passes(src, dst, 1, window_step, &plan);
  return cle_ops_separable_passes(src, dst, n_axes, line_step, &plan);
}
