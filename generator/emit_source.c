/* cle-gen — cle_ops.c: every op's argument checks, output creation and
 * dispatch (kernel, hand-written C, or a composite of other ops).
 *
 * Order inside each generated function, so messages are predictable:
 * inputs non-NULL, one device, input dtypes, params (finite where bounded,
 * range, choices), then the output (created by the rule, or the given one
 * checked for shape and dtype), then the work.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "creator.h"
#include "emit.h"
#include "footprint.h"
#include "family.h"
#include "names.h"

/* Helpers the generated functions share; unused ones must not warn. */
static const char *const prelude =
    "#define CLE_UNUSED __attribute__((unused))\n"
    "\n"
    "/* A shape in numpy order, \"(5, 7)\". */\n"
    "static CLE_UNUSED void cle_shape_text(int ndim, size_t w, size_t h, size_t d, char out[80])\n"
    "{\n"
    "  if (ndim >= 3)\n"
    "    snprintf(out, 80, \"(%zu, %zu, %zu)\", d, h, w);\n"
    "  else if (ndim == 2)\n"
    "    snprintf(out, 80, \"(%zu, %zu)\", h, w);\n"
    "  else\n"
    "    snprintf(out, 80, \"(%zu)\", w);\n"
    "}\n"
    "\n"
    "static CLE_UNUSED int cle_check_device(const char *op, const char *name, const cle_array *a, const char *first,\n"
    "                                      cle_device *dev)\n"
    "{\n"
    "  if (cle_array_device(a) == dev)\n"
    "    return 0;\n"
    "  return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s is on device '%s', %s on device '%s'\", op, name,\n"
    "                       cle_device_name(cle_array_device(a)), first, cle_device_name(dev));\n"
    "}\n"
    "\n"
    "static CLE_UNUSED int cle_check_dtype(const char *op, const char *name, const cle_array *a, unsigned mask,\n"
    "                                     const char *allowed)\n"
    "{\n"
    "  cle_dtype t = cle_array_dtype(a);\n"
    "  if (mask & (1u << t))\n"
    "    return 0;\n"
    "  const char *got = cle_dtype_name(t);\n"
    "  return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s has dtype %s, expected one of: %s\", op, name,\n"
    "                       got ? got : \"?\", allowed);\n"
    "}\n"
    "\n"
    "/* A given output must have the rule's shape (ndim aside) and an allowed dtype. */\n"
    "static CLE_UNUSED int cle_check_dst(const char *op, const char *name, const cle_array *dst, int ndim, size_t w,\n"
    "                                   size_t h, size_t d, unsigned mask, const char *allowed)\n"
    "{\n"
    "  if (cle_array_width(dst) != w || cle_array_height(dst) != h || cle_array_depth(dst) != d) {\n"
    "    char got[80], want[80];\n"
    "    cle_shape_text(cle_array_ndim(dst), cle_array_width(dst), cle_array_height(dst), cle_array_depth(dst), got);\n"
    "    cle_shape_text(ndim, w, h, d, want);\n"
    "    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s has shape %s, expected %s\", op, name, got, want);\n"
    "  }\n"
    "  return cle_check_dtype(op, name, dst, mask, allowed);\n"
    "}\n"
    "\n"
    "/* An output of the given geometry (shape in numpy order from w, h, d). */\n"
    "static CLE_UNUSED cle_array *cle_create_geometry(cle_device *dev, cle_dtype dtype, int ndim, size_t w, size_t h,\n"
    "                                                size_t d)\n"
    "{\n"
    "  size_t shape[3] = {w, 1, 1};\n"
    "  if (ndim >= 3) {\n"
    "    shape[0] = d;\n"
    "    shape[1] = h;\n"
    "    shape[2] = w;\n"
    "  } else if (ndim == 2) {\n"
    "    shape[0] = h;\n"
    "    shape[1] = w;\n"
    "  }\n"
    "  return cle_create_nd(dev, dtype, ndim < 1 ? 1 : ndim, shape);\n"
    "}\n"
    "\n"
    "/* The index of value among a param's choices; names[] lists the choices, then\n"
    " * their aliases, and index[] what each name stands for. -1 if none. */\n"
    "static CLE_UNUSED int cle_choice_index(const char *value, const char *const *names, const int *index, int n)\n"
    "{\n"
    "  for (int i = 0; value && i < n; i++)\n"
    "    if (!strcmp(value, names[i]))\n"
    "      return index[i];\n"
    "  return -1;\n"
    "}\n"
    "\n"
    "/* Pixel-wise ops read every input at the output's positions. */\n"
    "static CLE_UNUSED int cle_check_same_shape(const char *op, const char *name, const cle_array *a, const char "
    "*first,\n"
    "                                          const cle_array *b)\n"
    "{\n"
    "  if (cle_array_width(a) == cle_array_width(b) && cle_array_height(a) == cle_array_height(b) &&\n"
    "      cle_array_depth(a) == cle_array_depth(b))\n"
    "    return 0;\n"
    "  char got[80], want[80];\n"
    "  cle_shape_text(cle_array_ndim(a), cle_array_width(a), cle_array_height(a), cle_array_depth(a), got);\n"
    "  cle_shape_text(cle_array_ndim(b), cle_array_width(b), cle_array_height(b), cle_array_depth(b), want);\n"
    "  return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s has shape %s, expected %s (the shape of %s)\", op, "
    "name,\n"
    "                       got, want, first);\n"
    "}\n"
    "\n"
    "/* The creator dtype 'widened': signed integers to int32, unsigned to uint32, float32 stays. */\n"
    "static CLE_UNUSED cle_dtype cle_widened_dtype(cle_dtype t)\n"
    "{\n"
    "  return t == CLE_FLOAT32 ? CLE_FLOAT32 : (t == CLE_INT8 || t == CLE_INT16 || t == CLE_INT32) ? CLE_INT32 : "
    "CLE_UINT32;\n"
    "}\n"
    "\n"
    "/* The work failed: keep its message, prefixed with the op (or say it gave none).\n"
    " * Implementations and the runtime never name the op themselves. */\n"
    "static CLE_UNUSED void cle_failed(const char *op)\n"
    "{\n"
    "  if (cle_last_error() == CLE_OK)\n"
    "    cle_set_error(CLE_ERROR_DEVICE, \"%s: failed without an error message\", op);\n"
    "  else\n"
    "    cle_error_add_context(op);\n"
    "}\n"
    "\n"
    "/* The inputs an op reads when its output is one of them (emit_alias_guard):\n"
    " * a copy, released when the op returns, whichever way. */\n"
    "static CLE_UNUSED cle_array *cle_copy_for_reading(cle_array *a)\n"
    "{\n"
    "  cle_array *copy = cle_create_like(a);\n"
    "  if (copy && cle_array_copy(a, copy) != 0) {\n"
    "    cle_release(copy);\n"
    "    return NULL;\n"
    "  }\n"
    "  return copy;\n"
    "}\n"
    "static CLE_UNUSED void cle_release_at_exit(cle_array **a)\n"
    "{\n"
    "  cle_release(*a);\n"
    "}\n"
    "#define CLE_RELEASED_AT_EXIT __attribute__((cleanup(cle_release_at_exit)))\n";

