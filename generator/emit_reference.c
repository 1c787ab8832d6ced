/* cle-gen — the test references' plumbing (cle_reference_ops.h/.c, used by
 * tests/reference and the spec-test runner): one typed prototype per op,
 * the output of each op allocated by its creator rule, the references that
 * follow from the spec (a composite: the composition of its callees'
 * references; a pixelwise op: its rule evaluated on the host, in float as
 * the device does), and an adapter per op from the registry's cle_value
 * params to the typed call. Hand-written references (every other op) are
 * tests/reference/ref_NAME.c, defining the prototype declared here. */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "footprint.h"
#include "family.h"
#include "names.h"

static const char *ref_c_type(gen_type t)
{
  static const char *const types[] = {"float", "int", "bool", "const char *", "const float *"};
  return types[t];
}

/* How an op's reference is written. */
typedef enum { REF_HAND, REF_RULE, REF_COMPOSITE } ref_kind;

static ref_kind kind_of(const gen_op *op)
{
  if (op->impl.kind == GEN_IMPL_COMPOSITE)
    return REF_COMPOSITE;
  if (op->impl.kind == GEN_IMPL_FAMILY && op->impl.family == GEN_FAMILY_PIXELWISE)
    return REF_RULE;
  return REF_HAND;
}

/* The typed argument list: inputs, the output (unless with_output is false),
 * then params. */
static void typed_args(gen_buf *b, const gen_op *op, bool with_output)
{
  const gen_output *o = &op->output;
  bool first = true;
  for (int i = 0; i < op->n_inputs; i++, first = false)
    gen_buf_printf(b, "%s%sref_image *%s", first ? "" : ", ",
                   (o->kind == GEN_OUT_INPLACE && i == o->of_index) || op->inputs[i].written ? "" : "const ",
                   op->inputs[i].name);
  if (with_output && o->kind == GEN_OUT_MULTI) {
    /* several outputs: each allocated by its rule, NULL where the input does not make it (when: 3d) */
    for (int k = 0; k < op->n_outputs; k++)
      gen_buf_printf(b, "%sref_image *%s", first ? "" : ", ", op->outputs[k].name);
    first = false;
  } else if (with_output && (o->kind == GEN_OUT_ARRAY || o->kind == GEN_OUT_TABLE)) {
    /* a table: a float32 matrix the reference allocates, a row per table row, its columns sorted by name */
    gen_buf_printf(b, "%sref_image *%s", first ? "" : ", ", o->name);
    first = false;
  } else if (with_output && o->kind == GEN_OUT_SCALAR) {
    gen_buf_printf(b, "%sdouble *%s", first ? "" : ", ", o->name);
    first = false;
  }
  for (int i = 0; i < op->n_params; i++, first = false) {
    const char *t = ref_c_type(op->params[i].type);
    gen_buf_printf(b, "%s%s%s%s", first ? "" : ", ", t, t[strlen(t) - 1] == '*' ? "" : " ", op->params[i].name);
    if (op->params[i].type == GEN_T_FLOAT_LIST)
      gen_buf_printf(b, ", size_t %s_count", op->params[i].name);
  }
}

static void prototype(gen_buf *b, const gen_op *op)
{
  gen_buf_printf(b, "int ref_op_%s(", op->name);
  typed_args(b, op, true);
  gen_buf_putc(b, ')');
}

/* ---- the header -------------------------------------------------------------- */

