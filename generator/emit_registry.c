/* cle-gen — cle_registry.c: the op table of cle_registry.h, sorted by name,
 * and an invoke trampoline per op that turns cle_value params into C
 * arguments (checking their types) and calls the generated cle_OP. */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "footprint.h"
#include "names.h"

static const char *const prelude =
    "#define CLE_UNUSED __attribute__((unused))\n"
    "\n"
    "static CLE_UNUSED const char *cle_type_word(cle_value_type t)\n"
    "{\n"
    "  static const char *const words[] = {\"image\", \"float\", \"int\", \"bool\", \"string\", \"float list\"};\n"
    "  return (unsigned)t < 6 ? words[t] : \"unknown\";\n"
    "}\n"
    "\n"
    "static CLE_UNUSED int cle_value_float(const char *op, const char *name, const cle_value *v, float *out)\n"
    "{\n"
    "  if (v->type != CLE_TYPE_FLOAT && v->type != CLE_TYPE_INT)\n"
    "    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be a float, got a value of type %s\", op, "
    "name,\n"
    "                         cle_type_word(v->type));\n"
    "  *out = (float)v->number;\n"
    "  return 0;\n"
    "}\n"
    "\n"
    "static CLE_UNUSED int cle_value_int(const char *op, const char *name, const cle_value *v, int *out)\n"
    "{\n"
    "  if (v->type != CLE_TYPE_INT)\n"
    "    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be an int, got a value of type %s\", op, "
    "name,\n"
    "                         cle_type_word(v->type));\n"
    "  if (!(v->number >= -2147483648.0 && v->number <= 2147483647.0) || v->number != floor(v->number))\n"
    "    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be an int, got %g\", op, name, v->number);\n"
    "  *out = (int)v->number;\n"
    "  return 0;\n"
    "}\n"
    "\n"
    "static CLE_UNUSED int cle_value_bool(const char *op, const char *name, const cle_value *v, bool *out)\n"
    "{\n"
    "  if (v->type != CLE_TYPE_BOOL)\n"
    "    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be a bool, got a value of type %s\", op, "
    "name,\n"
    "                         cle_type_word(v->type));\n"
    "  *out = v->number != 0;\n"
    "  return 0;\n"
    "}\n"
    "\n"
    "static CLE_UNUSED int cle_value_string(const char *op, const char *name, const cle_value *v, const char **out)\n"
    "{\n"
    "  if (v->type != CLE_TYPE_STRING)\n"
    "    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be a string, got a value of type %s\", op, "
    "name,\n"
    "                         cle_type_word(v->type));\n"
    "  *out = v->string;\n"
    "  return 0;\n"
    "}\n"
    "\n"
    "static CLE_UNUSED int cle_value_float_list(const char *op, const char *name, const cle_value *v, const float "
    "**out,\n"
    "                                           size_t *count)\n"
    "{\n"
    "  if (v->type != CLE_TYPE_FLOAT_LIST)\n"
    "    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be a float list, got a value of type %s\", "
    "op, name,\n"
    "                         cle_type_word(v->type));\n"
    "  *out = v->list;\n"
    "  *count = v->count;\n"
    "  return 0;\n"
    "}\n"
    "\n"
    "/* What every invoke checks before converting anything. */\n"
    "static CLE_UNUSED int cle_invoke_check(const char *op, cle_array *const *inputs, int n_inputs,\n"
    "                                       const cle_value *params, int n_params, cle_op_result *out)\n"
    "{\n"
    "  cle_clear_error();\n"
    "  if (!out)\n"
    "    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: out must not be NULL\", op);\n"
    "  out->array = NULL;\n"
    "  out->scalar = NAN;\n"
    "  out->table = NULL;\n"
    "  for (int k = 0; k < CLE_MAX_OUTPUTS; k++)\n"
    "    out->arrays[k] = NULL;\n"
    "  out->n_arrays = 0;\n"
    "  if (n_inputs > 0 && !inputs)\n"
    "    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: inputs must not be NULL\", op);\n"
    "  if (n_params > 0 && !params)\n"
    "    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: params must not be NULL\", op);\n"
    "  return 0;\n"
    "}\n";

