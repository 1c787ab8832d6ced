/* cle-gen — cesperanto/_ops.py: one Python function per op over the SWIG
 * layer, with the spec's parameter names, order and defaults (dst=None),
 * and a numpy-style docstring written from the spec. Inputs go through
 * _support.image(), so an ndarray is pushed where an image is expected. */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "emit_facade.h"
#include "names.h"
#include "operator.h"

/* Whether the function takes the output: not where it is a list's vector. */
static bool takes_dst(const gen_op *op)
{
  return op->output.kind == GEN_OUT_ARRAY && op->output.returns != GEN_RETURNS_LIST;
}

static void py_literal(gen_buf *b, const gen_param *p)
{
  if (p->optional) {
    gen_buf_puts(b, "None");
    return;
  }
  static const gen_literal_style py = {"_math.nan", "_math.inf", "-_math.inf", "", "True", "False", gen_buf_quoted};
  gen_literal(b, &p->def, p->type, &py);
}

static const char *py_type(gen_type t)
{
  static const char *const names[] = {"float", "int", "bool", "str", "list of float"};
  return names[t];
}

static const char *py_converter(gen_type t)
{
  static const char *const names[] = {"_float", "_int", "_bool", "_str", "_float_list"};
  return names[t];
}

static void dst_doc(gen_buf *b, const gen_op *op, const char *words)
{
  const gen_output *o = &op->output;
  gen_buf_printf(b, "    %s : Array%s\n", o->name, gen_dst_optional(op) ? ", optional" : " or None");
  char *line = gen_printf("The output; None creates it (%s): %s.", o->creator_text, words);
  gen_doc_lines(b, "        ", line, 'p');
  free(line);
}

static void docstring(gen_buf *b, const gen_op *op)
{
  const gen_output *o = &op->output;
  gen_buf_puts(b, "    \"\"\"");
  gen_doc_lines(b, "", op->brief, 'p');
  if (op->description && op->description[0]) {
    gen_buf_putc(b, '\n');
    gen_doc_lines(b, "    ", op->description, 'p');
  }
  gen_buf_puts(b, "\n    Parameters\n    ----------\n");
  for (int i = 0; i < op->n_inputs; i++) {
    char *line = gen_input_words(&op->inputs[i]);
    gen_buf_printf(b, "    %s : %s\n", op->inputs[i].name, op->inputs[i].written ? "Array" : "Array or numpy.ndarray");
    gen_doc_lines(b, "        ", line, 'p');
    free(line);
  }
  char *words = gen_output_words(op);
  if (takes_dst(op) && op->n_inputs > 0)
    dst_doc(b, op, words);
  for (int k = 0; o->kind == GEN_OUT_MULTI && k < op->n_outputs; k++) {
    const gen_output *ok = &op->outputs[k];
    char *what = gen_output_words_of(op, ok);
    char *line = gen_printf("%s None creates it (%s): %s%s.", ok->doc, ok->creator_text, what,
                            ok->only_3d ? "; for a 3D input only (else left as it is)" : "");
    gen_buf_printf(b, "    %s : Array, optional\n", ok->name);
    gen_doc_lines(b, "        ", line, 'p');
    free(line);
    free(what);
  }
  int first_opt = gen_first_optional_param(op);
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    char *range = gen_range_words(p);
    gen_buf_printf(b, "    %s : %s%s", p->name, py_type(p->type), p->optional ? " or None" : "");
    if (i >= first_opt)
      gen_buf_printf(b, ", default %s", p->def.text);
    gen_buf_putc(b, '\n');
    char *line = range[0] ? gen_printf("%s Range: %s.", p->doc, range) : gen_strdup(p->doc);
    gen_doc_lines(b, "        ", line, 'p');
    free(line);
    free(range);
  }
  for (int i = 0; i < op->n_params; i++)
    for (int a = 0; a < op->params[i].n_aliases; a++)
      gen_buf_printf(b, "    %s : deprecated\n        The old name of %s (warns with DeprecationWarning).\n",
                     op->params[i].aliases[a], op->params[i].name);
  if (takes_dst(op) && op->n_inputs == 0) /* last but device: see arguments() */
    dst_doc(b, op, words);
  if (op->n_inputs == 0)
    gen_buf_puts(b, "    device : Device, optional\n"
                    "        Where to create the output (default: the output's device when one is given, else the "
                    "default device).\n");
  else
    gen_buf_puts(b, "    device : Device, optional\n"
                    "        Where to push numpy inputs (default: the default device); Array inputs must be on it.\n");
  gen_buf_puts(b, "\n    Returns\n    -------\n");
  switch (o->kind) {
  case GEN_OUT_ARRAY:
    if (o->returns == GEN_RETURNS_LIST)
      gen_buf_printf(b, "    list of float\n        %s.\n", words);
    else
      gen_buf_printf(b, "    Array\n        %s (the one given, or a new one).\n", o->name);
    break;
  case GEN_OUT_SCALAR: gen_buf_puts(b, o->returns == GEN_RETURNS_BOOL ? "    bool\n" : "    float\n"); break;
  case GEN_OUT_INPLACE: gen_buf_printf(b, "    Array\n        %s, modified in place.\n", o->of); break;
  case GEN_OUT_TABLE:
    gen_buf_puts(b, "    dict\n        {column name: numpy float64 array, one value per row}, in column order.\n");
    break;
  case GEN_OUT_MULTI: {
    char *line = gen_printf("The outputs the input makes (given or new): %s.", words);
    gen_buf_puts(b, "    list of Array\n");
    gen_doc_lines(b, "        ", line, 'p');
    free(line);
    break;
  }
  }
  free(words);
  char *fp = gen_footprint_words(op);
  gen_buf_printf(b, "\n    Tier %d; footprint %s", op->tier, fp);
  free(fp);
  if (op->n_categories) {
    gen_buf_puts(b, "; categories: ");
    for (int i = 0; i < op->n_categories; i++)
      gen_buf_printf(b, "%s%s", i ? ", " : "", op->categories[i]);
  }
  gen_buf_printf(b, ".\n    Spec: %s\n    \"\"\"\n", op->file);
}

