/* cesperanto — what the runtime's own files share: the device and array
 * structs and the OpenCL plumbing between them. Only the runtime folder's own sources include it;
 * ops and generated code use cle_private.h. */
#ifndef CESPERANTO_CLE_INTERNAL_H
#define CESPERANTO_CLE_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <CL/cl.h>

#include "buffer_pool.h"
#include "cle_private.h"

typedef struct cle_program_cache cle_program_cache;
typedef struct cle_staging cle_staging;

struct cle_device {
  int index;
  cl_platform_id platform_id;
  cl_device_id id;
  char *name, *vendor, *platform, *version, *driver_version, *platform_version;
  const char *type;
  uint64_t global_memory, max_allocation;
  /* What the runtime lets live arrays (pooled buffers included) hold on it: the global memory, or less
   * where CLE_DEVICE_MEMORY_LIMIT says so (memory_limited then true). */
  uint64_t memory_budget;
  bool memory_limited;
  size_t max_work_group_size;
  unsigned compute_units; /* CL_DEVICE_MAX_COMPUTE_UNITS: sizes persistent grids */
  int is_cpu;             /* CL_DEVICE_TYPE_CPU: reductions take the contiguous-chunk path */
  int has_fp64;           /* cl_khr_fp64: float sums accumulate in double */
  /* Bytes held by live arrays: some drivers (pocl) let allocations exceed the
   * global memory they report, and the process is then killed instead of told. */
  atomic_ullong bytes_in_use;
  /* Released buffers kept for reuse (buffer_pool.c); their bytes stay in bytes_in_use. */
  cle_buffer_pool pool;

  /* Guards the lazy context/queue, the program cache, and every
   * clSetKernelArg..clEnqueueNDRangeKernel sequence (a cl_kernel's
   * arguments are shared state). Transfers need no lock: OpenCL's
   * enqueue calls are thread-safe. */
  pthread_mutex_t lock;
  cl_context context;
  cl_command_queue queue;
  /* A second in-order queue of the context for copies only (tiled_invoke.c moves tiles on it
   * while kernels run on queue), created on first use (cle_device_transfer_queue); NULL with
   * transfer_queue_failed set when the driver refused it. */
  cl_command_queue transfer_queue;
  bool transfer_queue_failed;
  cle_program_cache *programs;
  /* Built programs by their cache key, shared by their kernels, some built on
   * background threads (program_table.c; under program_lock). */
  pthread_mutex_t program_lock;
  pthread_cond_t program_built; /* an entry settled, or a background build ended */
  struct cle_program_entry *program_entries;
  int background_builds;
  struct cle_program_site *program_sites; /* ops that asked for a stand-in's fast program (cle_program_first_call) */
  /* FFT plans by shape, most recently used first (fft.c; under its own lock). */
  struct cle_fft_plan *fft_plans;
  /* The Gaussian's weight tables, most recently used first (ops/gaussian_weights.c; its own lock). */
  struct cle_gauss_table *gauss_tables;
  /* Pinned buffers of the staged transfer path (transfer.c), created on the
   * first large transfer; staged transfers on one device take turns. */
  pthread_mutex_t staging_lock;
  cle_staging *staging;
};

struct cle_array {
  atomic_long refs;
  cle_device *device;
  cle_dtype dtype;
  int ndim;
  size_t width, height, depth;
  size_t nbytes;
  cl_mem mem;
};

/* A runtime-owned buffer seen as a 1D array of n pixels of dtype, for
 * binding to a kernel parameter (cle_run_kernel): not counted, not
 * retained, never released through it (array.c). */
cle_array cle_array_view_of(cle_device *dev, cl_mem mem, cle_dtype dtype, size_t n);

/* ---- devices (device.c) ---- */

/* Create the device's context and queue on first use; 0 or -1 (error set, who: prefix). */
int cle_device_ensure_queue(cle_device *dev, const char *who);
/* The device's transfer queue (after cle_device_ensure_queue), created on first use; NULL, with
 * no error set, where the driver cannot create it (then it is not tried again). */
cl_command_queue cle_device_transfer_queue(cle_device *dev);

/* ---- OpenCL errors (cl_errors.c) ---- */

/* "CL_INVALID_VALUE" etc., or "unknown OpenCL error". */
const char *cle_cl_error_name(cl_int err);
/* The cle_error an OpenCL status maps to: allocation failures are
 * CLE_ERROR_OUT_OF_MEMORY, everything else CLE_ERROR_DEVICE.
 * CL_OUT_OF_RESOURCES counts as out of memory: it is what NVIDIA answers when
 * a lazily allocated buffer cannot be backed at first use (it also reports a
 * faulting kernel with it; messages keep the status name). README.md, "Out of
 * device memory"; tests/runtime/test_oom.c. */
cle_error cle_cl_error_code(cl_int err);
/* Set the error for a failed OpenCL call: "WHO: WHAT failed: CL_X (-n)". Returns -1. */
int cle_cl_fail(const char *who, const char *what, cl_int err);

/* ---- dtypes (dtype.c) ---- */

/* OpenCL C name of the element type ("uchar") and clij's short suffix ("uc"). */
const char *cle_dtype_cl_name(cle_dtype dtype);
const char *cle_dtype_cl_suffix(cle_dtype dtype);
bool cle_dtype_valid(cle_dtype dtype);
/* Write value saturated to dtype (rounded toward zero, NaN -> 0) into out (dtype size bytes). */
void cle_dtype_saturate(cle_dtype dtype, double value, void *out);

/* ---- arrays (array.c) ---- */

/* Kernel dimensionality as CLIc derives it from the sizes: 3 if depth > 1, else 2 if height > 1, else 1. */
int cle_array_kernel_dim(const cle_array *arr);

/* ---- program cache (program_cache.c) ---- */

void cle_program_cache_free(cle_program_cache *cache);

#endif