static void emit_number(gen_buf *b, const gen_value *v)
{
  char num[40];
  gen_format_c_double(v->present ? v->number : 0.0, num);
  gen_buf_puts(b, num);
}

static void emit_tables(gen_buf *b, const gen_op *op)
{
  const char *n = op->name;
  if (op->n_categories) {
    gen_buf_printf(b, "static const char *const cle_categories_%s[] = {", n);
    for (int i = 0; i < op->n_categories; i++) {
      gen_buf_puts(b, i ? ", " : "");
      gen_buf_c_string(b, op->categories[i]);
    }
    gen_buf_puts(b, "};\n");
  }
  if (op->n_inputs) /* an op without inputs has .inputs NULL (C has no empty arrays) */
    gen_buf_printf(b, "static const cle_input_desc cle_inputs_%s[] = {\n", n);
  for (int i = 0; i < op->n_inputs; i++) {
    gen_buf_puts(b, "    {");
    gen_buf_c_string(b, op->inputs[i].name);
    gen_buf_puts(b, ", ");
    gen_buf_c_string(b, op->inputs[i].doc);
    gen_buf_printf(b, ", 0x%02xu, %s, %s},\n", op->inputs[i].dtypes, op->inputs[i].written ? "true" : "false",
                   op->inputs[i].optional ? "true" : "false");
  }
  if (op->n_inputs)
    gen_buf_puts(b, "};\n");
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    if (p->type != GEN_T_STRING)
      continue;
    gen_buf_printf(b, "static const char *const cle_choices_%s_%s[] = {", n, p->name);
    for (int c = 0; c < p->n_choices; c++) {
      gen_buf_puts(b, c ? ", " : "");
      gen_buf_c_string(b, p->choices[c]);
    }
    gen_buf_puts(b, "};\n");
    if (!p->n_choice_aliases)
      continue;
    gen_buf_printf(b, "static const char *const cle_choice_aliases_%s_%s[] = {", n, p->name);
    for (int a = 0; a < p->n_choice_aliases; a++) {
      gen_buf_puts(b, a ? ", " : "");
      gen_buf_c_string(b, p->choice_aliases[a].alias);
    }
    gen_buf_printf(b, "};\nstatic const int cle_choice_alias_targets_%s_%s[] = {", n, p->name);
    for (int a = 0; a < p->n_choice_aliases; a++)
      gen_buf_printf(b, "%s%d", a ? ", " : "", p->choice_aliases[a].target_index);
    gen_buf_puts(b, "};\n");
  }
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    if (p->type != GEN_T_FLOAT_LIST)
      continue;
    gen_buf_printf(b, "static const int cle_lengths_%s_%s[] = {", n, p->name);
    for (int l = 0; l < p->n_lengths; l++)
      gen_buf_printf(b, "%s%d", l ? ", " : "", p->lengths[l]);
    gen_buf_puts(b, "};\n");
  }
  if (op->n_aliases) {
    gen_buf_printf(b, "static const cle_alias_desc cle_aliases_%s[] = {", n);
    for (int a = 0; a < op->n_aliases; a++) {
      gen_buf_puts(b, a ? ", {" : "{");
      gen_buf_c_string(b, op->aliases[a].name);
      gen_buf_printf(b, ", \"%s\", %s}", n, op->aliases[a].deprecated ? "true" : "false");
    }
    gen_buf_puts(b, "};\n");
  }
  int n_files;
  char **files = gen_op_kernel_files(op, &n_files);
  if (n_files) {
    gen_buf_printf(b, "static const char *const cle_kernels_%s[] = {", n);
    for (int k = 0; k < n_files; k++)
      gen_buf_printf(b, "%s\"kernels/%s.cl\"", k ? ", " : "", files[k]);
    gen_buf_puts(b, "};\n");
  }
  gen_free_strings(files, n_files);
  if (op->output.kind == GEN_OUT_MULTI) {
    gen_buf_printf(b, "static const cle_output_desc cle_outputs_%s[] = {", n);
    for (int k = 0; k < op->n_outputs; k++) {
      gen_buf_puts(b, k ? ", {" : "{");
      gen_buf_c_string(b, op->outputs[k].name);
      gen_buf_puts(b, ", ");
      gen_buf_c_string(b, op->outputs[k].creator_text);
      gen_buf_puts(b, ", ");
      gen_buf_c_string(b, op->outputs[k].doc);
      gen_buf_printf(b, ", %s}", op->outputs[k].only_3d ? "true" : "false");
    }
    gen_buf_printf(b, "};\nstatic const int cle_output_order_%s[] = {", n);
    for (int k = 0; k < op->n_output_order; k++)
      gen_buf_printf(b, "%s%d", k ? ", " : "", op->output_order[k]);
    gen_buf_puts(b, "};\n");
  }
  if (!op->n_params)
    return;
  static const char *const types[] = {"CLE_TYPE_FLOAT", "CLE_TYPE_INT", "CLE_TYPE_BOOL", "CLE_TYPE_STRING",
                                      "CLE_TYPE_FLOAT_LIST"};
  gen_buf_printf(b, "static const cle_param_desc cle_params_%s[] = {\n", n);
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    gen_buf_puts(b, "    {.name = ");
    gen_buf_c_string(b, p->name);
    gen_buf_printf(b, ",\n     .type = %s,\n     .doc = ", types[p->type]);
    gen_buf_c_string(b, p->doc);
    gen_buf_printf(b, ",\n     .has_default = %s,\n     .default_value = ", p->def.present ? "true" : "false");
    if (p->def.present)
      gen_c_cle_value(b, &p->def, p->type);
    else
      gen_buf_printf(b, "{.type = %s, .image = NULL, .number = 0.0, .string = NULL}", types[p->type]);
    gen_buf_puts(b, ",\n     .default_text = ");
    gen_buf_c_string(b, p->def.present ? p->def.text : "");
    gen_buf_printf(b, ",\n     .has_min = %s,\n     .has_max = %s,\n     .min = ", p->min.present ? "true" : "false",
                   p->max.present ? "true" : "false");
    emit_number(b, &p->min);
    gen_buf_puts(b, ",\n     .max = ");
    emit_number(b, &p->max);
    if (p->type == GEN_T_STRING)
      gen_buf_printf(b, ",\n     .choices = cle_choices_%s_%s,\n     .n_choices = %d", n, p->name, p->n_choices);
    else
      gen_buf_puts(b, ",\n     .choices = NULL,\n     .n_choices = 0");
    if (p->n_choice_aliases)
      gen_buf_printf(b,
                     ",\n     .choice_aliases = cle_choice_aliases_%s_%s,\n     .choice_alias_targets = "
                     "cle_choice_alias_targets_%s_%s,\n     .n_choice_aliases = %d",
                     n, p->name, n, p->name, p->n_choice_aliases);
    else
      gen_buf_puts(b,
                   ",\n     .choice_aliases = NULL,\n     .choice_alias_targets = NULL,\n     .n_choice_aliases = 0");
    gen_buf_printf(b, ",\n     .optional = %s", p->optional ? "true" : "false");
    if (p->type == GEN_T_FLOAT_LIST)
      gen_buf_printf(b, ",\n     .lengths = cle_lengths_%s_%s,\n     .n_lengths = %d},\n", n, p->name, p->n_lengths);
    else
      gen_buf_puts(b, ",\n     .lengths = NULL,\n     .n_lengths = 0},\n");
  }
  gen_buf_puts(b, "};\n");
}

