/* cle-gen — Cle.cs: every op as a static PascalCase method of the partial
 * class Cesperanto.Cle over the SWIG layer (CleNative), with C# optional
 * parameters carrying the spec's defaults (dst = null when every param has
 * one). The hand-written part of Cle (devices, arrays) is in bindings/csharp. */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "emit_facade.h"
#include "names.h"
#include "operator.h"

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
  if (!alias && op->n_inputs == 0) { /* an op without inputs: the selected device (Cle.SelectDevice) */
    gen_buf_puts(b, "Cle.SelectedDevice()");
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

/* ---- operators: CleArray's C# operators from the spec's operator table ----
 * Each C# operator is numpy's ufunc for it; an overload per operand kind
 * (AA array-array, AS array-scalar, SA scalar-array, A unary) calls the op
 * tagged with that ufunc and kinds, else one of the Python Array's exact
 * rewrites (bindings/python/cesperanto/_array.py, _dispatch): a commutative
 * ufunc or a mirrored comparison with the operands swapped, a - s as
 * a + (-s), a / s as a * (1 / s). Where none applies there is no overload. */

typedef struct cs_symbol {
  const char *text, *ufunc;
} cs_symbol;

/* C#'s % is the truncated remainder (C's fmod), not Python's floored one; & | ^ !
 * are logical (nonzero is true), as the Python Array's & | ^ ~ (masks are 0/1 images). */
static const cs_symbol cs_binary[] = {
    {"+", "add"},        {"-", "subtract"},    {"*", "multiply"},    {"/", "divide"},         {"%", "fmod"},
    {"<", "less"},       {">", "greater"},     {"<=", "less_equal"}, {">=", "greater_equal"}, {"&", "logical_and"},
    {"|", "logical_or"}, {"^", "logical_xor"},
};
static const cs_symbol cs_unary[] = {{"-", "negative"}, {"+", "positive"}, {"!", "logical_not"}};
/* == and != stay reference equality (C#'s idiom for classes): Equal / NotEqual are methods. */
static const cs_symbol cs_methods[] = {{"Equal", "equal"}, {"NotEqual", "not_equal"}};

static const char *const commutative[] = {"add",  "multiply",    "equal",      "not_equal",   "fmax",
                                          "fmin", "logical_and", "logical_or", "logical_xor", "hypot"};
static const cs_symbol mirrored[] = {
    {"less", "greater"}, {"greater", "less"}, {"less_equal", "greater_equal"}, {"greater_equal", "less_equal"}};

typedef struct cs_found {
  const gen_op *op;
  const gen_operator *o;
} cs_found;

static cs_found find_entry(const gen_model *m, const char *ufunc, const char *kinds)
{
  for (int i = 0; i < m->n_ops; i++)
    for (int k = 0; k < m->ops[i].n_operators; k++) {
      const gen_operator *o = &m->ops[i].operators[k];
      char have[3];
      if (!o->ufunc || strcmp(o->ufunc, ufunc))
        continue;
      gen_operator_kinds(o, have);
      if (!strcmp(have, kinds))
        return (cs_found){&m->ops[i], o};
    }
  return (cs_found){NULL, NULL};
}

/* The scalar operand's C# type ("float", "int"), from the op's param. */
static const char *scalar_type(const cs_found *f)
{
  for (int a = 0; a < f->o->n_args; a++)
    if (f->o->is_param[a]) {
      int p = gen_find_param(f->op, f->o->args[a]);
      return p >= 0 && f->op->params[p].type == GEN_T_INT ? "int" : "float";
    }
  return "float";
}

/* How a (ufunc, kinds) overload is computed: the op, and whether the operands are
 * swapped or the scalar transformed ("-%s", "(float)(1.0 / %s)"). */
typedef struct cs_plan {
  cs_found f;
  bool swapped;
  const char *scalar_form; /* NULL: the scalar as given */
  const char *how;         /* words for the doc */
} cs_plan;

static bool plan_for(const gen_model *m, const char *ufunc, const char *kinds, cs_plan *out)
{
  *out = (cs_plan){find_entry(m, ufunc, kinds), false, NULL, "the op tagged with it"};
  if (out->f.op)
    return true;
  if (strlen(kinds) == 2) {
    const char *swapped = NULL;
    for (size_t i = 0; i < sizeof commutative / sizeof *commutative; i++)
      if (!strcmp(commutative[i], ufunc))
        swapped = ufunc;
    for (size_t i = 0; i < sizeof mirrored / sizeof *mirrored; i++)
      if (!strcmp(mirrored[i].text, ufunc))
        swapped = mirrored[i].ufunc;
    char reversed[3] = {kinds[1], kinds[0], '\0'};
    if (swapped && (out->f = find_entry(m, swapped, reversed)).op) {
      out->swapped = true;
      out->how = swapped == ufunc ? "the operands swapped (commutative)" : "the mirrored comparison";
      return true;
    }
  }
  if (!strcmp(kinds, "AS") && !strcmp(ufunc, "subtract") && (out->f = find_entry(m, "add", "AS")).op) {
    out->scalar_form = "-%s";
    out->how = "a + (-s), exact";
    return true;
  }
  if (!strcmp(kinds, "AS") && !strcmp(ufunc, "divide") && (out->f = find_entry(m, "multiply", "AS")).op &&
      !strcmp(scalar_type(&out->f), "float")) {
    out->scalar_form = "(float)(1.0 / %s)";
    out->how = "a * (1 / s), pyclesperanto's; within 1 ulp of a division";
    return true;
  }
  return false;
}

/* The call of the planned op on operands named x (and y), in C# operand order. */
static void plan_call(gen_buf *b, const cs_plan *pl)
{
  const char *names[2] = {"x", "y"};
  if (pl->swapped) {
    names[0] = "y";
    names[1] = "x";
  }
  char *method = gen_camel(pl->f.op->name, true);
  gen_buf_printf(b, "return Cle.%s(", method);
  for (int a = 0; a < pl->f.o->n_args; a++) {
    char *arg = gen_camel(pl->f.o->args[a], false);
    gen_buf_printf(b, "%s%s: ", a ? ", " : "", arg);
    if (pl->f.o->is_param[a] && pl->scalar_form)
      gen_buf_printf(b, pl->scalar_form, names[a]);
    else
      gen_buf_puts(b, names[a]);
    free(arg);
  }
  gen_buf_puts(b, ");");
  free(method);
}

static void xml_text(gen_buf *b, const char *text)
{
  for (; *text; text++)
    gen_buf_puts(b, *text == '<' ? "&lt;" : *text == '>' ? "&gt;" : *text == '&' ? "&amp;" : (char[]){*text, 0});
}

static void plan_doc(gen_buf *b, const char *what, const cs_plan *pl)
{
  gen_buf_puts(b, "    /// <summary><c>");
  xml_text(b, what);
  gen_buf_puts(b, "</c>: Cle.");
  gen_buf_camel(b, pl->f.op->name, true);
  gen_buf_puts(b, " (spec operator \"");
  xml_text(b, pl->f.o->text);
  gen_buf_printf(b, "\"; %s). A new array: dispose it when done.</summary>\n", pl->how);
}

/* C# wants < with > and <= with >= (per signature): the partner's ufunc, or NULL. */
static const char *partner(const char *text)
{
  static const cs_symbol pairs[] = {{"<", "greater"}, {">", "less"}, {"<=", "greater_equal"}, {">=", "less_equal"}};
  for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
    if (!strcmp(pairs[i].text, text))
      return pairs[i].ufunc;
  return NULL;
}

/* One binary operator (or method: the receiver is the first operand) for every operand
 * kind it has, and a double overload of each float scalar (rounded to float32). */
static void binary_overloads(gen_buf *b, const gen_model *m, const cs_symbol *s, bool method)
{
  static const char *const kinds[] = {"AA", "AS", "SA"};
  for (int k = 0; k < (method ? 2 : 3); k++) {
    cs_plan pl, other;
    const char *pair = method ? NULL : partner(s->text);
    if (!plan_for(m, s->ufunc, kinds[k], &pl) || (pair && !plan_for(m, pair, kinds[k], &other)))
      continue;
    bool has_float = strcmp(kinds[k], "AA") && !strcmp(scalar_type(&pl.f), "float");
    for (int wide = 0; wide < (has_float ? 2 : 1); wide++) {
      const char *t = wide ? "double" : scalar_type(&pl.f);
      const char *xt = kinds[k][0] == 'A' ? "CleArray" : t;
      const char *yt = kinds[k][1] == 'A' ? "CleArray" : t;
      char *what =
          method ? gen_printf("a.%s(%s)", s->text, kinds[k][1] == 'A' ? "b" : "s")
                 : gen_printf("%s %s %s", kinds[k][0] == 'A' ? "a" : "s", s->text, kinds[k][1] == 'A' ? "b" : "s");
      plan_doc(b, what, &pl);
      free(what);
      if (method)
        gen_buf_printf(b, "    public CleArray %s(%s y) {\n      %s", s->text, yt, wide ? "" : "var x = this;\n      ");
      else
        gen_buf_printf(b, "    public static CleArray operator %s(%s x, %s y) {\n      ", s->text, xt, yt);
      if (wide && method)
        gen_buf_printf(b, "return %s((float)y);", s->text);
      else if (wide)
        gen_buf_printf(b, "return %sx %s %sy;", kinds[k][0] == 'S' ? "(float)" : "", s->text,
                       kinds[k][1] == 'S' ? "(float)" : "");
      else
        plan_call(b, &pl);
      gen_buf_puts(b, "\n    }\n\n");
    }
  }
}

static void unary_overload(gen_buf *b, const gen_model *m, const cs_symbol *s)
{
  cs_plan pl;
  if (!plan_for(m, s->ufunc, "A", &pl))
    return;
  char *what = gen_printf("%sa", s->text);
  plan_doc(b, what, &pl);
  free(what);
  gen_buf_printf(b, "    public static CleArray operator %s(CleArray x) {\n      ", s->text);
  plan_call(b, &pl);
  gen_buf_puts(b, "\n    }\n\n");
}

static void operators(gen_buf *b, const gen_model *m)
{
  gen_buf_puts(b, "\n  /// <summary>\n"
                  "  /// CleArray's operators, from the spec's operator table (spec/README.md, \"operator\"):\n"
                  "  /// each runs the op tagged with numpy's ufunc for it (C#'s % is fmod; &amp; | ^ ! are\n"
                  "  /// logical), else one of the Python Array's exact rewrites. == and != stay reference\n"
                  "  /// equality: Equal and NotEqual compare pixels. Each result is a new array.\n"
                  "  /// </summary>\n"
                  "  public partial class CleArray {\n");
  for (size_t i = 0; i < sizeof cs_binary / sizeof *cs_binary; i++)
    binary_overloads(b, m, &cs_binary[i], false);
  for (size_t i = 0; i < sizeof cs_unary / sizeof *cs_unary; i++)
    unary_overload(b, m, &cs_unary[i]);
  for (size_t i = 0; i < sizeof cs_methods / sizeof *cs_methods; i++)
    binary_overloads(b, m, &cs_methods[i], true);
  gen_buf_puts(b, "  }\n");
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
  gen_buf_puts(b, "  }\n");
  operators(b, m);
  gen_buf_puts(b, "}\n");
}
