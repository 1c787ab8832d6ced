/* Devices: every OpenCL device of every platform the ICD loader knows,
 * discovered once; a context and one in-order queue per device, created on
 * first use (and a second, for the tiled engine's copies: cle_device_transfer_queue);
 * all of it released at exit. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cle_internal.h"
#include "profile.h"
#include "fft.h"
#include "program_table.h"
#include "ops/gaussian_weights.h"
#include "transfer.h"

static pthread_mutex_t discover_lock = PTHREAD_MUTEX_INITIALIZER;
static bool discovered;
static cle_device *devices;
static int n_devices;
/* Discovery runs once; its failure is replayed to every caller, except when
 * host memory ran out: then nothing is kept and the next call tries again. */
static cle_error discover_code = CLE_OK;
static char discover_message[512];
/* Index chosen with cle_device_select, -1 if none. */
static atomic_int selected_index = -1;
/* CLE_DEVICE_MEMORY_LIMIT, read once at discovery: 0 when unset. */
static uint64_t memory_limit;

/* ---- discovery ---- */

static char *platform_string(cl_platform_id p, cl_platform_info what)
{
  size_t n = 0;
  if (clGetPlatformInfo(p, what, 0, NULL, &n) != CL_SUCCESS)
    return strdup("");
  char *s = calloc(n + 1, 1);
  if (s && clGetPlatformInfo(p, what, n, s, NULL) != CL_SUCCESS)
    s[0] = '\0';
  return s;
}

static char *device_string(cl_device_id d, cl_device_info what)
{
  size_t n = 0;
  if (clGetDeviceInfo(d, what, 0, NULL, &n) != CL_SUCCESS)
    return strdup("");
  char *s = calloc(n + 1, 1);
  if (!s)
    return NULL;
  if (clGetDeviceInfo(d, what, n, s, NULL) != CL_SUCCESS)
    s[0] = '\0';
  /* Some drivers pad names with spaces. */
  size_t len = strlen(s);
  while (len > 0 && isspace((unsigned char)s[len - 1]))
    s[--len] = '\0';
  return s;
}

static const char *device_type_name(cl_device_type t)
{
  if (t & CL_DEVICE_TYPE_GPU)
    return "gpu";
  if (t & CL_DEVICE_TYPE_CPU)
    return "cpu";
  if (t & CL_DEVICE_TYPE_ACCELERATOR)
    return "accelerator";
  return "other";
}

static void free_device(cle_device *dev)
{
  /* Finish first: pocl compiles a kernel's work-group function on its own
   * threads at launch, and a compile still running when the process's
   * teardown reaches LLVM crashes inside LLVM. */
  if (dev->queue)
    clFinish(dev->queue);
  if (dev->transfer_queue)
    clFinish(dev->transfer_queue);
  cle_host_free_device(dev);
  cle_gauss_tables_free(dev->gauss_tables);
  cle_staging_free(dev);
  cle_buffer_pool_free(dev);
  if (dev->programs)
    cle_program_cache_free(dev->programs);
  cle_program_table_clear(dev);
  cle_fft_plans_free(dev->fft_plans);
  if (dev->transfer_queue)
    clReleaseCommandQueue(dev->transfer_queue);
  if (dev->queue)
    clReleaseCommandQueue(dev->queue);
  if (dev->context)
    clReleaseContext(dev->context);
  free(dev->name);
  free(dev->vendor);
  free(dev->platform);
  free(dev->version);
  free(dev->driver_version);
  free(dev->platform_version);
  pthread_mutex_destroy(&dev->lock);
  pthread_mutex_destroy(&dev->staging_lock);
  pthread_mutex_destroy(&dev->program_lock);
  pthread_cond_destroy(&dev->program_built);
}

static void release_devices(void)
{
  /* Programs still compiling on background threads finish first, also when the rest is left to the
   * OS: a compiler running while the driver is torn down can crash the process. */
  for (int i = 0; i < n_devices; i++)
    cle_program_table_wait(&devices[i]);
  /* Arrays still alive at exit (leaked, or released later by a language
   * runtime's finaliser) point at their device: leave everything to the OS. */
  if (cle_live_array_count() > 0)
    return;
  for (int i = 0; i < n_devices; i++)
    free_device(&devices[i]);
  free(devices);
  devices = NULL;
  n_devices = 0;
}

