/* cle-gen — cesperanto/cle_ops.h (the public prototypes, documented from the
 * spec) and cle_ops_impl.h (what runtime/ops/ must define for `impl: c`). */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "names.h"

/* The doc comment of one op. */
static void op_comment(gen_buf *b, const gen_op *op)
{
  const gen_output *o = &op->output;
  char *title = gen_printf("%s — %s", op->name, op->brief);
  gen_comment_lines(b, "/* ", title);
  free(title);
  if (op->description && op->description[0]) {
    gen_buf_puts(b, " *\n");
    gen_comment_lines(b, " * ", op->description);
  }
  gen_buf_puts(b, " *\n");
  for (int i = 0; i < op->n_inputs; i++) {
    char *dt = gen_dtypes_words(op->inputs[i].dtypes);
    char *line = gen_printf("%s: %s Dtypes: %s.", op->inputs[i].name, op->inputs[i].doc, dt);
    gen_comment_lines(b, " * ", line);
    free(line);
    free(dt);
  }
  char *words = gen_output_words(op);
  char *line = NULL;
  if (o->kind == GEN_OUT_ARRAY)
    line = gen_printf("%s: the output, or NULL to create it by %s: %s.", o->name, o->creator_text, words);
  if (line)
    gen_comment_lines(b, " * ", line);
  free(line);
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    char *range = gen_range_words(p);
    gen_buf extra = {0};
    gen_buf_printf(&extra, "%s", gen_type_name(p->type));
    if (p->def.present)
      gen_buf_printf(&extra, ", default %s", p->def.text);
    if (range[0])
      gen_buf_printf(&extra, ", %s", range);
    char *pline = gen_printf("%s: %s (%s)", p->name, p->doc, extra.data);
    gen_comment_lines(b, " * ", pline);
    free(pline);
    gen_buf_free(&extra);
    free(range);
  }
  gen_buf_puts(b, " *\n");
  switch (o->kind) {
  case GEN_OUT_ARRAY:
    gen_buf_printf(b, " * Returns a new reference to %s (created or given), or NULL with the error set.\n", o->name);
    break;
  case GEN_OUT_SCALAR:
    gen_buf_printf(b, " * Returns %s, or NaN with the error set.\n", words);
    break;
  case GEN_OUT_INPLACE:
    gen_buf_printf(b, " * Writes into %s; returns a new reference to it, or NULL with the error set.\n", o->of);
    break;
  }
  free(words);
  char *fp = gen_footprint_words(op);
  gen_buf_printf(b, " * Tier %d; footprint %s", op->tier, fp);
  free(fp);
  if (op->n_categories) {
    gen_buf_puts(b, "; categories: ");
    for (int i = 0; i < op->n_categories; i++)
      gen_buf_printf(b, "%s%s", i ? ", " : "", op->categories[i]);
  }
  gen_buf_printf(b, ".\n * Spec: %s\n */\n", op->file);
}

void gen_emit_ops_header(const gen_model *m, gen_buf *b)
{
  gen_buf_printf(b, "/* cesperanto — every operation of spec/ops, %d in all.\n", m->n_ops);
  gen_buf_puts(b, " * " GEN_BANNER ".\n"
                  " *\n"
                  " * Conventions: inputs first, then the output array (NULL: created by the\n"
                  " * op's creator rule), then the params in spec order. Each op clears the\n"
                  " * error on entry and, on failure, returns NULL (NaN for numbers) with\n"
                  " * cle_last_error_message() naming the op, the argument and the value.\n"
                  " */\n"
                  "#ifndef CESPERANTO_CLE_OPS_H\n"
                  "#define CESPERANTO_CLE_OPS_H\n\n"
                  "#include <stdbool.h>\n"
                  "#include \"cesperanto/cle.h\"\n\n"
                  "#ifdef __cplusplus\n"
                  "extern \"C\" {\n"
                  "#endif\n");
  for (int i = 0; i < m->n_ops; i++) {
    gen_buf_putc(b, '\n');
    op_comment(b, &m->ops[i]);
    gen_buf_puts(b, "CLE_API ");
    gen_c_prototype(b, &m->ops[i]);
    gen_buf_puts(b, ";\n");
  }
  gen_buf_puts(b, "\n#ifdef __cplusplus\n}\n#endif\n#endif /* CESPERANTO_CLE_OPS_H */\n");
}

void gen_emit_impl_header(const gen_model *m, gen_buf *b)
{
  gen_buf_puts(b, "/* cesperanto — hand-written op implementations (impl: c) that\n"
                  " * runtime/ops/ must define. " GEN_BANNER ".\n"
                  " *\n"
                  " * Called by the generated cle_OP after every argument check: the output\n"
                  " * array is already created or checked (scalar ops get double *result).\n"
                  " * Return 0, or -1 with the error set (cle_set_error in cle_private.h).\n"
                  " */\n"
                  "#ifndef CESPERANTO_CLE_OPS_IMPL_H\n"
                  "#define CESPERANTO_CLE_OPS_IMPL_H\n\n"
                  "#include <stdbool.h>\n"
                  "#include \"cesperanto/cle.h\"\n\n");
  for (int i = 0; i < m->n_ops; i++) {
    const gen_op *op = &m->ops[i];
    if (op->impl.kind != GEN_IMPL_C)
      continue;
    gen_buf_printf(b, "/* %s (%s) */\n", op->name, op->file);
    gen_c_impl_prototype(b, op);
    gen_buf_puts(b, ";\n");
  }
  gen_buf_puts(b, "\n#endif /* CESPERANTO_CLE_OPS_IMPL_H */\n");
}
