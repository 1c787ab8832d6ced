/* cle-gen — net/cesperanto/Cle.java: every op as static camelCase methods
 * over the SWIG layer (CleNative), with one overload per trailing default
 * (Java has no default arguments) and, when every param has a default, one
 * taking the inputs only. The full overload carries each default as a
 * @Default annotation so reflection (the signature test) can read it. */
#include <stdlib.h>

#include "emit.h"
#include "emit_facade.h"
#include "names.h"

static const char *java_type(gen_type t)
{
  static const char *const names[] = {"float", "int", "boolean", "String", "float[]"};
  return names[t];
}

/* An optional int param is an Integer, null for None (CleNative gets CLE_NONE, Integer.MIN_VALUE). */
static const char *java_param_type(const gen_param *p)
{
  return p->optional && p->type == GEN_T_INT ? "Integer" : java_type(p->type);
}

static void java_literal(gen_buf *b, const gen_param *p)
{
  if (p->optional) {
    gen_buf_puts(b, "null");
    return;
  }
  static const gen_literal_style java = {
      "Float.NaN", "Float.POSITIVE_INFINITY", "Float.NEGATIVE_INFINITY", "f", "true", "false", gen_buf_quoted};
  gen_literal(b, &p->def, p->type, &java);
}

static const char *return_type(const gen_op *op)
{
  if (op->output.returns == GEN_RETURNS_LIST)
    return "double[]";
  if (op->output.returns == GEN_RETURNS_BOOL)
    return "boolean";
  if (op->output.kind == GEN_OUT_TABLE)
    return "java.util.Map<String, double[]>";
  if (op->output.kind == GEN_OUT_MULTI)
    return "CleArray[]";
  return op->output.kind == GEN_OUT_SCALAR ? "double" : "CleArray";
}

/* Whether the methods take the output: not where it is a list's vector. */
static bool takes_dst(const gen_op *op)
{
  return op->output.kind == GEN_OUT_ARRAY && op->output.returns != GEN_RETURNS_LIST;
}

/* The full signature's types, for {@link} references: "CleArray, CleArray, float". */
static char *link_types(const gen_op *op)
{
  gen_buf b = {0};
  gen_buf_puts(&b, ""); /* never NULL, even for an op without arguments */
  for (int i = 0; i < op->n_inputs; i++)
    gen_buf_printf(&b, "%sCleArray", i ? ", " : "");
  bool any = op->n_inputs > 0;
  if (takes_dst(op)) {
    gen_buf_printf(&b, "%sCleArray", any ? ", " : "");
    any = true;
  }
  for (int k = 0; op->output.kind == GEN_OUT_MULTI && k < op->n_outputs; k++, any = true)
    gen_buf_printf(&b, "%sCleArray", any ? ", " : "");
  for (int i = 0; i < op->n_params; i++, any = true)
    gen_buf_printf(&b, "%s%s", any ? ", " : "", java_param_type(&op->params[i]));
  return b.data;
}

