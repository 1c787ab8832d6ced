/* cle-gen — cesperanto/ops.rb: every op as a module function of Cesperanto
 * over the SWIG layer (Cesperanto::Native), with the spec's snake_case names
 * and order. What must be given (the inputs, a param without a trailing
 * default, the output unless every param has a default) is positional; the
 * rest are keyword arguments carrying the spec's defaults, in spec order
 * (output_image: nil, sigma_x: 0.0, ...). Aliases call their op; a
 * deprecated one warns first (Warning category :deprecated). */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "emit_facade.h"
#include "names.h"

/* 'text' as a Ruby single-quoted string (no interpolation): only \ and ' are escaped. */
static void ruby_quoted(gen_buf *b, const char *s)
{
  gen_buf_putc(b, '\'');
  for (const char *p = s; *p; p++) {
    if (*p == '\\' || *p == '\'')
      gen_buf_putc(b, '\\');
    gen_buf_putc(b, *p);
  }
  gen_buf_putc(b, '\'');
}

static void ruby_literal(gen_buf *b, const gen_param *p)
{
  if (p->optional || p->type == GEN_T_FLOAT_LIST) { /* None */
    gen_buf_puts(b, "nil");
    return;
  }
  static const gen_literal_style ruby = {"Float::NAN", "Float::INFINITY", "-Float::INFINITY", "",
                                         "true",       "false",           ruby_quoted};
  gen_literal(b, &p->def, p->type, &ruby);
}

/* Whether the method takes the output: not where it is a list's vector. */
static bool takes_dst(const gen_op *op)
{
  return op->output.kind == GEN_OUT_ARRAY && op->output.returns != GEN_RETURNS_LIST;
}

static const char *ruby_type(const gen_param *p)
{
  static const char *const names[] = {"Float", "Integer", "true or false", "String (or Symbol)", "Array of numbers"};
  return names[p->type];
}

static void comment_line(gen_buf *b, const char *p, size_t n)
{
  gen_buf_printf(b, "%.*s", (int)n, p);
}

/* Lines of text, each as a "    # " comment. */
static void comment(gen_buf *b, const char *text)
{
  gen_prefixed_lines(b, "    # ", text, comment_line);
}

static void rdoc(gen_buf *b, const gen_op *op)
{
  const gen_output *o = &op->output;
  comment(b, op->brief);
  if (op->description && op->description[0]) {
    gen_buf_puts(b, "    #\n");
    comment(b, op->description);
  }
  gen_buf_puts(b, "    #\n");
  for (int i = 0; i < op->n_inputs; i++) {
    char *words = gen_input_words(&op->inputs[i]);
    char *line = gen_printf("+%s+ (CleArray): %s", op->inputs[i].name, words);
    comment(b, line);
    free(line);
    free(words);
  }
  char *words = gen_output_words(op);
  bool dst_optional = gen_dst_optional(op);
  if (takes_dst(op)) {
    char *line = gen_printf("+%s+ (CleArray%s): the output; nil creates it (%s): %s.", o->name,
                            dst_optional ? ", keyword, default nil" : " or nil", o->creator_text, words);
    comment(b, line);
    free(line);
  }
  for (int k = 0; o->kind == GEN_OUT_MULTI && k < op->n_outputs; k++) {
    char *what = gen_output_words_of(op, &op->outputs[k]);
    char *line = gen_printf("+%s+ (CleArray%s): %s nil creates it (%s): %s%s.", op->outputs[k].name,
                            dst_optional ? ", keyword, default nil" : " or nil", op->outputs[k].doc,
                            op->outputs[k].creator_text, what, op->outputs[k].only_3d ? "; for a 3D input only" : "");
    comment(b, line);
    free(line);
    free(what);
  }
  int first_opt = gen_first_optional_param(op);
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    char *range = gen_range_words(p);
    gen_buf pl = {0};
    gen_buf_printf(&pl, "+%s+ (%s%s", p->name, ruby_type(p), p->optional ? " or nil" : "");
    if (i >= first_opt)
      gen_buf_printf(&pl, ", keyword, default %s", p->def.text);
    gen_buf_printf(&pl, "): %s", p->doc);
    if (range[0])
      gen_buf_printf(&pl, " Range: %s.", range);
    comment(b, pl.data);
    gen_buf_free(&pl);
    free(range);
  }
  gen_buf_puts(b, "    #\n");
  char *ret = NULL;
  switch (o->kind) {
  case GEN_OUT_ARRAY:
    ret = o->returns == GEN_RETURNS_LIST ? gen_printf("Returns an Array of Float: %s.", words)
                                         : gen_printf("Returns %s (the one given, or a new CleArray).", o->name);
    break;
  case GEN_OUT_SCALAR:
    ret = gen_strdup(o->returns == GEN_RETURNS_BOOL ? "Returns true or false." : "Returns a Float.");
    break;
  case GEN_OUT_TABLE:
    ret = gen_strdup("Returns a Hash: column name => Array of Float (one value per row), in column order.");
    break;
  case GEN_OUT_INPLACE: ret = gen_printf("Returns %s, modified in place.", o->of); break;
  case GEN_OUT_MULTI: ret = gen_printf("Returns an Array of CleArray, the outputs the input makes: %s.", words); break;
  }
  comment(b, ret);
  free(ret);
  free(words);
  gen_buf_printf(b,
                 "    # Raises Cesperanto::InvalidArgumentError for a nil, mismatched or out-of-range argument.\n"
                 "    # Spec: %s\n",
                 op->file);
}

