/* cle-gen — cle_spec_tests.c: the table of tests/ops/spec_tests.h, one row
 * per `tests:` entry, inputs in the op's order and params with defaults filled. */
#include <string.h>

#include "emit.h"
#include "names.h"

static void emit_test(gen_buf *b, const gen_op *op, const gen_test *t)
{
  gen_buf_puts(b, "    {.op = ");
  gen_buf_c_string(b, op->name);
  gen_buf_puts(b, ",\n     .tag = ");
  gen_buf_c_string(b, t->tag);
  gen_buf_printf(b, ",\n     .where = \"%s:%d\",\n     .n_inputs = %d", op->file, t->pos.line, op->n_inputs);
  if (op->n_inputs) /* an op without inputs leaves the array out (C has no empty initializer) */
    gen_buf_puts(b, ",\n     .inputs = {");
  for (int i = 0; i < op->n_inputs; i++) {
    const gen_test_input *ti = NULL;
    for (int j = 0; j < t->n_inputs; j++)
      if (!strcmp(t->inputs[j].name, op->inputs[i].name))
        ti = &t->inputs[j];
    gen_buf_printf(b, "%s{.name = \"%s\", .ndim = %d, .shape = {%ld, %ld, %ld}, .dtype = %s, .fill = ", i ? ", " : "",
                   ti->name, ti->ndim, ti->shape[0], ti->shape[1], ti->shape[2], gen_dtype_enum(ti->dtype));
    gen_buf_c_string(b, ti->fill);
    gen_buf_puts(b, "}");
  }
  gen_buf_printf(b, "%s,\n     .n_params = %d", op->n_inputs ? "}" : "", op->n_params);
  if (op->n_params)
    gen_buf_puts(b, ",\n     .params = {");
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    const gen_value *v = &p->def;
    for (int j = 0; j < t->n_params; j++)
      if (!strcmp(t->params[j].name, p->name))
        v = &t->params[j].value;
    gen_buf_puts(b, i ? ",\n                " : "");
    gen_c_cle_value(b, v, p->type);
  }
  char tol[40], utol[40];
  gen_format_c_double(t->exact ? 0.0 : t->tolerance, tol);
  gen_format_c_double(t->has_upstream_tolerance ? t->upstream_tolerance : -1.0, utol);
  gen_buf_printf(b, "%s,\n     .exact = %s,\n     .tolerance = %s,\n     .upstream = ", op->n_params ? "}" : "",
                 t->exact ? "true" : "false", tol);
  if (op->upstream_absent)
    gen_buf_puts(b, "NULL");
  else
    gen_buf_c_string(b, op->upstream_name ? op->upstream_name : op->name);
  gen_buf_puts(b, ",\n     .upstream_differs = ");
  if (t->upstream_differs)
    gen_buf_c_string(b, t->upstream_differs);
  else
    gen_buf_puts(b, "NULL");
  gen_buf_printf(b, ",\n     .upstream_tolerance = %s},\n", utol);
}

void gen_emit_spec_tests(const gen_model *m, gen_buf *b)
{
  int count = 0;
  for (int i = 0; i < m->n_ops; i++)
    count += m->ops[i].n_tests;
  gen_buf_printf(b,
                 "/* cesperanto — the tests declared in spec/ops (%d in all), for tests/ops.\n"
                 " * " GEN_BANNER ".\n"
                 " * Inputs with ndim 0 take their shape from the fill (blobs: the bundled image).\n"
                 " */\n"
                 "#include <math.h>\n"
                 "#include <stdbool.h>\n"
                 "#include <stddef.h>\n\n"
                 "#include \"spec_tests.h\"\n\n",
                 count);
  if (!count) {
    gen_buf_puts(b, "const cle_spec_test cle_spec_tests[1] = {{.op = NULL}}; /* none yet */\n");
  } else {
    gen_buf_puts(b, "const cle_spec_test cle_spec_tests[] = {\n");
    for (int i = 0; i < m->n_ops; i++)
      for (int t = 0; t < m->ops[i].n_tests; t++)
        emit_test(b, &m->ops[i], &m->ops[i].tests[t]);
    gen_buf_puts(b, "};\n");
  }
  gen_buf_printf(b, "const int cle_spec_test_count = %d;\n", count);
}