static void emit_invoke(gen_buf *b, const gen_op *op)
{
  static const char *const conv[] = {"cle_value_float", "cle_value_int", "cle_value_bool", "cle_value_string",
                                     "cle_value_float_list"};
  const char *n = op->name;
  const gen_output *o = &op->output;
  gen_buf_printf(b,
                 "static int cle_invoke_%s(cle_array *const *inputs, cle_array *dst, const cle_value *params, "
                 "cle_op_result *out)\n{\n"
                 "  if (cle_invoke_check(\"%s\", inputs, %d, params, %d, out) != 0)\n    return -1;\n",
                 n, n, op->n_inputs, op->n_params);
  if (!op->n_params)
    gen_buf_puts(b, "  (void)params;\n");
  if (o->kind != GEN_OUT_ARRAY)
    gen_buf_printf(
        b, "  if (dst)\n    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s, so dst must be NULL\");\n", n,
        o->kind == GEN_OUT_SCALAR  ? "gives a number"
        : o->kind == GEN_OUT_TABLE ? "gives a table"
        : o->kind == GEN_OUT_MULTI ? "gives several images, created by the op"
                                   : "works in place on its input");
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    const char *t = gen_c_type(p->type);
    static const char *const zero[] = {"0.0f", "0", "false", "NULL", "NULL"};
    if (p->type == GEN_T_FLOAT_LIST) {
      gen_buf_printf(b,
                     "  const float *p%d = NULL;\n  size_t p%d_count = 0;\n  if (cle_value_float_list(\"%s\", \"%s\", "
                     "&params[%d], &p%d, &p%d_count) != 0)\n    return -1;\n",
                     i, i, n, p->name, i, i, i);
      continue;
    }
    gen_buf_printf(b, "  %s%sp%d = %s;\n  if (%s(\"%s\", \"%s\", &params[%d], &p%d) != 0)\n    return -1;\n", t,
                   t[strlen(t) - 1] == '*' ? "" : " ", i, zero[p->type], conv[p->type], n, p->name, i, i);
  }
  if (o->kind == GEN_OUT_MULTI) { /* every output created: stored in out->arrays */
    gen_buf_printf(b, "  out->n_arrays = %d;\n  if (cle_%s(", op->n_outputs, n);
    for (int i = 0; i < op->n_inputs; i++)
      gen_buf_printf(b, "%sinputs[%d]", i ? ", " : "", i);
    for (int k = 0; k < op->n_outputs; k++)
      gen_buf_printf(b, ", &out->arrays[%d]", k);
    for (int i = 0; i < op->n_params; i++)
      gen_buf_printf(b, op->params[i].type == GEN_T_FLOAT_LIST ? ", p%d, p%d_count" : ", p%d", i, i);
    gen_buf_puts(b, ") != 0)\n    return -1;\n  return 0;\n}\n\n");
    return;
  }
  gen_buf_printf(b, "  %s = cle_%s(",
                 o->kind == GEN_OUT_SCALAR  ? "out->scalar"
                 : o->kind == GEN_OUT_TABLE ? "out->table"
                                            : "out->array",
                 n);
  bool first = true;
  if (op->n_inputs == 0) { /* an op without inputs: the output's device, else the default */
    gen_buf_puts(b, "NULL");
    first = false;
  }
  for (int i = 0; i < op->n_inputs; i++, first = false)
    gen_buf_printf(b, "%sinputs[%d]", first ? "" : ", ", i);
  if (o->kind == GEN_OUT_ARRAY)
    gen_buf_puts(b, ", dst");
  for (int i = 0; i < op->n_params; i++)
    gen_buf_printf(b, op->params[i].type == GEN_T_FLOAT_LIST ? ", p%d, p%d_count" : ", p%d", i, i);
  gen_buf_puts(b, ");\n");
  if (o->kind == GEN_OUT_SCALAR)
    gen_buf_puts(b, "  return isnan(out->scalar) && cle_last_error() != CLE_OK ? -1 : 0;\n}\n\n");
  else if (o->kind == GEN_OUT_TABLE)
    gen_buf_puts(b, "  return out->table ? 0 : -1;\n}\n\n");
  else
    gen_buf_puts(b, "  return out->array ? 0 : -1;\n}\n\n");
}