static void javadoc(gen_buf *b, const gen_op *op)
{
  const gen_output *o = &op->output;
  gen_buf_puts(b, "  /**\n");
  gen_doc_lines(b, "   * ", op->brief, 'j');
  if (op->description && op->description[0]) {
    gen_buf_puts(b, "   * <p>\n");
    gen_doc_lines(b, "   * ", op->description, 'j');
  }
  for (int i = 0; i < op->n_inputs; i++) {
    char *line = gen_input_words(&op->inputs[i]);
    gen_buf_puts(b, "   * @param ");
    gen_buf_camel(b, op->inputs[i].name, false);
    gen_buf_putc(b, ' ');
    gen_doc_lines(b, "", line, 'j');
    free(line);
  }
  char *words = gen_output_words(op);
  if (takes_dst(op)) {
    char *line = gen_printf("the output, or null to create it (%s): %s.", o->creator_text, words);
    gen_buf_puts(b, "   * @param ");
    gen_buf_camel(b, o->name, false);
    gen_buf_putc(b, ' ');
    gen_doc_lines(b, "", line, 'j');
    free(line);
  }
  for (int k = 0; o->kind == GEN_OUT_MULTI && k < op->n_outputs; k++) {
    char *what = gen_output_words_of(op, &op->outputs[k]);
    char *line = gen_printf("%s Null to create it (%s): %s%s.", op->outputs[k].doc, op->outputs[k].creator_text, what,
                            op->outputs[k].only_3d ? "; for a 3D input only" : "");
    gen_buf_puts(b, "   * @param ");
    gen_buf_camel(b, op->outputs[k].name, false);
    gen_buf_putc(b, ' ');
    gen_doc_lines(b, "", line, 'j');
    free(line);
    free(what);
  }
  int first_opt = gen_first_optional_param(op);
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    char *range = gen_range_words(p);
    char *camel = gen_camel(p->name, false);
    gen_buf pl = {0};
    gen_buf_puts(&pl, p->doc);
    if (range[0])
      gen_buf_printf(&pl, " Range: %s.", range);
    if (i >= first_opt)
      gen_buf_printf(&pl, " Default %s.", p->def.text);
    gen_buf_printf(b, "   * @param %s ", camel);
    gen_doc_lines(b, "", pl.data, 'j');
    gen_buf_free(&pl);
    free(camel);
    free(range);
  }
  switch (o->kind) {
  case GEN_OUT_ARRAY:
    if (o->returns == GEN_RETURNS_LIST)
      gen_buf_printf(b, "   * @return %s.\n", words);
    else
      gen_buf_printf(b, "   * @return %s (the one given, or a new one); close it when done.\n", o->name);
    break;
  case GEN_OUT_SCALAR: gen_buf_puts(b, "   * @return the result.\n"); break;
  case GEN_OUT_TABLE:
    gen_buf_puts(b, "   * @return the table: column name to one value per row (a LinkedHashMap in column order).\n");
    break;
  case GEN_OUT_INPLACE:
    gen_buf_printf(b, "   * @return %s, modified in place (a new reference; close it when done).\n", o->of);
    break;
  case GEN_OUT_MULTI: {
    char *line = gen_printf("the outputs the input makes (given or new; close each when done): %s.", words);
    gen_buf_puts(b, "   * @return ");
    gen_doc_lines(b, "", line, 'j');
    free(line);
    break;
  }
  }
  free(words);
  gen_buf_puts(b, "   * @throws CleInvalidArgumentException for a null, mismatched or out-of-range argument.\n");
  gen_buf_printf(b, "   * @see <a href=\"https://github.com/clEsperanto\">clEsperanto</a>; spec: %s\n", op->file);
  gen_buf_puts(b, "   */\n");
}

/* One method: params[0..n_given) passed, the rest defaulted; with_dst says
 * whether dst is a parameter (else null is passed). */