static int fill_device(cle_device *dev, int index, cl_platform_id p, cl_device_id d, const char *platform_name,
                       const char *platform_version)
{
  memset(dev, 0, sizeof *dev);
  dev->index = index;
  dev->platform_id = p;
  dev->id = d;
  pthread_mutex_init(&dev->lock, NULL);
  pthread_mutex_init(&dev->staging_lock, NULL);
  pthread_mutex_init(&dev->program_lock, NULL);
  pthread_cond_init(&dev->program_built, NULL);
  atomic_init(&dev->bytes_in_use, 0);
  cle_buffer_pool_init(&dev->pool);
  dev->name = device_string(d, CL_DEVICE_NAME);
  dev->vendor = device_string(d, CL_DEVICE_VENDOR);
  dev->version = device_string(d, CL_DEVICE_VERSION);
  dev->driver_version = device_string(d, CL_DRIVER_VERSION);
  dev->platform = strdup(platform_name);
  dev->platform_version = strdup(platform_version);
  if (!dev->name || !dev->vendor || !dev->version || !dev->driver_version || !dev->platform || !dev->platform_version)
    return -1;
  cl_device_type type = 0;
  cl_ulong global = 0, max_alloc = 0;
  size_t wg = 1;
  cl_uint units = 1;
  clGetDeviceInfo(d, CL_DEVICE_TYPE, sizeof type, &type, NULL);
  clGetDeviceInfo(d, CL_DEVICE_GLOBAL_MEM_SIZE, sizeof global, &global, NULL);
  clGetDeviceInfo(d, CL_DEVICE_MAX_MEM_ALLOC_SIZE, sizeof max_alloc, &max_alloc, NULL);
  clGetDeviceInfo(d, CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof wg, &wg, NULL);
  clGetDeviceInfo(d, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof units, &units, NULL);
  dev->type = device_type_name(type);
  dev->global_memory = global;
  dev->memory_limited = memory_limit > 0 && memory_limit < global;
  dev->memory_budget = dev->memory_limited ? memory_limit : global;
  dev->max_allocation = max_alloc;
  dev->max_work_group_size = wg;
  dev->compute_units = units > 0 ? units : 1;
  dev->is_cpu = (type & CL_DEVICE_TYPE_CPU) != 0;
  char *extensions = device_string(d, CL_DEVICE_EXTENSIONS);
  dev->has_fp64 = extensions && strstr(extensions, "cl_khr_fp64") != NULL;
  free(extensions);
  return 0;
}

int cle_parse_byte_size(const char *text, uint64_t *out)
{
  static const struct {
    const char *suffix;
    int shift;
  } units[] = {{"", 0},     {"b", 0},  {"k", 10},  {"kb", 10},  {"kib", 10}, {"m", 20},  {"mb", 20},
               {"mib", 20}, {"g", 30}, {"gb", 30}, {"gib", 30}, {"t", 40},   {"tb", 40}, {"tib", 40}};
  const char *p = text;
  while (isspace((unsigned char)*p))
    p++;
  if (!isdigit((unsigned char)*p) && *p != '.')
    return -1;
  errno = 0;
  char *end;
  const double number = strtod(p, &end);
  if (end == p || errno != 0 || !(number > 0))
    return -1;
  while (isspace((unsigned char)*end))
    end++;
  char suffix[8];
  size_t n = strlen(end);
  while (n > 0 && isspace((unsigned char)end[n - 1]))
    n--;
  if (n >= sizeof suffix)
    return -1;
  for (size_t i = 0; i < n; i++)
    suffix[i] = (char)tolower((unsigned char)end[i]);
  suffix[n] = '\0';
  for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
    if (!strcmp(suffix, units[u].suffix)) {
      const double bytes = floor(number * (double)(1ull << units[u].shift));
      if (!(bytes >= 1) || bytes >= 18446744073709551616.0)
        return -1;
      *out = (uint64_t)bytes;
      return 0;
    }
  return -1;
}

static void discover_failed(cle_error code, const char *fmt, const char *what, cl_int err)
{
  discover_code = code;
  snprintf(discover_message, sizeof discover_message, fmt, what, cle_cl_error_name(err), (int)err);
}