void gen_emit_reference_header(const gen_model *m, gen_buf *b)
{
  gen_buf_puts(b, "/* cesperanto — the CPU references of the ops, typed from the spec.\n"
                  " * " GEN_BANNER ".\n"
                  " *\n"
                  " * ref_op_NAME(inputs..., output, params...): the output is allocated by the\n"
                  " * op's creator rule before the call (zeroed; with creator impl the reference\n"
                  " * allocates it); a scalar op writes *result; a table op allocates its result:\n"
                  " * a float32 matrix, one row per table row, the columns sorted by name;\n"
                  " * an in-place op modifies its input, and an op writes its written inputs\n"
                  " * (non-const; the runner's copies). String params are the canonical\n"
                  " * choice (aliases resolved). Returns 0, or -1 if it cannot handle the case.\n"
                  " */\n"
                  "#ifndef CESPERANTO_CLE_REFERENCE_OPS_H\n"
                  "#define CESPERANTO_CLE_REFERENCE_OPS_H\n\n"
                  "#include <stdbool.h>\n"
                  "#include \"reference.h\"\n\n"
                  "/* What the generated rule references call for OpenCL's predicates (0 or 1). */\n"
                  "int ref_rule_isnan(float x);\n"
                  "int ref_rule_isinf(float x);\n"
                  "int ref_rule_signbit(float x);\n"
                  "float ref_rule_exp10(float x);\n"
                  "float ref_rule_pow(float x, float y);\n"
                  "float ref_rule_sign(float x);\n"
                  "float ref_rule_clamp(float x, float lo, float hi);\n");
  for (int i = 0; i < m->n_ops; i++) {
    const gen_op *op = &m->ops[i];
    switch (kind_of(op)) {
    case REF_HAND: gen_buf_printf(b, "\n/* %s: hand-written, tests/reference/ref_%s.c */\n", op->name, op->name); break;
    case REF_RULE: gen_buf_printf(b, "\n/* %s: generated from its pixelwise rule (%s) */\n", op->name, op->file); break;
    case REF_COMPOSITE:
      gen_buf_printf(b, "\n/* %s: generated, the composition of its callees' references (%s) */\n", op->name, op->file);
      break;
    }
    prototype(b, op);
    gen_buf_puts(b, ";\n");
  }
  gen_buf_puts(b, "\n#endif /* CESPERANTO_CLE_REFERENCE_OPS_H */\n");
}

/* ---- the source -------------------------------------------------------------- */

/* ref_output_NAME(inputs..., params..., out): the output by the creator rule. */
/* size[3] from the output's size expressions, each checked to lie in [1, INT_MAX] (else -1), into w, h, d
 * (the size() and shape() creators). */
static void ref_checked_sizes(gen_buf *b, const gen_op *op, const gen_output *o)
{
  gen_buf_puts(b, "  const double size[3] = {");
  for (int i = 0; i < 3; i++) {
    char *e = gen_size_expression_c(op, o->size[i], true);
    gen_buf_printf(b, "%s%s", i ? ", " : "", e);
    free(e);
  }
  gen_buf_printf(b, "};\n"
                    "  for (int i = 0; i < 3; i++)\n"
                    "    if (!(size[i] >= 1 && size[i] <= INT_MAX))\n"
                    "      return -1;\n"
                    "  const size_t w = (size_t)size[0], h = (size_t)size[1], d = (size_t)size[2];\n");
}

