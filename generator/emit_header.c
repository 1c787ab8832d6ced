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
  if (op->n_inputs == 0)
    gen_comment_lines(b, " * ",
                      "device: where to create the output; NULL: the output's device when one is given, else "
                      "cle_device_default(). A given output must be on it.");
  for (int i = 0; i < op->n_inputs; i++) {
    char *words = gen_input_words(&op->inputs[i]);
    char *line = gen_printf("%s: %s", op->inputs[i].name, words);
    gen_comment_lines(b, " * ", line);
    free(line);
    free(words);
  }
  char *words = gen_output_words(op);
  char *line = NULL;
  if (o->kind == GEN_OUT_ARRAY)
    line = gen_printf("%s: the output, or NULL to create it by %s: %s.", o->name, o->creator_text, words);
  if (line)
    gen_comment_lines(b, " * ", line);
  free(line);
  for (int k = 0; k < op->n_outputs; k++) {
    const gen_output *ok = &op->outputs[k];
    char *what = gen_output_words_of(op, ok);
    char *one = gen_printf("%s: %s Where *%s is NULL the op creates it by %s (%s)%s and stores it there (a new "
                           "reference); else it writes into the given array.",
                           ok->name, ok->doc, ok->name, ok->creator_text, what,
                           ok->only_3d ? ", for a 3D input only: otherwise *NAME is left as it is" : "");
    gen_comment_lines(b, " * ", one);
    free(one);
    free(what);
  }
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    char *range = gen_range_words(p);
    gen_buf extra = {0};
    gen_buf_printf(&extra, "%s", gen_type_name(p->type));
    if (p->def.present)
      gen_buf_printf(&extra, ", default %s%s", p->def.text,
                     !p->optional                  ? ""
                     : p->type == GEN_T_FLOAT_LIST ? ": NULL with a count of 0"
                                                   : ": CLE_NONE");
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
  case GEN_OUT_SCALAR: gen_buf_printf(b, " * Returns %s, or NaN with the error set.\n", words); break;
  case GEN_OUT_TABLE:
    gen_buf_printf(b, " * Returns %s (free with cle_statistics_free), or NULL with the error set.\n", words);
    break;
  case GEN_OUT_INPLACE:
    gen_buf_printf(b, " * Writes into %s; returns a new reference to it, or NULL with the error set.\n", o->of);
    break;
  case GEN_OUT_MULTI:
    gen_buf_puts(b, " * Returns 0, or -1 with the error set (then no output was created: each *NAME is as given).\n"
                    " * The bindings return the images as a list, in the order ");
    for (int k = 0; k < op->n_output_order; k++)
      gen_buf_printf(b, "%s%s", k ? ", " : "", op->output_order_names[k]);
    gen_buf_puts(b, ".\n");
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

/* An alias: an inline wrapper (no exported symbol), marked deprecated if it is. */
static void alias_wrapper(gen_buf *b, const gen_op *op, const gen_op_alias *alias)
{
  gen_buf_printf(b, "\n/* %s — %salias of cle_%s (%s). */\n", alias->name, alias->deprecated ? "deprecated " : "",
                 op->name, op->file);
  if (alias->deprecated)
    gen_buf_printf(b, "CLE_DEPRECATED(\"use cle_%s\") ", op->name);
  gen_buf_puts(b, "static inline ");
  gen_c_prototype_named(b, op, alias->name);
  gen_buf_printf(b, "\n{\n  return cle_%s(", op->name);
  bool first = true;
  if (op->n_inputs == 0) {
    gen_buf_puts(b, "device");
    first = false;
  }
  for (int i = 0; i < op->n_inputs; i++, first = false)
    gen_buf_printf(b, "%s%s", first ? "" : ", ", op->inputs[i].name);
  if (op->output.kind == GEN_OUT_ARRAY) {
    gen_buf_printf(b, "%s%s", first ? "" : ", ", op->output.name);
    first = false;
  }
  for (int k = 0; op->output.kind == GEN_OUT_MULTI && k < op->n_outputs; k++, first = false)
    gen_buf_printf(b, "%s%s", first ? "" : ", ", op->outputs[k].name);
  for (int i = 0; i < op->n_params; i++, first = false)
    gen_buf_printf(b, "%s%s", first ? "" : ", ", op->params[i].name);
  gen_buf_puts(b, ");\n}\n");
}

void gen_emit_ops_header(const gen_model *m, gen_buf *b)
{
  gen_buf_printf(b, "/* cesperanto — every operation of spec/ops, %d in all.\n", m->n_ops);
  gen_buf_puts(b, " * " GEN_BANNER ".\n"
                  " *\n"
                  " * Conventions: inputs first (an op without inputs takes its cle_device *\n"
                  " * there), then the output array (NULL: created by the op's creator rule),\n"
                  " * then the params in spec order. Each op clears the\n"
                  " * error on entry and, on failure, returns NULL (NaN for numbers) with\n"
                  " * cle_last_error_message() naming the op, the argument and the value.\n"
                  " * An op with several outputs takes a cle_array ** per output (*p NULL:\n"
                  " * created and stored there; else the given array is written) and returns\n"
                  " * 0, or -1 with the error set.\n"
                  " */\n"
                  "#ifndef CESPERANTO_CLE_OPS_H\n"
                  "#define CESPERANTO_CLE_OPS_H\n\n"
                  "#include <stdbool.h>\n"
                  "#include \"cesperanto/cle.h\"\n"
                  "#include \"cesperanto/cle_statistics.h\"\n\n"
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
  for (int i = 0; i < m->n_ops; i++)
    for (int a = 0; a < m->ops[i].n_aliases; a++)
      alias_wrapper(b, &m->ops[i], &m->ops[i].aliases[a]);
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
                  "#include \"cesperanto/cle.h\"\n"
                  "#include \"cesperanto/cle_statistics.h\"\n\n"
                  "/* String params reach implementations (and the test references) as the\n"
                  " * index of the choice (aliases resolved), named by these enums. */\n");
  for (int i = 0; i < m->n_ops; i++) {
    const gen_op *op = &m->ops[i];
    for (int k = 0; k < op->n_params; k++) {
      const gen_param *p = &op->params[k];
      if (p->type != GEN_T_STRING)
        continue;
      gen_buf_puts(b, "typedef enum ");
      gen_buf_enum_type(b, op, p);
      gen_buf_puts(b, " {");
      for (int c = 0; c < p->n_choices; c++) {
        gen_buf_puts(b, c ? ", " : "");
        gen_buf_enum_value(b, op, p, p->choices[c]);
        gen_buf_printf(b, " = %d", c);
      }
      gen_buf_puts(b, "} ");
      gen_buf_enum_type(b, op, p);
      gen_buf_puts(b, ";\n");
    }
  }
  gen_buf_putc(b, '\n');
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
