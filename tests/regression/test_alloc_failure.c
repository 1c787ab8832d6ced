/* Host allocation failure, walked allocation by allocation.
 *
 * Every malloc, calloc, realloc, strdup and strndup that libcesperanto and the
 * `cle` command make goes through the wrappers below: this executable links
 * the static runtime (cesperanto_internal) and cle's objects with
 * -Wl,--wrap=malloc,... so their calls bind here. For each workload (a `cle`
 * command line run in-process through cli_main):
 *   1. a child process runs it without failures and counts its allocations
 *      (T) -- this is also the reference output;
 *   2. for every N in 1..T a fresh child fails the N-th allocation (only that
 *      one) and the parent checks that the child
 *        - exited by itself (no signal), with 0 or 1;
 *        - on 1, said so on stderr in one "cle: ..." line naming host memory;
 *        - on 0 (the failure was recoverable: a cache or a size hint), wrote
 *          files equal to the reference's;
 *        - left the output folder with the reference's files or none of them,
 *          and no temporary file;
 *        - printed no sanitizer report (ASan, LSan at exit, UBSan): in the
 *          sanitizer build this is where leaks on error paths show.
 * Each N gets a new process so discovery, context creation and the program
 * cache (memory and disk loads) are walked too, as a user's process meets them.
 *
 * What is not walked: allocations made inside libc (fopen, ...), libtiff,
 * libyaml, libpng, the ICD loader and the OpenCL driver. Their failures reach
 * us as error returns, which the reliability tests cover by other means
 * (tests/runtime/test_oom.c injects OpenCL errors; corrupt files exercise the
 * TIFF/YAML error paths).
 *
 * usage: test_alloc_failure SOURCE_DIR SCRATCH_DIR [WORKLOAD [N]]
 *   WORKLOAD demo or run (default both); N: run only that failure point. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

/* ---- the wrappers ---- */

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);

static atomic_long alloc_count; /* allocations attempted so far in this process */
static long fail_at;            /* the one to fail (1-based); 0: none */

static bool fail_this_one(void)
{
  long n = atomic_fetch_add(&alloc_count, 1) + 1;
  return n == fail_at;
}

void *__wrap_malloc(size_t size)
{
  return fail_this_one() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
  return fail_this_one() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
  return fail_this_one() ? NULL : __real_realloc(p, size);
}

char *__wrap_strdup(const char *s)
{
  return fail_this_one() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
  return fail_this_one() ? NULL : __real_strndup(s, n);
}

/* ---- helpers ---- */

static int failures;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fputs("FAIL: ", stdout);
  vprintf(fmt, ap);
  fputc('\n', stdout);
  va_end(ap);
  failures++;
}

static char *read_file(const char *path, size_t *size)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)(n > 0 ? n : 0) + 1);
  size_t got = fread(buf, 1, (size_t)(n > 0 ? n : 0), f);
  buf[got] = '\0';
  fclose(f);
  if (size)
    *size = got;
  return buf;
}

static void remove_tree(const char *dir)
{
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *e;
  char path[4096];
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
      remove_tree(path);
    else
      unlink(path);
  }
  closedir(d);
  rmdir(dir);
}

/* ---- one child run ---- */

typedef struct workload {
  const char *name;
  const char *argv[8]; /* with "{out}" where the output folder goes */
  const char *outputs[3];
} workload;

typedef struct child_result {
  int status;     /* waitpid's */
  long allocs;    /* allocations the child attempted */
  char *err;      /* its stderr */
  bool files[3];  /* which outputs exist */
  char *bytes[3]; /* and their contents */
  size_t sizes[3];
  int other_files; /* anything else in the output folder (temporaries) */
  char other[256];
} child_result;

static void child_result_free(child_result *r)
{
  free(r->err);
  for (int i = 0; i < 3; i++)
    free(r->bytes[i]);
}

static void run_child(const workload *w, const char *scratch, long n, child_result *r)
{
  memset(r, 0, sizeof *r);
  char out[4096], err_path[4096], count_path[4096];
  snprintf(out, sizeof out, "%s/out", scratch);
  snprintf(err_path, sizeof err_path, "%s/stderr", scratch);
  snprintf(count_path, sizeof count_path, "%s/count", scratch);
  remove_tree(out);
  mkdir(out, 0755);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    FILE *e = freopen(err_path, "w", stderr);
    if (!e || devnull < 0)
      _exit(99);
    dup2(devnull, STDOUT_FILENO);
    char *argv[8];
    int argc = 0;
    for (; w->argv[argc]; argc++)
      argv[argc] = strcmp(w->argv[argc], "{out}") ? (char *)w->argv[argc] : out;
    argv[argc] = NULL;
    atomic_store(&alloc_count, 0);
    fail_at = n;
    int rc = cli_main(argc, argv);
    FILE *c = fopen(count_path, "w");
    if (c) {
      fprintf(c, "%ld\n", atomic_load(&alloc_count));
      fclose(c);
    }
    fflush(stderr);
    exit(rc); /* atexit handlers and LeakSanitizer run as in `cle` */
  }
  waitpid(pid, &r->status, 0);
  r->err = read_file(err_path, NULL);
  char *count = read_file(count_path, NULL);
  r->allocs = count ? atol(count) : -1;
  free(count);
  unlink(count_path);
  for (int i = 0; i < 3 && w->outputs[i]; i++) {
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", out, w->outputs[i]);
    r->bytes[i] = read_file(path, &r->sizes[i]);
    r->files[i] = r->bytes[i] != NULL;
  }
  DIR *d = opendir(out);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    bool known = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    for (int i = 0; i < 3 && w->outputs[i]; i++)
      known = known || !strcmp(e->d_name, w->outputs[i]);
    if (!known) {
      r->other_files++;
      snprintf(r->other, sizeof r->other, "%s", e->d_name);
    }
  }
  if (d)
    closedir(d);
}