/* "input_image, output_image: nil, sigma_x: 0.0" */
static void parameters(gen_buf *b, const gen_op *op)
{
  const gen_output *o = &op->output;
  bool any = false, dst_optional = gen_dst_optional(op);
  for (int i = 0; i < op->n_inputs; i++, any = true)
    gen_buf_printf(b, "%s%s", any ? ", " : "", op->inputs[i].name);
  if (takes_dst(op)) {
    gen_buf_printf(b, "%s%s%s", any ? ", " : "", o->name, dst_optional ? ": nil" : "");
    any = true;
  }
  for (int k = 0; o->kind == GEN_OUT_MULTI && k < op->n_outputs; k++, any = true)
    gen_buf_printf(b, "%s%s%s", any ? ", " : "", op->outputs[k].name, dst_optional ? ": nil" : "");
  int first_opt = gen_first_optional_param(op);
  for (int i = 0; i < op->n_params; i++, any = true) {
    gen_buf_printf(b, "%s%s", any ? ", " : "", op->params[i].name);
    if (i >= first_opt) {
      gen_buf_puts(b, ": ");
      ruby_literal(b, &op->params[i]);
    }
  }
}

/* The same names as arguments of a call to the op's own method (keywords as keywords). */
static void forward(gen_buf *b, const gen_op *op)
{
  const gen_output *o = &op->output;
  bool any = false, dst_optional = gen_dst_optional(op);
  for (int i = 0; i < op->n_inputs; i++, any = true)
    gen_buf_printf(b, "%s%s", any ? ", " : "", op->inputs[i].name);
  if (takes_dst(op)) {
    gen_buf_printf(b, "%s%s", any ? ", " : "", o->name);
    if (dst_optional)
      gen_buf_printf(b, ": %s", o->name);
    any = true;
  }
  for (int k = 0; o->kind == GEN_OUT_MULTI && k < op->n_outputs; k++, any = true) {
    gen_buf_printf(b, "%s%s", any ? ", " : "", op->outputs[k].name);
    if (dst_optional)
      gen_buf_printf(b, ": %s", op->outputs[k].name);
  }
  int first_opt = gen_first_optional_param(op);
  for (int i = 0; i < op->n_params; i++, any = true) {
    gen_buf_printf(b, "%s%s", any ? ", " : "", op->params[i].name);
    if (i >= first_opt)
      gen_buf_printf(b, ": %s", op->params[i].name);
  }
}

