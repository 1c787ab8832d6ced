/* The disk program cache, seen from separate processes: the first process
 * builds and stores, a second one loads (times of both printed); corrupted,
 * truncated and foreign entries are rebuilt and replaced; CLE_CACHE=0 and an
 * unusable cache folder mean no disk cache and no error (checked in-process,
 * after forgetting the in-memory programs).
 *
 * Run as `test_runtime_cache` (the test, under CLE_CACHE_DIR) or
 * `test_runtime_cache child EXPECT` (one kernel call; EXPECT is "load" or
 * "build": how the program must have been obtained). */
#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cle_private.h"
#include <zlib.h>
#include "test_util.h"

extern char **environ;

static const char *kernel_source =
    "__kernel void scaled_copy(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, const float factor) {\n"
    "  const int x = get_global_id(0), y = get_global_id(1);\n"
    "  const float v = READ_IMAGE(src, sampler, POS_src_INSTANCE(x, y, 0, 0)).x;\n"
    "  WRITE_IMAGE(dst, POS_dst_INSTANCE(x, y, 0, 0), CONVERT_dst_PIXEL_TYPE(v * factor));\n"
    "}\n";

static double now_ms(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* One kernel call with a correct result; returns its wall time in ms (first call: includes build or load). */
static double run_kernel_once(const char *extra_source)
{
  enum { W = 16, H = 8 };
  uint16_t host[W * H], got[W * H];
  for (int i = 0; i < W * H; i++)
    host[i] = (uint16_t)(i * 37);
  double t0 = now_ms();
  cle_array *src = cle_push(NULL, host, CLE_UINT16, W, H, 1);
  cle_array *dst = cle_create(NULL, CLE_UINT16, W, H, 1);
  cle_param p[] = {cle_param_array("src", src), cle_param_array("dst", dst), cle_param_float("factor", 2.0f)};
  size_t range[3] = {W, H, 1};
  const char *source = extra_source ? extra_source : kernel_source;
  CHECK_OK(cle_execute(NULL, source, "scaled_copy", p, 3, range) == 0);
  CHECK_OK(cle_pull(dst, got, sizeof got) == 0);
  double ms = now_ms() - t0;
  for (int i = 0; i < W * H; i++) {
    double want = host[i] * 2.0 > 65535 ? 65535 : host[i] * 2.0;
    CHECK(got[i] == want, "scaled_copy[%d] = %u, want %g", i, got[i], want);
  }
  cle_release(src);
  cle_release(dst);
  return ms;
}

static int child_main(const char *expect)
{
  double ms = run_kernel_once(NULL);
  long builds = cle_program_build_count(), loads = cle_program_disk_load_count();
  printf("  child (%s expected): first call %.1f ms, %ld compiled from source, %ld loaded from disk\n", expect, ms,
         builds, loads);
  if (strcmp(expect, "load") == 0)
    CHECK(builds == 0 && loads == 1, "expected a disk-cache load, got %ld builds, %ld loads", builds, loads);
  else
    CHECK(builds == 1 && loads == 0, "expected a build from source, got %ld builds, %ld loads", builds, loads);
  return test_finish("  child");
}

/* Run this binary as a child expecting `expect`; true if it passed. */
static bool spawn_child(const char *expect)
{
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    return false;
  self[n] = '\0';
  char *argv[] = {self, "child", (char *)expect, NULL};
  pid_t pid;
  fflush(stdout);
  if (posix_spawn(&pid, self, NULL, NULL, argv, environ) != 0)
    return false;
  int status = 0;
  if (waitpid(pid, &status, 0) != pid)
    return false;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Entries (*.clbin) in dir; path of the last one into path. Counts leftover temporaries in *tmp. */
static int cache_entries(const char *dir, char *path, size_t size, int *tmp)
{
  int count = 0;
  *tmp = 0;
  DIR *d = opendir(dir);
  if (!d)
    return 0;
  for (struct dirent *e; (e = readdir(d));) {
    size_t len = strlen(e->d_name);
    if (len > 6 && strcmp(e->d_name + len - 6, ".clbin") == 0) {
      count++;
      snprintf(path, size, "%s/%s", dir, e->d_name);
    } else if (strstr(e->d_name, ".clbin.")) {
      (*tmp)++;
    }
  }
  closedir(d);
  return count;
}

static void remove_entries(const char *dir)
{
  DIR *d = opendir(dir);
  if (!d)
    return;
  char path[4096];
  for (struct dirent *e; (e = readdir(d));) {
    if (strstr(e->d_name, ".clbin")) {
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      unlink(path);
    }
  }
  closedir(d);
}

static long file_size(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void flip_last_byte(const char *path)
{
  int fd = open(path, O_RDWR);
  unsigned char b = 0;
  off_t end = lseek(fd, -1, SEEK_END);
  CHECK(fd >= 0 && end > 0 && read(fd, &b, 1) == 1, "cannot read %s", path);
  b ^= 0x5a;
  CHECK(pwrite(fd, &b, 1, end) == 1, "cannot write %s", path);
  close(fd);
}

static void write_file(const char *path, const void *data, size_t size)
{
  FILE *f = fopen(path, "wb");
  CHECK(f && fwrite(data, 1, size, f) == size, "cannot write %s", path);
  if (f)
    fclose(f);
}

/* Layout of an entry (runtime/program_disk.c): 64 header bytes, the payload's
 * CRC-32 at 56, then the driver's binary. */
enum { ENTRY_HEADER = 64, ENTRY_PAYLOAD_CHECK = 56 };

/* Rewrite entry as a validly framed entry whose pocl binary lacks its LLVM
 * bitcode (what pocl serializes while another process rewrites its kernel
 * cache); false when the payload holds no bitcode (not a pocl binary). */
static bool strip_bitcode(const char *path)
{
  static const unsigned char magic[4] = {'B', 'C', 0xC0, 0xDE};
  FILE *f = fopen(path, "rb");
  long size = file_size(path);
  unsigned char *data = size > ENTRY_HEADER ? malloc((size_t)size) : NULL;
  bool ok = f && data && fread(data, 1, (size_t)size, f) == (size_t)size;
  if (f)
    fclose(f);
  int found = 0;
  for (long i = ENTRY_HEADER; ok && i + 4 <= size; i++)
    if (memcmp(data + i, magic, 4) == 0) {
      memset(data + i, 0, 4);
      found++;
    }
  if (found) {
    const uint32_t check = (uint32_t)crc32(0L, data + ENTRY_HEADER, (uInt)(size - ENTRY_HEADER));
    memcpy(data + ENTRY_PAYLOAD_CHECK, &check, sizeof check);
    write_file(path, data, (size_t)size);
  }
  free(data);
  return found > 0;
}

int main(int argc, char **argv)
{
  if (argc > 2 && strcmp(argv[1], "child") == 0)
    return child_main(argv[2]);

  const char *dir_env = getenv("CLE_CACHE_DIR");
  if (!dir_env || !*dir_env) {
    fprintf(stderr, "test_runtime_cache: run it with CLE_CACHE_DIR set (CTest does)\n");
    return 1;
  }
  char dir[2048], entry[4096], other[4096];
  snprintf(dir, sizeof dir, "%s", dir_env);
  remove_entries(dir);
  int tmp = 0;

  /* 1. This process builds and stores exactly one entry. */
  double build_ms = run_kernel_once(NULL);
  CHECK(cle_program_build_count() == 1 && cle_program_disk_load_count() == 0, "first run: %ld builds, %ld loads",
        cle_program_build_count(), cle_program_disk_load_count());
  CHECK(cache_entries(dir, entry, sizeof entry, &tmp) == 1 && tmp == 0, "one entry and no temporaries expected");
  long stored = file_size(entry);
  CHECK(stored > 120, "entry %s is %ld bytes", entry, stored);
  double hit_ms = run_kernel_once(NULL);
  printf("build from source: %.1f ms (first call, this process); in-memory hit: %.3f ms\n", build_ms, hit_ms);

  /* 2. Another process finds it on disk. */
  printf("second process, valid entry:\n");
  CHECK(spawn_child("load"), "a second process did not load the program from the disk cache");

  /* 3. Corrupted payload: detected, rebuilt, replaced (a third process loads again). */
  flip_last_byte(entry);
  printf("corrupted entry:\n");
  CHECK(spawn_child("build"), "a corrupted entry was not rebuilt");
  CHECK(file_size(entry) == stored, "rebuilt entry has size %ld, want %ld", file_size(entry), stored);
  CHECK(spawn_child("load"), "the replaced entry does not load");

  /* 4. A truncated entry, then a file with a foreign header. */
  CHECK(truncate(entry, stored / 2) == 0, "truncate");
  printf("truncated entry:\n");
  CHECK(spawn_child("build"), "a truncated entry was not rebuilt");
  char junk[512];
  memset(junk, 'J', sizeof junk);
  write_file(entry, junk, sizeof junk);
  printf("foreign file:\n");
  CHECK(spawn_child("build"), "a foreign file was not rebuilt");
  CHECK(spawn_child("load"), "the entry replacing the foreign file does not load");
  CHECK(cache_entries(dir, other, sizeof other, &tmp) == 1 && tmp == 0, "still one entry, no temporaries");

  /* 4b. pocl only: a well-framed entry whose binary lacks its bitcode would
   * abort inside pocl when loaded; it must be refused, rebuilt and replaced. */
  if (strip_bitcode(entry)) {
    printf("pocl binary without bitcode:\n");
    CHECK(spawn_child("build"), "a pocl binary without bitcode was not rebuilt");
    CHECK(spawn_child("load"), "the entry replacing the bitcode-less binary does not load");
  }

  /* 5. The key covers the source: one more character is another entry. */
  char *changed = malloc(strlen(kernel_source) + 2);
  sprintf(changed, "%s\n", kernel_source);
  run_kernel_once(changed);
  CHECK(cache_entries(dir, other, sizeof other, &tmp) == 2, "a changed source should add a second entry");
  free(changed);

  /* 6. CLE_CACHE=0: no disk cache at all (in this process: the environment is read at each miss). */
  char off_dir[2100];
  snprintf(off_dir, sizeof off_dir, "%s/off", dir);
  setenv("CLE_CACHE_DIR", off_dir, 1);
  setenv("CLE_CACHE", "0", 1);
  cle_program_cache_clear_memory();
  long builds = cle_program_build_count(), loads = cle_program_disk_load_count();
  run_kernel_once(NULL);
  CHECK(cle_program_build_count() == builds + 1 && cle_program_disk_load_count() == loads,
        "CLE_CACHE=0 should build from source");
  struct stat st;
  CHECK(stat(off_dir, &st) != 0, "CLE_CACHE=0 still created %s", off_dir);
  unsetenv("CLE_CACHE");

  /* 7. A cache folder that cannot exist (under a regular file): no disk cache, no error. */
  char file_path[2100], bad_dir[2200];
  snprintf(file_path, sizeof file_path, "%s/not-a-folder", dir);
  write_file(file_path, "x", 1);
  snprintf(bad_dir, sizeof bad_dir, "%s/sub", file_path);
  setenv("CLE_CACHE_DIR", bad_dir, 1);
  cle_program_cache_clear_memory();
  builds = cle_program_build_count();
  cle_clear_error();
  run_kernel_once(NULL);
  CHECK(cle_program_build_count() == builds + 1 && cle_last_error() == CLE_OK,
        "an unusable cache folder must only mean building: %s", cle_last_error_message());
  unlink(file_path);

  /* 8. Back in this process: after forgetting the in-memory programs, the disk entry is used. */
  setenv("CLE_CACHE_DIR", dir, 1);
  cle_program_cache_clear_memory();
  loads = cle_program_disk_load_count();
  builds = cle_program_build_count();
  double reload_ms = run_kernel_once(NULL);
  CHECK(cle_program_disk_load_count() == loads + 1 && cle_program_build_count() == builds,
        "in-process reload from disk expected");
  printf("load from the disk cache: %.1f ms (first call after clearing memory, this process)\n", reload_ms);

  return test_finish("test_runtime_cache");
}