typedef struct op_ctx {
  gen_buf *b;
  const gen_op *op;
  const char *fail_fn;  /* cle_fail_null / cle_fail_nan */
  const char *fail_val; /* NULL / NAN */
} op_ctx;

/* Per string param: its choices then their aliases, and what each stands for. */
static void emit_choices_arrays(gen_buf *b, const gen_op *op)
{
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    if (p->type != GEN_T_STRING)
      continue;
    gen_buf_printf(b, "static const char *const cle_choices_%s_%s[] = {", op->name, p->name);
    gen_c_choice_words(b, p, false);
    gen_buf_printf(b, "};\nstatic const int cle_choice_index_%s_%s[] = {", op->name, p->name);
    for (int c = 0; c < p->n_choices; c++)
      gen_buf_printf(b, "%s%d", c ? ", " : "", c);
    for (int a = 0; a < p->n_choice_aliases; a++)
      gen_buf_printf(b, ", %d", p->choice_aliases[a].target_index);
    gen_buf_puts(b, "};\n");
  }
}

/* cle_choice_index(...) of a string param: "cle_choice_index(P, names, index, n)". */
static void emit_choice_lookup(gen_buf *b, const gen_op *op, const gen_param *p)
{
  gen_buf_printf(b, "cle_choice_index(%s, cle_choices_%s_%s, cle_choice_index_%s_%s, %d)", p->name, op->name, p->name,
                 op->name, p->name, p->n_choices + p->n_choice_aliases);
}

static void emit_input_checks(op_ctx *c)
{
  const gen_op *op = c->op;
  gen_buf *b = c->b;
  bool any_optional = false;
  for (int i = 0; i < op->n_inputs; i++) {
    any_optional |= op->inputs[i].optional;
    if (!op->inputs[i].optional)
      gen_buf_printf(b, "  if (!%s)\n    return %s(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must not be NULL\");\n",
                     op->inputs[i].name, c->fail_fn, op->name, op->inputs[i].name);
  }
  if (op->n_inputs == 0) {
    /* no inputs: the device given, else the output's, else the default; a given output must be on it */
    const char *o = op->output.name;
    gen_buf_printf(b,
                   "  cle_device *cle_dev = device ? device : %s ? cle_array_device(%s) : cle_device_default();\n"
                   "  if (!cle_dev) {\n"
                   "    cle_failed(\"%s\");\n"
                   "    return %s;\n"
                   "  }\n"
                   "  if (%s && cle_array_device(%s) != cle_dev)\n"
                   "    return %s(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s is on device '%%s', not on the device given "
                   "('%%s')\", cle_device_name(cle_array_device(%s)), cle_device_name(cle_dev));\n",
                   o, o, op->name, c->fail_val, o, o, c->fail_fn, op->name, o, o);
    return;
  }
  const char *first = op->inputs[0].name;
  if (any_optional) { /* optional inputs: the device is the first given input's; the impl c handles all NULL */
    gen_buf_puts(b, "  cle_device *cle_dev = NULL;\n");
    for (int i = op->n_inputs - 1; i >= 0; i--)
      gen_buf_printf(b, "  if (%s)\n    cle_dev = cle_array_device(%s);\n", op->inputs[i].name, op->inputs[i].name);
    gen_buf_puts(b, "  (void)cle_dev;\n");
    for (int i = 1; i < op->n_inputs; i++) /* each given input against every earlier given one */
      for (int j = 0; j < i; j++)
        gen_buf_printf(b,
                       "  if (%s && %s && cle_check_device(\"%s\", \"%s\", %s, \"%s\", cle_array_device(%s)) != 0)\n"
                       "    return %s;\n",
                       op->inputs[j].name, op->inputs[i].name, op->name, op->inputs[i].name, op->inputs[i].name,
                       op->inputs[j].name, op->inputs[j].name, c->fail_val);
  } else {
    gen_buf_printf(b, "  cle_device *cle_dev = cle_array_device(%s);\n  (void)cle_dev;\n", first);
    for (int i = 1; i < op->n_inputs; i++)
      gen_buf_printf(b, "  if (cle_check_device(\"%s\", \"%s\", %s, \"%s\", cle_dev) != 0)\n    return %s;\n", op->name,
                     op->inputs[i].name, op->inputs[i].name, first, c->fail_val);
  }
  if (op->output.kind == GEN_OUT_ARRAY)
    gen_buf_printf(b, "  if (%s && cle_check_device(\"%s\", \"%s\", %s, \"%s\", cle_dev) != 0)\n    return %s;\n",
                   op->output.name, op->name, op->output.name, op->output.name, first, c->fail_val);
  for (int i = 0; i < op->n_inputs; i++) {
    if (op->inputs[i].dtypes == GEN_DTYPES_ALL)
      continue;
    char *list = gen_dtype_list(op->inputs[i].dtypes);
    gen_buf_printf(b, "  if (%s%scle_check_dtype(\"%s\", \"%s\", %s, 0x%02xu, \"%s\") != 0)\n    return %s;\n",
                   op->inputs[i].optional ? op->inputs[i].name : "", op->inputs[i].optional ? " && " : "", op->name,
                   op->inputs[i].name, op->inputs[i].name, op->inputs[i].dtypes, list, c->fail_val);
    free(list);
  }
  /* an input the op writes (written: true) is no other argument: the op would read what it wrote */
  for (int i = 0; i < op->n_inputs; i++)
    for (int j = 0; op->inputs[i].written && j < op->n_inputs; j++)
      if (j != i)
        gen_buf_printf(b,
                       "  if (%s == %s)\n    return %s(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be another image "
                       "than %s (the op writes it)\");\n",
                       op->inputs[i].name, op->inputs[j].name, c->fail_fn, op->name, op->inputs[i].name,
                       op->inputs[j].name);
  if (op->impl.kind == GEN_IMPL_FAMILY &&
      (op->impl.family == GEN_FAMILY_PIXELWISE || op->impl.family == GEN_FAMILY_REDUCE_POSITIONS))
    for (int i = 1; i < op->n_inputs; i++)
      gen_buf_printf(b, "  if (cle_check_same_shape(\"%s\", \"%s\", %s, \"%s\", %s) != 0)\n    return %s;\n", op->name,
                     op->inputs[i].name, op->inputs[i].name, first, first, c->fail_val);
}

