/* libFuzzer target: cle-gen's spec parser and validator (and, for specs
 * that pass, every emitter) on an arbitrary spec/ops/fuzz.yaml. Every input
 * is either generated or reported as problems at FILE:LINE:COL; none may
 * crash, leak or read out of bounds. The kernels are the project's. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "emit.h"
#include "emit_facade.h"
#include "model.h"
#include "util.h"

#ifndef CLE_FUZZ_KERNELS
#error "CLE_FUZZ_KERNELS names the kernels folder"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void (*const emitters[])(const gen_model *, gen_buf *) = {gen_emit_ops_header,
                                                                 gen_emit_impl_header,
                                                                 gen_emit_ops_source,
                                                                 gen_emit_registry,
                                                                 gen_emit_spec_tests,
                                                                 gen_emit_json,
                                                                 gen_emit_swig,
                                                                 gen_emit_docs,
                                                                 gen_emit_reference_header,
                                                                 gen_emit_reference_source,
                                                                 gen_emit_python,
                                                                 gen_emit_java,
                                                                 gen_emit_csharp};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char dir[] = "/tmp/cle-fuzz-spec-XXXXXX";
  if (!mkdtemp(dir))
    return 0;
  char ops[64], file[96];
  snprintf(ops, sizeof ops, "%s/ops", dir);
  snprintf(file, sizeof file, "%s/fuzz.yaml", ops);
  FILE *f = mkdir(ops, 0700) == 0 ? fopen(file, "wb") : NULL;
  const int written = f && fwrite(data, 1, size, f) == size;
  if (f)
    fclose(f);
  if (written) {
    gen_model model = {0};
    model.kernels_dir = gen_strdup(CLE_FUZZ_KERNELS);
    model.kernels_display = gen_dir_display(CLE_FUZZ_KERNELS);
    gen_parse_dir(&model, dir);
    gen_validate(&model);
    for (size_t i = 0; gen_diag_count() == 0 && i < sizeof emitters / sizeof emitters[0]; i++) {
      gen_buf b = {0};
      emitters[i](&model, &b);
      gen_buf_free(&b);
    }
    gen_diag_discard();
    gen_model_free(&model);
  }
  unlink(file);
  rmdir(ops);
  rmdir(dir);
  return 0;
}