/* The halo at the call's params: each footprint expression as C over doubles,
 * one local per numeric param (read from params[i].number, the value's type
 * being checked by cle_op_halo); INFINITY along an axis where it is global
 * (projections). None for a global footprint. */
static void emit_halo(gen_buf *b, const gen_op *op)
{
  if (op->footprint_global)
    return;
  gen_buf_printf(b, "static void cle_halo_%s(const cle_value *params, double halo[3])\n{\n", op->name);
  int n_numeric = 0;
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    if (p->type != GEN_T_FLOAT && p->type != GEN_T_INT && p->type != GEN_T_BOOL)
      continue;
    gen_buf_printf(b, "  const double %s = params[%d].number;\n  (void)%s;\n", p->name, i, p->name);
    n_numeric++;
  }
  if (!n_numeric)
    gen_buf_puts(b, "  (void)params;\n");
  for (int a = 0; a < 3; a++) {
    if (!op->footprint[a] || !strcmp(op->footprint[a], "global")) { /* global along this axis only */
      gen_buf_printf(b, "  halo[%d] = INFINITY;\n", a);
      continue;
    }
    char *c = gen_size_expression_c(op, op->footprint[a], false);
    gen_buf_printf(b, "  halo[%d] = %s;\n", a, c);
    free(c);
  }
  gen_buf_puts(b, "}\n\n");
}

