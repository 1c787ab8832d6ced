/* cle-gen — net/cesperanto/Cle.java: every op as static camelCase methods
 * over the SWIG layer (CleNative), with one overload per trailing default
 * (Java has no default arguments) and, when every param has a default, one
 * taking the inputs only. The full overload carries each default as a
 * @Default annotation so reflection (the signature test) can read it. */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "emit_facade.h"
#include "names.h"
#include "operator.h"

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
  if (native && op->n_inputs == 0) { /* an op without inputs: the selected device (Cle.selectDevice) */
    gen_buf_puts(b, "currentDevice()");
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

/* ---- CleArrayOps.java: the fluent methods of CleArray, from the spec's operator table ---- */

/* The Java method for numpy's ufunc: its name in camelCase (greater_equal: greaterEqual), but
 * negative and absolute as Java's numbers spell them (BigDecimal.negate, Math.abs). */
static char *java_ufunc_method(const char *ufunc)
{
  if (!strcmp(ufunc, "negative"))
    return gen_printf("negate");
  if (!strcmp(ufunc, "absolute"))
    return gen_printf("abs");
  return gen_camel(ufunc, false);
}

/* The numpy spelling of an entry, for the docs: "a + b", "s / a", "sqrt(a)". */
static void operator_words(gen_buf *b, const gen_operator *o, const char *names[2])
{
  static const struct {
    const char *ufunc, *sym;
  } infix[] = {{"add", "+"},           {"subtract", "-"},    {"multiply", "*"},       {"divide", "/"},
               {"floor_divide", "//"}, {"remainder", "%"},   {"power", "**"},         {"less", "<"},
               {"less_equal", "<="},   {"greater", ">"},     {"greater_equal", ">="}, {"equal", "=="},
               {"not_equal", "!="},    {"bitwise_and", "&"}, {"bitwise_or", "|"},     {"bitwise_xor", "^"}};
  if (o->n_args == 2)
    for (size_t i = 0; i < sizeof infix / sizeof infix[0]; i++)
      if (!strcmp(o->ufunc, infix[i].ufunc)) {
        gen_buf_printf(b, "%s %s %s", names[0], infix[i].sym, names[1]);
        return;
      }
  if (o->n_args == 1 && !strcmp(o->ufunc, "negative")) {
    gen_buf_printf(b, "-%s", names[0]);
    return;
  }
  gen_buf_printf(b, "%s(%s%s%s)", o->ufunc, names[0], o->n_args == 2 ? ", " : "", o->n_args == 2 ? names[1] : "");
}

/* A call of op's full Cle method: the operator's operands where it names them (the array operands
 * `this` and `other`, the scalar `scalar_expr`), null for the output, the other params' defaults. */
static void call_op(gen_buf *b, const gen_op *op, const gen_operator *o, const char *scalar_expr)
{
  char *method = gen_camel(op->name, false);
  gen_buf_printf(b, "Cle.%s(", method);
  free(method);
  bool any = false;
  for (int i = 0; i < op->n_inputs; i++, any = true) {
    const char *arg = "self()";
    int seen = 0;
    for (int a = 0; a < o->n_args; a++)
      if (!o->is_param[a]) {
        if (!strcmp(o->args[a], op->inputs[i].name))
          arg = seen ? "other" : "self()";
        seen++;
      }
    gen_buf_printf(b, "%s%s", any ? ", " : "", arg);
  }
  gen_buf_printf(b, "%snull", any ? ", " : "");
  for (int i = 0; i < op->n_params; i++) {
    gen_buf_puts(b, ", ");
    bool operand = false;
    for (int a = 0; a < o->n_args; a++)
      if (o->is_param[a] && !strcmp(o->args[a], op->params[i].name))
        operand = true;
    if (operand)
      gen_buf_puts(b, scalar_expr);
    else
      java_literal(b, &op->params[i]);
  }
  gen_buf_puts(b, ")");
}

static const gen_param *scalar_param(const gen_op *op, const gen_operator *o)
{
  for (int a = 0; a < o->n_args; a++)
    for (int i = 0; o->is_param[a] && i < op->n_params; i++)
      if (!strcmp(o->args[a], op->params[i].name))
        return &op->params[i];
  return NULL;
}

typedef struct java_entry {
  const gen_op *op;
  const gen_operator *o;
  char kinds[3];
} java_entry;

static int java_entry_cmp(const void *pa, const void *pb)
{
  const java_entry *a = pa, *b = pb;
  int c = strcmp(a->o->ufunc, b->o->ufunc);
  if (!c)
    c = strcmp(a->kinds, b->kinds);
  return c ? c : strcmp(a->op->name, b->op->name);
}

static const java_entry *find_entry(const java_entry *all, int n, const char *ufunc, const char *kinds)
{
  for (int i = 0; i < n; i++)
    if (!strcmp(all[i].o->ufunc, ufunc) && !strcmp(all[i].kinds, kinds))
      return &all[i];
  return NULL;
}

/* One fluent method. rewrite: NULL, or how the scalar becomes the tagged op's (Python's Array
 * rewrites: a - s as a + (-s), a / s as a * (1 / s)). */
static void fluent(gen_buf *b, const java_entry *e, const char *ufunc, const char *kinds, const char *scalar_expr,
                   const char *why)
{
  char *method = java_ufunc_method(ufunc);
  char *target = gen_camel(e->op->name, false);
  char *types = link_types(e->op);
  const gen_param *p = scalar_param(e->op, e->o);
  const bool two_arrays = !strcmp(kinds, "AA"), scalar = !strcmp(kinds, "AS") || !strcmp(kinds, "SA");
  const char *names[2] = {"this", two_arrays ? "other" : "scalar"};
  if (!strcmp(kinds, "SA"))
    names[0] = "scalar", names[1] = "this";
  gen_operator shown = *e->o;
  shown.ufunc = ufunc;
  gen_buf pl = {0};
  operator_words(&pl, &shown, names);
  gen_buf_printf(b, "  /**\n   * numpy's {@code %s}: {@code %s}, by {@link Cle#%s(%s)}%s.\n", ufunc, pl.data, target,
                 types, why ? why : "");
  gen_buf_free(&pl);
  if (two_arrays)
    gen_buf_puts(b, "   * @param other the second operand (its shape and device must be this array's).\n");
  else if (scalar)
    gen_buf_printf(b, "   * @param scalar %s\n", p->doc);
  gen_buf_puts(b, "   * @return a new array (close it when done).\n   */\n");
  /* scalar OP this: numpy's reflected name (__rtruediv__ is rdivide here, as __rsub__ is rsubtract) */
  char *name = gen_printf("%s%s", !strcmp(kinds, "SA") ? "r" : "", method);
  if (two_arrays)
    gen_buf_printf(b, "  public final CleArray %s(CleArray other) {\n    return ", name);
  else if (scalar)
    gen_buf_printf(b, "  public final CleArray %s(%s scalar) {\n    return ", name, java_param_type(p));
  else
    gen_buf_printf(b, "  public final CleArray %s() {\n    return ", name);
  call_op(b, e->op, e->o, scalar_expr);
  gen_buf_puts(b, ";\n  }\n\n");
  free(name);
  free(types);
  free(target);
  free(method);
}

void gen_emit_java_array_ops(const gen_model *m, gen_buf *b)
{
  java_entry *all = NULL;
  int n = 0;
  for (int i = 0; i < m->n_ops; i++)
    for (int k = 0; k < m->ops[i].n_operators; k++)
      if (m->ops[i].operators[k].ufunc) {
        java_entry *e = gen_push(&all, &n, sizeof *all);
        *e = (java_entry){&m->ops[i], &m->ops[i].operators[k], {0}};
        gen_operator_kinds(e->o, e->kinds);
      }
  if (n > 1)
    qsort(all, (size_t)n, sizeof *all, java_entry_cmp);
  gen_buf_puts(b, "// net/cesperanto/CleArrayOps.java — " GEN_BANNER ".\n"
                  "package net.cesperanto;\n\n");
  gen_buf_puts(b, "/**\n"
                  " * The fluent methods of {@link CleArray}, one per numpy ufunc and operand kind that an\n"
                  " * op's spec tags ({@code operator:}, spec/README.md): {@code a.add(b)} runs the op tagged\n"
                  " * {@code a + b}, {@code a.add(2f)} the one tagged {@code a + s}, {@code a.negate()} the\n"
                  " * one tagged {@code -a}; the scalar-first ops as {@code r} methods ({@code a.rdivide(1000f)}\n"
                  " * is {@code 1000 / a}). {@code a.subtract(s)} and {@code a.divide(s)} are rewritten as the\n"
                  " * Python Array does: {@code a + (-s)} and {@code a * (1 / s)}. Names: numpy's ufunc in\n"
                  " * camelCase ({@code greaterEqual}), {@code negate} and {@code abs} for negative and\n"
                  " * absolute. Every method returns a new array: close it when done.\n"
                  " */\n"
                  "public abstract class CleArrayOps extends CleArrayBase {\n"
                  "  CleArrayOps() {}\n\n");
  for (int i = 0; i < n; i++)
    fluent(b, &all[i], all[i].o->ufunc, all[i].kinds, "scalar", NULL);
  /* Python's Array rewrites for an array-scalar form no op is tagged with. */
  static const struct {
    const char *ufunc, *via, *expr, *why;
  } rewrites[] = {
      {"subtract", "add", "-scalar", ", as {@code this + (-scalar)}"},
      {"divide", "multiply", "(float) (1.0 / scalar)",
       ", as {@code this * (1 / scalar)} (pyclesperanto's; within 1 ulp of the division)"},
  };
  for (size_t r = 0; r < sizeof rewrites / sizeof rewrites[0]; r++) {
    const java_entry *via = find_entry(all, n, rewrites[r].via, "AS");
    if (find_entry(all, n, rewrites[r].ufunc, "AS") || !via || scalar_param(via->op, via->o)->type != GEN_T_FLOAT)
      continue;
    fluent(b, via, rewrites[r].ufunc, "AS", rewrites[r].expr, rewrites[r].why);
  }
  free(all);
  if (b->len >= 2 && b->data[b->len - 1] == '\n' && b->data[b->len - 2] == '\n')
    b->data[--b->len] = '\0';
  gen_buf_puts(b, "}\n");
}
