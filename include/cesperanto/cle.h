/* cesperanto — GPU-accelerated bio-image processing over OpenCL.
 *
 * The runtime API: errors, dtypes, devices, arrays and kernel execution.
 * Operations (cle_gaussian_blur, ...) are declared in the generated
 * <cesperanto/cle_ops.h>; the op registry in <cesperanto/cle_registry.h>.
 * Include <cesperanto/cesperanto.h> to get everything.
 *
 * Conventions
 * - Every call that can fail returns NULL (pointers), -1 (int) or NaN
 *   (double) and sets a thread-local error: cle_last_error() gives its code,
 *   cle_last_error_message() a message naming the function, the argument
 *   and the offending value ("cle_create: width must be >= 1, got 0").
 *   A successful call leaves the previous error untouched; ops clear it on entry.
 * - Arrays are reference counted: every function returning cle_array * gives
 *   the caller a new reference, to be dropped with cle_release().
 * - Devices are owned by the library and live until the process exits;
 *   cle_device * values are borrowed and never freed by the caller.
 * - Shapes are width (x, fastest), height (y), depth (z): numpy's (z, y, x).
 */
#ifndef CESPERANTO_CLE_H
#define CESPERANTO_CLE_H

#include <stddef.h>
#include <stdint.h>

/* Marks the library's public functions: everything else in libcesperanto is
 * built with hidden visibility and is not part of its ABI. */
#ifndef CLE_API
#define CLE_API __attribute__((visibility("default")))
#endif
/* Marks the deprecated aliases of ops (upstream's old names) in cle_ops.h. */
#ifndef CLE_DEPRECATED
#define CLE_DEPRECATED(message) __attribute__((deprecated(message)))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors ------------------------------------------------------------ */

typedef enum cle_error {
  CLE_OK = 0,
  CLE_ERROR_INVALID_ARGUMENT = 1, /* NULL, bad size, bad dtype, out of range, mismatched devices */
  CLE_ERROR_OUT_OF_MEMORY = 2,    /* host or device memory exhausted, or larger than the device allows */
  CLE_ERROR_DEVICE = 3,           /* the OpenCL driver failed (no platform, lost device, enqueue error) */
  CLE_ERROR_BUILD = 4,            /* a kernel failed to compile; the message holds the build log */
  CLE_ERROR_IO = 5,               /* file could not be read or written, or is malformed */
  CLE_ERROR_UNSUPPORTED = 6       /* valid request the library or device cannot do */
} cle_error;

/* Code of the last error on this thread (CLE_OK if none since cle_clear_error). */
CLE_API cle_error cle_last_error(void);
/* Message of the last error on this thread ("" if none). Valid until the next failing call on this thread. */
CLE_API const char *cle_last_error_message(void);
/* Forget the last error of this thread. */
CLE_API void cle_clear_error(void);
/* Stable name of an error code, e.g. "invalid argument". */
CLE_API const char *cle_error_name(cle_error code);
/* Set this thread's error, printf-style, for code layered on the library
 * (language bindings, your own ops): the message should name the function,
 * the argument and the value. Always returns -1. */