static void emit_desc(gen_buf *b, const gen_op *op)
{
  static const char *const kinds[] = {"CLE_OUTPUT_ARRAY", "CLE_OUTPUT_SCALAR", "CLE_OUTPUT_INPLACE", "CLE_OUTPUT_TABLE",
                                      "CLE_OUTPUT_ARRAYS"};
  const char *n = op->name;
  gen_buf_puts(b, "    {.name = ");
  gen_buf_c_string(b, n);
  gen_buf_printf(b, ",\n     .tier = %d,\n     .brief = ", op->tier);
  gen_buf_c_string(b, op->brief);
  gen_buf_puts(b, ",\n     .description = ");
  gen_buf_c_string(b, op->description ? op->description : "");
  if (op->n_categories)
    gen_buf_printf(b, ",\n     .categories = cle_categories_%s,\n     .n_categories = %d", n, op->n_categories);
  else
    gen_buf_puts(b, ",\n     .categories = NULL,\n     .n_categories = 0");
  if (op->n_inputs)
    gen_buf_printf(b, ",\n     .inputs = cle_inputs_%s", n);
  else
    gen_buf_puts(b, ",\n     .inputs = NULL");
  gen_buf_printf(b, ",\n     .n_inputs = %d,\n     .output_kind = %s,\n     .output_name = ", op->n_inputs,
                 kinds[op->output.kind]);
  if (op->output.name)
    gen_buf_c_string(b, op->output.name);
  else
    gen_buf_puts(b, "NULL"); /* several outputs: see .outputs */
  gen_buf_puts(b, ",\n     .output_creator = ");
  gen_buf_c_string(b, op->output.creator_text);
  if (op->n_params)
    gen_buf_printf(b, ",\n     .params = cle_params_%s,\n     .n_params = %d", n, op->n_params);
  else
    gen_buf_puts(b, ",\n     .params = NULL,\n     .n_params = 0");
  gen_buf_printf(b, ",\n     .footprint_global = %s,\n     .footprint = {", op->footprint_global ? "true" : "false");
  for (int i = 0; i < 3; i++) {
    gen_buf_puts(b, i ? ", " : "");
    gen_buf_c_string(b, op->footprint_global ? "" : op->footprint[i]);
  }
  gen_buf_puts(b, "},\n");
  if (op->footprint_global)
    gen_buf_puts(b, "     .halo = NULL,\n");
  else
    gen_buf_printf(b, "     .halo = cle_halo_%s,\n", n);
  gen_buf_printf(b, "     .uses_position = %s,\n", gen_op_uses_position(op) ? "true" : "false");
  if (op->n_aliases)
    gen_buf_printf(b, "     .aliases = cle_aliases_%s,\n     .n_aliases = %d,\n", n, op->n_aliases);
  else
    gen_buf_puts(b, "     .aliases = NULL,\n     .n_aliases = 0,\n");
  int n_files;
  char **files = gen_op_kernel_files(op, &n_files);
  if (n_files)
    gen_buf_printf(b, "     .kernels = cle_kernels_%s,\n     .n_kernels = %d,\n", n, n_files);
  else
    gen_buf_puts(b, "     .kernels = NULL,\n     .n_kernels = 0,\n");
  if (op->output.kind == GEN_OUT_MULTI)
    gen_buf_printf(
        b, "     .outputs = cle_outputs_%s,\n     .n_outputs = %d,\n     .output_order = cle_output_order_%s,\n", n,
        op->n_outputs, n);
  else
    gen_buf_puts(b, "     .outputs = NULL,\n     .n_outputs = 0,\n     .output_order = NULL,\n");
  gen_free_strings(files, n_files);
  gen_buf_printf(b, "     .invoke = cle_invoke_%s},\n", n);
}

