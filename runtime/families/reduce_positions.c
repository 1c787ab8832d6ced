/* The reduce_positions family (kernels/reduce_positions.cl): one launch
 * writes a record per work-group, the host reads them back (one transfer)
 * and combines them in group order -- minima, maxima and the first index
 * are order-free, the sums in a fixed order, so every run on one device
 * gives the same numbers. Launch shapes as reduce_all's: on CPU devices 64
 * work-groups of one item (contiguous chunks), on GPUs up to 1024 groups of
 * 256 striding over the image. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cle_private.h"
#include "families/reduce_positions.h"
#include "ops/ops_util.h"

enum {
  SLOTS = 6, /* 8-byte slots per record: the box's six longs */
  GPU_GROUP = 256,
  GPU_MAX_GROUPS = 1024,
  CPU_GROUPS = 64,
  MODE_EXTREME = 1,
  MODE_BOX = 2,
  MODE_MOMENTS = 3
};

static int64_t slot_long(const unsigned char *raw, size_t g, int k)
{
  int64_t v;
  memcpy(&v, raw + (SLOTS * g + (size_t)k) * 8, sizeof v);
  return v;
}

static double slot_sum(const unsigned char *raw, size_t g, int k, int fp64)
{
  return cle_ops_load_real(raw + (SLOTS * g + (size_t)k) * 8, fp64);
}

/* The pixel value stored at the start of slot k, as double (exact for every dtype). */
static double slot_pixel(const unsigned char *raw, size_t g, int k, cle_dtype dtype)
{
  const unsigned char *p = raw + (SLOTS * g + (size_t)k) * 8;
  union {
    int8_t i8;
    uint8_t u8;
    int16_t i16;
    uint16_t u16;
    int32_t i32;
    uint32_t u32;
    float f32;
  } v;
  memcpy(&v, p, cle_dtype_size(dtype));
  switch (dtype) {
  case CLE_INT8: return v.i8;
  case CLE_UINT8: return v.u8;
  case CLE_INT16: return v.i16;
  case CLE_UINT16: return v.u16;
  case CLE_INT32: return v.i32;
  case CLE_UINT32: return v.u32;
  default: return v.f32;
  }
}

/* Launch the kernel and read the records back: raw (malloc'd, the caller frees), *groups. */
static int run(cle_array *src, cle_array *mask, int mode, int want_max, int fp64, unsigned char **raw, size_t *groups)
{
  cle_device *dev = cle_array_device(src);
  const size_t n = cle_array_size(src);
  const int chunked = cle_ops_chunked_path(dev);
  const size_t group = chunked ? 1 : cle_ops_group_size(dev, GPU_GROUP);
  size_t count = chunked ? CPU_GROUPS : (n + group - 1) / group;
  if (count > (chunked ? CPU_GROUPS : GPU_MAX_GROUPS))
    count = chunked ? CPU_GROUPS : GPU_MAX_GROUPS;
  if (chunked && count > n)
    count = n;
  char defines[256];
  snprintf(defines, sizeof defines,
           "#define CLE_WG %zu\n#define CLE_CHUNKED %d\n#define CLE_RP_MODE %d\n#define CLE_RP_MAX %d\n"
           "#define CLE_RP_SLOTS %d\n#define CLE_FP64 %d\n",
           group, chunked, mode, want_max, SLOTS, fp64);
  cle_array *partials = cle_create(dev, CLE_UINT32, 2 * SLOTS * count, 1, 1);
  if (!partials)
    return -1;
  cle_param params[3];
  size_t n_params = 0;
  params[n_params++] = cle_param_array("src", src);
  if (mask)
    params[n_params++] = cle_param_array("mask", mask);
  params[n_params++] = cle_param_array("partials", partials);
  const size_t range[3] = {count * group, 1, 1}, local[3] = {group, 1, 1};
  *raw = malloc(SLOTS * 8 * count);
  int rc = -1;
  if (!*raw)
    cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "reduce_positions: out of host memory");
  else if (cle_run_kernel(dev, "reduce_positions", mask ? "reduce_positions_masked" : "reduce_positions", params,
                          n_params, range, local, defines) == 0 &&
           cle_pull(partials, *raw, SLOTS * 8 * count) == 0)
    rc = 0;
  cle_release(partials);
  if (rc != 0) {
    free(*raw);
    *raw = NULL;
  }
  *groups = count;
  return rc;
}

