/* cesperanto — internal API shared by the runtime, the op sources in runtime/ops/ and the
 * generated op sources. Not installed; not part of the public C API. */
#ifndef CESPERANTO_CLE_PRIVATE_H
#define CESPERANTO_CLE_PRIVATE_H

#include <stdarg.h>
#include <stdbool.h>
#include "cesperanto/cle.h"

/* cle_set_error (public, cle.h) returns -1 for int-returning functions; use
 * cle_fail_null in pointer-returning ones and cle_fail_nan in double-returning ones. */
void *cle_fail_null(cle_error code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
double cle_fail_nan(cle_error code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prefix the current error message with "WHO: " (e.g. an op name over a runtime error). */
void cle_error_add_context(const char *who);

/* Run a kernel from the library's own kernels/ folder, embedded at build time:
 * file is the kernel file's base name ("gaussian_blur_separable" for
 * kernels/gaussian_blur_separable.cl), kernel the __kernel function in it.
 * local_range may be NULL (driver's choice); defines may be NULL or extra
 * "#define ..." lines compiled into the program (compile-time constants that
 * select a code path: part of the program cache key, so keep their values few).
 * The embedded source's hash is computed once, so a cache hit costs no hashing. */
int cle_run_kernel(cle_device *dev, const char *file, const char *kernel, const cle_param *params, size_t n_params,
                   const size_t global_range[3], const size_t *local_range, const char *defines);

/* Stand-ins (program_table.h, CLE_STAND_IN): an op whose fast kernel costs
 * much more to compile than a plain one giving the same bits asks
 * cle_stand_in_call once per call whether this call may run the plain one
 * (policy "first": the op's first call in the process; "background": every
 * call; "off": none). If so, for each kernel, cle_kernel_ready says whether
 * cle_run_kernel with these arguments (global and local ranges aside) runs
 * without waiting for a compiler: its program is built in this process, or
 * was loaded from the disk cache now. When it is not, the op runs the plain
 * kernel and then calls cle_kernel_prepare, which under "background" compiles
 * the fast program on a background thread (once; after the stand-in's own
 * build, since drivers such as NVIDIA's compile one program at a time).
 * cle_kernel_ready is true under "off" and when the call is wrong
 * (cle_run_kernel then says what is wrong); none leaves an error set. */
bool cle_stand_in_call(cle_device *dev, const char *op);
/* +1: no call runs stand-ins until a matching -1 (cle_warmup: it fills the cache with the ops' own programs). */
void cle_stand_in_suspend(int delta);
/* +1 when a composite op starts its steps, -1 when it is done (generated): within
 * the outermost one, on this thread, an op asked twice gets its first answer again,
 * so a process's first difference_of_gaussian runs both blurs' stand-ins (under
 * "first" its second blur would otherwise build the fast program). */
void cle_stand_in_scope(int delta);
bool cle_kernel_ready(cle_device *dev, const char *file, const char *kernel, const cle_param *params, size_t n_params,
                      const char *defines);
void cle_kernel_prepare(cle_device *dev, const char *file, const char *kernel, const cle_param *params, size_t n_params,
                        const char *defines);

/* Embedded kernel source by base name; NULL if there is none. */
const char *cle_kernel_source(const char *file);

/* Device limits useful to kernels that pick work-group sizes. */
size_t cle_device_max_work_group_size(const cle_device *dev);
/* 1 for a CL_DEVICE_TYPE_CPU device (pocl, Intel's CPU runtime), else 0. */
int cle_device_is_cpu(const cle_device *dev);
/* 1 when the device has cl_khr_fp64 (kernels test the same macro), else 0. */
int cle_device_has_fp64(const cle_device *dev);
/* CL_DEVICE_MAX_COMPUTE_UNITS (at least 1): persistent grids give each unit a
 * few work-groups that loop over the blocks. */
unsigned cle_device_compute_units(const cle_device *dev);

/* The largest label of labels (0 when all background) as a double, after
 * checking that every pixel is a label: a non-negative whole number below
 * 2^32 (runtime/ops/label_statistics.c). NaN with the error set otherwise
 * ("NAME must hold labels >= 0, but has a negative (or NaN) pixel"); the
 * generated ops call it for an output size's IN.max_label. */
double cle_label_max(cle_array *labels, const char *name);

/* Blocking read of the first bytes of arr (a table's leading part); 0, or
 * -1 with the error set. */
int cle_pull_prefix(const cle_array *arr, void *host, size_t bytes);

/* Program cache counters and control, for tests and benchmarks. */
long cle_transfer_staged_count(void);      /* transfers that went through pinned staging buffers */
long cle_program_build_count(void);        /* programs compiled from source by this process */
long cle_program_disk_load_count(void);    /* programs loaded from the disk cache by this process */
void cle_program_cache_clear_memory(void); /* forget every in-memory program (the disk cache stays) */
long cle_program_background_count(void);   /* programs this process started compiling in the background */
void cle_program_background_wait(void);    /* wait until no program compiles in the background */

/* Buffer pool counters, for tests and benchmarks (CLE_BUFFER_POOL=0 turns the pool off). */
/* "4G", "512 MiB", "1.5k", "1000": bytes (suffixes K M G T, with or without B or iB, powers of 1024;
 * case-insensitive); 0, or -1 for anything else, zero or too large (CLE_DEVICE_MEMORY_LIMIT). */
int cle_parse_byte_size(const char *text, uint64_t *out);
long cle_buffer_pool_hits(void);                                 /* creations served from a pool, all devices */
long cle_buffer_pool_count(const cle_device *dev);               /* buffers dev's pool holds now */
unsigned long long cle_buffer_pool_bytes(const cle_device *dev); /* bytes they hold */

#endif
