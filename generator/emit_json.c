/* cle-gen — ops.json: the whole model as data, for the bindings' signature
 * tests and for tools. Non-finite numbers are the strings "nan", "inf", "-inf";
 * absent values are null. */
#include <math.h>
#include <stdlib.h>

#include "creator.h"
#include "emit.h"
#include "family.h"
#include "names.h"

static void json_number(gen_buf *b, double d)
{
  char num[40];
  gen_format_double(d, num);
  if (isfinite(d))
    gen_buf_puts(b, num);
  else
    gen_buf_json_string(b, num);
}

static void json_value(gen_buf *b, const gen_value *v, gen_type t)
{
  if (!v->present)
    gen_buf_puts(b, "null");
  else if (t == GEN_T_FLOAT_LIST && !v->items)
    gen_buf_puts(b, "[]"); /* an optional list's None: no numbers (NULL, 0 in C) */
  else if (t == GEN_T_FLOAT_LIST) {
    gen_buf_putc(b, '[');
    for (int k = 0; k < v->n_items; k++) {
      gen_buf_puts(b, k ? ", " : "");
      json_number(b, v->items[k]);
    }
    gen_buf_putc(b, ']');
  } else if (t == GEN_T_STRING)
    gen_buf_json_string(b, v->text);
  else if (t == GEN_T_BOOL)
    gen_buf_puts(b, v->number != 0 ? "true" : "false");
  else
    json_number(b, v->number);
}

static void json_dtypes(gen_buf *b, unsigned mask)
{
  gen_buf_putc(b, '[');
  int n = 0;
  for (int d = 0; d < GEN_DTYPE_COUNT; d++)
    if (mask & (1u << d))
      gen_buf_printf(b, "%s\"%s\"", n++ ? ", " : "", gen_dtype_name(d));
  gen_buf_putc(b, ']');
}

static void json_step(gen_buf *b, const gen_step *st)
{
  gen_buf_puts(b, "{\"op\": ");
  gen_buf_json_string(b, st->op);
  gen_buf_puts(b, ", \"args\": {");
  for (int a = 0; a < st->n_args; a++) {
    const gen_arg *arg = &st->args[a];
    gen_buf_puts(b, a ? ", " : "");
    gen_buf_json_string(b, arg->name);
    gen_buf_puts(b, ": ");
    /* References (inputs, params, results, dst) stay names; literals keep their type. */
    if (arg->kind == GEN_ARG_LITERAL)
      json_value(b, &arg->value, arg->value.type);
    else
      gen_buf_json_string(b, arg->value.text);
  }
  gen_buf_puts(b, "}, \"as\": ");
  if (st->as)
    gen_buf_json_string(b, st->as);
  else
    gen_buf_puts(b, "null");
  gen_buf_puts(b, "}");
}

