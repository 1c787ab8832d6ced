/* Stand-ins (runtime/program_table.h, CLE_STAND_IN; cle_kernel_ready): the
 * Gaussian's plain loop runs while its register-window program is neither
 * built nor in the disk cache, and gives the same bits.
 *   background: a new process's first blur runs the plain loop while the
 *     register-window program compiles on another thread; the passes of one
 *     blur share that one program, it is compiled once however many threads
 *     ask, and once built (or found in the disk cache) it is used without any
 *     further build.
 *   first (the default): the first blur of a process builds only the plain
 *     loop's program, the second builds the register-window one (and waits),
 *     later ones build nothing; with the disk cache filled the first blur
 *     builds nothing.
 *   off: the first blur builds the register-window program.
 * A composite's first call (difference_of_gaussian: two blurs) runs stand-ins in
 * all its steps.
 * Runs in its own empty cache folder. */
#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cesperanto/cle_ops.h"
#include "cesperanto/cle_registry.h"
#include "cle_private.h"
#include "test_util.h"

#define W 67
#define H 45
#define D 19
#define N (W * H * D)
#define THREADS 4

static float input[N];

/* A blur of a fresh push of input along x, y and z (every pass kind), pulled into out. */
static int blur(cle_device *dev, float *out)
{
  cle_array *src = cle_push(dev, input, CLE_FLOAT32, W, H, D);
  cle_array *dst = src ? cle_gaussian_blur(src, NULL, 1.5f, 2.0f, 1.0f) : NULL;
  int rc = dst && cle_pull(dst, out, sizeof(float) * N) == 0 ? 0 : -1;
  cle_release(dst);
  cle_release(src);
  return rc;
}

/* difference_of_gaussian (a composite of two blurs and a weighted sum) of a fresh push of input. */
static int difference_of_gaussian(cle_device *dev, float *out)
{
  cle_array *src = cle_push(dev, input, CLE_FLOAT32, W, H, D);
  cle_array *dst = src ? cle_difference_of_gaussian(src, NULL, 1.0f, 1.0f, 1.0f, 3.0f, 3.0f, 3.0f) : NULL;
  int rc = dst && cle_pull(dst, out, sizeof(float) * N) == 0 ? 0 : -1;
  cle_release(dst);
  cle_release(src);
  return rc;
}

static bool same_bits(const float *a, const float *b)
{
  return memcmp(a, b, sizeof(float) * N) == 0;
}

typedef struct worker {
  cle_device *dev;
  float *out;
  int rc;
} worker;

static void *blur_on_thread(void *arg)
{
  worker *w = arg;
  w->rc = blur(w->dev, w->out);
  return NULL;
}

/* Delete the files of folder, then the folder (the disk cache keeps its entries flat). */
static void remove_folder(const char *folder)
{
  DIR *d = opendir(folder);
  for (struct dirent *f; d && (f = readdir(d));) {
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", folder, f->d_name);
    if (f->d_name[0] != '.')
      unlink(path);
  }
  if (d)
    closedir(d);
  rmdir(folder);
}