static void output_function(gen_buf *b, const gen_op *op)
{
  const gen_output *o = &op->output;
  if (o->kind != GEN_OUT_ARRAY)
    return;
  gen_buf_printf(b, "\nstatic int ref_output_%s(", op->name);
  typed_args(b, op, false);
  gen_buf_printf(b, "%sref_image *out)\n{\n", op->n_inputs || op->n_params ? ", " : "");
  for (int i = 0; i < op->n_inputs; i++)
    gen_buf_printf(b, "  (void)%s;\n", op->inputs[i].name);
  for (int i = 0; i < op->n_params; i++)
    gen_buf_printf(b, op->params[i].type == GEN_T_FLOAT_LIST ? "  (void)%s;\n  (void)%s_count;\n" : "  (void)%s;\n",
                   op->params[i].name, op->params[i].name);
  const char *of = o->of;
  char *dtype = o->dtype == GEN_DTYPE_WIDENED    ? gen_printf("ref_widened(%s->dtype)", of)
                : o->dtype == GEN_DTYPE_PROMOTED ? gen_promoted_dtype_call(op, "cle_promoted_dtype", "%s->dtype")
                : o->dtype_if   ? gen_printf("(%s ? %s : %s->dtype)", o->dtype_if, gen_dtype_enum(o->dtype), of)
                : o->dtype >= 0 ? gen_strdup(gen_dtype_enum(o->dtype))
                                : gen_printf("%s->dtype", of ? of : "?");
  switch (o->creator) {
  case GEN_C_LIKE:
  case GEN_C_BINARY:
  case GEN_C_LABELS: gen_buf_printf(b, "  return ref_image_like(out, %s, %s);\n", of, dtype); break;
  case GEN_C_XY:
  case GEN_C_XZ:
  case GEN_C_YZ: {
    /* numpy's reduction along the axis, as the generated cle_OP (emit_source.c) */
    const int axis = o->creator == GEN_C_YZ ? 0 : o->creator == GEN_C_XZ ? 1 : 2;
    const char *keep = o->keep_dims ? o->keep_dims : "false";
    gen_buf_printf(b, "  const int ndim = %s->ndim > %d && !%s ? (%s->ndim > 1 ? %s->ndim - 1 : 1) : %s->ndim;\n", of,
                   axis, keep, of, of, of);
    if (axis == 2)
      gen_buf_printf(b, "  return ref_image_alloc(out, %s, ndim, %s->width, %s->height, 1);\n", dtype, of, of);
    else if (axis == 1)
      gen_buf_printf(b, "  return ref_image_alloc(out, %s, ndim, %s->width, %s ? 1 : %s->depth, %s ? %s->depth : 1);\n",
                     dtype, of, keep, of, keep, of);
    else
      gen_buf_printf(b,
                     "  return ref_image_alloc(out, %s, ndim, %s ? 1 : %s->height, %s ? %s->height : %s->depth, %s ? "
                     "%s->depth : 1);\n",
                     dtype, keep, of, keep, of, of, keep, of);
    break;
  }
  case GEN_C_SIZE: {
    ref_checked_sizes(b, op, o);
    gen_buf_printf(b,
                   "  const int ndim = d > 1 || %s->ndim == 3 ? 3 : h > 1 || %s->ndim == 2 ? 2 : 1;\n"
                   "  return ref_image_alloc(out, %s, ndim, w, h, d);\n",
                   of, of, dtype);
    break;
  }
  case GEN_C_SHAPE: {
    ref_checked_sizes(b, op, o);
    gen_buf_printf(b, "  return ref_image_alloc(out, %s, d > 1 ? 3 : h > 1 ? 2 : 1, w, h, d);\n", dtype);
    break;
  }
  case GEN_C_VECTOR:
  case GEN_C_MATRIX:
    if (o->size[0]) {
      /* ref_max_label(IN) is NaN when IN holds no labels: the size check fails */
      const int n = o->creator == GEN_C_MATRIX ? 2 : 1;
      gen_buf_puts(b, "  const double size[2] = {");
      for (int i = 0; i < 2; i++) {
        char *e = i < n ? gen_size_expression_c(op, o->size[i], true) : gen_strdup("1");
        gen_buf_printf(b, "%s%s", i ? ", " : "", e);
        free(e);
      }
      gen_buf_printf(b,
                     "};\n"
                     "  for (int i = 0; i < 2; i++)\n"
                     "    if (!(size[i] >= 1 && size[i] <= INT_MAX))\n"
                     "      return -1;\n"
                     "  return ref_image_alloc(out, %s, %d, (size_t)size[0], (size_t)size[1], 1);\n",
                     dtype, n);
    } else if (o->length_param)
      gen_buf_printf(b, "  return %s < 1 ? -1 : ref_image_alloc(out, %s, 1, (size_t)%s, 1, 1);\n", o->length_param,
                     dtype, o->length_param);
    else
      gen_buf_printf(b, "  return ref_image_alloc(out, %s, 1, %ld, 1, 1);\n", dtype, o->length);
    break;
  case GEN_C_IMPL: gen_buf_puts(b, "  (void)out;\n  return 0; /* creator impl: the reference allocates it */\n"); break;
  default: gen_buf_puts(b, "  return -1;\n"); break;
  }
  free(dtype);
  gen_buf_puts(b, "}\n");
}

