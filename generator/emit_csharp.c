/* cle-gen — Cle.cs: every op as a static PascalCase method of the partial
 * class Cesperanto.Cle over the SWIG layer (CleNative), with C# optional
 * parameters carrying the spec's defaults (dst = null when every param has
 * one). The hand-written part of Cle (devices, arrays) is in bindings/csharp. */
#include <stdlib.h>

#include "emit.h"
#include "emit_facade.h"
#include "names.h"

static const char *cs_type(gen_type t)
{
  static const char *const names[] = {"float", "int", "bool", "string", "float[]"};
  return names[t];
}

/* An optional int param is an int?, null for None (CleNative gets CLE_NONE, int.MinValue). */
static const char *cs_param_type(const gen_param *p)
{
  return p->optional && p->type == GEN_T_INT ? "int?" : cs_type(p->type);
}

static void cs_literal(gen_buf *b, const gen_param *p)
{
  if (p->optional) {
    gen_buf_puts(b, "null");
    return;
  }
  static const gen_literal_style cs = {
      "float.NaN", "float.PositiveInfinity", "float.NegativeInfinity", "f", "true", "false", gen_buf_quoted};
  gen_literal(b, &p->def, p->type, &cs);
}

/* Whether the method takes the output: not where it is a list's vector. */
static bool takes_dst(const gen_op *op)
{
  return op->output.kind == GEN_OUT_ARRAY && op->output.returns != GEN_RETURNS_LIST;
}

static const char *return_type(const gen_op *op)
{
  if (op->output.returns == GEN_RETURNS_LIST)
    return "double[]";
  if (op->output.returns == GEN_RETURNS_BOOL)
    return "bool";
  if (op->output.kind == GEN_OUT_MULTI)
    return "CleArray[]";
  if (op->output.kind == GEN_OUT_TABLE)
    return "System.Collections.Generic.Dictionary<string, double[]>";
  return op->output.kind == GEN_OUT_SCALAR ? "double" : "CleArray";
}

static void xmldoc(gen_buf *b, const gen_op *op)
{
  const gen_output *o = &op->output;
  gen_buf_puts(b, "    /// <summary>\n");
  gen_doc_lines(b, "    /// ", op->brief, 'c');
  gen_buf_puts(b, "    /// </summary>\n");
  if (op->description && op->description[0]) {
    gen_buf_puts(b, "    /// <remarks>\n");
    gen_doc_lines(b, "    /// ", op->description, 'c');
    gen_buf_printf(b, "    /// Spec: %s\n    /// </remarks>\n", op->file);
  }
  for (int i = 0; i < op->n_inputs; i++) {
    char *line = gen_input_words(&op->inputs[i]);
    gen_buf_puts(b, "    /// <param name=\"");
    gen_buf_camel(b, op->inputs[i].name, false);
    gen_buf_puts(b, "\">");
    gen_doc_lines(b, "", line, 'c');
    b->data[--b->len] = '\0';
    gen_buf_puts(b, "</param>\n");
    free(line);
  }
  char *words = gen_output_words(op);
  if (takes_dst(op)) {
    char *line = gen_printf("The output, or null to create it (%s): %s.", o->creator_text, words);
    gen_buf_puts(b, "    /// <param name=\"");
    gen_buf_camel(b, o->name, false);
    gen_buf_puts(b, "\">");
    gen_doc_lines(b, "", line, 'c');
    b->data[--b->len] = '\0';
    gen_buf_puts(b, "</param>\n");
    free(line);
  }
  for (int k = 0; o->kind == GEN_OUT_MULTI && k < op->n_outputs; k++) {
    char *what = gen_output_words_of(op, &op->outputs[k]);
    char *line = gen_printf("%s Null to create it (%s): %s%s.", op->outputs[k].doc, op->outputs[k].creator_text, what,
                            op->outputs[k].only_3d ? "; for a 3D input only" : "");
    gen_buf_puts(b, "    /// <param name=\"");
    gen_buf_camel(b, op->outputs[k].name, false);
    gen_buf_puts(b, "\">");
    gen_doc_lines(b, "", line, 'c');
    b->data[--b->len] = '\0';
    gen_buf_puts(b, "</param>\n");
    free(line);
    free(what);
  }
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    char *range = gen_range_words(p);
    char *camel = gen_camel(p->name, false);
    char *line = range[0] ? gen_printf("%s Range: %s.", p->doc, range) : gen_strdup(p->doc);
    gen_buf_printf(b, "    /// <param name=\"%s\">", camel);
    gen_doc_lines(b, "", line, 'c');
    b->data[--b->len] = '\0';
    gen_buf_puts(b, "</param>\n");
    free(line);
    free(camel);
    free(range);
  }
  switch (o->kind) {
  case GEN_OUT_ARRAY:
    if (o->returns == GEN_RETURNS_LIST)
      gen_buf_printf(b, "    /// <returns>%s.</returns>\n", words);
    else
      gen_buf_printf(b, "    /// <returns>%s (the one given, or a new one); dispose it when done.</returns>\n",
                     o->name);
    break;
  case GEN_OUT_SCALAR: gen_buf_puts(b, "    /// <returns>The result.</returns>\n"); break;
  case GEN_OUT_TABLE:
    gen_buf_puts(b, "    /// <returns>The table: column name to one value per row, in column order.</returns>\n");
    break;
  case GEN_OUT_INPLACE:
    gen_buf_printf(b, "    /// <returns>%s, modified in place (a new reference; dispose it when done).</returns>\n",
                   o->of);
    break;
  case GEN_OUT_MULTI: {
    char *line = gen_printf("The outputs the input makes (given or new; dispose each when done): %s.", words);
    gen_buf_puts(b, "    /// <returns>");
    gen_doc_lines(b, "", line, 'c');
    b->data[--b->len] = '\0';
    gen_buf_puts(b, "</returns>\n");
    free(line);
    break;
  }
  }
  free(words);
}