typedef struct alias_ref {
  const gen_op *op;
  const gen_op_alias *alias;
} alias_ref;

static int alias_cmp(const void *a, const void *b)
{
  return strcmp(((const alias_ref *)a)->alias->name, ((const alias_ref *)b)->alias->name);
}

/* Every alias sorted by name, and the lookups over the op and alias tables. */
static void emit_aliases_and_lookups(gen_buf *b, const gen_model *m)
{
  alias_ref *refs = NULL;
  int n = 0;
  for (int i = 0; i < m->n_ops; i++)
    for (int a = 0; a < m->ops[i].n_aliases; a++) {
      alias_ref *r = gen_push(&refs, &n, sizeof *r);
      r->op = &m->ops[i];
      r->alias = &m->ops[i].aliases[a];
    }
  if (n)
    qsort(refs, (size_t)n, sizeof *refs, alias_cmp);
  gen_buf_printf(b, "\n#define CLE_ALIAS_COUNT %d\n\n", n);
  if (n) {
    gen_buf_puts(b, "static const cle_alias_desc cle_alias_table[CLE_ALIAS_COUNT] = {\n");
    for (int i = 0; i < n; i++) {
      gen_buf_puts(b, "    {");
      gen_buf_c_string(b, refs[i].alias->name);
      gen_buf_printf(b, ", \"%s\", %s},\n", refs[i].op->name, refs[i].alias->deprecated ? "true" : "false");
    }
    gen_buf_puts(b, "};\n");
  } else {
    gen_buf_puts(b, "static const cle_alias_desc cle_alias_table[1] = {{.name = NULL}}; /* no aliases */\n");
  }
  free(refs);
  gen_buf_puts(
      b, "\n/* Binary search over a table sorted by strcmp of its .name. */\n"
         "#define CLE_FIND_BY_NAME(table, count, name)                                                            \\\n"
         "  do {                                                                                                  \\\n"
         "    int lo_ = 0, hi_ = (count);                                                                         \\\n"
         "    while (lo_ < hi_) {                                                                                 \\\n"
         "      int mid_ = lo_ + (hi_ - lo_) / 2, c_ = strcmp((name), (table)[mid_].name);                        \\\n"
         "      if (c_ == 0)                                                                                      \\\n"
         "        return &(table)[mid_];                                                                          \\\n"
         "      if (c_ < 0)                                                                                       \\\n"
         "        hi_ = mid_;                                                                                     \\\n"
         "      else                                                                                              \\\n"
         "        lo_ = mid_ + 1;                                                                                 \\\n"
         "    }                                                                                                   \\\n"
         "  } while (0)\n\n"
         "static const cle_op_desc *cle_op_by_name(const char *name)\n{\n"
         "  CLE_FIND_BY_NAME(cle_ops_table, CLE_OP_COUNT, name);\n  return NULL;\n}\n\n"
         "const cle_alias_desc *cle_alias_find(const char *name)\n{\n"
         "  if (!name)\n    return NULL;\n"
         "  CLE_FIND_BY_NAME(cle_alias_table, CLE_ALIAS_COUNT, name);\n  return NULL;\n}\n\n"
         "int cle_alias_count(void)\n{\n  return CLE_ALIAS_COUNT;\n}\n\n"
         "const cle_alias_desc *cle_alias_info(int index)\n{\n"
         "  if (index < 0 || index >= CLE_ALIAS_COUNT)\n"
         "    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, \"cle_alias_info: index must be in [0, %d), got %d\", "
         "CLE_ALIAS_COUNT, index);\n"
         "  return &cle_alias_table[index];\n}\n\n"
         "int cle_op_count(void)\n{\n  return CLE_OP_COUNT;\n}\n\n"
         "const cle_op_desc *cle_op_info(int index)\n{\n"
         "  if (index < 0 || index >= CLE_OP_COUNT)\n"
         "    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, \"cle_op_info: index must be in [0, %d), got %d\", "
         "CLE_OP_COUNT, index);\n"
         "  return &cle_ops_table[index];\n}\n\n"
         "const cle_op_desc *cle_op_find(const char *name)\n{\n"
         "  if (!name)\n"
         "    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, \"cle_op_find: name must not be NULL\");\n"
         "  const cle_op_desc *op = cle_op_by_name(name);\n"
         "  const cle_alias_desc *alias = op ? NULL : cle_alias_find(name);\n"
         "  if (alias)\n    op = cle_op_by_name(alias->op);\n"
         "  return op ? op : cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, \"cle_op_find: no operation named '%s'\", "
         "name);\n}\n");
}