/* "a, b=None, c=1, device=None" (with_defaults) or "a, b, c, device" (a call). */
static void arguments(gen_buf *b, const gen_op *op, bool with_defaults)
{
  const gen_output *o = &op->output;
  int first_opt = gen_first_optional_param(op);
  for (int i = 0; i < op->n_inputs; i++)
    gen_buf_printf(b, "%s%s%s", i ? ", " : "", op->inputs[i].name,
                   with_defaults && op->inputs[i].optional ? "=None" : "");
  bool any = op->n_inputs > 0;
  /* an op without inputs takes its output last (pyclesperanto's creators take none): its params keep their places */
  const bool dst_last = op->n_inputs == 0;
  if (takes_dst(op) && !dst_last) {
    gen_buf_printf(b, "%s%s%s", any ? ", " : "", o->name, with_defaults && gen_dst_optional(op) ? "=None" : "");
    any = true;
  }
  for (int k = 0; o->kind == GEN_OUT_MULTI && k < op->n_outputs; k++, any = true)
    gen_buf_printf(b, "%s%s%s", any ? ", " : "", op->outputs[k].name,
                   with_defaults && gen_dst_optional(op) ? "=None" : "");
  for (int i = 0; i < op->n_params; i++) {
    gen_buf_printf(b, "%s%s", any ? ", " : "", op->params[i].name);
    any = true;
    if (with_defaults && i >= first_opt) {
      gen_buf_putc(b, '=');
      py_literal(b, &op->params[i]);
    }
  }
  for (int i = 0; i < op->n_params; i++) /* deprecated keywords, after the params as pyclesperanto's */
    for (int a = 0; a < op->params[i].n_aliases; a++)
      gen_buf_printf(b, ", %s%s", op->params[i].aliases[a], with_defaults ? "=None" : "");
  if (takes_dst(op) && dst_last) {
    gen_buf_printf(b, "%s%s%s", any ? ", " : "", o->name, with_defaults && gen_dst_optional(op) ? "=None" : "");
    any = true;
  }
  gen_buf_printf(b, "%sdevice%s", any ? ", " : "", with_defaults ? "=None" : "");
}

