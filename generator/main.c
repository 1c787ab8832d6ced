/* cle-gen — the spec-driven generator.
 *
 *   cle-gen --spec-dir DIR --kernels-dir DIR --out DIR [--docs FILE]
 *
 * Reads DIR/ops/NAME.yaml, validates the whole set (every problem is printed as
 * "spec/ops/NAME.yaml:LINE:COL: what is wrong"; exit status 1 if there is
 * any), then writes the outputs into the out dir. A file whose content is
 * unchanged is not rewritten, so build tools rebuild only what depends on a
 * real change. --docs also writes operations.md to FILE.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "emit.h"
#include "emit_facade.h"
#include "model.h"
#include "util.h"

static const char *const usage = "usage: cle-gen --spec-dir DIR --kernels-dir DIR --out DIR [--docs FILE]\n"
                                 "  --spec-dir DIR     the spec folder; operations are read from DIR/ops/*.yaml\n"
                                 "  --kernels-dir DIR  the kernels folder (impl kernel: DIR/NAME.cl must exist)\n"
                                 "  --out DIR          where the generated files go (created if missing)\n"
                                 "  --docs FILE        also write operations.md to FILE\n";

typedef struct output {
  const char *name; /* relative to the out dir */
  void (*emit)(const gen_model *, gen_buf *);
} output;

static const output outputs[] = {
    {"include/cesperanto/cle_ops.h", gen_emit_ops_header},
    {"cle_ops_impl.h", gen_emit_impl_header},
    {"cle_ops.c", gen_emit_ops_source},
    {"cle_registry.c", gen_emit_registry},
    {"cle_spec_tests.c", gen_emit_spec_tests},
    {"ops.json", gen_emit_json},
    {"cle_ops.i", gen_emit_swig},
    {"operations.md", gen_emit_docs},
    /* the test references' typed prototypes, generated references and lookup (tests/reference) */
    {"cle_reference_ops.h", gen_emit_reference_header},
    {"cle_reference_ops.c", gen_emit_reference_source},
    /* per-language facades over the SWIG layer (bindings/) */
    {"_ops.py", gen_emit_python},
    {"Cle.java", gen_emit_java},
    {"CleArrayOps.java", gen_emit_java_array_ops},
    {"Cle.cs", gen_emit_csharp},
    {"ops.rb", gen_emit_ruby},
};

static int make_dir(const char *path)
{
  if (mkdir(path, 0777) == 0 || errno == EEXIST)
    return 0;
  fprintf(stderr, "cle-gen: cannot create %s: %s\n", path, strerror(errno));
  return -1;
}

static int write_outputs(const gen_model *m, const char *out_dir, const char *docs_file)
{
  char *include = gen_printf("%s/include", out_dir), *sub = gen_printf("%s/include/cesperanto", out_dir);
  int rc = make_dir(out_dir) || make_dir(include) || make_dir(sub) ? -1 : 0;
  free(sub);
  free(include);
  for (size_t i = 0; rc == 0 && i < sizeof outputs / sizeof outputs[0]; i++) {
    gen_buf b = {0};
    outputs[i].emit(m, &b);
    char *path = gen_printf("%s/%s", out_dir, outputs[i].name);
    rc = gen_write_if_changed(path, b.data, b.len);
    if (rc == 0 && docs_file && outputs[i].emit == gen_emit_docs)
      rc = gen_write_if_changed(docs_file, b.data, b.len);
    free(path);
    gen_buf_free(&b);
  }
  return rc;
}

int main(int argc, char **argv)
{
  const char *spec_dir = NULL, *kernels_dir = NULL, *out_dir = NULL, *docs_file = NULL;
  for (int i = 1; i < argc; i++) {
    const char **slot = !strcmp(argv[i], "--spec-dir")      ? &spec_dir
                        : !strcmp(argv[i], "--kernels-dir") ? &kernels_dir
                        : !strcmp(argv[i], "--out")         ? &out_dir
                        : !strcmp(argv[i], "--docs")        ? &docs_file
                                                            : NULL;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      fputs(usage, stdout);
      return 0;
    }
    if (!slot) {
      fprintf(stderr, "cle-gen: unknown argument '%s'\n%s", argv[i], usage);
      return 2;
    }
    if (i + 1 >= argc) {
      fprintf(stderr, "cle-gen: %s needs a value\n%s", argv[i], usage);
      return 2;
    }
    *slot = argv[++i];
  }
  if (!spec_dir || !kernels_dir || !out_dir) {
    fprintf(stderr, "cle-gen: --spec-dir, --kernels-dir and --out are required\n%s", usage);
    return 2;
  }

  gen_model model = {0};
  model.kernels_dir = gen_strdup(kernels_dir);
  model.kernels_display = gen_dir_display(kernels_dir);
  gen_parse_dir(&model, spec_dir);
  gen_validate(&model);
  int problems = gen_diag_count();
  int rc = 0;
  if (problems) {
    gen_diag_flush();
    fprintf(stderr, "cle-gen: %d problem%s in the spec; nothing written\n", problems, problems == 1 ? "" : "s");
    rc = 1;
  } else if (write_outputs(&model, out_dir, docs_file) != 0) {
    rc = 1;
  }
  gen_model_free(&model);
  return rc;
}