/* A pixelwise op's reference: the rule on the host, pixel by pixel. */
static void rule_function(gen_buf *b, const gen_op *op)
{
  const gen_impl *im = &op->impl;
  char *rule = gen_rule_translate(op, "rule", true), *where = gen_rule_translate(op, "where", true);
  gen_buf_putc(b, '\n');
  prototype(b, op);
  gen_buf_puts(b, "\n{\n");
  const char *out = op->output.name;
  gen_buf_printf(b, "  const size_t n = ref_image_size(%s);\n", out);
  for (int i = 0; i < op->n_inputs; i++)
    gen_buf_printf(b, "  if (ref_image_size(%s) != n)\n    return -1;\n", op->inputs[i].name);
  int s = 0;
  for (int i = 0; i < op->n_params; i++)
    if (op->params[i].type != GEN_T_STRING) {
      gen_buf_printf(b, "  const float s%d = (float)%s;\n  (void)s%d;\n", s, op->params[i].name, s);
      s++;
    }
  if (im->uses_coords)
    gen_buf_printf(b,
                   "  const size_t width = %s->width, height = %s->height;\n"
                   "  const int cw = (int)width, ch = (int)height, cd = (int)%s->depth;\n"
                   "  (void)cw;\n  (void)ch;\n  (void)cd;\n",
                   out, out, out);
  gen_buf_puts(b, "  for (size_t i = 0; i < n; i++) {\n");
  /* float compute: each input as float, as the kernel converts it; native: its exact value */
  for (int i = 0; i < op->n_inputs; i++)
    gen_buf_printf(b, "    const %s in%d = (%s)ref_get(%s, i);\n    (void)in%d;\n", im->variant ? "double" : "float", i,
                   im->variant ? "double" : "float", op->inputs[i].name, i);
  if (im->uses_coords)
    gen_buf_puts(
        b, "    const int cx = (int)(i % width), cy = (int)(i / width % height), cz = (int)(i / (width * height));\n"
           "    (void)cx;\n    (void)cy;\n    (void)cz;\n");
  if (where) /* elsewhere the first input's own value, exact */
    gen_buf_printf(b, "    ref_set(%s, i, (%s) ? (double)%s : ref_get(%s, i));\n  }\n  return 0;\n}\n", out, where,
                   rule ? rule : "0", op->inputs[0].name);
  else
    gen_buf_printf(b, "    ref_set(%s, i, (double)%s);\n  }\n  return 0;\n}\n", out, rule ? rule : "0");
  free(rule);
  free(where);
}

/* One argument of a composite step, as the callee's reference takes it. */
static void step_arg(gen_buf *b, const gen_op *op, const gen_arg *a, const gen_param *callee_param)
{
  switch (a->kind) {
  case GEN_ARG_INPUT: gen_buf_puts(b, op->inputs[a->index].name); break;
  case GEN_ARG_PARAM: gen_buf_puts(b, op->params[a->index].name); break;
  case GEN_ARG_TEMP:
    if (op->impl.steps[a->index].callee->output.kind == GEN_OUT_SCALAR)
      gen_buf_printf(b, "(float)t_%s", op->impl.steps[a->index].as);
    else
      gen_buf_printf(b, "&t_%s", op->impl.steps[a->index].as);
    break;
  case GEN_ARG_DST: gen_buf_puts(b, op->output.name); break;
  case GEN_ARG_LITERAL:
    if (callee_param && callee_param->type == GEN_T_STRING) {
      const char *v = a->value.text;
      for (int k = 0; k < callee_param->n_choice_aliases; k++) /* references take the canonical choice */
        if (!strcmp(callee_param->choice_aliases[k].alias, v))
          v = callee_param->choice_aliases[k].target;
      gen_buf_c_string(b, v);
    } else {
      gen_c_literal(b, &a->value, callee_param ? callee_param->type : a->value.type);
    }
    break;
  case GEN_ARG_UNRESOLVED: break;
  }
}

