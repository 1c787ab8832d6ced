/* cle-gen — cle_registry.c: the op table of cle_registry.h, sorted by name,
 * and an invoke trampoline per op that turns cle_value params into C
 * arguments (checking their types) and calls the generated cle_OP. */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "names.h"

static const char *const prelude =
    "#define CLE_UNUSED __attribute__((unused))\n"
    "\n"
    "static CLE_UNUSED const char *cle_type_word(cle_value_type t)\n"
    "{\n"
    "  static const char *const words[] = {\"image\", \"float\", \"int\", \"bool\", \"string\"};\n"
    "  return (unsigned)t < 5 ? words[t] : \"unknown\";\n"
    "}\n"
    "\n"
    "static CLE_UNUSED int cle_value_float(const char *op, const char *name, const cle_value *v, float *out)\n"
    "{\n"
    "  if (v->type != CLE_TYPE_FLOAT && v->type != CLE_TYPE_INT)\n"
    "    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be a float, got a value of type %s\", op, name,\n"
    "                         cle_type_word(v->type));\n"
    "  *out = (float)v->number;\n"
    "  return 0;\n"
    "}\n"
    "\n"
    "static CLE_UNUSED int cle_value_int(const char *op, const char *name, const cle_value *v, int *out)\n"
    "{\n"
    "  if (v->type != CLE_TYPE_INT)\n"
    "    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be an int, got a value of type %s\", op, name,\n"
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
    "    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be a bool, got a value of type %s\", op, name,\n"
    "                         cle_type_word(v->type));\n"
    "  *out = v->number != 0;\n"
    "  return 0;\n"
    "}\n"
    "\n"
    "static CLE_UNUSED int cle_value_string(const char *op, const char *name, const cle_value *v, const char **out)\n"
    "{\n"
    "  if (v->type != CLE_TYPE_STRING)\n"
    "    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be a string, got a value of type %s\", op, name,\n"
    "                         cle_type_word(v->type));\n"
    "  *out = v->string;\n"
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
  gen_buf_printf(b, "static const cle_input_desc cle_inputs_%s[] = {\n", n);
  for (int i = 0; i < op->n_inputs; i++) {
    gen_buf_puts(b, "    {");
    gen_buf_c_string(b, op->inputs[i].name);
    gen_buf_puts(b, ", ");
    gen_buf_c_string(b, op->inputs[i].doc);
    gen_buf_printf(b, ", 0x%02xu},\n", op->inputs[i].dtypes);
  }
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
  }
  if (!op->n_params)
    return;
  static const char *const types[] = {"CLE_TYPE_FLOAT", "CLE_TYPE_INT", "CLE_TYPE_BOOL", "CLE_TYPE_STRING"};
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
      gen_buf_printf(b, ",\n     .choices = cle_choices_%s_%s,\n     .n_choices = %d},\n", n, p->name, p->n_choices);
    else
      gen_buf_puts(b, ",\n     .choices = NULL,\n     .n_choices = 0},\n");
  }
  gen_buf_puts(b, "};\n");
}

static void emit_invoke(gen_buf *b, const gen_op *op)
{
  static const char *const conv[] = {"cle_value_float", "cle_value_int", "cle_value_bool", "cle_value_string"};
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
    gen_buf_printf(b,
                   "  if (dst)\n    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s, so dst must be NULL\");\n",
                   n, o->kind == GEN_OUT_SCALAR ? "gives a number" : "works in place on its input");
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    const char *t = gen_c_type(p->type);
    static const char *const zero[] = {"0.0f", "0", "false", "NULL"};
    gen_buf_printf(b, "  %s%sp%d = %s;\n  if (%s(\"%s\", \"%s\", &params[%d], &p%d) != 0)\n    return -1;\n", t,
                   t[strlen(t) - 1] == '*' ? "" : " ", i, zero[p->type], conv[p->type], n, p->name, i, i);
  }
  gen_buf_printf(b, "  %s = cle_%s(", o->kind == GEN_OUT_SCALAR ? "out->scalar" : "out->array", n);
  bool first = true;
  for (int i = 0; i < op->n_inputs; i++, first = false)
    gen_buf_printf(b, "%sinputs[%d]", first ? "" : ", ", i);
  if (o->kind == GEN_OUT_ARRAY)
    gen_buf_puts(b, ", dst");
  for (int i = 0; i < op->n_params; i++)
    gen_buf_printf(b, ", p%d", i);
  gen_buf_puts(b, ");\n");
  if (o->kind == GEN_OUT_SCALAR)
    gen_buf_puts(b, "  return isnan(out->scalar) && cle_last_error() != CLE_OK ? -1 : 0;\n}\n\n");
  else
    gen_buf_puts(b, "  return out->array ? 0 : -1;\n}\n\n");
}

static void emit_desc(gen_buf *b, const gen_op *op)
{
  static const char *const kinds[] = {"CLE_OUTPUT_ARRAY", "CLE_OUTPUT_SCALAR", "CLE_OUTPUT_INPLACE"};
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
  gen_buf_printf(b, ",\n     .inputs = cle_inputs_%s,\n     .n_inputs = %d,\n     .output_kind = %s,\n     .output_name = ",
                 n, op->n_inputs, kinds[op->output.kind]);
  gen_buf_c_string(b, op->output.name);
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
  gen_buf_printf(b, "},\n     .invoke = cle_invoke_%s},\n", n);
}

void gen_emit_registry(const gen_model *m, gen_buf *b)
{
  gen_buf_printf(b, "/* cesperanto — the op registry (%d ops, sorted by name).\n"
                    " * " GEN_BANNER ".\n"
                    " */\n"
                    "#include <math.h>\n"
                    "#include <stdbool.h>\n"
                    "#include <string.h>\n\n"
                    "#include \"cesperanto/cle_ops.h\"\n"
                    "#include \"cesperanto/cle_registry.h\"\n"
                    "#include \"cle_private.h\"\n\n",
                 m->n_ops);
  gen_buf_puts(b, prelude);
  for (int i = 0; i < m->n_ops; i++) {
    gen_buf_printf(b, "\n/* %s (%s) */\n", m->ops[i].name, m->ops[i].file);
    emit_tables(b, &m->ops[i]);
    gen_buf_putc(b, '\n');
    emit_invoke(b, &m->ops[i]);
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
  gen_buf_puts(b,
               "\nint cle_op_count(void)\n{\n  return CLE_OP_COUNT;\n}\n\n"
               "const cle_op_desc *cle_op_info(int index)\n{\n"
               "  if (index < 0 || index >= CLE_OP_COUNT)\n"
               "    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, \"cle_op_info: index must be in [0, %d), got %d\", "
               "CLE_OP_COUNT, index);\n"
               "  return &cle_ops_table[index];\n}\n\n"
               "const cle_op_desc *cle_op_find(const char *name)\n{\n"
               "  if (!name)\n"
               "    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, \"cle_op_find: name must not be NULL\");\n"
               "  int lo = 0, hi = CLE_OP_COUNT; /* the table is sorted by strcmp */\n"
               "  while (lo < hi) {\n"
               "    int mid = lo + (hi - lo) / 2;\n"
               "    int c = strcmp(name, cle_ops_table[mid].name);\n"
               "    if (c == 0)\n"
               "      return &cle_ops_table[mid];\n"
               "    if (c < 0)\n"
               "      hi = mid;\n"
               "    else\n"
               "      lo = mid + 1;\n"
               "  }\n"
               "  return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, \"cle_op_find: no operation named '%s'\", name);\n}\n");
}