static void discover(void)
{
  /* pocl 3.1 compiles, besides each kernel's generic work-group function, a
   * version specialised to each launch's sizes; with LLVM 15 compiling one
   * of ours (label_scan_map_chunked on a 7 x 5 image) aborts the process
   * ("Do not know how to split the result of this operator"). Without the
   * specialisation our kernels ran as fast (geomean 0.96 over 22 pocl
   * benchmark cases) and compile less. A value the user set is kept. */
  setenv("POCL_WORK_GROUP_SPECIALIZATION", "0", 0);
  const char *limit = getenv("CLE_DEVICE_MEMORY_LIMIT");
  memory_limit = 0;
  if (limit && *limit && cle_parse_byte_size(limit, &memory_limit) != 0) {
    discover_code = CLE_ERROR_INVALID_ARGUMENT;
    snprintf(discover_message, sizeof discover_message,
             "cle_device: CLE_DEVICE_MEMORY_LIMIT must be a positive number of bytes, optionally with a suffix K, M, "
             "G or T (KiB, MiB, GiB, TiB: powers of 1024), got '%.300s'",
             limit);
    return;
  }
  cl_uint n_platforms = 0;
  cl_int err = clGetPlatformIDs(0, NULL, &n_platforms);
  if (err != CL_SUCCESS || n_platforms == 0) {
    discover_failed(CLE_ERROR_DEVICE, "%s: no OpenCL platform found (%s, %d); is an OpenCL driver (ICD) installed?",
                    "cle_device", err == CL_SUCCESS ? CL_DEVICE_NOT_FOUND : err);
    return;
  }
  cl_platform_id *platforms = calloc(n_platforms, sizeof *platforms);
  if (!platforms) {
    discover_failed(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory (%s, %d)", "cle_device", CL_OUT_OF_HOST_MEMORY);
    return;
  }
  clGetPlatformIDs(n_platforms, platforms, NULL);

  int capacity = 0;
  bool out_of_memory = false;
  for (cl_uint p = 0; p < n_platforms; p++) {
    cl_uint n = 0;
    if (clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, 0, NULL, &n) == CL_SUCCESS)
      capacity += (int)n;
  }
  devices = calloc(capacity > 0 ? (size_t)capacity : 1, sizeof *devices);
  if (!devices) {
    free(platforms);
    discover_failed(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory (%s, %d)", "cle_device", CL_OUT_OF_HOST_MEMORY);
    return;
  }
  for (cl_uint p = 0; p < n_platforms && n_devices < capacity; p++) {
    cl_uint n = 0;
    if (clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, 0, NULL, &n) != CL_SUCCESS || n == 0)
      continue;
    if (n > (cl_uint)(capacity - n_devices))
      n = (cl_uint)(capacity - n_devices);
    cl_device_id *ids = calloc(n, sizeof *ids);
    char *pname = platform_string(platforms[p], CL_PLATFORM_NAME);
    char *pversion = platform_string(platforms[p], CL_PLATFORM_VERSION);
    if (!ids || !pname || !pversion)
      out_of_memory = true;
    else if (clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, n, ids, NULL) == CL_SUCCESS) {
      for (cl_uint i = 0; i < n && !out_of_memory; i++) {
        cle_device *dev = &devices[n_devices];
        if (fill_device(dev, n_devices, platforms[p], ids[i], pname, pversion) == 0) {
          n_devices++;
        } else {
          free_device(dev);
          out_of_memory = true;
        }
      }
    }
    free(ids);
    free(pname);
    free(pversion);
  }
  free(platforms);
  /* A device missing for want of memory would change which one is the
   * default: all or nothing. */
  if (out_of_memory) {
    release_devices();
    discover_failed(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory listing the devices (%s, %d)", "cle_device",
                    CL_OUT_OF_HOST_MEMORY);
    return;
  }
  /* Registered after the ICD loader and drivers are loaded, so it runs before their teardown. */
  static bool release_registered;
  if (!release_registered)
    atexit(release_devices);
  release_registered = true;
  if (n_devices == 0)
    discover_failed(CLE_ERROR_DEVICE, "%s: OpenCL platforms found but no device (%s, %d)", "cle_device",
                    CL_DEVICE_NOT_FOUND);
}