static const gen_arg *find_arg(const gen_step *st, const char *name)
{
  for (int i = 0; i < st->n_args; i++)
    if (!strcmp(st->args[i].name, name))
      return &st->args[i];
  return NULL;
}

/* The callee's arguments of a step: inputs, [output], params (defaults filled in). */
static void step_call_args(gen_buf *b, const gen_op *op, const gen_step *st, const char *output)
{
  const gen_op *callee = st->callee;
  bool first = true;
  for (int i = 0; i < callee->n_inputs; i++, first = false) {
    gen_buf_puts(b, first ? "" : ", ");
    step_arg(b, op, find_arg(st, callee->inputs[i].name), NULL);
  }
  if (output) {
    gen_buf_printf(b, "%s%s", first ? "" : ", ", output);
    first = false;
  }
  for (int i = 0; i < callee->n_params; i++, first = false) {
    const gen_param *cp = &callee->params[i];
    const gen_arg *a = find_arg(st, cp->name);
    gen_buf_puts(b, first ? "" : ", ");
    if (a)
      step_arg(b, op, a, cp);
    else if (cp->type == GEN_T_STRING)
      gen_buf_c_string(b, cp->def.text);
    else
      gen_c_literal(b, &cp->def, cp->type);
  }
}

static void composite_function(gen_buf *b, const gen_op *op)
{
  const gen_impl *im = &op->impl;
  gen_buf_putc(b, '\n');
  prototype(b, op);
  gen_buf_puts(b, "\n{\n  int rc = 0;\n");
  for (int s = 0; s < im->n_steps; s++)
    if (im->steps[s].as)
      gen_buf_printf(
          b, im->steps[s].callee->output.kind == GEN_OUT_SCALAR ? "  double t_%s = 0;\n" : "  ref_image t_%s = {0};\n",
          im->steps[s].as);
  for (int s = 0; s < im->n_steps; s++) {
    const gen_step *st = &im->steps[s];
    const gen_op *callee = st->callee;
    bool last = s == im->n_steps - 1;
    gen_buf_printf(b, "  /* step %d: %s */\n", s + 1, callee->name);
    if (callee->output.kind == GEN_OUT_SCALAR) {
      char *target = last ? gen_strdup(op->output.name) : gen_printf("&t_%s", st->as);
      gen_buf_printf(b, "  if (rc == 0)\n    rc = ref_op_%s(", callee->name);
      step_call_args(b, op, st, target);
      gen_buf_puts(b, ");\n");
      free(target);
      continue;
    }
    const gen_arg *given = find_arg(st, callee->output.name);
    char *target;
    if (given && given->kind == GEN_ARG_DST)
      target = gen_strdup(op->output.name);
    else if (last)
      target = gen_strdup(op->output.name);
    else {
      target = gen_printf("&t_%s", st->as);
      gen_buf_printf(b, "  if (rc == 0)\n    rc = ref_output_%s(", callee->name);
      step_call_args(b, op, st, NULL);
      gen_buf_printf(b, "%s%s);\n", callee->n_inputs || callee->n_params ? ", " : "", target);
    }
    gen_buf_printf(b, "  if (rc == 0)\n    rc = ref_op_%s(", callee->name);
    step_call_args(b, op, st, target);
    gen_buf_puts(b, ");\n");
    free(target);
  }
  for (int s = 0; s < im->n_steps; s++)
    if (im->steps[s].as && im->steps[s].callee->output.kind != GEN_OUT_SCALAR)
      gen_buf_printf(b, "  ref_image_free(&t_%s);\n", im->steps[s].as);
  gen_buf_puts(b, "  return rc;\n}\n");
}