static void json_op(gen_buf *b, const gen_op *op)
{
  static const char *const kinds[] = {"array", "scalar", "inplace", "table", "arrays"};
  static const char *const impls[] = {"none", "kernel", "c", "composite", "family"};
  const gen_output *o = &op->output;
  gen_buf_puts(b, "    {\n      \"name\": ");
  gen_buf_json_string(b, op->name);
  gen_buf_puts(b, ",\n      \"file\": ");
  gen_buf_json_string(b, op->file);
  gen_buf_printf(b, ",\n      \"tier\": %d,\n      \"categories\": [", op->tier);
  for (int i = 0; i < op->n_categories; i++) {
    gen_buf_puts(b, i ? ", " : "");
    gen_buf_json_string(b, op->categories[i]);
  }
  gen_buf_puts(b, "],\n      \"brief\": ");
  gen_buf_json_string(b, op->brief);
  gen_buf_puts(b, ",\n      \"description\": ");
  gen_buf_json_string(b, op->description ? op->description : "");
  gen_buf_puts(b, ",\n      \"inputs\": [");
  for (int i = 0; i < op->n_inputs; i++) {
    gen_buf_puts(b, i ? ",\n        {\"name\": " : "\n        {\"name\": ");
    gen_buf_json_string(b, op->inputs[i].name);
    gen_buf_puts(b, ", \"doc\": ");
    gen_buf_json_string(b, op->inputs[i].doc);
    gen_buf_puts(b, ", \"dtypes\": ");
    json_dtypes(b, op->inputs[i].dtypes);
    gen_buf_printf(b, ", \"written\": %s, \"optional\": %s}", op->inputs[i].written ? "true" : "false",
                   op->inputs[i].optional ? "true" : "false");
  }
  gen_buf_puts(b, "\n      ],\n      \"output\": {\"name\": ");
  if (o->name)
    gen_buf_json_string(b, o->name);
  else
    gen_buf_puts(b, "null"); /* several outputs: see "outputs" */
  gen_buf_printf(b, ", \"kind\": \"%s\", \"creator\": ", kinds[o->kind]);
  gen_buf_json_string(b, o->creator_text);
  gen_buf_printf(b, ", \"rule\": \"%s\", \"of\": ", gen_creator_name(o->creator));
  if (o->of)
    gen_buf_json_string(b, o->of);
  else
    gen_buf_puts(b, "null");
  gen_buf_puts(b, ", \"dtype\": ");
  if (o->kind == GEN_OUT_ARRAY && o->dtype == GEN_DTYPE_WIDENED)
    gen_buf_puts(b, "\"widened\"");
  else if (o->kind == GEN_OUT_ARRAY && o->dtype == GEN_DTYPE_PROMOTED)
    gen_buf_puts(b, "\"promoted\"");
  else if (o->kind != GEN_OUT_ARRAY || o->dtype < 0)
    gen_buf_puts(b, "null");
  else
    gen_buf_printf(b, "\"%s\"", gen_dtype_name(o->dtype));
  gen_buf_puts(b, ", \"dtype_if\": "); /* the bool param that selects dtype, else the input's */
  if (o->dtype_if)
    gen_buf_json_string(b, o->dtype_if);
  else
    gen_buf_puts(b, "null");
  gen_buf_puts(b, ", \"keep_dims\": ");
  if (o->keep_dims)
    gen_buf_json_string(b, o->keep_dims);
  else
    gen_buf_puts(b, "null");
  gen_buf_puts(b, ", \"length\": ");
  if (o->creator != GEN_C_VECTOR)
    gen_buf_puts(b, "null");
  else if (o->size[0]) /* an output-size expression */
    gen_buf_json_string(b, o->size[0]);
  else if (o->length_param)
    gen_buf_json_string(b, o->length_param);
  else
    gen_buf_printf(b, "%ld", o->length);
  static const char *const returns[] = {"null", "\"list\"", "\"bool\""};
  gen_buf_printf(b, ", \"returns\": %s, \"dtypes\": ", returns[o->returns]);
  json_dtypes(b, o->kind == GEN_OUT_ARRAY ? o->dtypes : 0);
  /* several outputs (kind arrays): each one, and the order the bindings return them in */
  gen_buf_puts(b, "},\n      \"outputs\": [");
  for (int k = 0; k < op->n_outputs; k++) {
    const gen_output *ok = &op->outputs[k];
    gen_buf_puts(b, k ? ",\n        {\"name\": " : "\n        {\"name\": ");
    gen_buf_json_string(b, ok->name);
    gen_buf_puts(b, ", \"creator\": ");
    gen_buf_json_string(b, ok->creator_text);
    gen_buf_printf(b, ", \"rule\": \"%s\", \"of\": ", gen_creator_name(ok->creator));
    gen_buf_json_string(b, ok->of ? ok->of : "");
    gen_buf_puts(b, ", \"dtype\": ");
    if (ok->dtype >= 0)
      gen_buf_printf(b, "\"%s\"", gen_dtype_name(ok->dtype));
    else
      gen_buf_puts(b, "null");
    gen_buf_puts(b, ", \"dtypes\": ");
    json_dtypes(b, ok->dtypes);
    gen_buf_printf(b, ", \"when\": %s, \"doc\": ", ok->only_3d ? "\"3d\"" : "null");
    gen_buf_json_string(b, ok->doc);
    gen_buf_puts(b, "}");
  }
  gen_buf_puts(b, op->n_outputs ? "\n      ],\n      \"output_order\": [" : "],\n      \"output_order\": [");
  for (int k = 0; k < op->n_outputs; k++) {
    gen_buf_puts(b, k ? ", " : "");
    gen_buf_json_string(b, op->output_order_names[k]);
  }
  gen_buf_puts(b, "],\n      \"params\": [");
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    gen_buf_puts(b, i ? ",\n        {\"name\": " : "\n        {\"name\": ");
    gen_buf_json_string(b, p->name);
    gen_buf_printf(b, ", \"type\": \"%s\", \"optional\": %s, \"default\": ", gen_type_name(p->type),
                   p->optional ? "true" : "false");
    json_value(b, &p->def, p->type); /* optional: CLE_NONE, what C takes for None */
    gen_buf_puts(b, ", \"min\": ");
    json_value(b, &p->min, GEN_T_FLOAT);
    gen_buf_puts(b, ", \"max\": ");
    json_value(b, &p->max, GEN_T_FLOAT);
    gen_buf_puts(b, ", \"choices\": ");
    if (p->type == GEN_T_STRING) {
      gen_buf_putc(b, '[');
      for (int c = 0; c < p->n_choices; c++) {
        gen_buf_puts(b, c ? ", " : "");
        gen_buf_json_string(b, p->choices[c]);
      }
      gen_buf_putc(b, ']');
    } else {
      gen_buf_puts(b, "null");
    }
    gen_buf_puts(b, ", \"lengths\": ");
    if (p->type == GEN_T_FLOAT_LIST) {
      gen_buf_putc(b, '[');
      for (int l = 0; l < p->n_lengths; l++)
        gen_buf_printf(b, "%s%d", l ? ", " : "", p->lengths[l]);
      gen_buf_putc(b, ']');
    } else {
      gen_buf_puts(b, "null");
    }
    gen_buf_puts(b, ", \"aliases\": [");
    for (int a = 0; a < p->n_aliases; a++) {
      gen_buf_puts(b, a ? ", " : "");
      gen_buf_json_string(b, p->aliases[a]);
    }
    gen_buf_puts(b, "]");
    gen_buf_puts(b, ", \"choice_aliases\": ");
    if (p->type == GEN_T_STRING) {
      gen_buf_putc(b, '{');
      for (int a = 0; a < p->n_choice_aliases; a++) {
        gen_buf_puts(b, a ? ", " : "");
        gen_buf_json_string(b, p->choice_aliases[a].alias);
        gen_buf_puts(b, ": ");
        gen_buf_json_string(b, p->choice_aliases[a].target);
      }
      gen_buf_putc(b, '}');
    } else {
      gen_buf_puts(b, "null");
    }
    gen_buf_puts(b, ", \"doc\": ");
    gen_buf_json_string(b, p->doc);
    gen_buf_puts(b, "}");
  }
  gen_buf_puts(b, op->n_params ? "\n      ],\n      \"footprint\": " : "],\n      \"footprint\": ");
  if (op->footprint_global)
    gen_buf_puts(b, "\"global\"");
  else {
    gen_buf_putc(b, '[');
    for (int i = 0; i < 3; i++) {
      gen_buf_puts(b, i ? ", " : "");
      gen_buf_json_string(b, op->footprint[i]);
    }
    gen_buf_putc(b, ']');
  }
  gen_buf_printf(b, ",\n      \"uses_position\": %s", gen_op_uses_position(op) ? "true" : "false");
  gen_buf_printf(b, ",\n      \"impl\": {\"kind\": \"%s\"", impls[op->impl.kind]);
  if (op->impl.kind == GEN_IMPL_KERNEL) {
    gen_buf_puts(b, ", \"file\": ");
    gen_buf_json_string(b, op->impl.kernel_file);
    gen_buf_puts(b, ", \"kernel\": ");
    gen_buf_json_string(b, op->impl.kernel_name);
  } else if (op->impl.kind == GEN_IMPL_FAMILY) {
    gen_buf_puts(b, ", \"family\": ");
    gen_buf_json_string(b, gen_family_name(op->impl.family));
    for (int f = 0; f < op->impl.n_fields; f++) {
      gen_buf_puts(b, ", ");
      gen_buf_json_string(b, op->impl.fields[f].key);
      gen_buf_puts(b, ": ");
      gen_buf_json_string(b, op->impl.fields[f].text);
    }
  } else if (op->impl.kind == GEN_IMPL_C) {
    gen_buf_printf(b, ", \"function\": \"cle_impl_%s\"", op->impl.c_name);
  } else if (op->impl.kind == GEN_IMPL_COMPOSITE) {
    gen_buf_puts(b, ", \"steps\": [");
    for (int s = 0; s < op->impl.n_steps; s++) {
      gen_buf_puts(b, s ? ",\n        " : "\n        ");
      json_step(b, &op->impl.steps[s]);
    }
    gen_buf_puts(b, "\n      ]");
  }
  int n_files;
  char **files = gen_op_kernel_files(op, &n_files);
  gen_buf_puts(b, "},\n      \"kernels\": [");
  for (int k = 0; k < n_files; k++)
    gen_buf_printf(b, "%s\"kernels/%s.cl\"", k ? ", " : "", files[k]);
  gen_free_strings(files, n_files);
  gen_buf_puts(b, "],\n      \"aliases\": [");
  for (int a = 0; a < op->n_aliases; a++) {
    gen_buf_puts(b, a ? ", {\"name\": " : "{\"name\": ");
    gen_buf_json_string(b, op->aliases[a].name);
    gen_buf_printf(b, ", \"deprecated\": %s}", op->aliases[a].deprecated ? "true" : "false");
  }
  /* operator: numpy's spelling, normalised to its ufunc and operands (operator.c). */
  gen_buf_puts(b, "],\n      \"operators\": [");
  for (int k = 0, n = 0; k < op->n_operators; k++) {
    const gen_operator *o = &op->operators[k];
    if (!o->ufunc)
      continue;
    gen_buf_puts(b, n++ ? ", {\"text\": " : "{\"text\": ");
    gen_buf_json_string(b, o->text);
    gen_buf_printf(b, ", \"ufunc\": \"%s\", \"args\": [", o->ufunc);
    for (int a = 0; a < o->n_args; a++) {
      gen_buf_puts(b, a ? ", {\"name\": " : "{\"name\": ");
      gen_buf_json_string(b, o->args[a]);
      gen_buf_printf(b, ", \"kind\": \"%s\"}", o->is_param[a] ? "param" : "input");
    }
    gen_buf_puts(b, "]}");
  }
  gen_buf_puts(b, "],\n      \"upstream\": ");
  if (op->upstream_absent) {
    gen_buf_puts(b, "null");
  } else {
    gen_buf_puts(b, "{\"name\": ");
    gen_buf_json_string(b, op->upstream_name ? op->upstream_name : op->name);
    gen_buf_puts(b, ", \"signature\": {");
    for (int d = 0; d < op->n_signature_differences; d++) {
      gen_buf_puts(b, d ? ", " : "");
      gen_buf_json_string(b, op->signature_differences[d].param);
      gen_buf_puts(b, ": ");
      gen_buf_json_string(b, op->signature_differences[d].why);
    }
    gen_buf_puts(b, "}}");
  }
  gen_buf_printf(b, ",\n      \"n_tests\": %d\n    }", op->n_tests);
}

void gen_emit_json(const gen_model *m, gen_buf *b)
{
  gen_buf_puts(b, "{\n  \"generated\": \"" GEN_BANNER "\",\n  \"ops\": [");
  for (int i = 0; i < m->n_ops; i++) {
    gen_buf_puts(b, i ? ",\n" : "\n");
    json_op(b, &m->ops[i]);
  }
  gen_buf_puts(b, m->n_ops ? "\n  ]\n}\n" : "]\n}\n");
}