/* The call of Native's function: every argument in C order, converted where Ruby and C differ. */
static void native_call(gen_buf *b, const gen_op *op)
{
  const gen_output *o = &op->output;
  gen_buf_printf(b, "Native.%s%s(", op->name, gen_is_python_builtin(op->name) ? "_" : ""); /* cle_ops.i's name */
  bool any = false;
  if (op->n_inputs == 0) { /* an op without inputs: the default device (Cesperanto.select_device) */
    gen_buf_puts(b, "nil");
    any = true;
  }
  for (int i = 0; i < op->n_inputs; i++, any = true)
    gen_buf_printf(b, "%s%s", any ? ", " : "", op->inputs[i].name);
  if (o->kind == GEN_OUT_ARRAY) {
    gen_buf_printf(b, "%s%s", any ? ", " : "", takes_dst(op) ? o->name : "nil");
    any = true;
  }
  for (int k = 0; o->kind == GEN_OUT_MULTI && k < op->n_outputs; k++, any = true)
    gen_buf_printf(b, "%s%s", any ? ", " : "", op->outputs[k].name);
  for (int i = 0; i < op->n_params; i++, any = true) {
    const gen_param *p = &op->params[i];
    gen_buf_puts(b, any ? ", " : "");
    if (p->optional && p->type == GEN_T_INT) /* None reaches C as CLE_NONE */
      gen_buf_printf(b, "(%s.nil? ? NONE : %s)", p->name, p->name);
    else if (p->type == GEN_T_STRING)
      gen_buf_printf(b, "Cesperanto.string_arg(%s)", p->name);
    else if (p->type == GEN_T_FLOAT_LIST)
      gen_buf_printf(b, "Cesperanto.float_list_arg(%s)", p->name);
    else
      gen_buf_puts(b, p->name);
  }
  gen_buf_putc(b, ')');
}

static void op_method(gen_buf *b, const gen_op *op, const gen_op_alias *alias)
{
  const gen_output *o = &op->output;
  if (alias) {
    gen_buf_printf(b, "    # %s alias of #%s (pyclesperanto's %s)%s.\n", alias->deprecated ? "Deprecated" : "An",
                   op->name, alias->name, alias->deprecated ? "; warns (category :deprecated)" : "");
  } else {
    rdoc(b, op);
  }
  gen_buf_printf(b, "    def %s(", alias ? alias->name : op->name);
  parameters(b, op);
  gen_buf_puts(b, ")\n");
  if (alias) {
    if (alias->deprecated)
      gen_buf_printf(b, "      Cesperanto.deprecated('%s', '%s')\n", alias->name, op->name);
    gen_buf_printf(b, "      %s(", op->name);
    forward(b, op);
    gen_buf_puts(b, ")\n    end\n");
    return;
  }
  gen_buf_puts(b, "      ");
  if (o->returns == GEN_RETURNS_LIST)
    gen_buf_puts(b, "Cesperanto.pull_list(");
  else if (o->kind == GEN_OUT_TABLE)
    gen_buf_puts(b, "Cesperanto.pull_table(");
  else if (o->kind == GEN_OUT_MULTI)
    gen_buf_puts(b, "Cesperanto.arrays(");
  native_call(b, op);
  if (o->returns == GEN_RETURNS_LIST || o->kind == GEN_OUT_TABLE || o->kind == GEN_OUT_MULTI)
    gen_buf_putc(b, ')');
  if (o->returns == GEN_RETURNS_BOOL)
    gen_buf_puts(b, " != 0");
  gen_buf_puts(b, "\n    end\n");
}

void gen_emit_ruby(const gen_model *m, gen_buf *b)
{
  gen_buf_puts(b, "# frozen_string_literal: true\n"
                  "\n"
                  "# cesperanto/ops.rb — " GEN_BANNER ".\n");
  gen_buf_printf(b,
                 "#\n"
                 "# The %d operations of spec/ops as module functions of Cesperanto: the inputs\n"
                 "# (and what has no default) positional, the rest keyword arguments with the\n"
                 "# spec's defaults, in the spec's order. Required by cesperanto.rb, which holds\n"
                 "# devices, arrays, push/pull and the helpers called here.\n"
                 "module Cesperanto\n"
                 "  class << self\n",
                 m->n_ops);
  gen_each_op_and_alias(b, m, op_method, "\n");
  gen_buf_puts(b, "  end\nend\n");
}
