/* Small helpers shared by opsA's hand-written ops in runtime/ops. */
#ifndef CESPERANTO_OPS_UTIL_H
#define CESPERANTO_OPS_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include "cesperanto/cle.h"

/* Largest power of two <= wanted that the device allows in one work-group. */
size_t cle_ops_group_size(const cle_device *dev, size_t wanted);
/* Round v up to a multiple of m (m >= 1). */
static inline size_t cle_ops_round_up(size_t v, size_t m) { return (v + m - 1) / m * m; }
/* "(z, y, x)" in numpy order into buf. */
const char *cle_ops_shape_text(const cle_array *arr, char *buf, size_t size);
/* 0 if a and b have the same shape, else -1 with "OP: NAME has shape (..), expected (..)". */
int cle_ops_check_same_shape(const char *op, const char *name, const cle_array *arr, const cle_array *like);

/* An impl's return value: rc, and on failure the error message prefixed
 * with "OP: " unless it already names the op (runtime errors do not). */
int cle_ops_result(const char *op, int rc);

/* 1 when whole-image reductions on dev take the CPU layout (few
 * work-groups, one contiguous chunk per work-item), 0 for the GPU layout
 * (coalesced strided sweeps). The device type decides; the environment
 * variable CLE_REDUCE_PATH=cpu|gpu forces one (for tests of both on one
 * device). */
int cle_ops_chunked_path(const cle_device *dev);

/* dst = the z projection op of src (op: "maximum_z_projection",
 * "minimum_z_projection", "sum_z_projection" or "mean_z_projection", which
 * picks its per-pixel rule for kernels/z_projection.cl), laid out per device
 * type (z_projection.c). */
int cle_ops_z_projection(cle_array *src, cle_array *dst, const char *op);

/* min, max and sum of every pixel on the device (reduce_all.c); any of the
 * outputs may be NULL. Exact for integer images; see kernels/reduce_all.cl. */
int cle_ops_reduce_all(cle_array *src, double *min, double *max, double *sum);
/* Zero the uint32 vector dst (num_bins elements) and count src into it with
 * clEsperanto's histogram rule over [min, max] (histogram.c). */
int cle_ops_histogram_into(cle_array *src, cle_array *dst, int num_bins, float min, float max);
/* The same counts into host memory counts[num_bins]: on the CPU layout one
 * launch writing per-group rows summed on the host (no zeroing, no atomics). */
int cle_ops_histogram_counts(cle_array *src, int num_bins, float min, float max, uint32_t *counts);

#endif