static void emit_param_checks(op_ctx *c)
{
  const gen_op *op = c->op;
  gen_buf *b = c->b;
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    const char *n = p->name;
    if (p->type == GEN_T_STRING) {
      char *range = gen_range_words(p);
      gen_buf_puts(b, "  if (");
      emit_choice_lookup(b, op, p);
      gen_buf_printf(b,
                     " < 0)\n"
                     "    return %s ? %s(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be %s, got '%%s'\", %s)\n"
                     "         : %s(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be %s, got NULL\");\n",
                     n, c->fail_fn, op->name, n, range, n, c->fail_fn, op->name, n, range);
      free(range);
      continue;
    }
    if (p->type == GEN_T_FLOAT_LIST) { /* NULL is None (optional), else a count of the lengths and finite numbers */
      char *range = gen_range_words(p);
      if (p->optional)
        gen_buf_printf(b,
                       "  if (!%s && %s_count != 0)\n    return %s(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s is NULL (None) "
                       "but %s_count is %%zu\", %s_count);\n",
                       n, n, c->fail_fn, op->name, n, n, n);
      else
        gen_buf_printf(b, "  if (!%s)\n    return %s(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must not be NULL\");\n", n,
                       c->fail_fn, op->name, n);
      gen_buf_printf(b, "  if (%s && !(", n);
      for (int l = 0; l < p->n_lengths; l++)
        gen_buf_printf(b, "%s%s_count == %d", l ? " || " : "", n, p->lengths[l]);
      gen_buf_printf(b, "))\n    return %s(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must have %s, got %%zu\", %s_count);\n",
                     c->fail_fn, op->name, n, range, n);
      gen_buf_printf(b,
                     "  for (size_t cle_k = 0; %s && cle_k < %s_count; cle_k++)\n"
                     "    if (!isfinite(%s[cle_k]))\n"
                     "      return %s(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must hold finite numbers, got %%g (number "
                     "%%zu)\", (double)%s[cle_k], cle_k + 1);\n",
                     n, n, n, c->fail_fn, op->name, n, n);
      free(range);
      continue;
    }
    if (p->type == GEN_T_BOOL || (!p->min.present && !p->max.present))
      continue;
    bool is_float = p->type == GEN_T_FLOAT;
    const char *fmt = is_float ? "%g" : "%d";
    const char *cast = is_float ? "(double)" : "";
    if (is_float)
      gen_buf_printf(
          b,
          "  if (!isfinite(%s))\n    return %s(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be finite, got %%g\", "
          "(double)%s);\n",
          n, c->fail_fn, op->name, n, n);
    gen_buf_puts(b, "  if (");
    if (p->min.present) {
      gen_buf_printf(b, "%s < ", n);
      gen_c_literal(b, &p->min, p->type);
    }
    if (p->max.present) {
      gen_buf_printf(b, "%s%s > ", p->min.present ? " || " : "", n);
      gen_c_literal(b, &p->max, p->type);
    }
    char *range = gen_range_words(p);
    gen_buf_printf(b, ")\n    return %s(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be %s, got %s\", %s%s);\n",
                   c->fail_fn, op->name, n, range, fmt, cast, n);
    free(range);
  }
  const gen_output *o = &op->output;
  if (o->creator == GEN_C_VECTOR && o->length_param) {
    const gen_param *p = &op->params[o->length_index];
    if (!(p->min.present && p->min.number >= 1))
      gen_buf_printf(b,
                     "  if (%s < 1)\n    return %s(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be >= 1 (the length of "
                     "%s), got %%d\", %s);\n",
                     p->name, c->fail_fn, op->name, p->name, o->name, p->name);
  }
}

/* cle_ndim, cle_w, cle_h, cle_d: the output's geometry by the creator rule. */
/* ", param..." of a call to cle_impl_NAME: a choice as its enum (checked before), a float list as the
 * numbers and their count. */
static void emit_impl_params(gen_buf *b, const gen_op *op)
{
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    if (p->type == GEN_T_STRING) {
      gen_buf_puts(b, ", (");
      gen_buf_enum_type(b, op, p);
      gen_buf_puts(b, ")");
      emit_choice_lookup(b, op, p);
    } else if (p->type == GEN_T_FLOAT_LIST) {
      gen_buf_printf(b, ", %s, %s_count", p->name, p->name);
    } else {
      gen_buf_printf(b, ", %s", p->name);
    }
  }
}

/* cle_size[3] from the output's size expressions, each checked to lie in [1, INT_MAX] before the casts
 * into cle_w, cle_h, cle_d (the size() and shape() creators). */
static void emit_checked_sizes(gen_buf *b, const op_ctx *c, const gen_output *o)
{
  gen_buf_puts(b, "  const double cle_size[3] = {");
  for (int i = 0; i < 3; i++) {
    char *e = gen_size_expression_c(c->op, o->size[i], false);
    gen_buf_printf(b, "%s%s", i ? ", " : "", e);
    free(e);
  }
  gen_buf_printf(
      b,
      "};\n"
      "  static const char *const cle_size_rule[3] = {\"width (%s)\", \"height (%s)\", \"depth (%s)\"};\n"
      "  for (int i = 0; i < 3; i++)\n"
      "    if (!(cle_size[i] >= 1 && cle_size[i] <= INT_MAX))\n"
      "      return %s(CLE_ERROR_INVALID_ARGUMENT, \"%s: the output's %%s would be %%g; it must be in "
      "[1, %%d]\", cle_size_rule[i], cle_size[i], INT_MAX);\n"
      "  const size_t cle_w = (size_t)cle_size[0], cle_h = (size_t)cle_size[1], cle_d = (size_t)cle_size[2];\n",
      o->size[0], o->size[1], o->size[2], c->fail_fn, c->op->name);
}