/* alias: the overload belongs to an alias of the op and calls the op's own method. */
static void overload(gen_buf *b, const gen_op *op, const char *method, int n_given, bool with_dst, bool full,
                     const gen_op_alias *alias)
{
  const gen_output *o = &op->output;
  const bool multi = o->kind == GEN_OUT_MULTI; /* several outputs: each one like dst */
  bool has_dst = takes_dst(op) || multi;
  char *target = gen_camel(op->name, false);
  if (alias) {
    char *types = link_types(op);
    gen_buf_printf(b, "  /** %s alias of {@link #%s(%s)} (pyclesperanto's %s)", alias->deprecated ? "Deprecated" : "An",
                   target, types, alias->name);
    free(types);
    if (alias->deprecated)
      gen_buf_printf(b, ".\n   * @deprecated use {@link #%s}", target);
    gen_buf_puts(b, ". */\n");
    if (alias->deprecated)
      gen_buf_puts(b, "  @Deprecated\n");
    if (full)
      gen_buf_printf(b, "  @Alias(\"%s\")\n", op->name);
  } else if (full) {
    javadoc(b, op);
  } else {
    char *types = link_types(op);
    gen_buf_printf(b, "  /** As {@link #%s(%s)}", method, types);
    free(types);
    if (has_dst && !with_dst)
      gen_buf_printf(b, " with %s = null", multi ? "the outputs" : o->name);
    if (n_given < op->n_params)
      gen_buf_printf(b, "%s the defaults from %s on", has_dst && !with_dst ? " and" : " with",
                     op->params[n_given].name);
    gen_buf_puts(b, ". */\n");
  }
  gen_buf_printf(b, "  public static %s %s(", return_type(op), method);
  bool any = false;
  for (int i = 0; i < op->n_inputs; i++, any = true) {
    gen_buf_printf(b, "%sCleArray ", any ? ", " : "");
    gen_buf_camel(b, op->inputs[i].name, false);
  }
  if (has_dst && with_dst && !multi) {
    gen_buf_printf(b, "%sCleArray ", any ? ", " : "");
    gen_buf_camel(b, o->name, false);
    any = true;
  }
  for (int k = 0; multi && with_dst && k < op->n_outputs; k++, any = true) {
    gen_buf_printf(b, "%sCleArray ", any ? ", " : "");
    gen_buf_camel(b, op->outputs[k].name, false);
  }
  int first_opt = gen_first_optional_param(op);
  for (int i = 0; i < n_given; i++, any = true) {
    const gen_param *p = &op->params[i];
    char *camel = gen_camel(p->name, false);
    gen_buf_printf(b, "%s", any ? ", " : "");
    if (full && i >= first_opt) {
      gen_buf_puts(b, "@Default(");
      gen_buf_quoted(b, p->def.text);
      gen_buf_puts(b, ") ");
    }
    gen_buf_printf(b, "%s %s", java_param_type(p), camel);
    free(camel);
  }
  gen_buf_puts(b, ") {\n    return ");
  bool native = full && !alias;
  if (alias && full)
    gen_buf_printf(b, "%s(", target);
  else if (native)
    gen_buf_printf(b, "%sCleNative.%s(",
                   o->returns == GEN_RETURNS_LIST ? "pullList("
                   : o->kind == GEN_OUT_TABLE     ? "pullTable("
                   : multi                        ? "arrays("
                                                  : "",
                   method); /* cle_ops.i renames cle_NAME to camelCase for Java */
  else
    gen_buf_printf(b, "%s(", method);
  free(target);
  any = false;
  if (native && op->n_inputs == 0) { /* an op without inputs: the default device (Cle.selectDevice) */
    gen_buf_puts(b, "(CleDevice) null");
    any = true;
  }
  for (int i = 0; i < op->n_inputs; i++, any = true) {
    gen_buf_puts(b, any ? ", " : "");
    gen_buf_camel(b, op->inputs[i].name, false);
  }
  if (!multi && (has_dst || (native && o->kind == GEN_OUT_ARRAY))) {
    gen_buf_puts(b, any ? ", " : "");
    if (has_dst && with_dst)
      gen_buf_camel(b, o->name, false);
    else
      gen_buf_puts(b, "null");
    any = true;
  }
  for (int k = 0; multi && k < op->n_outputs; k++, any = true) {
    gen_buf_puts(b, any ? ", " : "");
    if (with_dst)
      gen_buf_camel(b, op->outputs[k].name, false);
    else
      gen_buf_puts(b, "null");
  }
  for (int i = 0; i < op->n_params; i++, any = true) {
    gen_buf_puts(b, any ? ", " : "");
    if (i < n_given) {
      char *camel = gen_camel(op->params[i].name, false);
      if (native && op->params[i].optional && op->params[i].type == GEN_T_INT)
        gen_buf_printf(b, "(%s == null ? Integer.MIN_VALUE : %s)", camel, camel);
      else
        gen_buf_puts(b, camel);
      free(camel);
    } else {
      java_literal(b, &op->params[i]);
    }
  }
  if (native && (o->returns == GEN_RETURNS_LIST || o->kind == GEN_OUT_TABLE || multi))
    gen_buf_puts(b, ")");
  gen_buf_puts(b, native && o->returns == GEN_RETURNS_BOOL ? ") != 0;\n  }\n\n" : ");\n  }\n\n");
}

static void op_methods(gen_buf *b, const gen_op *op, const gen_op_alias *alias)
{
  char *method = gen_camel(alias ? alias->name : op->name, false);
  int first_opt = gen_first_optional_param(op);
  bool has_dst = takes_dst(op) || op->output.kind == GEN_OUT_MULTI;
  overload(b, op, method, op->n_params, true, true, alias);
  for (int k = op->n_params - 1; k >= first_opt; k--)
    overload(b, op, method, k, true, false, alias);
  if (has_dst && first_opt == 0)
    overload(b, op, method, 0, false, false, alias);
  free(method);
}

void gen_emit_java(const gen_model *m, gen_buf *b)
{
  gen_buf_puts(b, "// net/cesperanto/Cle.java — " GEN_BANNER ".\n"
                  "package net.cesperanto;\n\n");
  gen_buf_printf(b,
                 "/**\n"
                 " * cesperanto from Java: the %d operations of spec/ops as static methods\n"
                 " * (camelCase names, one overload per trailing default), and, inherited from\n"
                 " * {@link CleRuntime}, devices, arrays, push/pull and kernel execution.\n"
                 " * Arrays are {@link AutoCloseable}: use try-with-resources.\n"
                 " */\n"
                 "public final class Cle extends CleRuntime {\n"
                 "  private Cle() {}\n\n",
                 m->n_ops);
  gen_each_op_and_alias(b, m, op_methods, NULL);
  /* No blank line before the closing brace. */
  if (b->len >= 2 && b->data[b->len - 1] == '\n' && b->data[b->len - 2] == '\n')
    b->data[--b->len] = '\0';
  gen_buf_puts(b, "}\n");
}
