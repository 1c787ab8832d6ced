/* cle-gen as a program: deterministic output, unchanged files left alone
 * (mtime kept), only the outputs a spec edit affects rewritten, nothing
 * touched when the spec has problems, empty spec folders, command-line misuse.
 *
 *   test_generator CLE_GEN FIXTURE_SPEC FIXTURE_KERNELS REAL_SPEC REAL_KERNELS WORK_DIR
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gen_test_util.h"

static const char *cle_gen;

/* Run cle-gen with up to 8 arguments (NULL-terminated); stderr to /dev/null. Returns the exit status. */
static int run_gen(const char *const *args)
{
  char *argv[10] = {(char *)cle_gen};
  for (int i = 0; args[i] && i < 8; i++)
    argv[i + 1] = (char *)args[i];
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open("/dev/null", O_WRONLY);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    execv(cle_gen, argv);
    _exit(127);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) < 0)
    return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int generate(const char *spec, const char *kernels, const char *out)
{
  const char *args[] = {"--spec-dir", spec, "--kernels-dir", kernels, "--out", out, NULL};
  return run_gen(args);
}

static void write_all(const char *path, const char *data, size_t len)
{
  FILE *f = fopen(path, "wb");
  CHECK(f && fwrite(data, 1, len, f) == len, "cannot write %s", path);
  if (f)
    fclose(f);
}

/* The generated files, relative to the out dir (one level of subfolders). */
typedef struct file_list {
  char names[64][512];
  int n;
} file_list;

static void list_files(const char *dir, const char *prefix, file_list *out)
{
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, prefix);
  DIR *d = opendir(path);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    char rel[512], full[1536];
    snprintf(rel, sizeof rel, "%s%s", prefix, e->d_name);
    snprintf(full, sizeof full, "%s/%s", dir, rel);
    struct stat st;
    if (stat(full, &st) != 0)
      continue;
    if (S_ISDIR(st.st_mode)) {
      char sub[520];
      snprintf(sub, sizeof sub, "%s/", rel);
      list_files(dir, sub, out);
    } else if (out->n < 64) {
      snprintf(out->names[out->n++], sizeof out->names[0], "%s", rel);
    }
  }
  closedir(d);
}

static int name_cmp(const void *a, const void *b)
{
  return strcmp(a, b);
}

static void sorted_files(const char *dir, file_list *out)
{
  out->n = 0;
  list_files(dir, "", out);
  qsort(out->names, (size_t)out->n, sizeof out->names[0], name_cmp);
}

static void check_identical(const char *a, const char *b)
{
  file_list fa, fb;
  sorted_files(a, &fa);
  sorted_files(b, &fb);
  CHECK(fa.n > 0 && fa.n == fb.n, "%s has %d files, %s has %d", a, fa.n, b, fb.n);
  for (int i = 0; i < fa.n && i < fb.n; i++) {
    CHECK(!strcmp(fa.names[i], fb.names[i]), "file sets differ: %s vs %s", fa.names[i], fb.names[i]);
    char pa[1024], pb[1024];
    snprintf(pa, sizeof pa, "%s/%s", a, fa.names[i]);
    snprintf(pb, sizeof pb, "%s/%s", b, fb.names[i]);
    size_t la = 0, lb = 0;
    char *da = read_all(pa, &la), *db = read_all(pb, &lb);
    CHECK(da && db && la == lb && !memcmp(da, db, la), "%s differs between two runs", fa.names[i]);
    free(da);
    free(db);
  }
}

static const struct timespec old_time = {1000000000, 0}; /* 2001: long before any run */

static void age_files(const char *dir)
{
  file_list f;
  sorted_files(dir, &f);
  for (int i = 0; i < f.n; i++) {
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, f.names[i]);
    struct timespec times[2] = {old_time, old_time};
    CHECK(utimensat(AT_FDCWD, p, times, 0) == 0, "cannot set the time of %s", p);
  }
}

static bool is_old(const char *dir, const char *name)
{
  char p[1024];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  struct stat st;
  return stat(p, &st) == 0 && st.st_mtim.tv_sec == old_time.tv_sec;
}

static void copy_dir_files(const char *from, const char *to)
{
  mkdir(to, 0777);
  DIR *d = opendir(from);
  CHECK(d != NULL, "cannot open %s", from);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    char src[1024], dst[1024];
    snprintf(src, sizeof src, "%s/%s", from, e->d_name);
    snprintf(dst, sizeof dst, "%s/%s", to, e->d_name);
    size_t len;
    char *data = read_all(src, &len);
    if (data)
      write_all(dst, data, len);
    free(data);
  }
  closedir(d);
}

static void remove_tree(const char *dir)
{
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  CHECK(system(cmd) == 0, "cannot clean %s", dir);
}