static bool sanitizer_report(const char *err)
{
  return strstr(err, "Sanitizer") || strstr(err, "runtime error:");
}

/* The checks of one failure point against the reference run. */
static void check(const workload *w, long n, const child_result *r, const child_result *ref)
{
  const char *err = r->err ? r->err : "";
  if (!WIFEXITED(r->status)) {
    fail("%s: allocation %ld: the process died (signal %d); stderr: %s", w->name, n, WTERMSIG(r->status), err);
    return;
  }
  int code = WEXITSTATUS(r->status);
  if (sanitizer_report(err))
    fail("%s: allocation %ld: sanitizer report:\n%s", w->name, n, err);
  if (code == CLI_FAILED) {
    /* one line, "cle: ...", about host memory */
    const char *nl = strchr(err, '\n');
    if (strncmp(err, "cle: ", 5) || !nl || nl[1] != '\0' || !strstr(err, "host memory"))
      fail("%s: allocation %ld: exit 1 without one 'cle: ... host memory' line; stderr: %s", w->name, n, err);
  } else if (code == CLI_OK) {
    for (int i = 0; i < 3 && w->outputs[i]; i++)
      if (!r->files[i] || r->sizes[i] != ref->sizes[i] || memcmp(r->bytes[i], ref->bytes[i], ref->sizes[i]))
        fail("%s: allocation %ld: succeeded but %s differs from the reference run's", w->name, n, w->outputs[i]);
  } else {
    fail("%s: allocation %ld: exit code %d; stderr: %s", w->name, n, code, err);
  }
  /* all outputs or none: a failed run may stop before the first, never between */
  int present = 0, expected = 0;
  for (int i = 0; i < 3 && w->outputs[i]; i++, expected++)
    present += r->files[i];
  if (code != CLI_OK && present != 0 && present != expected)
    fail("%s: allocation %ld: %d of %d output files left behind", w->name, n, present, expected);
  if (r->other_files)
    fail("%s: allocation %ld: %d unexpected file(s) in the output folder, e.g. %s", w->name, n, r->other_files,
         r->other);
}

static void walk(const workload *w, const char *scratch, long only)
{
  child_result ref;
  run_child(w, scratch, 0, &ref); /* also fills the disk program cache */
  child_result_free(&ref);
  run_child(w, scratch, 0, &ref);
  if (!WIFEXITED(ref.status) || WEXITSTATUS(ref.status) != 0 || ref.allocs <= 0) {
    fail("%s: the run without failures did not succeed (status %d); stderr: %s", w->name, ref.status,
         ref.err ? ref.err : "");
    child_result_free(&ref);
    return;
  }
  for (int i = 0; i < 3 && w->outputs[i]; i++)
    if (!ref.files[i])
      fail("%s: the run without failures wrote no %s", w->name, w->outputs[i]);
  long first = only > 0 ? only : 1, last = only > 0 ? only : ref.allocs;
  int before = failures;
  long failed_runs = 0;
  for (long n = first; n <= last; n++) {
    child_result r;
    run_child(w, scratch, n, &r);
    /* LeakSanitizer's own crash at exit (its tracer thread caught a signal while stopping the
     * process's threads, pocl's among them) is the checker failing, not a finding: run that
     * failure point again, at most twice, before judging it. */
    for (int again = 0; again < 2 && r.err && strstr(r.err, "LeakSanitizer has encountered a fatal error"); again++) {
      child_result_free(&r);
      run_child(w, scratch, n, &r);
    }
    if (WIFEXITED(r.status) && WEXITSTATUS(r.status) == CLI_FAILED)
      failed_runs++;
    check(w, n, &r, &ref);
    child_result_free(&r);
  }
  printf("%s: %ld allocations walked (%ld..%ld), %ld runs reported out of memory, %d problem(s)\n", w->name,
         last - first + 1, first, last, failed_runs, failures - before);
  /* A build where the wrappers are not in effect would pass vacuously. */
  if (only == 0 && failed_runs == 0)
    fail("%s: no injected failure was reported: are the --wrap options in effect?", w->name);
  child_result_free(&ref);
}

int main(int argc, char **argv)
{
  if (argc < 3) {
    fprintf(stderr, "usage: %s SOURCE_DIR SCRATCH_DIR [demo|run [N]]\n", argv[0]);
    return 2;
  }
  const char *src = argv[1], *scratch = argv[2];
  const char *only_workload = argc > 3 ? argv[3] : NULL;
  long only_n = argc > 4 ? atol(argv[4]) : 0;
  char pipeline[4096], cache[4096], data[4096];
  snprintf(pipeline, sizeof pipeline, "%s/examples/seed_workflow.yaml", src);
  snprintf(data, sizeof data, "%s/data", src);
  snprintf(cache, sizeof cache, "%s/program-cache", scratch);
  mkdir(scratch, 0755);
  /* a cache of our own: the first run fills it, every later one loads from it */
  setenv("CLE_CACHE_DIR", cache, 1);
  setenv("CLE_DATA_DIR", data, 1);

  const workload workloads[] = {
      {"demo", {"cle", "demo", "--out", "{out}", NULL}, {"labels.tif", "labels.png", NULL}},
      {"run", {"cle", "run", pipeline, "--out", "{out}", NULL}, {"labels.tif", "labels.png", NULL}},
  };
  for (size_t i = 0; i < sizeof workloads / sizeof workloads[0]; i++)
    if (!only_workload || !strcmp(only_workload, workloads[i].name))
      walk(&workloads[i], scratch, only_n);
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures ? 1 : 0;
}