/* The registry-shaped adapter: cle_value params to the typed call. */
static void adapter(gen_buf *b, const gen_op *op)
{
  const gen_output *o = &op->output;
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    if (p->type != GEN_T_STRING)
      continue;
    gen_buf_printf(b, "\nstatic const char *const ref_names_%s_%s[] = {", op->name, p->name);
    gen_c_choice_words(b, p, false);
    gen_buf_printf(b, "};\nstatic const char *const ref_canonical_%s_%s[] = {", op->name, p->name);
    gen_c_choice_words(b, p, true);
    gen_buf_puts(b, "};\n");
  }
  gen_buf_printf(
      b,
      "\nstatic int ref_run_%s(const ref_image *const *in, const cle_value *p, ref_image *out, double *scalar)\n{\n"
      "  (void)in;\n  (void)p;\n  (void)out;\n  (void)scalar;\n",
      op->name);
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    switch (p->type) {
    case GEN_T_FLOAT: gen_buf_printf(b, "  const float a%d = (float)p[%d].number;\n", i, i); break;
    case GEN_T_INT: gen_buf_printf(b, "  const int a%d = (int)p[%d].number;\n", i, i); break;
    case GEN_T_BOOL: gen_buf_printf(b, "  const bool a%d = p[%d].number != 0;\n", i, i); break;
    case GEN_T_FLOAT_LIST:
      gen_buf_printf(b, "  const float *a%d = p[%d].list;\n  const size_t a%d_count = p[%d].count;\n", i, i, i, i);
      break;
    case GEN_T_STRING:
      gen_buf_printf(
          b,
          "  const char *a%d = ref_canonical_choice(p[%d].string, ref_names_%s_%s, ref_canonical_%s_%s, %d);\n"
          "  if (!a%d)\n    return -1;\n",
          i, i, op->name, p->name, op->name, p->name, p->n_choices + p->n_choice_aliases, i);
      break;
    }
  }
  /* "in[0], in[1], " and ", a0, a1" */
  gen_buf ins = {0}, params = {0};
  gen_buf_puts(&ins, "");
  gen_buf_puts(&params, "");
  for (int i = 0; i < op->n_inputs; i++) /* a written input: the runner passes a copy, which it writes */
    gen_buf_printf(&ins, "%s%sin[%d]", i ? ", " : "", op->inputs[i].written ? "(ref_image *)" : "", i);
  for (int i = 0; i < op->n_params; i++)
    gen_buf_printf(&params, op->params[i].type == GEN_T_FLOAT_LIST ? ", a%d, a%d_count" : ", a%d", i, i);
  switch (o->kind) {
  case GEN_OUT_ARRAY:
    /* params starts with ", ": without inputs it leads the argument list */
    gen_buf_printf(b, "  if (ref_output_%s(%s%s%sout) != 0)\n    return -1;\n", op->name, ins.data,
                   op->n_inputs || !params.len ? params.data : params.data + 2, ins.len || params.len ? ", " : "");
    gen_buf_printf(b,
                   "  const int rc = ref_op_%s(%s%sout%s);\n  if (rc != 0)\n    ref_image_free(out);\n  return rc;\n",
                   op->name, ins.data, op->n_inputs ? ", " : "", params.data);
    break;
  case GEN_OUT_SCALAR:
    gen_buf_printf(b, "  return ref_op_%s(%s%sscalar%s);\n", op->name, ins.data, op->n_inputs ? ", " : "", params.data);
    break;
  case GEN_OUT_TABLE: /* the reference allocates the matrix */
    gen_buf_printf(b,
                   "  const int rc = ref_op_%s(%s%sout%s);\n  if (rc != 0)\n    ref_image_free(out);\n  return rc;\n",
                   op->name, ins.data, op->n_inputs ? ", " : "", params.data);
    break;
  case GEN_OUT_MULTI: {
    /* each output by its rule (only_3d ones for a 3D input), then all of them in output_order, as the
       runner compares them (ref_stack_outputs) */
    gen_buf_printf(b, "  ref_image o[%d] = {{0}};\n  int rc = 0;\n", op->n_outputs);
    for (int k = 0; k < op->n_outputs; k++) {
      const gen_output *ok = &op->outputs[k];
      const int of = ok->of_index;
      if (ok->only_3d)
        gen_buf_printf(b, "  if (in[%d]->depth > 1)\n  ", of);
      if (ok->dtype >= 0)
        gen_buf_printf(b, "  rc |= ref_image_like(&o[%d], in[%d], %s);\n", k, of, gen_dtype_enum(ok->dtype));
      else
        gen_buf_printf(b, "  rc |= ref_image_like(&o[%d], in[%d], in[%d]->dtype);\n", k, of, of);
    }
    gen_buf_printf(b, "  if (rc == 0)\n    rc = ref_op_%s(%s", op->name, ins.data);
    for (int k = 0; k < op->n_outputs; k++)
      gen_buf_printf(b, op->outputs[k].only_3d ? ", o[%d].data ? &o[%d] : NULL" : ", &o[%d]", k, k);
    gen_buf_printf(b, "%s);\n  const ref_image *const order[] = {", params.data);
    for (int k = 0; k < op->n_output_order; k++)
      gen_buf_printf(b, "%s&o[%d]", k ? ", " : "", op->output_order[k]);
    gen_buf_printf(b, "};\n  if (rc == 0)\n    rc = ref_stack_outputs(order, %d, out);\n", op->n_output_order);
    for (int k = 0; k < op->n_outputs; k++)
      gen_buf_printf(b, "  ref_image_free(&o[%d]);\n", k);
    gen_buf_puts(b, "  return rc;\n");
    break;
  }
  case GEN_OUT_INPLACE: {
    /* out holds a copy of the in-place input (the runner made it) */
    gen_buf_printf(b, "  return ref_op_%s(", op->name);
    for (int i = 0; i < op->n_inputs; i++) {
      if (i == o->of_index)
        gen_buf_printf(b, "%sout", i ? ", " : "");
      else
        gen_buf_printf(b, "%sin[%d]", i ? ", " : "", i);
    }
    gen_buf_printf(b, "%s);\n", params.data);
    break;
  }
  }
  gen_buf_free(&ins);
  gen_buf_free(&params);
  gen_buf_puts(b, "}\n");
}