static void emit_geometry(op_ctx *c)
{
  const gen_output *o = &c->op->output;
  gen_buf *b = c->b;
  const char *of = o->of;
  /* IN.max_label in a size expression: the largest label of IN, found (and IN checked to hold labels) first */
  bool *max_label = calloc((size_t)c->op->n_inputs + 1, sizeof *max_label);
  for (int i = 0; i < 3 && max_label; i++)
    if (o->size[i])
      gen_size_expression_max_labels(c->op, o->size[i], max_label);
  for (int i = 0; i < c->op->n_inputs && max_label; i++)
    if (max_label[i])
      gen_buf_printf(b,
                     "  const double cle_max_label_%s = cle_label_max(%s, \"%s\");\n"
                     "  if (isnan(cle_max_label_%s)) {\n"
                     "    cle_failed(\"%s\");\n"
                     "    return %s;\n"
                     "  }\n",
                     c->op->inputs[i].name, c->op->inputs[i].name, c->op->inputs[i].name, c->op->inputs[i].name,
                     c->op->name, c->fail_val);
  free(max_label);
  switch (o->creator) {
  case GEN_C_LIKE:
  case GEN_C_BINARY:
  case GEN_C_LABELS:
    gen_buf_printf(
        b,
        "  const int cle_ndim = cle_array_ndim(%s);\n"
        "  const size_t cle_w = cle_array_width(%s), cle_h = cle_array_height(%s), cle_d = cle_array_depth(%s);\n",
        of, of, of, of);
    break;
  case GEN_C_XY:
  case GEN_C_XZ:
  case GEN_C_YZ: {
    /* numpy's reduction along the axis (keepdims: the axis stays, of size 1); an axis the
     * input does not have (z of a 2D, y of a 1D image) is of size 1 already: ndim stays */
    const int axis = o->creator == GEN_C_YZ ? 0 : o->creator == GEN_C_XZ ? 1 : 2;
    const char *keep = o->keep_dims ? o->keep_dims : "false";
    gen_buf_printf(b,
                   "  const int cle_ndim = cle_array_ndim(%s) > %d && !%s ? (cle_array_ndim(%s) > 1 ? "
                   "cle_array_ndim(%s) - 1 : 1) : cle_array_ndim(%s);\n",
                   of, axis, keep, of, of, of);
    if (axis == 2)
      gen_buf_printf(b, "  const size_t cle_w = cle_array_width(%s), cle_h = cle_array_height(%s), cle_d = 1;\n", of,
                     of);
    else if (axis == 1)
      gen_buf_printf(b,
                     "  const size_t cle_w = cle_array_width(%s), cle_h = %s ? 1 : cle_array_depth(%s), cle_d = %s ? "
                     "cle_array_depth(%s) : 1;\n",
                     of, keep, of, keep, of);
    else
      gen_buf_printf(b,
                     "  const size_t cle_w = %s ? 1 : cle_array_height(%s), cle_h = %s ? cle_array_height(%s) : "
                     "cle_array_depth(%s), cle_d = %s ? cle_array_depth(%s) : 1;\n",
                     keep, of, keep, of, of, keep, of);
    break;
  }
  case GEN_C_SIZE:
  case GEN_C_SHAPE:
    /* each size an expression over doubles, checked before the cast; shape(): from the params alone, ndim as
     * cle_create's (3 if the depth exceeds 1, else 2 if the height does); size(): at least the input's ndim */
    emit_checked_sizes(b, c, o);
    if (o->creator == GEN_C_SIZE)
      gen_buf_printf(b,
                     "  const int cle_ndim = cle_d > 1 || cle_array_ndim(%s) == 3 ? 3 : cle_h > 1 || "
                     "cle_array_ndim(%s) == 2 ? 2 : 1;\n",
                     of, of);
    else
      gen_buf_puts(b, "  const int cle_ndim = cle_d > 1 ? 3 : cle_h > 1 ? 2 : 1;\n");
    break;
  case GEN_C_VECTOR:
  case GEN_C_MATRIX:
    if (o->size[0]) {
      /* each size an expression over doubles, checked before the cast */
      const int n = o->creator == GEN_C_MATRIX ? 2 : 1;
      gen_buf_puts(b, "  const double cle_size[2] = {");
      for (int i = 0; i < 2; i++) {
        char *e = i < n ? gen_size_expression_c(c->op, o->size[i], false) : gen_strdup("1");
        gen_buf_printf(b, "%s%s", i ? ", " : "", e);
        free(e);
      }
      gen_buf_printf(b,
                     "};\n"
                     "  static const char *const cle_size_rule[2] = {\"%s (%s)\", \"height (%s)\"};\n"
                     "  for (int i = 0; i < %d; i++)\n"
                     "    if (!(cle_size[i] >= 1 && cle_size[i] <= INT_MAX))\n"
                     "      return %s(CLE_ERROR_INVALID_ARGUMENT, \"%s: the output's %%s would be %%g; it must be in "
                     "[1, %%d]\", cle_size_rule[i], cle_size[i], INT_MAX);\n"
                     "  const int cle_ndim = %d;\n"
                     "  const size_t cle_w = (size_t)cle_size[0], cle_h = (size_t)cle_size[1], cle_d = 1;\n",
                     n == 2 ? "width" : "length", o->size[0], n == 2 ? o->size[1] : "1", n, c->fail_fn, c->op->name, n);
    } else if (o->length_param)
      gen_buf_printf(b, "  const int cle_ndim = 1;\n  const size_t cle_w = (size_t)%s, cle_h = 1, cle_d = 1;\n",
                     o->length_param);
    else
      gen_buf_printf(b, "  const int cle_ndim = 1;\n  const size_t cle_w = %ld, cle_h = 1, cle_d = 1;\n", o->length);
    break;
  default: break;
  }
}

static void emit_output(op_ctx *c)
{
  const gen_op *op = c->op;
  const gen_output *o = &op->output;
  gen_buf *b = c->b;
  if (o->kind == GEN_OUT_SCALAR) {
    gen_buf_puts(b, "  double cle_result = NAN;\n");
    return;
  }
  if (o->kind == GEN_OUT_TABLE) {
    gen_buf_puts(b, "  cle_statistics *cle_result = NULL;\n");
    return;
  }
  if (o->kind == GEN_OUT_INPLACE) {
    gen_buf_printf(b, "  cle_array *cle_out = %s;\n", o->of);
    return;
  }
  char *list = gen_dtype_list(o->dtypes);
  if (o->creator == GEN_C_IMPL) {
    /* creator impl -- a given output's dtype is checked here; the impl checks its shape, or creates the output */
    gen_buf_printf(b,
                   "  cle_array *cle_out = NULL;\n"
                   "  if (%s) {\n"
                   "    if (cle_check_dtype(\"%s\", \"%s\", %s, 0x%02xu, \"%s\") != 0)\n"
                   "      return NULL;\n"
                   "    cle_out = cle_retain(%s);\n"
                   "  }\n",
                   o->name, op->name, o->name, o->name, o->dtypes, list, o->name);
    free(list);
    return;
  }
  if (o->shape_by_impl) {
    /* shape_check: impl -- a given output's dtype is checked here, its shape by the impl; the rule only creates */
    gen_buf_printf(b,
                   "  cle_array *cle_out;\n"
                   "  if (%s) {\n"
                   "    if (cle_check_dtype(\"%s\", \"%s\", %s, 0x%02xu, \"%s\") != 0)\n"
                   "      return NULL;\n"
                   "    cle_out = cle_retain(%s);\n"
                   "  } else {\n",
                   o->name, op->name, o->name, o->name, o->dtypes, list, o->name);
    emit_geometry(c);
    gen_buf_puts(b,
                 "    (void)cle_ndim, (void)cle_w, (void)cle_h, (void)cle_d; /* like(...) creates without them */\n");
  } else {
    emit_geometry(c);
    gen_buf_printf(b,
                   "  cle_array *cle_out;\n"
                   "  if (%s) {\n"
                   "    if (cle_check_dst(\"%s\", \"%s\", %s, cle_ndim, cle_w, cle_h, cle_d, 0x%02xu, \"%s\") != 0)\n"
                   "      return NULL;\n"
                   "    cle_out = cle_retain(%s);\n"
                   "  } else {\n",
                   o->name, op->name, o->name, o->name, o->dtypes, list, o->name);
  }
  free(list);
  char *widened =
      o->dtype == GEN_DTYPE_WIDENED    ? gen_printf("cle_widened_dtype(cle_array_dtype(%s))", o->of)
      : o->dtype == GEN_DTYPE_PROMOTED ? gen_promoted_dtype_call(op, "cle_promoted_dtype", "cle_array_dtype(%s)")
      : o->dtype_if ? gen_printf("(%s ? %s : cle_array_dtype(%s))", o->dtype_if, gen_dtype_enum(o->dtype), o->of)
                    : NULL;
  const char *dtype = o->dtype >= 0 && !o->dtype_if ? gen_dtype_enum(o->dtype) : widened;
  if (o->creator == GEN_C_LIKE && !dtype)
    gen_buf_printf(b, "    cle_out = cle_create_like(%s);\n", o->of);
  else if (o->creator == GEN_C_LIKE || o->creator == GEN_C_BINARY || o->creator == GEN_C_LABELS)
    gen_buf_printf(b, "    cle_out = cle_create_like_dtype(%s, %s);\n", o->of, dtype);
  else if (dtype)
    gen_buf_printf(b, "    cle_out = cle_create_geometry(cle_dev, %s, cle_ndim, cle_w, cle_h, cle_d);\n", dtype);
  else
    gen_buf_printf(
        b, "    cle_out = cle_create_geometry(cle_dev, cle_array_dtype(%s), cle_ndim, cle_w, cle_h, cle_d);\n", o->of);
  free(widened);
  gen_buf_printf(b,
                 "    if (!cle_out) {\n"
                 "      cle_failed(\"%s\");\n"
                 "      return NULL;\n"
                 "    }\n",
                 op->name);
  if (o->init_zeros) /* init: zeros -- the work writes part of a created output */
    gen_buf_printf(b,
                   "    if (cle_array_fill(cle_out, 0) != 0) {\n"
                   "      cle_failed(\"%s\");\n"
                   "      cle_release(cle_out);\n"
                   "      return NULL;\n"
                   "    }\n",
                   op->name);
  gen_buf_puts(b, "  }\n");
}