/* The op's method, or (alias non-NULL) the alias's, which calls the op's. */
static void op_method(gen_buf *b, const gen_op *op, const gen_op_alias *alias)
{
  const gen_output *o = &op->output;
  char *method = gen_camel(alias ? alias->name : op->name, true);
  char *target = gen_camel(op->name, true);
  int first_opt = gen_first_optional_param(op);
  if (alias) {
    gen_buf_printf(b, "    /// <summary>%s alias of <see cref=\"%s\"/> (pyclesperanto's %s).</summary>\n",
                   alias->deprecated ? "Deprecated" : "An", target, alias->name);
    if (alias->deprecated)
      gen_buf_printf(b, "    [System.Obsolete(\"use Cle.%s\")]\n", target);
    gen_buf_printf(b, "    [CleAlias(\"%s\", \"%s\")]\n", alias->name, op->name);
  } else {
    xmldoc(b, op);
    gen_buf_printf(b, "    [CleOperation(\"%s\")]\n", op->name);
  }
  gen_buf_printf(b, "    public static %s %s(", return_type(op), method);
  bool any = false;
  for (int i = 0; i < op->n_inputs; i++, any = true) {
    gen_buf_printf(b, "%sCleArray ", any ? ", " : "");
    gen_buf_camel(b, op->inputs[i].name, false);
  }
  if (takes_dst(op)) {
    gen_buf_printf(b, "%sCleArray ", any ? ", " : "");
    gen_buf_camel(b, o->name, false);
    gen_buf_puts(b, gen_dst_optional(op) ? " = null" : "");
    any = true;
  }
  for (int k = 0; o->kind == GEN_OUT_MULTI && k < op->n_outputs; k++, any = true) {
    gen_buf_printf(b, "%sCleArray ", any ? ", " : "");
    gen_buf_camel(b, op->outputs[k].name, false);
    gen_buf_puts(b, gen_dst_optional(op) ? " = null" : "");
  }
  for (int i = 0; i < op->n_params; i++, any = true) {
    const gen_param *p = &op->params[i];
    char *camel = gen_camel(p->name, false);
    gen_buf_printf(b, "%s%s %s", any ? ", " : "", cs_param_type(p), camel);
    if (i >= first_opt) {
      gen_buf_puts(b, " = ");
      cs_literal(b, p);
    }
    free(camel);
  }
  if (alias)
    gen_buf_printf(b, ") {\n      return %s(", target);
  else
    gen_buf_printf(b, ") {\n      return %sCleNative.%s(",
                   o->returns == GEN_RETURNS_LIST ? "PullList("
                   : o->kind == GEN_OUT_TABLE     ? "PullTable("
                   : o->kind == GEN_OUT_MULTI     ? "Arrays("
                                                  : "",
                   method); /* cle_ops.i's C# name */
  any = false;
  if (!alias && op->n_inputs == 0) { /* an op without inputs: the default device (Cle.SelectDevice) */
    gen_buf_puts(b, "(CleDevice)null");
    any = true;
  }
  for (int i = 0; i < op->n_inputs; i++, any = true) {
    gen_buf_puts(b, any ? ", " : "");
    gen_buf_camel(b, op->inputs[i].name, false);
  }
  if (o->kind == GEN_OUT_ARRAY && (takes_dst(op) || !alias)) {
    gen_buf_puts(b, any ? ", " : "");
    if (takes_dst(op))
      gen_buf_camel(b, o->name, false);
    else
      gen_buf_puts(b, "null");
    any = true;
  }
  for (int k = 0; o->kind == GEN_OUT_MULTI && k < op->n_outputs; k++, any = true) {
    gen_buf_puts(b, any ? ", " : "");
    gen_buf_camel(b, op->outputs[k].name, false);
  }
  for (int i = 0; i < op->n_params; i++, any = true) {
    char *camel = gen_camel(op->params[i].name, false);
    if (!alias && op->params[i].type == GEN_T_FLOAT_LIST) /* CleNative takes the numbers and their count */
      gen_buf_printf(b, "%s%s, (ulong)(%s == null ? 0 : %s.Length)", any ? ", " : "", camel, camel, camel);
    else
      gen_buf_printf(b, "%s%s%s", any ? ", " : "", camel, !alias && op->params[i].optional ? " ?? int.MinValue" : "");
    free(camel);
  }
  if (!alias && (o->returns == GEN_RETURNS_LIST || o->kind == GEN_OUT_TABLE || o->kind == GEN_OUT_MULTI))
    gen_buf_puts(b, ")");
  gen_buf_puts(b, !alias && o->returns == GEN_RETURNS_BOOL ? ") != 0;\n    }\n" : ");\n    }\n");
  free(method);
  free(target);
}

void gen_emit_csharp(const gen_model *m, gen_buf *b)
{
  gen_buf_puts(b, "// Cle.cs — " GEN_BANNER ".\n"
                  "namespace Cesperanto {\n\n");
  gen_buf_printf(b,
                 "  /// <summary>\n"
                 "  /// cesperanto from C#: the %d operations of spec/ops as static methods with\n"
                 "  /// optional parameters; devices, arrays and kernel execution are in the\n"
                 "  /// hand-written part of this class. Arrays are IDisposable.\n"
                 "  /// </summary>\n"
                 "  public static partial class Cle {\n",
                 m->n_ops);
  gen_each_op_and_alias(b, m, op_method, "\n");
  gen_buf_puts(b, "  }\n}\n");
}