void gen_emit_reference_source(const gen_model *m, gen_buf *b)
{
  gen_buf_puts(
      b, "/* cesperanto — the generated part of the test references.\n"
         " * " GEN_BANNER ".\n"
         " */\n"
         "#include <limits.h>\n"
         "#include <math.h>\n"
         "#include <stddef.h>\n"
         "#include <string.h>\n\n"
         "#include \"cle_reference_ops.h\"\n\n"
         "#define REF_UNUSED __attribute__((unused))\n"
         "#define CLE_UNUSED REF_UNUSED\n\n"
         "int ref_rule_isnan(float x)\n{\n  return isnan(x) != 0;\n}\n\n"
         "int ref_rule_isinf(float x)\n{\n  return isinf(x) != 0;\n}\n\n"
         "int ref_rule_signbit(float x)\n{\n  return signbit(x) != 0;\n}\n\n"
         "float ref_rule_exp10(float x)\n{\n  return (float)pow(10.0, (double)x);\n}\n\n"
         "/* The kernels' cle_pow: pow in double, rounded once to float. */\n"
         "float ref_rule_pow(float x, float y)\n{\n  return (float)pow((double)x, (double)y);\n}\n\n"
         "/* OpenCL's sign: 1 or -1, a zero keeps its sign, NaN gives 0. */\n"
         "float ref_rule_sign(float x)\n{\n  return isnan(x) ? 0.0f : x > 0 ? 1.0f : x < 0 ? -1.0f : x;\n}\n\n"
         "/* OpenCL's clamp: fmin(fmax(x, lo), hi). */\n"
         "float ref_rule_clamp(float x, float lo, float hi)\n{\n  return fminf(fmaxf(x, lo), hi);\n}\n\n"
         "/* The creator dtype 'widened': signed integers to int32, unsigned to uint32, float32 stays. */\n"
         "static REF_UNUSED cle_dtype ref_widened(cle_dtype t)\n{\n"
         "  return t == CLE_FLOAT32 ? CLE_FLOAT32 : (t == CLE_INT8 || t == CLE_INT16 || t == CLE_INT32) ? CLE_INT32 "
         ": CLE_UINT32;\n}\n\n"
         "/* Several outputs as the spec-test runner compares them: those made (data not NULL), in the\n"
         " * order given, as float32, one after the other along z (width x height x the sum of their depths). */\n"
         "static REF_UNUSED int ref_stack_outputs(const ref_image *const *o, int n, ref_image *out)\n{\n"
         "  size_t depth = 0, at = 0;\n"
         "  const ref_image *first = NULL;\n"
         "  for (int k = 0; k < n; k++)\n"
         "    if (o[k]->data) {\n"
         "      first = first ? first : o[k];\n"
         "      depth += o[k]->depth;\n"
         "    }\n"
         "  if (!first || ref_image_alloc(out, CLE_FLOAT32, 3, first->width, first->height, depth) != 0)\n"
         "    return -1;\n"
         "  for (int k = 0; k < n; k++)\n"
         "    for (size_t i = 0; o[k]->data && i < ref_image_size(o[k]); i++)\n"
         "      ref_set(out, at++, ref_get(o[k], i));\n"
         "  return 0;\n}\n\n"
         "/* A string param's canonical choice: names[] lists the choices then their aliases. */\n"
         "static REF_UNUSED const char *ref_canonical_choice(const char *value, const char *const *names,\n"
         "                                                   const char *const *canonical, int n)\n{\n"
         "  for (int i = 0; value && i < n; i++)\n"
         "    if (!strcmp(value, names[i]))\n"
         "      return canonical[i];\n"
         "  return NULL;\n}\n");
  gen_buf_puts(b, gen_promoted_dtype_c);
  for (int i = 0; i < m->n_ops; i++)
    output_function(b, &m->ops[i]);
  for (int i = 0; i < m->n_ops; i++) {
    if (kind_of(&m->ops[i]) == REF_RULE)
      rule_function(b, &m->ops[i]);
    else if (kind_of(&m->ops[i]) == REF_COMPOSITE)
      composite_function(b, &m->ops[i]);
  }
  for (int i = 0; i < m->n_ops; i++)
    adapter(b, &m->ops[i]);
  gen_buf_printf(b, "\nstatic const struct {\n  const char *name;\n  ref_fn fn;\n} ref_table[%d] = {\n",
                 m->n_ops ? m->n_ops : 1);
  for (int i = 0; i < m->n_ops; i++)
    gen_buf_printf(b, "    {\"%s\", ref_run_%s},\n", m->ops[i].name, m->ops[i].name);
  if (!m->n_ops)
    gen_buf_puts(b, "    {NULL, NULL},\n");
  gen_buf_printf(b,
                 "};\n\nref_fn ref_lookup(const char *op)\n{\n"
                 "  for (int i = 0; op && i < %d; i++)\n"
                 "    if (!strcmp(ref_table[i].name, op))\n"
                 "      return ref_table[i].fn;\n"
                 "  return NULL;\n}\n",
                 m->n_ops);
}