/* An alias: warns when deprecated, then calls the op. */
static void alias_function(gen_buf *b, const gen_op *op, const gen_op_alias *alias)
{
  gen_buf_printf(b, "\n\ndef %s(", alias->name);
  arguments(b, op, true);
  gen_buf_printf(b, "):\n    \"\"\"%s alias of %s (pyclesperanto's %s); see help(%s).\"\"\"\n",
                 alias->deprecated ? "Deprecated" : "An", op->name, alias->name, op->name);
  if (alias->deprecated)
    gen_buf_printf(b, "    _deprecated(\"%s\", \"%s\")\n", alias->name, op->name);
  gen_buf_printf(b, "    return %s(", op->name);
  arguments(b, op, false);
  gen_buf_puts(b, ")\n");
}

static void function(gen_buf *b, const gen_op *op)
{
  const gen_output *o = &op->output;
  gen_buf_printf(b, "\n\ndef %s(", op->name);
  arguments(b, op, true);
  gen_buf_puts(b, "):\n");
  docstring(b, op);
  for (int i = 0; i < op->n_params; i++)
    for (int a = 0; a < op->params[i].n_aliases; a++)
      gen_buf_printf(b,
                     "    if %s is not None:\n        _deprecated_param(\"%s\", \"%s\", \"%s\")\n        %s = "
                     "%s\n",
                     op->params[i].aliases[a], op->name, op->params[i].aliases[a], op->params[i].name,
                     op->params[i].name, op->params[i].aliases[a]);
  static const char *const wrap[] = {"", "_as_list(", "bool("};
  /* Arrays pass through _finish, which waits for the device when wait_for_kernel_to_finish() asked. */
  bool finish = o->kind != GEN_OUT_SCALAR && o->kind != GEN_OUT_TABLE && o->returns == GEN_RETURNS_DEFAULT;
  bool table = o->kind == GEN_OUT_TABLE; /* a dict of numpy columns */
  bool multi = o->kind == GEN_OUT_MULTI; /* a list of Arrays */
  if (multi)
    finish = false;
  gen_buf_printf(b, "    return %s_core.%s%s(",
                 finish  ? "_finish("
                 : table ? "_table("
                 : multi ? "_arrays("
                         : wrap[o->returns],
                 op->name, gen_is_python_builtin(op->name) ? "_" : ""); /* cle_ops.i: range_, round_, set_ */
  bool any = false;
  if (op->n_inputs == 0) { /* an op without inputs: the device it creates its output on */
    gen_buf_printf(b, "_op_device(device, %s, \"%s\")", takes_dst(op) ? o->name : "None", op->name);
    any = true;
  }
  for (int i = 0; i < op->n_inputs; i++, any = true)
    gen_buf_printf(b, "%s%s(%s, \"%s\", \"%s\", device)", any ? ", " : "",
                   op->inputs[i].written ? "_written" : "_image", op->inputs[i].name, op->name, op->inputs[i].name);
  if (takes_dst(op)) {
    gen_buf_printf(b, "%s_out(%s, \"%s\", \"%s\")", any ? ", " : "", o->name, op->name, o->name);
    any = true;
  } else if (o->kind == GEN_OUT_ARRAY) {
    gen_buf_printf(b, "%sNone", any ? ", " : "");
    any = true;
  }
  for (int k = 0; multi && k < op->n_outputs; k++, any = true)
    gen_buf_printf(b, "%s_out(%s, \"%s\", \"%s\")", any ? ", " : "", op->outputs[k].name, op->name,
                   op->outputs[k].name);
  for (int i = 0; i < op->n_params; i++, any = true) {
    const gen_param *p = &op->params[i];
    if (p->optional && p->type == GEN_T_INT) /* None is CLE_NONE */
      gen_buf_printf(b, "%s(_NONE if %s is None else _int(%s, \"%s\", \"%s\"))", any ? ", " : "", p->name, p->name,
                     op->name, p->name);
    else
      gen_buf_printf(b, "%s%s(%s, \"%s\", \"%s\")", any ? ", " : "", py_converter(p->type), p->name, op->name, p->name);
  }
  gen_buf_puts(b, o->returns != GEN_RETURNS_DEFAULT || finish || table || multi ? "))\n" : ")\n");
}