/* The work failed: the op's context on the message, the output released. */
static void emit_fail_block(op_ctx *c)
{
  gen_buf_printf(c->b, ") != 0) {\n    cle_failed(\"%s\");\n", c->op->name);
  if (c->op->output.kind == GEN_OUT_ARRAY)
    gen_buf_puts(c->b, "    cle_release(cle_out);\n");
  gen_buf_printf(c->b, "    return %s;\n  }\n", c->fail_val);
}

static void emit_kernel(op_ctx *c)
{
  const gen_op *op = c->op;
  gen_buf *b = c->b;
  for (int i = 0; i < op->n_params; i++)
    if (op->params[i].type == GEN_T_STRING) {
      gen_buf_printf(b, "  const int cle_%s_index = ", op->params[i].name);
      emit_choice_lookup(b, op, &op->params[i]);
      gen_buf_puts(b, ";\n");
    }
  gen_buf_puts(b, "  const cle_param cle_params[] = {\n");
  for (int i = 0; i < op->n_inputs; i++)
    gen_buf_printf(b, "      cle_param_array(\"%s\", %s),\n", op->inputs[i].name, op->inputs[i].name);
  if (op->output.kind == GEN_OUT_ARRAY)
    gen_buf_printf(b, "      cle_param_array(\"%s\", cle_out),\n", op->output.name);
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    switch (p->type) {
    case GEN_T_FLOAT: gen_buf_printf(b, "      cle_param_float(\"%s\", %s),\n", p->name, p->name); break;
    case GEN_T_INT: gen_buf_printf(b, "      cle_param_int(\"%s\", %s),\n", p->name, p->name); break;
    case GEN_T_BOOL: gen_buf_printf(b, "      cle_param_int(\"%s\", %s ? 1 : 0),\n", p->name, p->name); break;
    case GEN_T_STRING: /* a kernel gets the index of the value in choices */
      gen_buf_printf(b, "      cle_param_int(\"%s\", cle_%s_index),\n", p->name, p->name);
      break;
    case GEN_T_FLOAT_LIST: break; /* impl: c only (validate.c) */
    }
  }
  gen_buf_printf(b,
                 "  };\n"
                 "  const size_t cle_range[3] = {cle_array_width(cle_out), cle_array_height(cle_out), "
                 "cle_array_depth(cle_out)};\n"
                 "  if (cle_run_kernel(cle_dev, \"%s\", \"%s\", cle_params, sizeof cle_params / sizeof cle_params[0], "
                 "cle_range, NULL, NULL",
                 op->impl.kernel_file, op->impl.kernel_name);
  emit_fail_block(c);
}

static void emit_c_call(op_ctx *c)
{
  const gen_op *op = c->op;
  gen_buf *b = c->b;
  gen_buf_printf(b, "  if (cle_impl_%s(", op->impl.c_name);
  bool first = true;
  for (int i = 0; i < op->n_inputs; i++, first = false)
    gen_buf_printf(b, "%s%s", first ? "" : ", ", op->inputs[i].name);
  if (op->output.kind == GEN_OUT_ARRAY) /* creator impl: the impl may create it */
    gen_buf_printf(b, "%s%scle_out", first ? "" : ", ", op->output.creator == GEN_C_IMPL ? "&" : "");
  else if (op->output.kind == GEN_OUT_SCALAR || op->output.kind == GEN_OUT_TABLE)
    gen_buf_printf(b, "%s&cle_result", first ? "" : ", ");
  first = false;
  emit_impl_params(b, op);
  emit_fail_block(c);
}

/* ---- families -------------------------------------------------------------- */

