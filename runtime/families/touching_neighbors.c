/* The touching_neighbors family (minimum, maximum, mean, median, mode and
 * standard deviation of touching neighbours): one kernel file,
 * kernels/touching_neighbors.cl, one work-item per label. Minimum, maximum,
 * mean and standard deviation run in one pass; median and mode first count
 * each label's values, then gather and sort them in a scratch buffer whose
 * segments the host lays out from the counts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cle_private.h"
#include "families/touching_neighbors.h"

static int sorted_rule(cle_array *vector, cle_array *matrix, cle_array *dst, const char *defines, size_t n)
{
  cle_device *dev = cle_array_device(dst);
  const size_t range[3] = {n, 1, 1};
  cle_array *counts = cle_create(dev, CLE_UINT32, n, 1, 1);
  cle_array *offsets = cle_create(dev, CLE_UINT32, n, 1, 1);
  cle_array *scratch = NULL;
  uint32_t *host = malloc(n * sizeof *host);
  int rc = counts && offsets ? 0 : -1;
  if (rc == 0 && !host)
    rc = cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "no host memory for %zu labels", n);
  if (rc == 0) {
    const cle_param params[] = {cle_param_array("vector", vector), cle_param_array("matrix", matrix),
                                cle_param_array("dst", dst), cle_param_array("counts", counts)};
    rc = cle_run_kernel(dev, "touching_neighbors", "touching_neighbors_count", params, 4, range, NULL, defines);
  }
  if (rc == 0)
    rc = cle_pull(counts, host, n * sizeof *host);
  size_t total = 0;
  if (rc == 0) {
    for (size_t l = 0; l < n && rc == 0; l++) {
      const uint32_t c = host[l];
      host[l] = (uint32_t)total;
      total += c;
      if (total > UINT32_MAX)
        rc = cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "the matrix has more than 2^32 touching pairs");
    }
  }
  if (rc == 0)
    rc = cle_array_write(offsets, host, n * sizeof *host);
  if (rc == 0) {
    scratch = cle_create(dev, CLE_FLOAT32, total ? total : 1, 1, 1);
    rc = scratch ? 0 : -1;
  }
  if (rc == 0) {
    const cle_param params[] = {cle_param_array("vector", vector), cle_param_array("matrix", matrix),
                                cle_param_array("dst", dst), cle_param_array("offsets", offsets),
                                cle_param_array("scratch", scratch)};
    rc = cle_run_kernel(dev, "touching_neighbors", "touching_neighbors_sorted", params, 5, range, NULL, defines);
  }
  free(host);
  cle_release(counts);
  cle_release(offsets);
  cle_release(scratch);
  return rc;
}

int cle_touching_neighbors(cle_array *vector, cle_array *matrix, cle_array *dst, cle_touching_neighbors_rule rule)
{
  const size_t n = cle_array_size(vector);
  const size_t w = cle_array_width(matrix), h = cle_array_height(matrix), d = cle_array_depth(matrix);
  if (d != 1)
    return cle_set_error(
        CLE_ERROR_INVALID_ARGUMENT,
        "matrix has shape (%zu, %zu, %zu), expected (%zu, %zu): a row and a column per value of vector", d, h, w, n, n);
  if (w != n || h != n)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "matrix has shape (%zu, %zu), expected (%zu, %zu): a row and a column per value of vector", h,
                         w, n, n);
  if (n > INT32_MAX)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "vector has more than 2^31 - 1 values");
  if (vector == dst || matrix == dst)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "the output cannot also be an input");
  char defines[32];
  snprintf(defines, sizeof defines, "#define CLE_TN_RULE %d\n", (int)rule);
  if (rule == CLE_TN_MEDIAN || rule == CLE_TN_MODE)
    return sorted_rule(vector, matrix, dst, defines, n);
  const cle_param params[] = {cle_param_array("vector", vector), cle_param_array("matrix", matrix),
                              cle_param_array("dst", dst)};
  const size_t range[3] = {n, 1, 1};
  return cle_run_kernel(cle_array_device(dst), "touching_neighbors", "touching_neighbors", params, 3, range, NULL,
                        defines);
}
