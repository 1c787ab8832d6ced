/* cle-gen — cle_ops.i: the SWIG interface of the generated ops, %included by
 * bindings/cesperanto.i. Per op: the per-language name (Python snake_case,
 * Java camelCase, C# PascalCase), %newobject for ops returning arrays, a
 * numpydoc docstring from the spec, and the prototype with SWIG default
 * values (dst = NULL, params = spec defaults) on the longest trailing run of
 * arguments that all have one. */
#include <stdlib.h>
#include <string.h>

#include "creator.h"
#include "emit.h"
#include "names.h"

/* sigma_x -> sigmaX (camel) or SigmaX (pascal). */
static void cased(gen_buf *b, const char *name, bool pascal)
{
  bool up = pascal;
  for (const char *p = name; *p; p++) {
    if (*p == '_') {
      up = true;
      continue;
    }
    gen_buf_putc(b, up && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p);
    up = false;
  }
}

/* s as a SWIG string literal: C escapes, except that '?' stays as is
 * (SWIG would keep a "\\?" escape literally in the Python docstring). */
static void swig_string(gen_buf *b, const char *s)
{
  gen_buf tmp = {0};
  gen_buf_c_string(&tmp, s);
  for (const char *p = tmp.data; *p; p++) {
    if (p[0] == '\\' && p[1] == '?')
      continue;
    if (p[0] == '\\' && p[1])
      gen_buf_putc(b, *p++);
    gen_buf_putc(b, *p);
  }
  gen_buf_free(&tmp);
}

static void docstring(gen_buf *d, const gen_op *op, int first_default)
{
  const gen_output *o = &op->output;
  gen_buf_printf(d, "%s(", op->name);
  if (op->n_inputs == 0)
    gen_buf_puts(d, "device");
  for (int i = 0; i < op->n_inputs; i++)
    gen_buf_printf(d, "%s%s", i ? ", " : "", op->inputs[i].name);
  if (o->kind == GEN_OUT_ARRAY)
    gen_buf_printf(d, ", %s%s", o->name, first_default == 0 ? "=None" : "");
  for (int k = 0; o->kind == GEN_OUT_MULTI && k < op->n_outputs; k++)
    gen_buf_printf(d, ", %s%s", op->outputs[k].name, first_default == 0 ? "=None" : "");
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    if (i >= first_default && p->def.present) {
      const char *t = p->def.text;
      if (p->type == GEN_T_BOOL)
        t = p->def.number != 0 ? "True" : "False";
      gen_buf_printf(d, ", %s=%s%s%s", p->name, p->type == GEN_T_STRING ? "'" : "", t,
                     p->type == GEN_T_STRING ? "'" : "");
    } else {
      gen_buf_printf(d, ", %s", p->name);
    }
  }
  gen_buf_printf(d, ")\n\n%s\n", op->brief);
  if (op->description && op->description[0])
    gen_buf_printf(d, "\n%s%s", op->description, op->description[strlen(op->description) - 1] == '\n' ? "" : "\n");
  gen_buf_puts(d, "\nParameters\n----------\n");
  if (op->n_inputs == 0)
    gen_buf_puts(d, "device : Device or None\n    Where to create the output; None: the output's device when one is "
                    "given, else the default device.\n");
  for (int i = 0; i < op->n_inputs; i++) {
    char *line = gen_input_words(&op->inputs[i]);
    gen_buf_printf(d, "%s : image\n    %s\n", op->inputs[i].name, line);
    free(line);
  }
  char *words = gen_output_words(op);
  if (o->kind == GEN_OUT_ARRAY)
    gen_buf_printf(d, "%s : image, optional\n    The output; None to create it by %s: %s.\n", o->name, o->creator_text,
                   words);
  for (int k = 0; o->kind == GEN_OUT_MULTI && k < op->n_outputs; k++) {
    char *what = gen_output_words_of(op, &op->outputs[k]);
    gen_buf_printf(d, "%s : image, optional\n    %s None to create it by %s: %s%s.\n", op->outputs[k].name,
                   op->outputs[k].doc, op->outputs[k].creator_text, what,
                   op->outputs[k].only_3d ? " (for a 3D input only)" : "");
    free(what);
  }
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    char *range = gen_range_words(p);
    gen_buf_printf(d, "%s : %s", p->name, gen_type_name(p->type));
    if (p->def.present)
      gen_buf_printf(d, ", default %s", p->def.text);
    if (range[0])
      gen_buf_printf(d, ", %s", range);
    gen_buf_printf(d, "\n    %s\n", p->doc);
    free(range);
  }
  gen_buf_puts(d, "\nReturns\n-------\n");
  if (o->kind == GEN_OUT_SCALAR)
    gen_buf_printf(d, "float\n    %s\n", words);
  else if (o->kind == GEN_OUT_TABLE)
    gen_buf_printf(d, "Table\n    %s\n", words);
  else if (o->kind == GEN_OUT_INPLACE)
    gen_buf_printf(d, "image\n    %s.\n", words);
  else if (o->kind == GEN_OUT_MULTI)
    gen_buf_printf(d, "list of image\n    %s.\n", words);
  else
    gen_buf_printf(d, "image\n    %s (created or given).\n", o->name);
  free(words);
}