static void emit_family(op_ctx *c)
{
  const gen_op *op = c->op;
  const gen_impl *im = &op->impl;
  gen_buf *b = c->b;
  switch (im->family) {
  case GEN_FAMILY_PIXELWISE: {
    gen_buf_puts(b, "  static const char cle_rule[] = ");
    char *where = im->where ? gen_printf("#define CLE_PW_WHERE(in0, in1, in2) (%s)\n", im->where) : gen_strdup("");
    char *rule =
        gen_printf("#define CLE_PW_RULE(in0, in1, in2) %s\n%s%s%s", im->rule, where,
                   im->variant ? "#define CLE_PW_NATIVE\n" : "", im->uses_coords ? "#define CLE_PW_COORDS\n" : "");
    free(where);
    gen_buf_c_string(b, rule);
    free(rule);
    gen_buf_puts(b, ";\n  cle_array *const cle_inputs[] = {");
    for (int i = 0; i < op->n_inputs; i++)
      gen_buf_printf(b, "%s%s", i ? ", " : "", op->inputs[i].name);
    gen_buf_puts(b, "};\n  const float cle_scalars[] = {");
    int n = 0;
    for (int i = 0; i < op->n_params; i++)
      if (op->params[i].type != GEN_T_STRING)
        gen_buf_printf(b, "%s(float)%s", n++ ? ", " : "", op->params[i].name);
    if (!n)
      gen_buf_puts(b, "0.0f");
    gen_buf_printf(b, "};\n  if (cle_pixelwise(cle_inputs, %d, cle_out, cle_scalars, %d, cle_rule", op->n_inputs, n);
    break;
  }
  case GEN_FAMILY_REDUCE_ALL: {
    static const char *const calls[] = {"cle_reduce_all(%s, &cle_result, NULL, NULL",
                                        "cle_reduce_all(%s, NULL, &cle_result, NULL",
                                        "cle_reduce_all(%s, NULL, NULL, &cle_result",
                                        "cle_reduce_all_mean(%s, &cle_result",
                                        "cle_reduce_all_standard_deviation(%s, %s, &cle_result",
                                        "cle_reduce_all_variance(%s, %s, &cle_result",
                                        "cle_reduce_all_product(%s, &cle_result"};
    gen_buf_puts(b, "  if (");
    gen_buf_printf(b, calls[im->variant], op->inputs[0].name, op->n_params ? op->params[0].name : "0");
    break;
  }
  case GEN_FAMILY_REDUCE_POSITIONS: {
    static const char *const rules[] = {"CLE_POSITIONS_BOUNDING_BOX", "CLE_POSITIONS_CENTER_OF_MASS",
                                        "CLE_POSITIONS_MAXIMUM_POSITION", "CLE_POSITIONS_MINIMUM_POSITION",
                                        "CLE_POSITIONS_MASKED_MINIMUM"};
    const bool masked = im->variant == 4;
    gen_buf_printf(b, "  if (cle_reduce_positions(%s, %s, %s, %s", op->inputs[0].name,
                   masked ? op->inputs[1].name : "NULL", rules[im->variant],
                   masked ? "NULL, &cle_result" : "cle_out, NULL");
    break;
  }
  case GEN_FAMILY_NEIGHBOURHOOD: {
    static const char *const rules[] = {
        "CLE_NB_MINIMUM", "CLE_NB_MAXIMUM", "CLE_NB_MEAN",  "CLE_NB_VARIANCE", "CLE_NB_STANDARD_DEVIATION",
        "CLE_NB_MEDIAN",  "CLE_NB_MODE",    "CLE_NB_ERODE", "CLE_NB_DILATE"};
    gen_buf_printf(b, "  if (cle_neighbourhood(%s, cle_out, %s, radius_x, radius_y, radius_z, ", op->inputs[0].name,
                   rules[im->variant]);
    emit_choice_lookup(b, op, &op->params[3]);
    gen_buf_puts(b, " == 1");
    break;
  }
  case GEN_FAMILY_STENCIL: {
    static const char *const rules[] = {"CLE_ST_GRADIENT_X",    "CLE_ST_GRADIENT_Y",    "CLE_ST_GRADIENT_Z",
                                        "CLE_ST_SOBEL",         "CLE_ST_LAPLACE",       "CLE_ST_BINARY_EDGE",
                                        "CLE_ST_LOCAL_MAXIMUM", "CLE_ST_LOCAL_MINIMUM", "CLE_ST_SMALL_HESSIAN",
                                        "CLE_ST_LARGE_HESSIAN", "CLE_ST_INFSUP",        "CLE_ST_SUPINF"};
    const bool radii = op->n_params == 4;
    gen_buf_printf(b, "  if (cle_stencil(%s, cle_out, %s, %s, ", op->inputs[0].name, rules[im->variant],
                   radii ? "radius_x, radius_y, radius_z" : "0, 0, 0");
    if (op->n_params) {
      emit_choice_lookup(b, op, &op->params[op->n_params - 1]);
      gen_buf_puts(b, " == 1");
    } else {
      gen_buf_puts(b, "0");
    }
    break;
  }
  case GEN_FAMILY_KERNEL_IMAGE: {
    static const char *const rules[] = {"CLE_KI_EROSION",  "CLE_KI_OPENING",      "CLE_KI_CLOSING",
                                        "CLE_KI_CONVOLVE", "CLE_KI_CROSS_CORREL", "CLE_KI_DILATION"};
    gen_buf_printf(b, "  if (cle_kernel_image(%s, %s, cle_out, %s", op->inputs[0].name, op->inputs[1].name,
                   rules[im->variant]);
    break;
  }
  case GEN_FAMILY_TOUCHING_NEIGHBORS: {
    static const char *const rules[] = {"CLE_TN_MINIMUM", "CLE_TN_MAXIMUM", "CLE_TN_MEAN",
                                        "CLE_TN_MEDIAN",  "CLE_TN_MODE",    "CLE_TN_STANDARD_DEVIATION"};
    gen_buf_printf(b, "  if (cle_touching_neighbors(%s, %s, cle_out, %s", op->inputs[0].name, op->inputs[1].name,
                   rules[im->variant]);
    break;
  }
  case GEN_FAMILY_PROJECTION: {
    static const char *const rules[] = {"CLE_P_MAXIMUM_POSITION", "CLE_P_MINIMUM_POSITION", "CLE_P_STANDARD_DEVIATION",
                                        "CLE_P_VARIANCE"};
    gen_buf_puts(b, "  static const char cle_rule[] = ");
    char *rule = im->variant >= 2 ? gen_printf("#define CLE_P_RULE %s\n", rules[im->variant - 2])
                                  : gen_printf("#define CLE_P_ACC_T %s\n#define CLE_P_COMBINE(acc, v) "
                                               "%s\n#define CLE_P_FINISH(acc) %s\n",
                                               im->variant ? "float" : "IMAGE_src_PIXEL_TYPE", im->rule, im->finish);
    gen_buf_c_string(b, rule);
    free(rule);
    gen_buf_printf(b, ";\n  if (cle_projection(%s, cle_out, %d, %s, cle_rule", op->inputs[0].name, im->axis,
                   im->variant == 4 || im->variant == 5 ? "ddof" : "0");
    break;
  }
  }
  emit_fail_block(c);
}

/* ---- composites ----------------------------------------------------------- */

