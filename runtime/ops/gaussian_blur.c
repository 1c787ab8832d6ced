/* gaussian_blur: clEsperanto's separable Gaussian (see the spec) as one
 * kernel pass per blurred axis (kernels/gaussian_blur_separable.cl:
 * gaussian_blur_rows along x, gaussian_blur_columns along y and z,
 * gaussian_blur_wide for kernels of more than 1024 taps), x then y then z. The first pass reads src in its own dtype (no separate float
 * conversion pass); the passes ping-pong between dst and one float32
 * temporary so that the last one writes dst. No blurred axis: a converting
 * copy. */
#include <limits.h>
#include <math.h>
#include <stdio.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "gaussian_weights.h"
#include "ops_util.h"

/* clEsperanto's sigma2kernelsize is (int)(sigma * 8.0), made odd; more taps than
 * this would only burn time (and overflow int arithmetic in the kernel). */
#define GAUSS_MAX_TAPS (1 << 24)

/* A kernel wider than this many taps per pixel of the image's extent along
 * its axis (and wider than GAUSS_FREE_TAPS) is refused: the Gaussian is then
 * flat over the image and the blur's cost (taps per pixel) would be out of
 * all proportion; 8 taps per pixel is sigma up to the extent. Narrower
 * kernels are always run in full, so results never depend on this bound. */
#define GAUSS_TAPS_PER_PIXEL 8
#define GAUSS_FREE_TAPS 16385

/* Outputs per work item (kernels/gaussian_blur_separable.cl says why):
 * odd along x, where items stride through a local tile; 8 along y and z. */
#define ROW_BLOCK 5
#define COLUMN_BLOCK 8
/* Work-group sizes: items in one x-pass group, items in one y/z-pass group. */
#define ROW_GROUP 128
#define COLUMN_GROUP 256

/* Local-memory capacity for the weights, from a few fixed sizes (each one a
 * program variant; multiples of 4); 0: too wide, gaussian_blur_wide. */
static int taps_capacity(int taps)
{
  static const int sizes[] = {64, 256, 1024};
  for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
    if (taps <= sizes[k])
      return sizes[k];
  return 0;
}

/* The defines of every pass with this weight capacity: one program serves
 * them all where their arrays' dtypes agree (a float32 blur). */
static void pass_defines(char *defines, size_t size, int capacity)
{
  snprintf(defines, size,
           "#define CLE_TAPS %d\n#define CLE_ROW_BLOCK %d\n#define CLE_COLUMN_BLOCK %d\n#define CLE_TILE %d\n",
           capacity, ROW_BLOCK, COLUMN_BLOCK, ROW_GROUP * ROW_BLOCK + capacity);
}

/* x pass: groups of `items` along x (each ROW_BLOCK outputs) by `rows` rows.
 * Narrow images get fewer items per row and more rows, as long as the rows'
 * halos (2 radius floats each) fit the tile's spare capacity. The tile holds
 * rows * (items * ROW_BLOCK + 2 radius) floats: items * rows <= ROW_GROUP and
 * rows * 2 radius <= capacity. */
static int rows_pass(cle_device *dev, const cle_param *params, size_t width, size_t height, size_t depth, int radius,
                     int capacity, const char *defines)
{
  size_t items = cle_ops_group_size(dev, cle_ops_pow2_at_least(cle_ops_blocks(width, ROW_BLOCK), ROW_GROUP));
  size_t rows = cle_ops_pow2_at_least(height, cle_ops_group_size(dev, ROW_GROUP) / items);
  while (rows > 1 && rows * (size_t)(2 * radius) > (size_t)capacity)
    rows /= 2;
  const size_t local[3] = {items, rows, 1};
  const size_t range[3] = {cle_ops_blocks(width, items * ROW_BLOCK) * items, cle_ops_round_up(height, rows), depth};
  return cle_run_kernel(dev, "gaussian_blur_separable", "gaussian_blur_rows", params, 4, range, local, defines);
}

/* y or z pass: groups of up to 64 x positions by rows of output blocks. */
static int columns_pass(cle_device *dev, const cle_param *params, int axis, size_t width, size_t height, size_t depth,
                        const char *defines)
{
  const size_t across = axis == 1 ? cle_ops_blocks(height, COLUMN_BLOCK) : height; /* the group's second dimension */
  size_t local[3] = {cle_ops_group_size(dev, cle_ops_pow2_at_least(width, 64)), 1, 1};
  local[1] = cle_ops_pow2_at_least(across, cle_ops_group_size(dev, COLUMN_GROUP) / local[0]);
  const size_t range[3] = {cle_ops_round_up(width, local[0]), cle_ops_round_up(across, local[1]),
                           axis == 1 ? depth : cle_ops_blocks(depth, COLUMN_BLOCK)};
  return cle_run_kernel(dev, "gaussian_blur_separable", "gaussian_blur_columns", params, 5, range, local, defines);
}

static int wide_pass(cle_device *dev, const cle_param *params, size_t width, size_t height, size_t depth)
{
  size_t local[3] = {cle_ops_group_size(dev, cle_ops_pow2_at_least(width, 64)), 1, 1};
  local[1] = cle_ops_pow2_at_least(height, cle_ops_group_size(dev, 256) / local[0]);
  const size_t range[3] = {cle_ops_round_up(width, local[0]), cle_ops_round_up(height, local[1]), depth};
  return cle_run_kernel(dev, "gaussian_blur_separable", "gaussian_blur_wide", params, 5, range, local,
                        "#define CLE_TAPS 0\n");
}