/* An op with several outputs: SWIG wraps cle_list_NAME (in %{ %}), which calls cle_NAME and gives the
 * outputs the op made as a cle_array_list (bindings/cesperanto.i) in output_order; the facades turn it
 * into the language's list or array. Given outputs are in it too (new references). */
/* ", TYPE param [= default]..." of a SWIG declaration (a float list with its count), then ");" */
static void swig_params(gen_buf *b, const gen_op *op, int first_default)
{
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    const char *t = gen_c_type(p->type);
    gen_buf_printf(b, ", %s%s%s", t, t[strlen(t) - 1] == '*' ? "" : " ", p->name);
    if (p->type == GEN_T_FLOAT_LIST)
      gen_buf_printf(b, ", size_t %s_count", p->name);
    if (i >= first_default) {
      gen_buf_puts(b, " = ");
      gen_c_literal(b, &p->def, p->type);
    }
  }
  gen_buf_puts(b, ");\n");
}

static void emit_multi_op(gen_buf *b, const gen_op *op, int first_default)
{
  gen_buf args = {0}, decl = {0};
  for (int i = 0; i < op->n_inputs; i++)
    gen_buf_printf(&decl, "%scle_array *%s", i ? ", " : "", op->inputs[i].name);
  for (int k = 0; k < op->n_outputs; k++)
    gen_buf_printf(&decl, ", cle_array *%s", op->outputs[k].name);
  gen_buf_puts(&args, "");
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    const char *t = gen_c_type(p->type);
    gen_buf_printf(&decl, ", %s%s%s", t, t[strlen(t) - 1] == '*' ? "" : " ", p->name);
    gen_buf_printf(&args, ", %s", p->name);
    if (p->type == GEN_T_FLOAT_LIST) {
      gen_buf_printf(&decl, ", size_t %s_count", p->name);
      gen_buf_printf(&args, ", %s_count", p->name);
    }
  }
  gen_buf_printf(b, "%%{\nstatic cle_array_list *cle_list_%s(%s)\n{\n  cle_array *o[%d] = {", op->name, decl.data,
                 op->n_outputs);
  for (int k = 0; k < op->n_outputs; k++)
    gen_buf_printf(b, "%s%s", k ? ", " : "", op->outputs[k].name);
  gen_buf_printf(b, "};\n  const bool given[%d] = {", op->n_outputs);
  for (int k = 0; k < op->n_outputs; k++) /* given ones stay the caller's: the list takes a new reference */
    gen_buf_printf(b, "%s%s != NULL", k ? ", " : "", op->outputs[k].name);
  gen_buf_printf(b, "};\n  if (cle_%s(", op->name);
  for (int i = 0; i < op->n_inputs; i++)
    gen_buf_printf(b, "%s%s", i ? ", " : "", op->inputs[i].name);
  for (int k = 0; k < op->n_outputs; k++)
    gen_buf_printf(b, ", &o[%d]", k);
  gen_buf_printf(b, "%s) != 0)\n    return NULL;\n", args.data);
  for (int k = 0; k < op->n_outputs; k++) /* one made only for a 3D input */
    if (op->outputs[k].only_3d)
      gen_buf_printf(b, "  const bool made_%d = cle_array_depth(%s) > 1;\n", k, op->outputs[k].of);
  gen_buf_printf(b, "  static const int order[%d] = {", op->n_output_order);
  for (int k = 0; k < op->n_output_order; k++)
    gen_buf_printf(b, "%s%d", k ? ", " : "", op->output_order[k]);
  gen_buf_printf(b, "};\n  const bool present[%d] = {", op->n_outputs);
  for (int k = 0; k < op->n_outputs; k++)
    if (op->outputs[k].only_3d)
      gen_buf_printf(b, "%smade_%d", k ? ", " : "", k);
    else
      gen_buf_printf(b, "%strue", k ? ", " : "");
  gen_buf_printf(b, "};\n  return cle_array_list_make(o, given, present, order, %d);\n}\n%%}\n", op->n_outputs);
  gen_buf_printf(b, "%%newobject cle_list_%s;\n", op->name);
  gen_buf d = {0};
  docstring(&d, op, first_default);
  gen_buf_printf(b, "%%feature(\"docstring\") cle_list_%s\n", op->name);
  swig_string(b, d.data);
  gen_buf_puts(b, ";\n");
  gen_buf_free(&d);
  gen_buf_printf(b, "cle_array_list *cle_list_%s(", op->name);
  for (int i = 0; i < op->n_inputs; i++)
    gen_buf_printf(b, "%scle_array *%s", i ? ", " : "", op->inputs[i].name);
  for (int k = 0; k < op->n_outputs; k++)
    gen_buf_printf(b, ", cle_array *%s%s", op->outputs[k].name, first_default == 0 ? " = NULL" : "");
  swig_params(b, op, first_default);
  gen_buf_free(&args);
  gen_buf_free(&decl);
}