static void emit_arg_value(gen_buf *b, const gen_op *op, const gen_arg *a, gen_type want)
{
  switch (a->kind) {
  case GEN_ARG_INPUT: gen_buf_puts(b, op->inputs[a->index].name); break;
  case GEN_ARG_PARAM: gen_buf_puts(b, op->params[a->index].name); break;
  case GEN_ARG_TEMP:
    if (op->impl.steps[a->index].callee->output.kind == GEN_OUT_SCALAR)
      gen_buf_printf(b, "(float)cle_t_%s", op->impl.steps[a->index].as);
    else
      gen_buf_printf(b, "cle_t_%s", op->impl.steps[a->index].as);
    break;
  case GEN_ARG_DST: gen_buf_puts(b, "cle_out"); break;
  case GEN_ARG_LITERAL: gen_c_literal(b, &a->value, want); break;
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

static void emit_composite(op_ctx *c)
{
  const gen_op *op = c->op;
  const gen_impl *im = &op->impl;
  gen_buf *b = c->b;
  for (int s = 0; s < im->n_steps; s++)
    if (im->steps[s].as)
      gen_buf_printf(b, "  %scle_t_%s = %s;\n",
                     im->steps[s].callee->output.kind == GEN_OUT_SCALAR ? "double " : "cle_array *", im->steps[s].as,
                     im->steps[s].callee->output.kind == GEN_OUT_SCALAR ? "NAN" : "NULL");
  bool any_array_step = false;
  for (int s = 0; s < im->n_steps; s++)
    any_array_step |= !im->steps[s].as && im->steps[s].callee->output.kind != GEN_OUT_SCALAR;
  if (any_array_step)
    gen_buf_puts(b, "  cle_array *cle_step;\n");
  gen_buf_puts(b, "  cle_stand_in_scope(1);\n");
  for (int s = 0; s < im->n_steps; s++) {
    const gen_step *st = &im->steps[s];
    const gen_op *callee = st->callee;
    bool last = s == im->n_steps - 1;
    bool scalar = callee->output.kind == GEN_OUT_SCALAR;
    gen_buf_printf(b, "  /* step %d: %s */\n  ", s + 1, callee->name);
    if (st->as)
      gen_buf_printf(b, "cle_t_%s = ", st->as);
    else if (scalar)
      gen_buf_puts(b, "cle_result = ");
    else
      gen_buf_puts(b, "cle_step = ");
    gen_buf_printf(b, "cle_%s(", callee->name);
    bool first = true;
    for (int i = 0; i < callee->n_inputs; i++, first = false) {
      gen_buf_puts(b, first ? "" : ", ");
      emit_arg_value(b, op, find_arg(st, callee->inputs[i].name), GEN_T_STRING);
    }
    if (callee->output.kind == GEN_OUT_ARRAY) {
      const gen_arg *a = find_arg(st, callee->output.name);
      gen_buf_puts(b, first ? "" : ", ");
      if (a)
        emit_arg_value(b, op, a, GEN_T_STRING);
      else
        gen_buf_puts(b, last ? "cle_out" : "NULL");
      first = false;
    }
    for (int i = 0; i < callee->n_params; i++, first = false) {
      const gen_param *cp = &callee->params[i];
      const gen_arg *a = find_arg(st, cp->name);
      gen_buf_puts(b, first ? "" : ", ");
      if (a)
        emit_arg_value(b, op, a, cp->type);
      else
        gen_c_literal(b, &cp->def, cp->type);
    }
    gen_buf_puts(b, ");\n");
    if (scalar)
      gen_buf_printf(b, "  if (isnan(%s%s) && cle_last_error() != CLE_OK)\n    goto cle_fail;\n",
                     st->as ? "cle_t_" : "", st->as ? st->as : "cle_result");
    else if (st->as)
      gen_buf_printf(b, "  if (!cle_t_%s)\n    goto cle_fail;\n", st->as);
    else
      gen_buf_puts(b, "  if (!cle_step)\n    goto cle_fail;\n  cle_release(cle_step);\n");
    /* Free each intermediate image right after its last reader. */
    for (int t = 0; t < s; t++)
      if (im->steps[t].as && im->steps[t].last_use == s && im->steps[t].callee->output.kind != GEN_OUT_SCALAR)
        gen_buf_printf(b, "  cle_release(cle_t_%s);\n  cle_t_%s = NULL;\n", im->steps[t].as, im->steps[t].as);
  }
  gen_buf_printf(
      b, "  cle_stand_in_scope(-1);\n  return %s;\n\ncle_fail:\n  cle_stand_in_scope(-1);\n  cle_failed(\"%s\");\n",
      op->output.kind == GEN_OUT_SCALAR ? "cle_result" : "cle_out", op->name);
  for (int s = 0; s < im->n_steps; s++)
    if (im->steps[s].as && im->steps[s].callee->output.kind != GEN_OUT_SCALAR)
      gen_buf_printf(b, "  cle_release(cle_t_%s);\n", im->steps[s].as);
  if (op->output.kind == GEN_OUT_ARRAY)
    gen_buf_puts(b, "  cle_release(cle_out);\n");
  gen_buf_printf(b, "  return %s;\n", c->fail_val);
}

/* Whether the op reads only the pixel it writes (footprint 0 on every
 * axis): then writing into one of its inputs is safe. */
static bool pointwise(const gen_op *op)
{
  if (op->footprint_global)
    return false;
  for (int i = 0; i < 3; i++)
    if (!op->footprint[i] || strcmp(op->footprint[i], "0") != 0)
      return false;
  return true;
}

/* op(a, a): an op that reads other pixels than the one it writes would read
 * what it already overwrote, so when the caller's output is one of the
 * inputs, those inputs are read from a copy (released on every way out). */
static void emit_alias_guard(op_ctx *c)
{
  const gen_op *op = c->op;
  if (op->output.kind != GEN_OUT_ARRAY)
    return;
  gen_buf *b = c->b;
  /* an input the op writes is never copied: the output must be another image */
  int n_read = 0;
  for (int i = 0; i < op->n_inputs; i++) {
    if (!op->inputs[i].written) {
      n_read++;
      continue;
    }
    gen_buf_printf(b,
                   "  if (cle_out == %s) {\n"
                   "    cle_release(cle_out);\n"
                   "    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be another image than %s (the "
                   "op writes both)\");\n"
                   "  }\n",
                   op->inputs[i].name, op->name, op->output.name, op->inputs[i].name);
  }
  if (n_read == 0 || pointwise(op))
    return;
  gen_buf_puts(b, "  cle_array *cle_alias_copy CLE_RELEASED_AT_EXIT = NULL;\n  if (");
  for (int i = 0, k = 0; i < op->n_inputs; i++)
    if (!op->inputs[i].written)
      gen_buf_printf(b, "%scle_out == %s", k++ ? " || " : "", op->inputs[i].name);
  gen_buf_printf(b,
                 ") {\n"
                 "    if (!(cle_alias_copy = cle_copy_for_reading(cle_out))) {\n"
                 "      cle_failed(\"%s\");\n"
                 "      cle_release(cle_out);\n"
                 "      return NULL;\n"
                 "    }\n",
                 op->name);
  for (int i = 0; i < op->n_inputs; i++)
    if (!op->inputs[i].written)
      gen_buf_printf(b, "    if (%s == cle_out)\n      %s = cle_alias_copy;\n", op->inputs[i].name, op->inputs[i].name);
  gen_buf_puts(b, "  }\n");
}

/* An op with several outputs (spec: outputs): int cle_OP(inputs, cle_array **OUT..., params). Each
 * *OUT given is checked (device, shape, dtype; no input, no other output), each NULL one created by its
 * rule; one made only for a 3D input (when: 3d) stays as it is otherwise and reaches the impl as NULL.
 * On success the created ones are stored in *OUT; on failure none is, and nothing leaks. */
static void emit_multi_op(op_ctx *c)
{
  const gen_op *op = c->op;
  gen_buf *b = c->b;
  emit_input_checks(c);
  for (int k = 0; k < op->n_outputs; k++)
    gen_buf_printf(b,
                   "  if (!%s)\n    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must not be NULL (the "
                   "address to store the output at)\");\n",
                   op->outputs[k].name, op->name, op->outputs[k].name);
  for (int k = 0; k < op->n_outputs; k++) {
    const gen_output *o = &op->outputs[k];
    for (int i = 0; i < op->n_inputs; i++)
      gen_buf_printf(b,
                     "  if (*%s && *%s == %s)\n    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be "
                     "another image than %s (the op reads it while it writes)\");\n",
                     o->name, o->name, op->inputs[i].name, op->name, o->name, op->inputs[i].name);
    for (int j = 0; j < k; j++)
      gen_buf_printf(b,
                     "  if (*%s && *%s == *%s)\n    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, \"%s: %s must be "
                     "another image than %s (the op writes both)\");\n",
                     o->name, o->name, op->outputs[j].name, op->name, o->name, op->outputs[j].name);
  }
  emit_param_checks(c);
  for (int k = 0; k < op->n_outputs; k++) {
    const gen_output *o = &op->outputs[k];
    const char *of = o->of;
    char *list = gen_dtype_list(o->dtypes);
    const char *dtype = o->dtype >= 0 ? gen_dtype_enum(o->dtype) : NULL;
    gen_buf_printf(b, "  cle_array *cle_out%d CLE_RELEASED_AT_EXIT = NULL; /* %s */\n", k, o->name);
    if (o->only_3d) /* made for a 3D input only */
      gen_buf_printf(b, "  if (cle_array_depth(%s) > 1) {\n", of);
    else
      gen_buf_puts(b, "  {\n");
    gen_buf_printf(b,
                   "    if (*%s) {\n"
                   "      if (cle_check_device(\"%s\", \"%s\", *%s, \"%s\", cle_dev) != 0 ||\n"
                   "          cle_check_dst(\"%s\", \"%s\", *%s, cle_array_ndim(%s), cle_array_width(%s), "
                   "cle_array_height(%s), cle_array_depth(%s), 0x%02xu, \"%s\") != 0)\n"
                   "        return -1;\n"
                   "      cle_out%d = cle_retain(*%s);\n"
                   "    } else if (!(cle_out%d = ",
                   o->name, op->name, o->name, o->name, op->inputs[0].name, op->name, o->name, o->name, of, of, of, of,
                   o->dtypes, list, k, o->name, k);
    if (o->creator == GEN_C_LIKE && !dtype)
      gen_buf_printf(b, "cle_create_like(%s)", of);
    else
      gen_buf_printf(b, "cle_create_like_dtype(%s, %s)", of, dtype ? dtype : "CLE_FLOAT32");
    gen_buf_printf(b,
                   ")) {\n"
                   "      cle_failed(\"%s\");\n"
                   "      return -1;\n"
                   "    }\n"
                   "  }\n",
                   op->name);
    free(list);
  }
  gen_buf_printf(b, "  if (cle_impl_%s(", op->impl.c_name);
  for (int i = 0; i < op->n_inputs; i++)
    gen_buf_printf(b, "%s%s", i ? ", " : "", op->inputs[i].name);
  for (int k = 0; k < op->n_outputs; k++)
    gen_buf_printf(b, ", cle_out%d", k);
  emit_impl_params(b, op);
  gen_buf_printf(b, ") != 0) {\n    cle_failed(\"%s\");\n    return -1;\n  }\n", op->name);
  for (int k = 0; k < op->n_outputs; k++) /* created: handed over; given: the caller's reference stays */
    gen_buf_printf(b, "  if (cle_out%d && !*%s) {\n    *%s = cle_out%d;\n    cle_out%d = NULL;\n  }\n", k,
                   op->outputs[k].name, op->outputs[k].name, k, k);
  gen_buf_puts(b, "  return 0;\n}\n");
}

static void emit_op(gen_buf *b, const gen_op *op)
{
  if (op->output.kind == GEN_OUT_MULTI) {
    op_ctx c = {b, op, "cle_set_error", "-1"};
    gen_buf_printf(b, "\n/* %s (%s) */\n", op->name, op->file);
    emit_choices_arrays(b, op);
    gen_c_prototype(b, op);
    gen_buf_puts(b, "\n{\n  cle_clear_error();\n");
    emit_multi_op(&c);
    return;
  }
  bool scalar = op->output.kind == GEN_OUT_SCALAR;
  op_ctx c = {b, op, scalar ? "cle_fail_nan" : "cle_fail_null", scalar ? "NAN" : "NULL"};
  gen_buf_printf(b, "\n/* %s (%s) */\n", op->name, op->file);
  emit_choices_arrays(b, op);
  gen_c_prototype(b, op);
  gen_buf_puts(b, "\n{\n  cle_clear_error();\n");
  emit_input_checks(&c);
  emit_param_checks(&c);
  emit_output(&c);
  emit_alias_guard(&c);
  switch (op->impl.kind) {
  case GEN_IMPL_KERNEL: emit_kernel(&c); break;
  case GEN_IMPL_C: emit_c_call(&c); break;
  case GEN_IMPL_FAMILY: emit_family(&c); break;
  case GEN_IMPL_COMPOSITE:
    emit_composite(&c);
    gen_buf_puts(b, "}\n");
    return;
  case GEN_IMPL_NONE: break;
  }
  if (op->output.kind == GEN_OUT_SCALAR || op->output.kind == GEN_OUT_TABLE)
    gen_buf_puts(b, "  return cle_result;\n}\n");
  else if (op->output.kind == GEN_OUT_INPLACE)
    gen_buf_puts(b, "  return cle_retain(cle_out);\n}\n");
  else
    gen_buf_puts(b, "  return cle_out;\n}\n");
}

void gen_emit_ops_source(const gen_model *m, gen_buf *b)
{
  gen_buf_puts(b, "/* cesperanto — the operations: checks, output creation, dispatch.\n"
                  " * " GEN_BANNER ".\n"
                  " */\n"
                  "#include <limits.h>\n"
                  "#include <math.h>\n"
                  "#include <stdbool.h>\n"
                  "#include <stdio.h>\n"
                  "#include <string.h>\n\n"
                  "#include <cesperanto/cle_ops.h>\n"
                  "#include \"cle_ops_impl.h\"\n"
                  "#include \"cle_private.h\"\n"
                  "#include \"families/kernel_image.h\"\n"
                  "#include \"families/neighbourhood.h\"\n"
                  "#include \"families/pixelwise.h\"\n"
                  "#include \"families/projection.h\"\n"
                  "#include \"families/reduce_all.h\"\n"
                  "#include \"families/reduce_positions.h\"\n"
                  "#include \"families/stencil.h\"\n"
                  "#include \"families/touching_neighbors.h\"\n\n");
  gen_buf_puts(b, prelude);
  gen_buf_puts(b, gen_promoted_dtype_c);
  for (int i = 0; i < m->n_ops; i++)
    emit_op(b, &m->ops[i]);
}