/* One operator: entry of one op, for sorting the table by ufunc. */
typedef struct py_operator {
  const gen_op *op;
  const gen_operator *o;
} py_operator;

static int py_operator_cmp(const void *pa, const void *pb)
{
  const py_operator *a = pa, *b = pb;
  int c = strcmp(a->o->ufunc, b->o->ufunc);
  return c ? c : strcmp(a->op->name, b->op->name);
}

/* __operators__: numpy's ufunc -> the ops computing it (spec: operator), read by the Array class. */
static void operator_table(const gen_model *m, gen_buf *b)
{
  py_operator *all = NULL;
  int n = 0;
  for (int i = 0; i < m->n_ops; i++)
    for (int k = 0; k < m->ops[i].n_operators; k++)
      if (m->ops[i].operators[k].ufunc)
        *(py_operator *)gen_push(&all, &n, sizeof *all) = (py_operator){&m->ops[i], &m->ops[i].operators[k]};
  if (n > 1)
    qsort(all, (size_t)n, sizeof *all, py_operator_cmp);
  gen_buf_puts(b, "\n# How numpy writes what ops compute (spec: operator), for the Array's operators and ufuncs:\n"
                  "# numpy ufunc name -> [(op, operand kinds, the op's argument names), ...]; kinds: A an array\n"
                  "# (an input), S a scalar (a float/int param), in numpy's argument order.\n"
                  "__operators__ = {");
  for (int i = 0; i < n; i++) {
    const gen_operator *o = all[i].o;
    char kinds[3];
    gen_operator_kinds(o, kinds);
    if (i == 0 || strcmp(all[i - 1].o->ufunc, o->ufunc))
      gen_buf_printf(b, "%s\n    \"%s\": [", i ? "]," : "", o->ufunc);
    else
      gen_buf_puts(b, ", ");
    gen_buf_printf(b, "(\"%s\", \"%s\", (", all[i].op->name, kinds);
    for (int a = 0; a < o->n_args; a++)
      gen_buf_printf(b, "%s\"%s\"%s", a ? ", " : "", o->args[a], o->n_args == 1 ? "," : "");
    gen_buf_puts(b, "))");
  }
  gen_buf_puts(b, n ? "],\n}\n" : "}\n");
  free(all);
}

void gen_emit_python(const gen_model *m, gen_buf *b)
{
  gen_buf_puts(b, "# cesperanto/_ops.py — " GEN_BANNER ".\n");
  gen_buf_printf(b, "\"\"\"The %d operations of spec/ops as Python functions (see cesperanto.operations()).\"\"\"\n\n",
                 m->n_ops);
  gen_buf_puts(b, "import math as _math\n\n"
                  "from ._support import core as _core, image as _image, out as _out, deprecated as _deprecated, "
                  "as_list as _as_list, finish as _finish, written as _written, table as _table, arrays as _arrays\n"
                  "from ._support import to_float as _float, to_int as _int, to_bool as _bool, to_str as _str\n"
                  "from ._support import to_float_list as _float_list, deprecated_param as _deprecated_param\n"
                  "from ._support import op_device as _op_device\n\n"
                  "# What an optional int param (default None) passes for None: CLE_NONE (cle.h).\n"
                  "_NONE = -2147483648\n\n"
                  "__all__ = [\n");
  for (int i = 0; i < m->n_ops; i++)
    gen_buf_printf(b, "    \"%s\",\n", m->ops[i].name);
  gen_buf_puts(b, "]\n\n# Other names of the ops (upstream's old names), each calling its op.\n__aliases__ = [\n");
  for (int i = 0; i < m->n_ops; i++)
    for (int a = 0; a < m->ops[i].n_aliases; a++)
      gen_buf_printf(b, "    \"%s\",\n", m->ops[i].aliases[a].name);
  gen_buf_puts(b, "]\n");
  operator_table(m, b);
  for (int i = 0; i < m->n_ops; i++) {
    function(b, &m->ops[i]);
    for (int a = 0; a < m->ops[i].n_aliases; a++)
      alias_function(b, &m->ops[i], &m->ops[i].aliases[a]);
  }
}