/* 0 when devices are known; -1 with the discovery error set on this thread. */
static int ensure_discovered(void)
{
  pthread_mutex_lock(&discover_lock);
  if (!discovered) {
    discover_code = CLE_OK;
    discover();
    discovered = discover_code != CLE_ERROR_OUT_OF_MEMORY;
  }
  cle_error code = discover_code;
  char message[sizeof discover_message];
  memcpy(message, discover_message, sizeof message);
  pthread_mutex_unlock(&discover_lock);
  if (code != CLE_OK)
    return cle_set_error(code, "%s", message);
  return 0;
}

/* ---- lookup ---- */

static bool contains_nocase(const char *haystack, const char *needle)
{
  size_t n = strlen(needle);
  if (n == 0)
    return true;
  for (; *haystack; haystack++) {
    size_t i = 0;
    while (i < n && haystack[i] && tolower((unsigned char)haystack[i]) == tolower((unsigned char)needle[i]))
      i++;
    if (i == n)
      return true;
  }
  return false;
}

static cle_device *match(const char *sub)
{
  for (int i = 0; i < n_devices; i++) {
    cle_device *d = &devices[i];
    if (contains_nocase(d->name, sub) || contains_nocase(d->vendor, sub) || contains_nocase(d->platform, sub))
      return d;
  }
  return NULL;
}

/* "'name' [platform], ..." for messages about a failed match. */
static void list_devices(char *buf, size_t size)
{
  size_t used = 0;
  buf[0] = '\0';
  for (int i = 0; i < n_devices && used < size; i++) {
    int w = snprintf(buf + used, size - used, "%s'%s' [%s]", i ? ", " : "", devices[i].name, devices[i].platform);
    if (w < 0)
      break;
    used += (size_t)w;
  }
}

static cle_device *find_or_fail(const char *who, const char *what, const char *sub)
{
  cle_device *d = match(sub);
  if (!d) {
    char list[1024];
    list_devices(list, sizeof list);
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "%s: %s'%s' matches no device (devices: %s)", who, what, sub,
                         list);
  }
  return d;
}

int cle_device_count(void)
{
  if (ensure_discovered() != 0)
    return 0;
  return n_devices;
}

cle_device *cle_device_get(int index)
{
  if (ensure_discovered() != 0)
    return NULL;
  if (index < 0 || index >= n_devices)
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "cle_device_get: index must be in [0, %d), got %d", n_devices,
                         index);
  return &devices[index];
}

cle_device *cle_device_find(const char *name_substring)
{
  if (!name_substring)
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "cle_device_find: name_substring is NULL");
  if (ensure_discovered() != 0)
    return NULL;
  return find_or_fail("cle_device_find", "name ", name_substring);
}

int cle_device_select(const char *name_substring)
{
  if (!name_substring)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_device_select: name_substring is NULL");
  if (ensure_discovered() != 0)
    return -1;
  cle_device *d = find_or_fail("cle_device_select", "name ", name_substring);
  if (!d)
    return -1;
  atomic_store(&selected_index, d->index);
  return 0;
}

cle_device *cle_device_default(void)
{
  if (ensure_discovered() != 0)
    return NULL;
  int sel = atomic_load(&selected_index);
  if (sel >= 0)
    return &devices[sel];
  const char *env = getenv("CLE_DEVICE");
  if (env && *env)
    return find_or_fail("cle_device_default", "CLE_DEVICE=", env);
  for (int i = 0; i < n_devices; i++)
    if (strcmp(devices[i].type, "gpu") == 0)
      return &devices[i];
  return &devices[0];
}

/* ---- attributes ---- */

#define DEVICE_STRING(fn, field)                                             \
  const char *fn(const cle_device *dev)                                      \
  {                                                                          \
    if (!dev)                                                                \
      return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, #fn ": dev is NULL"); \
    return dev->field;                                                       \
  }
DEVICE_STRING(cle_device_name, name)
DEVICE_STRING(cle_device_vendor, vendor)
DEVICE_STRING(cle_device_platform, platform)
DEVICE_STRING(cle_device_type, type)
DEVICE_STRING(cle_device_version, version)
DEVICE_STRING(cle_device_driver_version, driver_version)
#undef DEVICE_STRING

uint64_t cle_device_global_memory(const cle_device *dev)
{
  if (!dev) {
    cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_device_global_memory: dev is NULL");
    return 0;
  }
  return dev->global_memory;
}

