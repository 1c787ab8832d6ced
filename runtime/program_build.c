/* Turning program source into a built cl_program: from a verified disk
 * cache entry when there is one, else by compiling (and storing the result). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "program_store.h"

/* Float results must not depend on the device: OpenCL lets float '/' and
 * sqrt be off by up to 2.5 and 3 ulp, and NVIDIA's are (even
 * (float)((double)a / b) came out 1 ulp off there: a compiler may narrow it
 * back to a float division). Where the device can divide and take square
 * roots correctly rounded, it must. Contraction into fma is switched off in
 * kernels/preamble.cl. The options are part of the cache key. */
static const char correctly_rounded[] = "-cl-fp32-correctly-rounded-divide-sqrt";

const char *cle_program_build_options(const cle_device *dev)
{
  cl_device_fp_config fp = 0;
  if (clGetDeviceInfo(dev->id, CL_DEVICE_SINGLE_FP_CONFIG, sizeof fp, &fp, NULL) != CL_SUCCESS)
    return "";
  return fp & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT ? correctly_rounded : "";
}

static atomic_long source_builds;
static atomic_long disk_loads;

long cle_program_build_count(void)
{
  return atomic_load(&source_builds);
}

long cle_program_disk_load_count(void)
{
  return atomic_load(&disk_loads);
}

static cl_program from_binary(cle_device *dev, const char *options, const unsigned char *binary, size_t size)
{
  cl_int status = CL_SUCCESS, err = CL_SUCCESS;
  cl_program p = clCreateProgramWithBinary(dev->context, 1, &dev->id, &size, &binary, &status, &err);
  if (err != CL_SUCCESS || status != CL_SUCCESS) {
    if (p)
      clReleaseProgram(p);
    return NULL;
  }
  if (clBuildProgram(p, 1, &dev->id, options, NULL, NULL) != CL_SUCCESS) {
    clReleaseProgram(p);
    return NULL;
  }
  return p;
}

static char *build_log(cl_program p, cl_device_id d)
{
  size_t n = 0;
  if (clGetProgramBuildInfo(p, d, CL_PROGRAM_BUILD_LOG, 0, NULL, &n) != CL_SUCCESS || n == 0)
    return NULL;
  char *log = calloc(n + 1, 1);
  if (log && clGetProgramBuildInfo(p, d, CL_PROGRAM_BUILD_LOG, n, log, NULL) != CL_SUCCESS) {
    free(log);
    return NULL;
  }
  return log;
}

static cl_program from_source(cle_device *dev, const char *options, const char *who, const char *kernel_name,
                              const char *source, size_t len, const cle_source_origin *origin)
{
  cl_int err = CL_SUCCESS;
  cl_program p = clCreateProgramWithSource(dev->context, 1, &source, &len, &err);
  if (err != CL_SUCCESS) {
    cle_cl_fail(who, "clCreateProgramWithSource", err);
    return NULL;
  }
  atomic_fetch_add(&source_builds, 1);
  err = clBuildProgram(p, 1, &dev->id, options, NULL, NULL);
  if (err != CL_SUCCESS) {
    char *log = build_log(p, dev->id);
    cle_error code = err == CL_BUILD_PROGRAM_FAILURE ? CLE_ERROR_BUILD : cle_cl_error_code(err);
    /* Most compilers honour the #line before the kernel's source; for one
     * that does not, say where that source begins. */
    cle_set_error(code,
                  "%s: building kernel '%s' for device '%s' failed: %s (%d)\n"
                  "build log (positions are in %s; a driver that ignores #line counts from the start of the "
                  "program, where %s begins at line %d):\n%s",
                  who, kernel_name, dev->name, cle_cl_error_name(err), (int)err, origin->name, origin->name,
                  origin->first_line, log && *log ? log : "(the driver gave no build log)");
    free(log);
    clReleaseProgram(p);
    return NULL;
  }
  return p;
}