static int blur_pass(cle_device *dev, cle_array *in, cle_array *out, int axis, float sigma, int radius, bool stand_in)
{
  const size_t width = cle_array_width(out), height = cle_array_height(out), depth = cle_array_depth(out);
  cl_mem weights = cle_gauss_weights(dev, sigma, radius);
  if (!weights)
    return -1;
  cle_array table = cle_array_view_of(dev, weights, CLE_FLOAT32, cle_gauss_weights_size(radius));
  /* the x pass's kernel has no axis parameter: it takes the first four */
  const cle_param params[] = {cle_param_array("src", in), cle_param_array("dst", out), cle_param_int("radius", radius),
                              cle_param_array("weights", &table), cle_param_int("axis", axis)};
  const int capacity = taps_capacity(2 * radius + 1);
  char defines[160];
  pass_defines(defines, sizeof defines, capacity);
  /* The register-window kernels take about 2x the plain loop's time to compile (H200: 200-280
   * against 100-110 ms): a call that may run stand-ins (cle_stand_in_call: by default the first
   * blur of a process) runs the plain loop, the same multiply-adds in the same order, so the same
   * bits, unless they are built or in the disk cache. */
  const char *kernel = axis == 0 ? "gaussian_blur_rows" : "gaussian_blur_columns";
  const size_t n_params = axis == 0 ? 4 : 5;
  const bool wide = capacity == 0 ||
                    (stand_in && !cle_kernel_ready(dev, "gaussian_blur_separable", kernel, params, n_params, defines));
  int rc;
  if (wide)
    rc = wide_pass(dev, params, width, height, depth);
  else if (axis == 0)
    rc = rows_pass(dev, params, width, height, depth, radius, capacity, defines);
  else
    rc = columns_pass(dev, params, axis, width, height, depth, defines);
  if (wide && capacity > 0 && rc == 0)
    cle_kernel_prepare(dev, "gaussian_blur_separable", kernel, params, n_params, defines);
  clReleaseMemObject(weights);
  return rc;
}

/* The blurred axes in order, for cle_ops_separable_passes. */
typedef struct blur_plan {
  cle_device *dev;
  const int *axes;
  const float *sigma; /* per axis x, y, z */
  const int *radius;  /* per pass */
  bool stand_in;      /* cle_stand_in_call's answer for this blur */
} blur_plan;

static int blur_step(cle_array *in, cle_array *out, int k, void *ctx)
{
  const blur_plan *plan = ctx;
  return blur_pass(plan->dev, in, out, plan->axes[k], plan->sigma[plan->axes[k]], plan->radius[k], plan->stand_in);
}

static int blur(cle_array *src, cle_array *dst, float sigma_x, float sigma_y, float sigma_z)
{
  static const char *const names[3] = {"sigma_x", "sigma_y", "sigma_z"};
  static const char *const extents[3] = {"width", "height", "depth"};
  cle_device *dev = cle_array_device(dst);
  const float sigma[3] = {sigma_x, sigma_y, sigma_z};
  const size_t size[3] = {cle_array_width(dst), cle_array_height(dst), cle_array_depth(dst)};
  int axes[3], radius[3], n_axes = 0;
  for (int axis = 0; axis < 3; axis++) {
    if (size[axis] <= 1 || !(sigma[axis] > 0))
      continue;
    if (!(sigma[axis] * 8.0 < GAUSS_MAX_TAPS))
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s must give fewer than %d kernel taps (sigma < %d), got %g",
                           names[axis], GAUSS_MAX_TAPS, GAUSS_MAX_TAPS / 8, (double)sigma[axis]);
    int taps = (int)(sigma[axis] * 8.0);
    if (taps % 2 == 0)
      taps += 1;
    const double max_taps = fmax(GAUSS_FREE_TAPS, (double)GAUSS_TAPS_PER_PIXEL * (double)size[axis] + 1);
    if (taps > max_taps)
      return cle_set_error(
          CLE_ERROR_INVALID_ARGUMENT,
          "%s must be at most the image's %s (%zu) or %d, whichever is larger, got %g: its %d-tap kernel would be flat "
          "over the image and cost %d multiply-adds per pixel",
          names[axis], extents[axis], size[axis], (GAUSS_FREE_TAPS - 1) / 8, (double)sigma[axis], taps, taps);
    radius[n_axes] = (taps - 1) / 2;
    axes[n_axes++] = axis;
  }
  if (n_axes == 0) {
    return src == dst ? 0 : cle_impl_copy(src, dst); /* converted to dst's dtype */
  }

  blur_plan plan = {dev, axes, sigma, radius, cle_stand_in_call(dev, "gaussian_blur")};
  return cle_ops_separable_passes(src, dst, n_axes, blur_step, &plan);
}

int cle_impl_gaussian_blur(cle_array *input_image, cle_array *output_image, float sigma_x, float sigma_y, float sigma_z)
{
  return blur(input_image, output_image, sigma_x, sigma_y, sigma_z);
}