CLE_API int cle_set_error(cle_error code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- optional int params ------------------------------------------------ */

/* What an op's optional int param (spec: optional: true; pyclesperanto's
 * Optional[int] = None) takes for None: pass it from C where Python passes
 * None (Java and C# pass null, the CLI leaves the flag out). INT_MIN itself
 * therefore means None. */
#define CLE_NONE (-2147483647 - 1)

/* len(range(*slice(start, stop, step).indices(n))): the length of Python's
 * slice over n items, each of start, stop and step CLE_NONE for None; 0 for
 * an empty slice and for a step of 0 (Python refuses). In doubles, as the
 * output creators' size expressions use it (spec: slice(n, start, stop, step)). */
static inline double cle_slice_length(double n, double start, double stop, double step)
{
  const double none = (double)CLE_NONE;
  if (step == none)
    step = 1;
  if (step == 0)
    return 0;
  const double low = step < 0 ? -1 : 0, high = step < 0 ? n - 1 : n; /* CPython's PySlice_AdjustIndices */
  double ends[2] = {start, stop};
  for (int i = 0; i < 2; i++) {
    if (ends[i] == none)
      ends[i] = (i == 0) == (step > 0) ? low : high;
    else if (ends[i] < 0)
      ends[i] = ends[i] + n < 0 ? low : ends[i] + n;
    else if (ends[i] >= n)
      ends[i] = high;
  }
  if (step > 0)
    return ends[0] < ends[1] ? (double)(long long)((ends[1] - ends[0] - 1) / step) + 1 : 0;
  return ends[1] < ends[0] ? (double)(long long)((ends[0] - ends[1] - 1) / -step) + 1 : 0;
}

/* ---- dtypes ------------------------------------------------------------ */

typedef enum cle_dtype {
  CLE_INT8 = 0,
  CLE_UINT8 = 1,
  CLE_INT16 = 2,
  CLE_UINT16 = 3,
  CLE_INT32 = 4,
  CLE_UINT32 = 5,
  CLE_FLOAT32 = 6
} cle_dtype;
#define CLE_DTYPE_COUNT 7

/* Bytes per element, or 0 for an invalid dtype. */
CLE_API size_t cle_dtype_size(cle_dtype dtype);
/* "int8", "uint8", ..., "float32"; NULL for an invalid dtype. */
CLE_API const char *cle_dtype_name(cle_dtype dtype);
/* Parse a name as above (also "float" for float32); returns 0, or -1 with an error set. */
CLE_API int cle_dtype_from_name(const char *name, cle_dtype *out);

/* ---- devices ----------------------------------------------------------- */

typedef struct cle_device cle_device;

/* Number of OpenCL devices over all platforms (0 with an error set if OpenCL is unavailable). */
CLE_API int cle_device_count(void);
/* Device by index in [0, cle_device_count()). */
CLE_API cle_device *cle_device_get(int index);
/* First device whose name, vendor or platform name contains the substring (case-insensitive). */
CLE_API cle_device *cle_device_find(const char *name_substring);
/* The default device: the one selected with cle_device_select, else the one named by
 * the CLE_DEVICE environment variable, else the first GPU, else the first device. */
CLE_API cle_device *cle_device_default(void);
/* Make the first device matching the substring the default; returns 0 or -1. */
CLE_API int cle_device_select(const char *name_substring);

CLE_API const char *cle_device_name(const cle_device *dev);
CLE_API const char *cle_device_vendor(const cle_device *dev);
CLE_API const char *cle_device_platform(const cle_device *dev);
CLE_API const char *cle_device_type(const cle_device *dev);    /* "gpu", "cpu", "accelerator", "other" */
CLE_API const char *cle_device_version(const cle_device *dev); /* CL_DEVICE_VERSION, e.g. "OpenCL 3.0 CUDA" */
CLE_API const char *cle_device_driver_version(const cle_device *dev);
CLE_API uint64_t cle_device_global_memory(const cle_device *dev);  /* bytes */
CLE_API uint64_t cle_device_max_allocation(const cle_device *dev); /* CL_DEVICE_MAX_MEM_ALLOC_SIZE, bytes */
/* What the runtime lets arrays hold on dev, in bytes: its global memory, or
 * less where the environment variable CLE_DEVICE_MEMORY_LIMIT caps it (bytes,
 * or with a suffix K, M, G, T -- KiB ... TiB, powers of 1024 -- e.g. "4G",
 * "512MiB"; read once, when the devices are first listed; a malformed value
 * makes every device call fail naming it). Arrays (and idle pooled buffers)
 * beyond it fail with CLE_ERROR_OUT_OF_MEMORY naming the limit. */
CLE_API uint64_t cle_device_memory_budget(const cle_device *dev);
/* Bytes arrays on dev hold now (idle pooled buffers included: the pool gives them back on demand). */
CLE_API uint64_t cle_device_memory_in_use(const cle_device *dev);
/* Wait until all work queued on the device has finished; returns 0 or -1. */
CLE_API int cle_device_finish(cle_device *dev);

/* ---- arrays ------------------------------------------------------------ */

typedef struct cle_array cle_array;

/* Uninitialised array of width x height x depth elements (sizes >= 1); dimensionality is
 * 3 if depth > 1, else 2 if height > 1, else 1. NULL dev means cle_device_default().
 * Uninitialised means any bytes: the buffer may be a released array's, reused
 * from the device's buffer pool with its old contents (CLE_BUFFER_POOL=0 turns it off). */
CLE_API cle_array *cle_create(cle_device *dev, cle_dtype dtype, size_t width, size_t height, size_t depth);
/* As cle_create with an explicit dimensionality (1..3) and numpy-ordered shape:
 * ndim 1: {x}; 2: {y, x}; 3: {z, y, x}. Keeps ndim even where a size is 1. */
CLE_API cle_array *cle_create_nd(cle_device *dev, cle_dtype dtype, int ndim, const size_t *shape);
/* Same device, shape, ndim and dtype as like. */
CLE_API cle_array *cle_create_like(const cle_array *like);
/* Same device, shape and ndim as like, with another dtype. */
CLE_API cle_array *cle_create_like_dtype(const cle_array *like, cle_dtype dtype);
/* Create and fill from host memory (width*height*depth elements of dtype, x fastest). One transfer. */
CLE_API cle_array *cle_push(cle_device *dev, const void *host, cle_dtype dtype, size_t width, size_t height,
                            size_t depth);
/* As cle_push with ndim and numpy-ordered shape, as cle_create_nd. */
CLE_API cle_array *cle_push_nd(cle_device *dev, const void *host, cle_dtype dtype, int ndim, const size_t *shape);
/* Copy the array into the caller's buffer of host_bytes bytes (must be >= cle_array_nbytes). One transfer. */
CLE_API int cle_pull(const cle_array *arr, void *host, size_t host_bytes);
/* Overwrite the array's elements from the caller's buffer of host_bytes bytes
 * (must equal cle_array_nbytes; elements of the array's dtype, x fastest). One transfer. */
CLE_API int cle_array_write(cle_array *arr, const void *host, size_t host_bytes);
/* Copy src's elements into dst (same device, shape and dtype). Returns 0 or -1. */
CLE_API int cle_array_copy(const cle_array *src, cle_array *dst);
/* Set every element to value converted to the array's dtype (saturated, rounded toward zero). */
CLE_API int cle_array_fill(cle_array *arr, double value);

/* ---- transfers: pinned host memory, asynchronous copies ---------------- *
 * cle_push, cle_pull and cle_array_write of large arrays to a GPU go through
 * pinned staging buffers on several threads (pageable memory cannot be moved
 * by DMA); memory from cle_host_alloc is pinned already and moves at the
 * bus's full speed without staging. CLE_TRANSFER=plain|staged|auto picks the
 * path (default auto); results are identical on every path. */

/* nbytes of pinned (page-locked) host memory for transfers with dev (NULL:
 * the default device); NULL with the error set when it cannot be had. Free it
 * with cle_host_free; it is freed with its device at exit. */
CLE_API void *cle_host_alloc(cle_device *dev, size_t nbytes);
/* Free memory from cle_host_alloc (NULL-safe); -1 for any other pointer. */
CLE_API int cle_host_free(void *ptr);

/* A transfer in flight. */
typedef struct cle_event cle_event;
/* Enqueue a copy and return at once with *event; the host memory must stay
 * valid and untouched until cle_event_wait returns (use pinned memory for a
 * real overlap with compute: from pageable memory the driver may copy before
 * returning). Kernels enqueued later on the array's device run after it. */
CLE_API cle_array *cle_push_async(cle_device *dev, const void *host, cle_dtype dtype, int ndim, const size_t *shape,
                                  cle_event **event);
CLE_API int cle_array_write_async(cle_array *arr, const void *host, size_t host_bytes, cle_event **event);
CLE_API int cle_pull_async(const cle_array *arr, void *host, size_t host_bytes, cle_event **event);
/* Wait until the transfer has finished; 0, or -1 with the error set if it failed. */
CLE_API int cle_event_wait(cle_event *event);
/* Wait (if still running) and free the event. NULL-safe. */
CLE_API void cle_event_release(cle_event *event);

/* Add a reference; returns arr. NULL-safe. */
CLE_API cle_array *cle_retain(cle_array *arr);
/* Drop a reference; the device memory is freed with the last one. NULL-safe. */
CLE_API void cle_release(cle_array *arr);

CLE_API cle_device *cle_array_device(const cle_array *arr);
CLE_API cle_dtype cle_array_dtype(const cle_array *arr);
CLE_API int cle_array_ndim(const cle_array *arr);
CLE_API size_t cle_array_width(const cle_array *arr);
CLE_API size_t cle_array_height(const cle_array *arr);
CLE_API size_t cle_array_depth(const cle_array *arr);
/* Fills shape[0..ndim) in numpy order; returns ndim. */
CLE_API int cle_array_shape(const cle_array *arr, size_t shape[3]);
CLE_API size_t cle_array_size(const cle_array *arr);   /* elements */
CLE_API size_t cle_array_nbytes(const cle_array *arr); /* bytes */
/* Arrays alive in this process (for leak checks in tests and bindings). */
CLE_API long cle_live_array_count(void);

/* ---- kernel execution -------------------------------------------------- */

typedef enum cle_param_kind { CLE_PARAM_ARRAY = 0, CLE_PARAM_INT = 1, CLE_PARAM_FLOAT = 2 } cle_param_kind;

/* One kernel argument, bound to the kernel parameter of the same name. */
typedef struct cle_param {
  const char *name;
  cle_param_kind kind;
  cle_array *array; /* CLE_PARAM_ARRAY */
  int i;            /* CLE_PARAM_INT */
  float f;          /* CLE_PARAM_FLOAT */
} cle_param;

/* Convenience constructors for cle_param. */
CLE_API cle_param cle_param_array(const char *name, cle_array *arr);
CLE_API cle_param cle_param_int(const char *name, int value);
CLE_API cle_param cle_param_float(const char *name, float value);

/* Compile (or fetch from the program cache) a clij-dialect kernel and run it over
 * global_range = {x, y, z} work items (0 entries count as 1).
 * The source is preceded by the clij preamble and per-array #defines
 * (IMAGE_name_TYPE, IMAGE_name_PIXEL_TYPE, READ_IMAGE, WRITE_IMAGE, POS_name_INSTANCE,
 * GET_IMAGE_WIDTH/HEIGHT/DEPTH, CONVERT_name_PIXEL_TYPE); image sizes travel as kernel
 * arguments, so one program serves every shape of the same dtypes and dimensionality.
 * Every kernel parameter must be bound by exactly one params entry of the same name.
 * Build failures give CLE_ERROR_BUILD with the compiler's log in the message. Returns 0 or -1. */
CLE_API int cle_execute(cle_device *dev, const char *source, const char *kernel_name, const cle_param *params,
                        size_t n_params, const size_t global_range[3]);

/* Library version, "MAJOR.MINOR.PATCH". */
CLE_API const char *cle_version(void);

#ifdef __cplusplus
}
#endif
#endif /* CESPERANTO_CLE_H */