uint64_t cle_device_memory_budget(const cle_device *dev)
{
  if (!dev) {
    cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_device_memory_budget: dev is NULL");
    return 0;
  }
  return dev->memory_budget;
}

uint64_t cle_device_memory_in_use(const cle_device *dev)
{
  if (!dev) {
    cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_device_memory_in_use: dev is NULL");
    return 0;
  }
  return atomic_load(&((cle_device *)dev)->bytes_in_use);
}

uint64_t cle_device_max_allocation(const cle_device *dev)
{
  if (!dev) {
    cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_device_max_allocation: dev is NULL");
    return 0;
  }
  return dev->max_allocation;
}

size_t cle_device_max_work_group_size(const cle_device *dev)
{
  if (!dev) {
    cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_device_max_work_group_size: dev is NULL");
    return 0;
  }
  return dev->max_work_group_size;
}

int cle_device_is_cpu(const cle_device *dev)
{
  return dev && dev->is_cpu;
}

int cle_device_has_fp64(const cle_device *dev)
{
  return dev && dev->has_fp64;
}

unsigned cle_device_compute_units(const cle_device *dev)
{
  return dev ? dev->compute_units : 1;
}

/* ---- context and queue ---- */

int cle_device_ensure_queue(cle_device *dev, const char *who)
{
  /* Fast path without the lock: the queue, once set, never changes until exit. */
  if (__atomic_load_n(&dev->queue, __ATOMIC_ACQUIRE))
    return 0;
  int rc = 0;
  pthread_mutex_lock(&dev->lock);
  if (!dev->queue) {
    const double t0 = cle_profile_enabled() ? cle_profile_now() : 0;
    cl_int err = CL_SUCCESS;
    cl_context_properties props[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)dev->platform_id, 0};
    if (!dev->context)
      dev->context = clCreateContext(props, 1, &dev->id, NULL, NULL, &err);
    if (err != CL_SUCCESS) {
      dev->context = NULL;
      rc = cle_cl_fail(who, "creating the OpenCL context", err);
    } else {
      cl_command_queue q = clCreateCommandQueue(dev->context, dev->id, 0, &err);
      if (err != CL_SUCCESS)
        rc = cle_cl_fail(who, "creating the command queue", err);
      else
        __atomic_store_n(&dev->queue, q, __ATOMIC_RELEASE);
    }
    if (cle_profile_enabled())
      cle_profile_record("device", "context and queue", cle_profile_now() - t0);
  }
  pthread_mutex_unlock(&dev->lock);
  return rc;
}

cl_command_queue cle_device_transfer_queue(cle_device *dev)
{
  cl_command_queue q = __atomic_load_n(&dev->transfer_queue, __ATOMIC_ACQUIRE);
  if (q)
    return q;
  pthread_mutex_lock(&dev->lock);
  if (dev->context && !dev->transfer_queue && !dev->transfer_queue_failed) {
    cl_int err = CL_SUCCESS;
    q = clCreateCommandQueue(dev->context, dev->id, 0, &err);
    if (err == CL_SUCCESS && q)
      __atomic_store_n(&dev->transfer_queue, q, __ATOMIC_RELEASE);
    else
      dev->transfer_queue_failed = true; /* the caller keeps to the one queue */
  }
  q = dev->transfer_queue;
  pthread_mutex_unlock(&dev->lock);
  return q;
}

int cle_device_finish(cle_device *dev)
{
  if (!dev)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_device_finish: dev is NULL");
  if (cle_device_ensure_queue(dev, "cle_device_finish") != 0)
    return -1;
  cl_int err = clFinish(dev->queue);
  if (err != CL_SUCCESS)
    return cle_cl_fail("cle_device_finish", "clFinish", err);
  return 0;
}

void cle_program_background_wait(void)
{
  if (ensure_discovered() != 0)
    return;
  for (int i = 0; i < n_devices; i++)
    cle_program_table_wait(&devices[i]);
}

void cle_program_cache_clear_memory(void)
{
  if (ensure_discovered() != 0)
    return;
  for (int i = 0; i < n_devices; i++) {
    pthread_mutex_lock(&devices[i].lock);
    cle_program_cache_free(devices[i].programs);
    devices[i].programs = NULL;
    pthread_mutex_unlock(&devices[i].lock);
    cle_program_table_clear(&devices[i]);
  }
}
