/* histogram: clEsperanto's binning (see the spec and kernels/histogram.cl).
 * NaN bounds are replaced, both, by the image's own min and max (as CLIc's
 * histogram_func does), from one fused device reduction. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cle_ops_impl.h"
#include "cle_private.h"
#include "program_store.h"
#include "families/reduce_all.h"
#include "ops_util.h"

enum {
  HIST_GROUP = 256,
  HIST_MAX_GROUPS = 1024,
  HIST_MAX_LOCAL_BINS = 4096,
  CPU_MIN_PIXELS = 65536, /* pixels per CPU work-item: fewer cost more in launch than they save */
  CPU_MAX_GROUPS = 64,
  CPU_COPIES_MAX_BINS = 1024 /* up to here each CPU work-item keeps 4 sub-histograms (16 KiB) */
};

/* Local sub-histogram size: a power of two > num_bins (room for the
 * uncounted sink bin, kernels/histogram.cl) from 256 up (a few program
 * variants), or 0 when it would not fit local memory comfortably. */
static int local_bins(int num_bins)
{
  int size = 256;
  while (size < num_bins + 1 && size < HIST_MAX_LOCAL_BINS)
    size *= 2;
  return num_bins + 1 <= size ? size : 0;
}

/* Work-groups (of one item) of the CPU layout for n pixels. */
static size_t cpu_groups(size_t n)
{
  size_t groups = (n + CPU_MIN_PIXELS - 1) / CPU_MIN_PIXELS;
  return groups < 1 ? 1 : groups > CPU_MAX_GROUPS ? CPU_MAX_GROUPS : groups;
}

/* The CPU layout (kernels/histogram.cl, histogram_chunked) into dst: rows
 * 0: add to dst's num_bins counts (zeroed first), rows 1: one row of
 * num_bins counts per group (dst holds groups * num_bins). */
static int run_chunked(cle_array *src, cle_array *dst, int num_bins, float min, float max, size_t groups, int rows)
{
  const cle_dtype dtype = cle_array_dtype(src);
  const int lut = dtype == CLE_UINT8 || dtype == CLE_INT8, local = local_bins(num_bins);
  char defines[240];
  snprintf(defines, sizeof defines,
           "#define CLE_HIST_CHUNKED 1\n#define CLE_HIST_LOCAL %d\n#define CLE_HIST_COPIES %d\n"
           "#define CLE_HIST_ROWS %d\n#define CLE_HIST_LUT %d\n#define CLE_HIST_LUT_OFFSET %d\n"
           "#define CLE_HIST_FLOAT_DIV %d\n",
           local, num_bins <= CPU_COPIES_MAX_BINS ? 4 : 1, rows, lut, dtype == CLE_INT8 ? 128 : 0,
           strstr(cle_program_build_options(cle_array_device(src)), "correctly-rounded") != NULL);
  if (!rows && cle_array_fill(dst, 0) != 0)
    return -1;
  const cle_param params[] = {cle_param_array("src", src), cle_param_array("dst", dst),
                              cle_param_int("num_bins", num_bins), cle_param_float("minimum", min),
                              cle_param_float("maximum", max)};
  const size_t range[3] = {groups, 1, 1}, one[3] = {1, 1, 1};
  return cle_run_kernel(cle_array_device(src), "histogram", "histogram_chunked", params, 5, range, one, defines);
}

int cle_ops_histogram_into(cle_array *src, cle_array *dst, int num_bins, float min, float max)
{
  cle_device *dev = cle_array_device(src);
  const size_t n = cle_array_size(src);
  if (cle_ops_chunked_path(dev) && local_bins(num_bins) > 0)
    return run_chunked(src, dst, num_bins, min, max, cpu_groups(n), 0);
  if (cle_array_fill(dst, 0) != 0)
    return -1;
  const size_t group = cle_ops_group_size(dev, HIST_GROUP);
  size_t groups = (n + group - 1) / group;
  if (groups > HIST_MAX_GROUPS)
    groups = HIST_MAX_GROUPS;
  char defines[80];
  snprintf(defines, sizeof defines, "#define CLE_HIST_CHUNKED 0\n#define CLE_HIST_LOCAL %d\n", local_bins(num_bins));
  const cle_param params[] = {cle_param_array("src", src), cle_param_array("dst", dst),
                              cle_param_int("num_bins", num_bins), cle_param_float("minimum", min),
                              cle_param_float("maximum", max)};
  const size_t range[3] = {groups * group, 1, 1}, local[3] = {group, 1, 1};
  return cle_run_kernel(dev, "histogram", "histogram", params, 5, range, local, defines);
}

int cle_ops_histogram_counts(cle_array *src, int num_bins, float min, float max, uint32_t *counts)
{
  cle_device *dev = cle_array_device(src);
  const int rows = cle_ops_chunked_path(dev) && local_bins(num_bins) > 0;
  const size_t groups = rows ? cpu_groups(cle_array_size(src)) : 1, total = groups * (size_t)num_bins;
  cle_array *hist = cle_create(dev, CLE_UINT32, total, 1, 1);
  if (!hist)
    return -1;
  if (!rows) {
    const int rc = cle_ops_histogram_into(src, hist, num_bins, min, max) == 0 &&
                           cle_pull(hist, counts, (size_t)num_bins * sizeof *counts) == 0
                       ? 0
                       : -1;
    cle_release(hist);
    return rc;
  }
  /* one launch, no zeroing: each group writes its own row, summed here */
  uint32_t *row_counts = malloc(total * sizeof *row_counts);
  int rc = -1;
  if (!row_counts)
    cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "no host memory for %zu partial counts", total);
  else if (run_chunked(src, hist, num_bins, min, max, groups, 1) == 0 &&
           cle_pull(hist, row_counts, total * sizeof *row_counts) == 0) {
    for (int b = 0; b < num_bins; b++) {
      uint32_t sum = 0;
      for (size_t g = 0; g < groups; g++)
        sum += row_counts[g * (size_t)num_bins + (size_t)b];
      counts[b] = sum;
    }
    rc = 0;
  }
  free(row_counts);
  cle_release(hist);
  return rc;
}

static int histogram(cle_array *src, cle_array *dst, int num_bins, float minimum_intensity, float maximum_intensity)
{
  if (isnan(minimum_intensity) || isnan(maximum_intensity)) {
    double lo, hi;
    if (cle_reduce_all(src, &lo, &hi, NULL) != 0)
      return -1;
    minimum_intensity = (float)lo;
    maximum_intensity = (float)hi;
  }
  return cle_ops_histogram_into(src, dst, num_bins, minimum_intensity, maximum_intensity);
}

int cle_impl_histogram(cle_array *input_image, cle_array *output_image, int num_bins, float minimum_intensity,
                       float maximum_intensity)
{
  return histogram(input_image, output_image, num_bins, minimum_intensity, maximum_intensity);
}
