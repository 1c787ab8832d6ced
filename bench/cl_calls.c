/* cl_calls: an LD_PRELOAD library that times the OpenCL calls of a process,
 * to see where a first call's host time goes (bench/first_call.py --trace).
 * Every call of the functions below is forwarded to the next definition
 * (dlsym RTLD_NEXT: the ICD loader) and recorded with its start and length
 * on CLOCK_MONOTONIC -- Python's time.monotonic() -- so the records can be
 * cut to a window the caller measured. At exit the records go to the file
 * named by CL_CALLS_OUT, one "name start_seconds length_seconds" a line. */
#define _GNU_SOURCE
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct call_record {
  const char *name;
  double start, seconds;
} call_record;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static call_record *records;
static size_t n_records, capacity;

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void record(const char *name, double start)
{
  const double seconds = now() - start;
  pthread_mutex_lock(&lock);
  if (n_records == capacity) {
    const size_t more = capacity ? 2 * capacity : 4096;
    call_record *r = realloc(records, more * sizeof *r);
    if (!r) {
      pthread_mutex_unlock(&lock);
      return;
    }
    records = r;
    capacity = more;
  }
  records[n_records++] = (call_record){name, start, seconds};
  pthread_mutex_unlock(&lock);
}

/* The ICD loader after this library; or loaded here, where nothing loaded
 * before the program's first OpenCL call (a library dlopen'ed later) is. */
static void *next_definition(const char *name)
{
  void *f = dlsym(RTLD_NEXT, name);
  if (!f) {
    void *loader = dlopen("libOpenCL.so.1", RTLD_NOW | RTLD_GLOBAL);
    f = loader ? dlsym(loader, name) : NULL;
  }
  if (!f) {
    fprintf(stderr, "cl_calls: %s not found after the preload\n", name);
    abort();
  }
  return f;
}

/* ret name params, forwarded as name args */
#define TIMED(ret, name, params, args)            \
  ret CL_API_CALL name params                     \
  {                                               \
    static ret(CL_API_CALL *real) params;         \
    if (!real)                                    \
      *(void **)(&real) = next_definition(#name); \
    const double start_ = now();                  \
    ret r_ = real args;                           \
    record(#name, start_);                        \
    return r_;                                    \
  }

TIMED(cl_int, clGetPlatformIDs, (cl_uint n, cl_platform_id *p, cl_uint *np), (n, p, np))
TIMED(cl_int, clGetDeviceIDs, (cl_platform_id p, cl_device_type t, cl_uint n, cl_device_id *d, cl_uint *nd),
      (p, t, n, d, nd))
TIMED(cl_int, clGetDeviceInfo, (cl_device_id d, cl_device_info i, size_t s, void *v, size_t *r), (d, i, s, v, r))
TIMED(cl_context, clCreateContext,
      (const cl_context_properties *p, cl_uint n, const cl_device_id *d,
       void(CL_CALLBACK *f)(const char *, const void *, size_t, void *), void *u, cl_int *e),
      (p, n, d, f, u, e))
TIMED(cl_command_queue, clCreateCommandQueue, (cl_context c, cl_device_id d, cl_command_queue_properties p, cl_int *e),
      (c, d, p, e))
TIMED(cl_mem, clCreateBuffer, (cl_context c, cl_mem_flags f, size_t s, void *h, cl_int *e), (c, f, s, h, e))
TIMED(cl_int, clReleaseMemObject, (cl_mem m), (m))
TIMED(cl_int, clGetMemObjectInfo, (cl_mem m, cl_mem_info i, size_t s, void *v, size_t *r), (m, i, s, v, r))
TIMED(cl_program, clCreateProgramWithSource, (cl_context c, cl_uint n, const char **s, const size_t *l, cl_int *e),
      (c, n, s, l, e))
TIMED(cl_program, clCreateProgramWithBinary,
      (cl_context c, cl_uint n, const cl_device_id *d, const size_t *l, const unsigned char **b, cl_int *st, cl_int *e),
      (c, n, d, l, b, st, e))
TIMED(cl_int, clBuildProgram,
      (cl_program p, cl_uint n, const cl_device_id *d, const char *o, void(CL_CALLBACK *f)(cl_program, void *),
       void *u),
      (p, n, d, o, f, u))
TIMED(cl_int, clGetProgramInfo, (cl_program p, cl_program_info i, size_t s, void *v, size_t *r), (p, i, s, v, r))
TIMED(cl_int, clGetProgramBuildInfo,
      (cl_program p, cl_device_id d, cl_program_build_info i, size_t s, void *v, size_t *r), (p, d, i, s, v, r))
TIMED(cl_int, clReleaseProgram, (cl_program p), (p))
TIMED(cl_kernel, clCreateKernel, (cl_program p, const char *n, cl_int *e), (p, n, e))
TIMED(cl_int, clReleaseKernel, (cl_kernel k), (k))
TIMED(cl_int, clSetKernelArg, (cl_kernel k, cl_uint i, size_t s, const void *v), (k, i, s, v))
TIMED(cl_int, clGetKernelWorkGroupInfo,
      (cl_kernel k, cl_device_id d, cl_kernel_work_group_info i, size_t s, void *v, size_t *r), (k, d, i, s, v, r))
TIMED(cl_int, clEnqueueNDRangeKernel,
      (cl_command_queue q, cl_kernel k, cl_uint w, const size_t *o, const size_t *g, const size_t *l, cl_uint n,
       const cl_event *wl, cl_event *ev),
      (q, k, w, o, g, l, n, wl, ev))
TIMED(cl_int, clEnqueueReadBuffer,
      (cl_command_queue q, cl_mem m, cl_bool b, size_t o, size_t s, void *p, cl_uint n, const cl_event *wl,
       cl_event *ev),
      (q, m, b, o, s, p, n, wl, ev))
TIMED(cl_int, clEnqueueWriteBuffer,
      (cl_command_queue q, cl_mem m, cl_bool b, size_t o, size_t s, const void *p, cl_uint n, const cl_event *wl,
       cl_event *ev),
      (q, m, b, o, s, p, n, wl, ev))
TIMED(cl_int, clEnqueueCopyBuffer,
      (cl_command_queue q, cl_mem a, cl_mem b, size_t oa, size_t ob, size_t s, cl_uint n, const cl_event *wl,
       cl_event *ev),
      (q, a, b, oa, ob, s, n, wl, ev))
TIMED(cl_int, clEnqueueFillBuffer,
      (cl_command_queue q, cl_mem m, const void *p, size_t ps, size_t o, size_t s, cl_uint n, const cl_event *wl,
       cl_event *ev),
      (q, m, p, ps, o, s, n, wl, ev))
TIMED(cl_int, clFinish, (cl_command_queue q), (q))
TIMED(cl_int, clFlush, (cl_command_queue q), (q))
TIMED(cl_int, clWaitForEvents, (cl_uint n, const cl_event *e), (n, e))
TIMED(cl_int, clReleaseEvent, (cl_event e), (e))

__attribute__((destructor)) static void write_records(void)
{
  const char *path = getenv("CL_CALLS_OUT");
  if (!path)
    return;
  FILE *f = fopen(path, "w");
  if (!f)
    return;
  pthread_mutex_lock(&lock);
  for (size_t i = 0; i < n_records; i++)
    fprintf(f, "%s %.9f %.9f\n", records[i].name, records[i].start, records[i].seconds);
  pthread_mutex_unlock(&lock);
  fclose(f);
}
