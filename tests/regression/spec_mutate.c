/* Every node of a valid spec set replaced, one at a time, by a node of
 * another type: cle-gen must report the problem (exit 1 with its count line)
 * or accept the spec (exit 0), never crash, and under the sanitizers never
 * report a memory error. Regression of the hostile-input probe of 2026-12-02:
 * a list where a name belongs (an input or param name of a composite's
 * callee, a test input's fill) reached strcmp as NULL.
 *
 * A scalar becomes [x] and {x: y}; a list becomes x and {x: y}; a mapping x
 * and [x]. The replacement covers the node's text (libyaml's marks), so the
 * rest of the file, and the other files, stay as they were.
 *
 * usage: spec_mutate CLE_GEN FIXTURE_DIR SCRATCH_DIR
 *   FIXTURE_DIR holds spec/ops/NAME.yaml files (cle-gen accepts them) and kernels/.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml.h>

#include "gen_test_util.h" /* failures, read_all */

static int runs;

static int write_all(const char *path, const char *a, size_t na, const char *b, size_t nb, const char *c, size_t nc)
{
  FILE *f = fopen(path, "wb");
  if (!f)
    return -1;
  int ok = fwrite(a, 1, na, f) == na && fwrite(b, 1, nb, f) == nb && fwrite(c, 1, nc, f) == nc;
  return fclose(f) == 0 && ok ? 0 : -1;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run cle-gen on scratch; check how it ended. Returns its exit status (-1: no normal exit). */
static int run_gen(const char *gen, const char *scratch, const char *kernels, const char *what)
{
  char spec[4096], out[4096], err_path[4096];
  snprintf(spec, sizeof spec, "%s/spec", scratch);
  snprintf(out, sizeof out, "%s/out", scratch);
  snprintf(err_path, sizeof err_path, "%s/stderr.txt", scratch);
  runs++;
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int null = open("/dev/null", O_WRONLY);
    if (fd < 0 || null < 0)
      _exit(125);
    dup2(fd, 2);
    dup2(null, 1);
    execl(gen, gen, "--spec-dir", spec, "--kernels-dir", kernels, "--out", out, (char *)NULL);
    _exit(126);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) {
    fprintf(stderr, "%s: cannot run %s: %s\n", what, gen, strerror(errno));
    failures++;
    return -1;
  }
  size_t n = 0;
  char *err = read_all(err_path, &n);
  const char *problem = NULL;
  if (WIFSIGNALED(status))
    problem = "killed by a signal";
  else if (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 1)
    problem = "unexpected exit status";
  else if (err && (strstr(err, "Sanitizer") || strstr(err, "runtime error:")))
    problem = "sanitizer report";
  else if (WEXITSTATUS(status) == 1 && (!err || !strstr(err, "cle-gen: ")))
    problem = "exit 1 without a problem count";
  if (problem) {
    failures++;
    fprintf(stderr, "FAIL %s: %s (status 0x%x)\n%s\n", what, problem, (unsigned)status, err ? err : "");
  }
  free(err);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void mutate_file(const char *gen, const char *fixture, const char *scratch, const char *name)
{
  char path[4096], target[4096], kernels[4096];
  snprintf(path, sizeof path, "%s/spec/ops/%s", fixture, name);
  snprintf(target, sizeof target, "%s/spec/ops/%s", scratch, name);
  snprintf(kernels, sizeof kernels, "%s/kernels", fixture);
  size_t len = 0;
  char *text = read_all(path, &len);
  if (!text) {
    fprintf(stderr, "cannot read %s\n", path);
    failures++;
    return;
  }
  yaml_parser_t parser;
  yaml_document_t doc;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
  if (!yaml_parser_load(&parser, &doc)) {
    fprintf(stderr, "%s: not valid YAML: %s\n", path, parser.problem ? parser.problem : "?");
    failures++;
    yaml_parser_delete(&parser);
    free(text);
    return;
  }
  int n_nodes = (int)(doc.nodes.top - doc.nodes.start);
  for (int i = 0; i < n_nodes; i++) {
    const yaml_node_t *node = doc.nodes.start + i;
    if (i == 0)
      continue; /* the root: not-a-mapping cases exist in tests/spec-errors */
    size_t start = node->start_mark.index, end = node->end_mark.index;
    if (start > end || end > len)
      continue;
    static const char *const for_scalar[] = {"[x]", "{x: y}"};
    static const char *const for_list[] = {"x", "{x: y}"};
    static const char *const for_map[] = {"x", "[x]"};
    const char *const *repl = node->type == YAML_SCALAR_NODE     ? for_scalar
                              : node->type == YAML_SEQUENCE_NODE ? for_list
                                                                 : for_map;
    /* A block node's text ends with its line break: keep one. */
    const char *tail = end > start && text[end - 1] == '\n' ? "\n" : "";
    for (int r = 0; r < 2; r++) {
      char mid[16];
      snprintf(mid, sizeof mid, "%s%s", repl[r], tail);
      if (write_all(target, text, start, mid, strlen(mid), text + end, len - end) != 0) {
        fprintf(stderr, "cannot write %s\n", target);
        failures++;
        continue;
      }
      char what[256];
      snprintf(what, sizeof what, "%s:%d:%d -> %s", name, (int)node->start_mark.line + 1,
               (int)node->start_mark.column + 1, repl[r]);
      run_gen(gen, scratch, kernels, what);
    }
  }
  write_all(target, text, len, "", 0, "", 0); /* restore for the next file */
  yaml_document_delete(&doc);
  yaml_parser_delete(&parser);
  free(text);
}

int main(int argc, char **argv)
{
  if (argc != 4) {
    fprintf(stderr, "usage: %s CLE_GEN FIXTURE_DIR SCRATCH_DIR\n", argv[0]);
    return 2;
  }
  const char *gen = argv[1], *fixture = argv[2], *scratch = argv[3];
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/spec/ops", fixture);
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "cannot open %s\n", dir);
    return 1;
  }
  char *names[256];
  int n = 0;
  for (struct dirent *e; (e = readdir(d)) && n < 256;) {
    size_t l = strlen(e->d_name);
    if (l > 5 && !strcmp(e->d_name + l - 5, ".yaml"))
      names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, (size_t)n, sizeof *names, cmp_str);
  /* scratch/spec/ops: a copy of the fixture, one file mutated at a time */
  char ops[4096];
  snprintf(ops, sizeof ops, "%s/spec", scratch);
  mkdir(scratch, 0755);
  mkdir(ops, 0755);
  snprintf(ops, sizeof ops, "%s/spec/ops", scratch);
  mkdir(ops, 0755);
  for (int i = 0; i < n; i++) {
    char from[8192], to[8192];
    snprintf(from, sizeof from, "%s/%s", dir, names[i]);
    snprintf(to, sizeof to, "%s/%s", ops, names[i]);
    size_t len = 0;
    char *text = read_all(from, &len);
    if (!text || write_all(to, text, len, "", 0, "", 0) != 0) {
      fprintf(stderr, "cannot copy %s\n", from);
      return 1;
    }
    free(text);
  }
  char kernels[4096];
  snprintf(kernels, sizeof kernels, "%s/kernels", fixture);
  if (run_gen(gen, scratch, kernels, "the fixture as it is") != 0) {
    fprintf(stderr, "cle-gen must accept the fixture as it is\n");
    return 1;
  }
  runs = 0;
  for (int i = 0; i < n; i++)
    mutate_file(gen, fixture, scratch, names[i]);
  for (int i = 0; i < n; i++)
    free(names[i]);
  printf("%d cle-gen runs over %d files, %d failed\n", runs, n, failures);
  return failures ? 1 : 0;
}