static void emit_op(gen_buf *b, const gen_op *op)
{
  const gen_output *o = &op->output;
  /* SWIG, like C++, takes defaults only on trailing arguments. */
  int first_default = op->n_params; /* a float_list takes its (None) default in the facades only */
  while (first_default > 0 && op->params[first_default - 1].def.present &&
         op->params[first_default - 1].type != GEN_T_FLOAT_LIST)
    first_default--;
  for (int i = 0; i < op->n_params; i++) /* cesperanto.i's typemaps: a Python sequence, Java float[], C# float[] */
    if (op->params[i].type == GEN_T_FLOAT_LIST)
      gen_buf_printf(b,
                     "#if defined(SWIGCSHARP)\n%%apply const float *CLE_FLOATS { const float *%s };\n"
                     "%%apply size_t CLE_FLOATS_COUNT { size_t %s_count };\n#else\n"
                     "%%apply (const float *CLE_FLOATS, size_t CLE_FLOATS_COUNT) { (const float *%s, size_t %s_count) "
                     "};\n#endif\n",
                     op->params[i].name, op->params[i].name, op->params[i].name, op->params[i].name);

  const char *prefix = o->kind == GEN_OUT_MULTI ? "cle_list_" : "cle_"; /* several outputs: a list */
  gen_buf_printf(b, "\n/* %s (%s) */\n#if defined(SWIGJAVA)\n%%rename(", op->name, op->file);
  cased(b, op->name, false);
  gen_buf_printf(b, ") %s%s;\n#elif defined(SWIGCSHARP)\n%%rename(", prefix, op->name);
  cased(b, op->name, true);
  gen_buf_printf(b, ") %s%s;\n#else\n%%rename(%s%s) %s%s;\n#endif\n", prefix, op->name, op->name,
                 gen_is_python_builtin(op->name) ? "_" : "", prefix, op->name);
  if (o->kind == GEN_OUT_MULTI) {
    emit_multi_op(b, op, first_default);
    return;
  }
  if (o->kind != GEN_OUT_SCALAR)
    gen_buf_printf(b, "%%newobject cle_%s;\n", op->name);
  gen_buf d = {0};
  docstring(&d, op, first_default);
  gen_buf_printf(b, "%%feature(\"docstring\") cle_%s\n", op->name);
  swig_string(b, d.data);
  gen_buf_puts(b, ";\n");
  gen_buf_free(&d);

  gen_buf_printf(b, "%scle_%s(",
                 o->kind == GEN_OUT_SCALAR  ? "double "
                 : o->kind == GEN_OUT_TABLE ? "cle_statistics *"
                                            : "cle_array *",
                 op->name);
  if (op->n_inputs == 0) /* an op without inputs takes its device first */
    gen_buf_puts(b, "cle_device *device");
  for (int i = 0; i < op->n_inputs; i++)
    gen_buf_printf(b, "%scle_array *%s", i ? ", " : "", op->inputs[i].name);
  if (o->kind == GEN_OUT_ARRAY)
    gen_buf_printf(b, ", cle_array *%s%s", o->name, first_default == 0 ? " = NULL" : "");
  swig_params(b, op, first_default);
}

void gen_emit_swig(const gen_model *m, gen_buf *b)
{
  gen_buf_printf(b,
                 "/* cesperanto — SWIG interface of the %d operations.\n"
                 " * " GEN_BANNER ".\n"
                 " * %%include this from bindings/cesperanto.i, after the core types.\n"
                 " */\n"
                 "%%{\n"
                 "#include <math.h>\n"
                 "#include \"cesperanto/cle_ops.h\"\n"
                 "%%}\n",
                 m->n_ops);
  for (int i = 0; i < m->n_ops; i++)
    emit_op(b, &m->ops[i]);
}
