/* program_build_time: how long a device's compiler takes for program sources,
 * e.g. those CLE_PROGRAM_DUMP=DIR wrote (their first line names the build
 * options they were built with). For the first-call study of issue 20:
 *
 *   CUDA_CACHE_DISABLE=1 program_build_time [--device NAME] [--repeat N]
 *       [--options "..."] FILE...
 *
 * prints, per file, the fastest and the median of N clBuildProgram calls
 * (each on a new program object) in milliseconds. --options replaces the
 * options read from the files. Then, for several files, the fastest of N
 * builds of all of them one after another and all at once, each on a thread
 * of its own: whether the compiler builds independent programs in parallel
 * (a composite's). Nothing here is cached: set CUDA_CACHE_DISABLE=1 for
 * NVIDIA's own cache. */
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static char *read_file(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
    free(s);
    s = NULL;
  }
  fclose(f);
  if (s) {
    s[n] = '\0';
    *len = (size_t)n;
  }
  return s;
}

/* The options a CLE_PROGRAM_DUMP file names in its first line. */
static void options_of(const char *source, char *out, size_t size)
{
  out[0] = '\0';
  const char *p = "/* options: ";
  if (strncmp(source, p, strlen(p)) != 0)
    return;
  const char *b = source + strlen(p), *e = strstr(b, " */");
  if (e && (size_t)(e - b) < size) {
    memcpy(out, b, (size_t)(e - b));
    out[e - b] = '\0';
  }
}

static cl_device_id find_device(const char *name)
{
  cl_platform_id platforms[16];
  cl_uint np = 0;
  if (clGetPlatformIDs(16, platforms, &np) != CL_SUCCESS)
    return NULL;
  for (cl_uint i = 0; i < np; i++) {
    cl_device_id devices[16];
    cl_uint nd = 0;
    if (clGetDeviceIDs(platforms[i], CL_DEVICE_TYPE_ALL, 16, devices, &nd) != CL_SUCCESS)
      continue;
    for (cl_uint j = 0; j < nd; j++) {
      char dn[256] = "";
      clGetDeviceInfo(devices[j], CL_DEVICE_NAME, sizeof dn, dn, NULL);
      if (!name || strstr(dn, name)) {
        printf("device: %s\n", dn);
        return devices[j];
      }
    }
  }
  return NULL;
}

static void print_build_log(cl_program p, cl_device_id dev)
{
  size_t n = 0;
  if (clGetProgramBuildInfo(p, dev, CL_PROGRAM_BUILD_LOG, 0, NULL, &n) != CL_SUCCESS || n == 0)
    return;
  char *log = malloc(n + 1);
  if (log && clGetProgramBuildInfo(p, dev, CL_PROGRAM_BUILD_LOG, n, log, NULL) == CL_SUCCESS) {
    log[n] = '\0';
    fprintf(stderr, "build log:\n%s\n", log);
  }
  free(log);
}

typedef struct build_job {
  cl_context ctx;
  cl_device_id dev;
  const char *source, *options;
  size_t len;
  int ok;
} build_job;

static void *build_one(void *arg)
{
  build_job *j = arg;
  cl_int err = CL_SUCCESS;
  cl_program p = clCreateProgramWithSource(j->ctx, 1, &j->source, &j->len, &err);
  j->ok = err == CL_SUCCESS && clBuildProgram(p, 1, &j->dev, j->options, NULL, NULL) == CL_SUCCESS;
  if (p)
    clReleaseProgram(p);
  return NULL;
}

/* The fastest of `repeat` builds of all jobs, one after another (threaded 0) or at once. */
static double build_all(build_job *jobs, int n, int repeat, int threaded)
{
  double best = 1e30;
  for (int r = 0; r < repeat; r++) {
    pthread_t tid[64];
    const double t0 = now_ms();
    for (int i = 0; i < n; i++) {
      if (!threaded || pthread_create(&tid[i], NULL, build_one, &jobs[i]) != 0) {
        build_one(&jobs[i]);
        tid[i] = 0;
      }
    }
    for (int i = 0; i < n && threaded; i++)
      if (tid[i])
        pthread_join(tid[i], NULL);
    const double t = now_ms() - t0;
    best = t < best ? t : best;
  }
  return best;
}

static int by_value(const void *a, const void *b)
{
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
  const char *device = NULL, *forced = NULL;
  int repeat = 3, first = 1;
  for (; first < argc && strncmp(argv[first], "--", 2) == 0; first += 2) {
    if (first + 1 >= argc)
      break;
    if (strcmp(argv[first], "--device") == 0)
      device = argv[first + 1];
    else if (strcmp(argv[first], "--repeat") == 0)
      repeat = atoi(argv[first + 1]);
    else if (strcmp(argv[first], "--options") == 0)
      forced = argv[first + 1];
  }
  if (first >= argc || repeat < 1 || repeat > 100) {
    fprintf(stderr, "usage: program_build_time [--device NAME] [--repeat N] [--options OPTS] FILE...\n");
    return 2;
  }
  cl_device_id dev = find_device(device);
  if (!dev) {
    fprintf(stderr, "program_build_time: no device matching '%s'\n", device ? device : "(any)");
    return 1;
  }
  cl_int err = CL_SUCCESS;
  cl_context ctx = clCreateContext(NULL, 1, &dev, NULL, NULL, &err);
  if (err != CL_SUCCESS) {
    fprintf(stderr, "program_build_time: clCreateContext failed (%d)\n", err);
    return 1;
  }
  int failures = 0;
  build_job jobs[64];
  char job_options[64][1024];
  int n_jobs = 0;
  for (int i = first; i < argc; i++) {
    size_t len = 0;
    char *src = read_file(argv[i], &len);
    if (!src) {
      fprintf(stderr, "program_build_time: cannot read %s\n", argv[i]);
      failures++;
      continue;
    }
    char options[1024];
    options_of(src, options, sizeof options);
    if (forced)
      snprintf(options, sizeof options, "%s", forced);
    double t[100];
    int ok = 1;
    for (int r = 0; r < repeat && ok; r++) {
      const char *s = src;
      cl_program p = clCreateProgramWithSource(ctx, 1, &s, &len, &err);
      const double t0 = now_ms();
      ok = err == CL_SUCCESS && clBuildProgram(p, 1, &dev, options, NULL, NULL) == CL_SUCCESS;
      t[r] = now_ms() - t0;
      if (!ok && p)
        print_build_log(p, dev);
      if (p)
        clReleaseProgram(p);
    }
    if (!ok) {
      printf("%-60s build failed\n", argv[i]);
      failures++;
    } else {
      qsort(t, (size_t)repeat, sizeof t[0], by_value);
      printf("%-60s min %7.1f ms  median %7.1f ms  (%zu bytes, options '%s')\n", argv[i], t[0], t[repeat / 2], len,
             options);
    }
    if (ok && n_jobs < 64) {
      snprintf(job_options[n_jobs], sizeof job_options[n_jobs], "%s", options);
      jobs[n_jobs] = (build_job){ctx, dev, src, job_options[n_jobs], len, 0};
      n_jobs++;
    } else {
      free(src);
    }
  }
  if (n_jobs > 1) {
    const double serial = build_all(jobs, n_jobs, repeat, 0), parallel = build_all(jobs, n_jobs, repeat, 1);
    printf("all %d files, min of %d: one after another %.1f ms, at once on %d threads %.1f ms\n", n_jobs, repeat,
           serial, n_jobs, parallel);
  }
  for (int i = 0; i < n_jobs; i++)
    free((char *)jobs[i].source);
  clReleaseContext(ctx);
  return failures ? 1 : 0;
}