int main(int argc, char **argv)
{
  if (argc != 7) {
    fprintf(stderr, "usage: %s CLE_GEN FIXTURE_SPEC FIXTURE_KERNELS REAL_SPEC REAL_KERNELS WORK_DIR\n", argv[0]);
    return 2;
  }
  cle_gen = argv[1];
  const char *fix_spec = argv[2], *fix_kernels = argv[3], *real_spec = argv[4], *real_kernels = argv[5];
  char w[512], a[600], b[600], c[600], spec_copy[600], ops_copy[700];
  snprintf(w, sizeof w, "%s", argv[6]);
  remove_tree(w);
  mkdir(w, 0777);
  snprintf(a, sizeof a, "%s/a", w);
  snprintf(b, sizeof b, "%s/b", w);
  snprintf(c, sizeof c, "%s/c", w);

  /* 1. Same spec, same bytes: fixtures, then the project's own spec. */
  CHECK(generate(fix_spec, fix_kernels, a) == 0, "fixture spec did not generate");
  CHECK(generate(fix_spec, fix_kernels, b) == 0, "fixture spec did not generate twice");
  check_identical(a, b);
  CHECK(generate(real_spec, real_kernels, c) == 0, "spec/ops did not generate");
  char c2[700];
  snprintf(c2, sizeof c2, "%s/c2", w);
  CHECK(generate(real_spec, real_kernels, c2) == 0, "spec/ops did not generate twice");
  check_identical(c, c2);

  /* 2. A rerun over unchanged input rewrites nothing. */
  age_files(a);
  CHECK(generate(fix_spec, fix_kernels, a) == 0, "rerun failed");
  file_list fa;
  sorted_files(a, &fa);
  for (int i = 0; i < fa.n; i++)
    CHECK(is_old(a, fa.names[i]), "%s was rewritten although nothing changed", fa.names[i]);

  /* 3. Editing one op's brief rewrites the outputs that show it, not the others. */
  snprintf(spec_copy, sizeof spec_copy, "%s/spec", w);
  snprintf(ops_copy, sizeof ops_copy, "%s/ops", spec_copy);
  mkdir(spec_copy, 0777);
  char fix_ops[600];
  snprintf(fix_ops, sizeof fix_ops, "%s/ops", fix_spec);
  copy_dir_files(fix_ops, ops_copy);
  char scalar_spec[800];
  snprintf(scalar_spec, sizeof scalar_spec, "%s/fx_scalar.yaml", ops_copy);
  size_t len = 0;
  char *text = read_all(scalar_spec, &len);
  CHECK(text && strstr(text, "brief: Fixture op returning a number."), "fx_scalar.yaml is not as expected");
  if (text) {
    const char *from = "brief: Fixture op returning a number.";
    char *at = strstr(text, from);
    if (at) {
      char edited[4096];
      snprintf(edited, sizeof edited, "%.*sbrief: Fixture op returning a number, edited.%s", (int)(at - text), text,
               at + strlen(from));
      write_all(scalar_spec, edited, strlen(edited));
    }
  }
  free(text);
  age_files(a);
  CHECK(generate(spec_copy, fix_kernels, a) == 0, "edited spec did not generate");
  const char *changed[] = {"include/cesperanto/cle_ops.h", "cle_registry.c", "ops.json", "cle_ops.i", "operations.md"};
  const char *unchanged[] = {"cle_ops_impl.h", "cle_ops.c", "cle_spec_tests.c"};
  for (size_t i = 0; i < sizeof changed / sizeof *changed; i++)
    CHECK(!is_old(a, changed[i]), "%s not rewritten after the brief changed", changed[i]);
  for (size_t i = 0; i < sizeof unchanged / sizeof *unchanged; i++)
    CHECK(is_old(a, unchanged[i]), "%s rewritten although the brief is not in it", unchanged[i]);

  /* 4. A spec with a problem leaves existing outputs alone. */
  write_all(scalar_spec, "name: fx_scalar\ntier: [\n", strlen("name: fx_scalar\ntier: [\n"));
  age_files(a);
  CHECK(generate(spec_copy, fix_kernels, a) == 1, "a broken spec must exit with status 1");
  sorted_files(a, &fa);
  for (int i = 0; i < fa.n; i++)
    CHECK(is_old(a, fa.names[i]), "%s touched by a failed run", fa.names[i]);

  /* 5. No ops yet: valid, empty outputs. */
  char empty_spec[600], empty_out[600];
  snprintf(empty_spec, sizeof empty_spec, "%s/empty-spec", w);
  snprintf(empty_out, sizeof empty_out, "%s/empty-out", w);
  mkdir(empty_spec, 0777);
  CHECK(generate(empty_spec, fix_kernels, empty_out) == 0, "an empty spec folder must generate");
  char json[700];
  snprintf(json, sizeof json, "%s/ops.json", empty_out);
  text = read_all(json, &len);
  CHECK(text && strstr(text, "\"ops\": []"), "ops.json of an empty spec should list no ops");
  free(text);
  char missing[600];
  snprintf(missing, sizeof missing, "%s/no-such-dir", w);
  CHECK(generate(missing, fix_kernels, empty_out) == 1, "a missing spec folder is an error");

  /* 6. Command-line misuse. */
  const char *none[] = {NULL};
  const char *unknown[] = {"--spec", fix_spec, NULL};
  const char *dangling[] = {"--spec-dir", NULL};
  const char *help[] = {"--help", NULL};
  CHECK(run_gen(none) == 2, "no arguments must exit with status 2");
  CHECK(run_gen(unknown) == 2, "an unknown option must exit with status 2");
  CHECK(run_gen(dangling) == 2, "an option without its value must exit with status 2");
  CHECK(run_gen(help) == 0, "--help must succeed");

  if (!failures)
    remove_tree(w);
  printf("%s: %d failure%s\n", failures ? "FAILED" : "ok", failures, failures == 1 ? "" : "s");
  return failures ? 1 : 0;
}