/* The first best (value, index) over the records; index -1 when no pixel counted. */
static void combine_extreme(const unsigned char *raw, size_t groups, cle_dtype dtype, int want_max, double *value,
                            int64_t *index)
{
  *index = -1;
  *value = NAN;
  for (size_t g = 0; g < groups; g++) {
    const int64_t i = slot_long(raw, g, 0);
    if (i < 0)
      continue;
    const double v = slot_pixel(raw, g, 1, dtype);
    const bool better = want_max ? v > *value : v < *value;
    if (*index < 0 || better || (v == *value && i < *index)) {
      *value = v;
      *index = i;
    }
  }
}

int cle_reduce_positions(cle_array *src, cle_array *mask, cle_positions_rule rule, cle_array *out, double *value)
{
  const int fp64 = cle_device_has_fp64(cle_array_device(src));
  const cle_dtype dtype = cle_array_dtype(src);
  const size_t width = cle_array_width(src), height = cle_array_height(src);
  const int mode = rule == CLE_POSITIONS_BOUNDING_BOX     ? MODE_BOX
                   : rule == CLE_POSITIONS_CENTER_OF_MASS ? MODE_MOMENTS
                                                          : MODE_EXTREME;
  const int want_max = rule == CLE_POSITIONS_MAXIMUM_POSITION;
  unsigned char *raw;
  size_t groups;
  if (run(src, rule == CLE_POSITIONS_MASKED_MINIMUM ? mask : NULL, mode, want_max, fp64, &raw, &groups) != 0)
    return -1;
  float numbers[6];
  size_t count = 3;
  if (mode == MODE_BOX) {
    int64_t lo[3] = {INT64_MAX, INT64_MAX, INT64_MAX}, hi[3] = {-1, -1, -1};
    for (size_t g = 0; g < groups; g++)
      for (int k = 0; k < 3; k++) {
        const int64_t a = slot_long(raw, g, k), b = slot_long(raw, g, k + 3);
        lo[k] = a < lo[k] ? a : lo[k];
        hi[k] = b > hi[k] ? b : hi[k];
      }
    for (int k = 0; k < 3; k++) {
      numbers[k] = hi[k] < 0 ? NAN : (float)lo[k];
      numbers[k + 3] = hi[k] < 0 ? NAN : (float)hi[k];
    }
    count = 6;
  } else if (mode == MODE_MOMENTS) {
    double sums[4] = {0, 0, 0, 0};
    for (size_t g = 0; g < groups; g++)
      for (int k = 0; k < 4; k++)
        sums[k] =
            fp64 ? sums[k] + slot_sum(raw, g, k, fp64) : (double)((float)sums[k] + (float)slot_sum(raw, g, k, fp64));
    for (int k = 0; k < 3; k++)
      numbers[k] = (float)(sums[k + 1] / sums[0]);
  } else {
    double best;
    int64_t index;
    combine_extreme(raw, groups, dtype, want_max, &best, &index);
    if (rule == CLE_POSITIONS_MASKED_MINIMUM) {
      free(raw);
      *value = best;
      return 0;
    }
    const size_t i = (size_t)index;
    numbers[0] = index < 0 ? NAN : (float)(i % width);
    numbers[1] = index < 0 ? NAN : (float)((i / width) % height);
    numbers[2] = index < 0 ? NAN : (float)(i / (width * height));
  }
  free(raw);
  if (cle_array_size(out) != count || cle_array_dtype(out) != CLE_FLOAT32)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "the output must be a float32 vector of %zu numbers", count);
  return cle_array_write(out, numbers, count * sizeof numbers[0]);
}