void gen_emit_registry(const gen_model *m, gen_buf *b)
{
  gen_buf_printf(b,
                 "/* cesperanto — the op registry (%d ops, sorted by name).\n"
                 " * " GEN_BANNER ".\n"
                 " */\n"
                 "#include <math.h>\n"
                 "#include <stdbool.h>\n"
                 "#include <string.h>\n\n"
                 "#include <cesperanto/cle_ops.h>\n"
                 "#include \"cesperanto/cle_registry.h\"\n"
                 "#include \"cle_private.h\"\n\n",
                 m->n_ops);
  gen_buf_puts(b, prelude);
  for (int i = 0; i < m->n_ops; i++) {
    gen_buf_printf(b, "\n/* %s (%s) */\n", m->ops[i].name, m->ops[i].file);
    emit_tables(b, &m->ops[i]);
    gen_buf_putc(b, '\n');
    emit_invoke(b, &m->ops[i]);
    emit_halo(b, &m->ops[i]);
  }
  gen_buf_printf(b, "#define CLE_OP_COUNT %d\n\n", m->n_ops);
  if (m->n_ops) {
    gen_buf_puts(b, "static const cle_op_desc cle_ops_table[CLE_OP_COUNT] = {\n");
    for (int i = 0; i < m->n_ops; i++)
      emit_desc(b, &m->ops[i]);
    gen_buf_puts(b, "};\n");
  } else {
    gen_buf_puts(b, "static const cle_op_desc cle_ops_table[1] = {{.name = NULL}}; /* no ops yet */\n");
  }
  emit_aliases_and_lookups(b, m);
}