/* pocl serializes a program binary from the files of its own kernel cache;
 * when another process is rewriting that cache entry at the same moment, the
 * binary comes out without its LLVM bitcode, and loading such a binary aborts
 * inside pocl (an assertion), where no error code can be returned. So a pocl
 * binary must hold bitcode (magic 'BC' 0xC0 0xDE) to be stored or loaded.
 * Other drivers' binaries are opaque and checked by the driver itself. */
static bool binary_usable(const cle_device *dev, const unsigned char *binary, size_t size)
{
  static const unsigned char bitcode_magic[4] = {'B', 'C', 0xC0, 0xDE};
  if (!dev->platform || !strstr(dev->platform, "Portable Computing Language"))
    return true;
  for (size_t i = 0; i + sizeof bitcode_magic <= size; i++)
    if (memcmp(binary + i, bitcode_magic, sizeof bitcode_magic) == 0)
      return true;
  return false;
}

static void save_binary(cle_device *dev, const char *dir, const unsigned char key[CLE_SHA256_SIZE], cl_program p)
{
  size_t size = 0;
  if (clGetProgramInfo(p, CL_PROGRAM_BINARY_SIZES, sizeof size, &size, NULL) != CL_SUCCESS || size == 0)
    return;
  unsigned char *binary = malloc(size);
  unsigned char *binaries[1] = {binary};
  if (binary && clGetProgramInfo(p, CL_PROGRAM_BINARIES, sizeof binaries, binaries, NULL) == CL_SUCCESS &&
      binary_usable(dev, binary, size))
    cle_cache_write(dir, key, binary, size);
  free(binary);
}

/* CLE_PROGRAM_DUMP=DIR writes each program compiled from source to
 * DIR/NNN-KERNEL.cl, its build options in the first line's comment, for
 * studying build times (bench/program_build_time.c) and driver bugs. */
static void dump_source(const char *kernel_name, const char *options, const char *source, size_t len)
{
  static atomic_int dumped;
  const char *dir = getenv("CLE_PROGRAM_DUMP");
  if (!dir || !*dir)
    return;
  char path[4096];
  snprintf(path, sizeof path, "%s/%03d-%s.cl", dir, atomic_fetch_add(&dumped, 1), kernel_name);
  FILE *f = fopen(path, "w");
  if (!f)
    return;
  fprintf(f, "/* options: %s */\n", options);
  fwrite(source, 1, len, f);
  fclose(f);
}

cl_program cle_program_load_cached(cle_device *dev, const char *options, const unsigned char key[CLE_SHA256_SIZE],
                                   const cle_source_origin *origin)
{
  char *dir = cle_cache_dir();
  if (!dir)
    return NULL;
  size_t size = 0;
  unsigned char *binary = cle_cache_read(dir, key, &size);
  free(dir);
  cl_program p = NULL;
  if (binary && binary_usable(dev, binary, size)) {
    const double t0 = cle_profile_enabled() ? cle_profile_now() : 0;
    /* A verified entry the driver still refuses gives NULL: it is rebuilt and replaced. */
    p = from_binary(dev, options, binary, size);
    if (p && cle_profile_enabled())
      cle_profile_record(origin->name, "program from the disk cache", cle_profile_now() - t0);
    if (p)
      atomic_fetch_add(&disk_loads, 1);
  }
  free(binary);
  return p;
}

cl_program cle_program_compile(cle_device *dev, const char *options, const unsigned char key[CLE_SHA256_SIZE],
                               const char *who, const char *kernel_name, const char *source, size_t len,
                               const cle_source_origin *origin)
{
  dump_source(kernel_name, options, source, len);
  const double t0 = cle_profile_enabled() ? cle_profile_now() : 0;
  cl_program p = from_source(dev, options, who, kernel_name, source, len, origin);
  if (p && cle_profile_enabled())
    cle_profile_record(origin->name, "program built from source", cle_profile_now() - t0);
  char *dir = p ? cle_cache_dir() : NULL;
  if (dir) {
    const double t1 = cle_profile_start();
    save_binary(dev, dir, key, p);
    cle_profile_stop(origin->name, "program saved to the disk cache", t1);
  }
  free(dir);
  return p;
}