int main(void)
{
  /* An empty disk cache of its own: this test is about what a new process finds. */
  const char *base = getenv("CLE_CACHE_DIR") ? getenv("CLE_CACHE_DIR") : "/tmp";
  char folder[4096];
  snprintf(folder, sizeof folder, "%s/background-XXXXXX", base);
  mkdir(base, 0755);
  CHECK(mkdtemp(folder) != NULL, "cannot make a folder under %s", base);
  setenv("CLE_CACHE_DIR", folder, 1);
  setenv("CLE_STAND_IN", "background", 1);
  cle_device *dev = cle_device_default();
  CHECK_OK(dev != NULL);
  if (!dev)
    return test_finish("test_runtime_stand_in");
  uint32_t state = 12345;
  for (int i = 0; i < N; i++) {
    state = state * 1664525u + 1013904223u;
    input[i] = (float)(state >> 8) / (float)(1u << 24) * 100.0f - 20.0f;
  }
  float *first = malloc(sizeof(float) * N), *later = malloc(sizeof(float) * N), *direct = malloc(sizeof(float) * N);
  float *threaded[THREADS];
  for (int t = 0; t < THREADS; t++)
    threaded[t] = malloc(sizeof(float) * N);

  /* 1. Empty caches: the first blur does not wait for the register-window program. */
  long started = cle_program_background_count();
  CHECK_OK(blur(dev, first) == 0);
  CHECK(cle_program_background_count() == started + 1,
        "the first blur should start exactly one background build (both passes share one program), started %ld",
        cle_program_background_count() - started);
  cle_program_background_wait();

  /* 2. Built now: the same bits, and no build of any kind. */
  long builds = cle_program_build_count(), loads = cle_program_disk_load_count();
  started = cle_program_background_count();
  CHECK_OK(blur(dev, later) == 0);
  CHECK(cle_program_build_count() == builds && cle_program_disk_load_count() == loads &&
            cle_program_background_count() == started,
        "the second blur built (%ld) or loaded (%ld) programs, or started background builds (%ld)",
        cle_program_build_count() - builds, cle_program_disk_load_count() - loads,
        cle_program_background_count() - started);
  CHECK(same_bits(first, later), "the plain-loop and register-window kernels differ");

  /* 3. A process that starts with the disk cache filled (memory forgotten): loads, never waits. */
  cle_program_cache_clear_memory();
  builds = cle_program_build_count();
  started = cle_program_background_count();
  CHECK_OK(blur(dev, later) == 0);
  CHECK(cle_program_build_count() == builds && cle_program_background_count() == started,
        "with the disk cache filled nothing should compile (%ld built, %ld in the background)",
        cle_program_build_count() - builds, cle_program_background_count() - started);
  CHECK(same_bits(first, later), "the blur from the disk cache differs");

  /* 4. "off" and no disk cache: the call compiles its own kernel, one program, and waits. */
  setenv("CLE_STAND_IN", "off", 1);
  setenv("CLE_CACHE", "0", 1);
  cle_program_cache_clear_memory();
  started = cle_program_background_count();
  builds = cle_program_build_count();
  CHECK_OK(blur(dev, direct) == 0);
  CHECK(cle_program_background_count() == started, "CLE_STAND_IN=off still built in the background");
  CHECK(cle_program_build_count() == builds + 1, "CLE_STAND_IN=off: the first blur built %ld programs, not 1",
        cle_program_build_count() - builds);
  CHECK(same_bits(first, direct), "the blur built in the foreground differs");

  /* 4b. "first", the default, no disk cache: a new process's first blur builds the plain loop's
   * program only, its second the register-window one, its third nothing; the same bits each time. */
  unsetenv("CLE_STAND_IN");
  cle_program_cache_clear_memory();
  for (int call = 0; call < 3; call++) {
    builds = cle_program_build_count();
    CHECK_OK(blur(dev, direct) == 0);
    CHECK(cle_program_build_count() == builds + (call < 2), "default policy: blur %d built %ld programs, not %d",
          call + 1, cle_program_build_count() - builds, call < 2);
    CHECK(same_bits(first, direct), "default policy: blur %d differs", call + 1);
  }
  CHECK(cle_program_background_count() == started, "the default policy built in the background");
  /* 4c. A composite's steps share one answer (cle_stand_in_scope): a new process's first
   * difference_of_gaussian runs both blurs' stand-ins (its second blur used to build the
   * register-window program, which both sigmas share), its second call builds that program,
   * its third nothing; the same bits each time. */
  cle_program_cache_clear_memory();
  CHECK_OK(difference_of_gaussian(dev, later) == 0);
  for (int call = 1; call < 3; call++) {
    builds = cle_program_build_count();
    CHECK_OK(difference_of_gaussian(dev, direct) == 0);
    CHECK(cle_program_build_count() == builds + (call == 1),
          "difference_of_gaussian call %d built %ld programs, not %d (its first call built the fast one?)", call + 1,
          cle_program_build_count() - builds, call == 1);
    CHECK(same_bits(later, direct), "difference_of_gaussian call %d differs from the first", call + 1);
  }
  /* ... and with the disk cache filled (by the background steps above), a new process's first blur loads. */
  unsetenv("CLE_CACHE");
  cle_program_cache_clear_memory();
  builds = cle_program_build_count();
  loads = cle_program_disk_load_count();
  CHECK_OK(blur(dev, direct) == 0);
  CHECK(cle_program_build_count() == builds && cle_program_disk_load_count() == loads + 1,
        "default policy with the disk cache filled: %ld built, %ld loaded (expected 0 and 1)",
        cle_program_build_count() - builds, cle_program_disk_load_count() - loads);
  CHECK(same_bits(first, direct), "default policy: the blur from the disk cache differs");

  /* 4d. cle_warmup builds the op's own programs, not stand-ins: in an empty cache folder of its
   * own, a new process's first and second blurs at warmup's parameters (2D float32, sigmas 1:
   * warmup's first call of the op, which would run the stand-in) then build nothing. */
  char warm_folder[4200];
  snprintf(warm_folder, sizeof warm_folder, "%s/warm", folder);
  mkdir(warm_folder, 0755);
  setenv("CLE_CACHE_DIR", warm_folder, 1);
  cle_program_cache_clear_memory();
  CHECK(cle_warmup(dev, "gaussian_blur", "float32") > 0, "cle_warmup failed: %s", cle_last_error_message());
  cle_program_cache_clear_memory();
  builds = cle_program_build_count();
  for (int call = 0; call < 2; call++) {
    cle_array *plane = cle_push(dev, input, CLE_FLOAT32, W, H, 1);
    cle_array *blurred = plane ? cle_gaussian_blur(plane, NULL, 1.0f, 1.0f, 0.0f) : NULL;
    CHECK_OK(blurred != NULL);
    cle_release(blurred);
    cle_release(plane);
  }
  CHECK(cle_program_build_count() == builds, "after cle_warmup two 2D blurs built %ld programs",
        cle_program_build_count() - builds);
  remove_folder(warm_folder);
  setenv("CLE_CACHE_DIR", folder, 1);
  setenv("CLE_STAND_IN", "background", 1);
  setenv("CLE_CACHE", "0", 1);

  /* 5. Threads asking at once with nothing built (no disk cache): one background build, the same bits. */
  cle_program_cache_clear_memory();
  started = cle_program_background_count();
  pthread_t threads[THREADS];
  worker workers[THREADS];
  for (int t = 0; t < THREADS; t++) {
    workers[t] = (worker){dev, threaded[t], -1};
    pthread_create(&threads[t], NULL, blur_on_thread, &workers[t]);
  }
  for (int t = 0; t < THREADS; t++) {
    pthread_join(threads[t], NULL);
    CHECK(workers[t].rc == 0, "thread %d failed", t);
    CHECK(same_bits(first, threaded[t]), "thread %d's blur differs", t);
  }
  CHECK(cle_program_background_count() == started + 1, "%d threads started %ld background builds of one program",
        THREADS, cle_program_background_count() - started);
  /* 6. Exit with a build still running (no disk cache: it must compile): the process waits for it
   * at exit rather than crash inside the driver's teardown (NVIDIA did). */
  cle_program_cache_clear_memory();
  started = cle_program_background_count();
  CHECK_OK(blur(dev, later) == 0);
  CHECK(cle_program_background_count() == started + 1, "the last blur should leave a build running");

  remove_folder(folder);
  free(first);
  free(later);
  free(direct);
  for (int t = 0; t < THREADS; t++)
    free(threaded[t]);
  return test_finish("test_runtime_stand_in");
}
