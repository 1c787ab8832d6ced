/* cle-gen — kernel families (see family.h): validation of an op's family
 * impl and the translation of its rules into OpenCL C (and host C for the
 * generated references). A rule is a C expression over a small, closed
 * vocabulary -- the op's inputs and params, coordinates, numbers, operators
 * and a list of math functions -- so what reaches a kernel is checked here,
 * with the spec position of every problem. */
#include "family.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "creator.h"
#include "diag.h"

static const char *const family_names[GEN_FAMILY_COUNT] = {"pixelwise",        "reduce_all",        "projection",
                                                           "reduce_positions", "neighbourhood",     "stencil",
                                                           "kernel_image",     "touching_neighbors"};
static const char *const family_kernels[GEN_FAMILY_COUNT] = {"pixelwise",        "reduce_all",        "projection",
                                                             "reduce_positions", "neighbourhood",     "stencil",
                                                             "kernel_image",     "touching_neighbors"};

const char *gen_family_name(int family)
{
  return family >= 0 && family < GEN_FAMILY_COUNT ? family_names[family] : "?";
}

const char *gen_family_kernel(int family)
{
  return family >= 0 && family < GEN_FAMILY_COUNT ? family_kernels[family] : NULL;
}

const char *gen_family_names_list(void)
{
  return "pixelwise, reduce_all, projection, reduce_positions, neighbourhood, stencil, kernel_image, "
         "touching_neighbors";
}

/* Math functions a rule may call: OpenCL C name, host C name. The host
 * names of the predicates are helpers that give 0 or 1, as OpenCL's do. */
static const char *const functions[][2] = {
    {"sqrt", "sqrtf"},
    {"cbrt", "cbrtf"},
    {"exp", "expf"},
    {"exp2", "exp2f"},
    {"log", "logf"},
    {"log2", "log2f"},
    {"log10", "log10f"},
    {"pow", "ref_rule_pow"}, /* the device's is cle_pow (kernels/preamble.cl) */
    {"fabs", "fabsf"},
    {"floor", "floorf"},
    {"ceil", "ceilf"},
    {"round", "roundf"},
    {"rint", "rintf"},
    {"trunc", "truncf"},
    {"sin", "sinf"},
    {"cos", "cosf"},
    {"tan", "tanf"},
    {"asin", "asinf"},
    {"acos", "acosf"},
    {"atan", "atanf"},
    {"atan2", "atan2f"},
    {"sinh", "sinhf"},
    {"cosh", "coshf"},
    {"tanh", "tanhf"},
    {"fmin", "fminf"},
    {"fmax", "fmaxf"},
    {"fmod", "fmodf"},
    {"copysign", "copysignf"},
    {"hypot", "hypotf"},
    {"isnan", "ref_rule_isnan"},
    {"isinf", "ref_rule_isinf"},
    {"signbit", "ref_rule_signbit"},
    /* OpenCL C's without a C99 float twin: small host helpers (cle_reference_ops.c) */
    {"exp10", "ref_rule_exp10"},
    {"sign", "ref_rule_sign"},
    {"clamp", "ref_rule_clamp"},
};

const char *gen_rule_host_function(const char *fn)
{
  for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
    if (!strcmp(functions[i][0], fn))
      return functions[i][1];
  return NULL;
}

/* ---- translating a rule ------------------------------------------------------ */

/* Which names a rule may use, and what they become. */
typedef enum { RULE_PIXELWISE, RULE_P_COMBINE, RULE_P_FINISH } rule_kind;

typedef struct rule_ctx {
  const gen_op *op;
  rule_kind kind;
  bool host;        /* host C function names instead of OpenCL C */
  bool report;      /* report problems (validation) or not (emitters) */
  gen_pos pos;      /* of the rule's text in the spec */
  bool uses_coords; /* out */
  int problems;     /* out */
} rule_ctx;

static void problem(rule_ctx *c, const char *fmt, const char *arg)
{
  c->problems++;
  if (c->report)
    gen_diag(c->op->file, c->pos, fmt, arg);
}

/* The name of the identifier in the translation, or NULL if the rule may not use it. */
static const char *resolve(rule_ctx *c, const char *id, char *scratch)
{
  const gen_op *op = c->op;
  if (c->kind == RULE_PIXELWISE) {
    for (int i = 0; i < op->n_inputs; i++)
      if (op->inputs[i].name && !strcmp(op->inputs[i].name, id)) {
        snprintf(scratch, 16, "in%d", i);
        return scratch;
      }
    int s = 0;
    for (int i = 0; i < op->n_params; i++) {
      if (op->params[i].type == GEN_T_STRING)
        continue;
      if (op->params[i].name && !strcmp(op->params[i].name, id)) {
        snprintf(scratch, 16, "s%d", s);
        return scratch;
      }
      s++;
    }
    if ((id[0] == 'x' || id[0] == 'y' || id[0] == 'z') && id[1] == '\0') {
      c->uses_coords = true;
      snprintf(scratch, 16, "c%c", id[0]);
      return scratch;
    }
    if (!strcmp(id, "pi"))
      return c->host ? "3.14159265358979323846f" : "M_PI_F";
    if (!strcmp(id, "width") || !strcmp(id, "height") || !strcmp(id, "depth")) {
      c->uses_coords = true; /* the image's size comes with the coordinates */
      snprintf(scratch, 16, "c%c", id[0] == 'w' ? 'w' : id[0] == 'h' ? 'h' : 'd');
      return scratch;
    }
    return NULL;
  }
  if (!strcmp(id, "acc"))
    return id;
  if (c->kind == RULE_P_COMBINE && !strcmp(id, "v"))
    return id;
  if (c->kind == RULE_P_FINISH && !strcmp(id, "n"))
    return "((float)cle_n)"; /* the count along the projected axis (kernels/projection.cl) */
  return NULL;
}

static const char *names_hint(const rule_ctx *c)
{
  switch (c->kind) {
  case RULE_PIXELWISE: return "the op's inputs and numeric params, x, y, z, width, height, depth, pi";
  case RULE_P_COMBINE: return "acc, v";
  case RULE_P_FINISH: return "acc, n";
  }
  return "";
}

/* The rule in OpenCL C (or host C); NULL after a problem. */
static char *translate(rule_ctx *c, const char *text)
{
  gen_buf out = {0};
  gen_buf_puts(&out, "");
  const char *p = text;
  int depth = 0;
  bool any = false;
  while (*p) {
    unsigned char ch = (unsigned char)*p;
    if (isspace(ch)) {
      gen_buf_putc(&out, ' ');
      while (isspace((unsigned char)*p))
        p++;
      continue;
    }
    any = true;
    if (isalpha(ch) || ch == '_') {
      const char *start = p;
      while (isalnum((unsigned char)*p) || *p == '_')
        p++;
      char *id = gen_strndup(start, (size_t)(p - start));
      const char *q = p;
      while (isspace((unsigned char)*q))
        q++;
      char scratch[16];
      const char *name = resolve(c, id, scratch);
      if (name) {
        gen_buf_puts(&out, name);
      } else if (*q == '(' && gen_rule_host_function(id)) {
        gen_buf_puts(&out, c->host ? gen_rule_host_function(id) : !strcmp(id, "pow") ? "cle_pow" : id);
      } else if (*q == '(') {
        problem(c,
                "the rule calls '%s', which is not one of the math functions a rule may use (sqrt, exp, log, pow, "
                "fabs, floor, ceil, round, fmin, fmax, isnan, ... as in OpenCL C)",
                id);
      } else {
        char *msg = gen_printf("the rule names '%%s', which is not one of %s", names_hint(c));
        problem(c, msg, id);
        free(msg);
      }
      free(id);
      continue;
    }
    if (isdigit(ch) || (ch == '.' && isdigit((unsigned char)p[1]))) {
      const char *start = p;
      bool is_float = false;
      while (isdigit((unsigned char)*p))
        p++;
      if (*p == '.') {
        is_float = true;
        p++;
        while (isdigit((unsigned char)*p))
          p++;
      }
      if (*p == 'e' || *p == 'E') {
        const char *e = p + 1;
        if (*e == '+' || *e == '-')
          e++;
        if (isdigit((unsigned char)*e)) {
          is_float = true;
          p = e;
          while (isdigit((unsigned char)*p))
            p++;
        }
      }
      if (*p == 'f' || *p == 'F') {
        is_float = true;
        p++;
      }
      if (isalnum((unsigned char)*p) || *p == '_' || *p == '.') {
        char *num = gen_strndup(start, (size_t)(p - start + 1));
        problem(c, "the rule has a malformed number '%s'", num);
        free(num);
        free(gen_buf_take(&out));
        return NULL;
      }
      /* Floating literals are float, never double: the same value on every device and on the host. */
      gen_buf_printf(&out, "%.*s%s", (int)(p - start), start, is_float && p[-1] != 'f' && p[-1] != 'F' ? "f" : "");
      continue;
    }
    if (strchr("+-*/%()?:<>=!&|^~,", ch)) {
      depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
      if (depth < 0) {
        problem(c, "the rule has a ')' without its '('%s", "");
        free(gen_buf_take(&out));
        return NULL;
      }
      gen_buf_putc(&out, (char)ch);
      p++;
      continue;
    }
    char bad[2] = {(char)ch, 0};
    problem(c, "the rule has '%s', which a rule may not contain (only names, numbers, operators and parentheses)", bad);
    free(gen_buf_take(&out));
    return NULL;
  }
  if (depth != 0)
    problem(c, "the rule has a '(' without its ')'%s", "");
  if (!any)
    problem(c, "the rule is empty%s", "");
  if (c->problems) {
    free(gen_buf_take(&out));
    return NULL;
  }
  /* Parenthesised, so the rule is one operand wherever it is used. */
  char *body = gen_buf_take(&out);
  char *wrapped = gen_printf("(%s)", body);
  free(body);
  return wrapped;
}

char *gen_rule_translate(const gen_op *op, const char *key, bool host)
{
  rule_ctx c = {.op = op, .kind = RULE_PIXELWISE, .host = host};
  for (int f = 0; f < op->impl.n_fields; f++)
    if (!strcmp(op->impl.fields[f].key, key))
      return translate(&c, op->impl.fields[f].text);
  return NULL;
}

/* ---- validation ---------------------------------------------------------------- */

static const gen_family_field *field(gen_impl *im, const char *key)
{
  for (int f = 0; f < im->n_fields; f++)
    if (!strcmp(im->fields[f].key, key))
      return &im->fields[f];
  return NULL;
}

/* Unknown keys and missing required ones; valid and required end with NULL. */
static bool check_keys(gen_op *op, const char *const *valid, const char *const *required)
{
  gen_impl *im = &op->impl;
  bool ok = true;
  for (int f = 0; f < im->n_fields; f++) {
    bool known = false;
    for (const char *const *k = valid; *k; k++)
      known |= !strcmp(*k, im->fields[f].key);
    if (!known) {
      gen_buf list = {0};
      for (const char *const *k = valid; *k; k++)
        gen_buf_printf(&list, "%s%s", list.len ? ", " : "", *k);
      gen_diag(op->file, im->fields[f].pos, "unknown key '%s' in impl family %s; valid keys: family, %s",
               im->fields[f].key, gen_family_name(im->family), list.data);
      gen_buf_free(&list);
      ok = false;
    }
  }
  for (const char *const *k = required; *k; k++)
    if (!field(im, *k)) {
      gen_diag(op->file, im->pos, "impl family %s needs the key '%s'", gen_family_name(im->family), *k);
      ok = false;
    }
  return ok;
}

/* 0-based index of text in words (NULL-terminated), or -1 after a problem. */
static int one_of(gen_op *op, const gen_family_field *f, const char *const *words)
{
  gen_buf list = {0};
  for (int i = 0; words[i]; i++) {
    if (!strcmp(words[i], f->text)) {
      gen_buf_free(&list);
      return i;
    }
    gen_buf_printf(&list, "%s%s", i ? ", " : "", words[i]);
  }
  gen_diag(op->file, f->pos, "%s '%s' of impl family %s must be one of: %s", f->key, f->text,
           gen_family_name(op->impl.family), list.data);
  gen_buf_free(&list);
  return -1;
}

/* The op's footprint is the family's, text for text (or the spec has none: that is reported elsewhere). */
static bool footprint_is(const gen_op *op, const char *const want[3])
{
  bool same = !op->footprint_global;
  for (int i = 0; same && i < 3; i++)
    same = op->footprint[i] && !strcmp(op->footprint[i], want[i]);
  return !op->has_footprint || same;
}

static void check_footprint_zero(gen_op *op)
{
  static const char *const zero[3] = {"0", "0", "0"};
  if (!footprint_is(op, zero))
    gen_diag(op->file, op->footprint_at, "a %s op reads only its own pixel: its footprint is [0, 0, 0]",
             gen_family_name(op->impl.family));
}

static void check_pixelwise(gen_op *op)
{
  static const char *const valid[] = {"rule", "compute", "where", NULL};
  static const char *const required[] = {"rule", NULL};
  static const char *const computes[] = {"float", "native", NULL};
  gen_impl *im = &op->impl;
  bool keys_ok = check_keys(op, valid, required);
  const gen_family_field *compute = field(im, "compute");
  if (compute)
    im->variant = one_of(op, compute, computes) == 1;
  if (op->output.parsed && op->output.kind == GEN_OUT_SCALAR)
    gen_diag(op->file, im->pos, "a pixelwise op writes an image (or its input, inplace); %s is not one",
             op->output.creator_text);
  if (op->output.parsed && op->output.kind == GEN_OUT_INPLACE && op->output.of_index != 0)
    gen_diag(op->file, im->pos, "an inplace pixelwise op writes its first input, not '%s'", op->output.of);
  if (op->n_inputs < 1 || op->n_inputs > GEN_PIXELWISE_MAX_INPUTS)
    gen_diag(op->file, im->pos, "a pixelwise op takes 1 to %d input images, this one %d", GEN_PIXELWISE_MAX_INPUTS,
             op->n_inputs);
  int numeric = 0;
  for (int i = 0; i < op->n_params; i++) {
    if (op->params[i].type == GEN_T_STRING)
      gen_diag(op->file, op->params[i].pos,
               "a pixelwise rule cannot use string param '%s' (only numbers reach the kernel)", op->params[i].name);
    else
      numeric++;
  }
  if (numeric > GEN_PIXELWISE_MAX_PARAMS)
    gen_diag(op->file, im->pos, "a pixelwise op takes at most %d params, this one %d", GEN_PIXELWISE_MAX_PARAMS,
             numeric);
  check_footprint_zero(op);
  const gen_family_field *rule = field(im, "rule");
  (void)keys_ok; /* a rule is checked even next to an unknown key */
  if (!rule)
    return;
  rule_ctx c = {.op = op, .kind = RULE_PIXELWISE, .report = true, .pos = rule->pos};
  im->rule = translate(&c, rule->text);
  im->uses_coords = c.uses_coords;
  const gen_family_field *where = field(im, "where");
  if (where) {
    rule_ctx w = {.op = op, .kind = RULE_PIXELWISE, .report = true, .pos = where->pos};
    im->where = translate(&w, where->text);
    im->uses_coords |= w.uses_coords;
  }
}

/* The rules, in the order of emit_source's calls (im->variant). */
static void check_reduce_all(gen_op *op)
{
  static const char *const valid[] = {"rule", NULL};
  static const char *const rules[] = {"minimum",  "maximum", "sum", "mean", "standard_deviation",
                                      "variance", "product", NULL};
  gen_impl *im = &op->impl;
  if (check_keys(op, valid, valid))
    im->variant = one_of(op, field(im, "rule"), rules);
  if (op->output.parsed && op->output.kind != GEN_OUT_SCALAR)
    gen_diag(op->file, im->pos, "a reduce_all op gives a number: its creator is scalar, not %s",
             op->output.creator_text);
  if (op->n_inputs != 1)
    gen_diag(op->file, im->pos, "a reduce_all op takes one input image, this one %d", op->n_inputs);
  /* standard_deviation and variance take numpy's ddof, the others nothing */
  bool deviation = im->variant == 4 || im->variant == 5;
  if (deviation && (op->n_params != 1 || !op->params[0].name || strcmp(op->params[0].name, "ddof") != 0 ||
                    op->params[0].type != GEN_T_INT))
    gen_diag(op->file, op->params_pos.line ? op->params_pos : im->pos, "a reduce_all %s op takes one int param, ddof",
             rules[im->variant]);
  else if (!deviation && op->n_params)
    gen_diag(op->file, op->params_pos, "a reduce_all op takes no params but standard_deviation's and variance's ddof%s",
             "");
}

/* The rules, in the order of cle_positions_rule (runtime/families/reduce_positions.h). */
static void check_reduce_positions(gen_op *op)
{
  static const char *const valid[] = {"rule", NULL};
  static const char *const rules[] = {"bounding_box",     "center_of_mass", "maximum_position",
                                      "minimum_position", "masked_minimum", NULL};
  static const int lengths[] = {6, 3, 3, 3, 0};
  gen_impl *im = &op->impl;
  if (check_keys(op, valid, valid))
    im->variant = one_of(op, field(im, "rule"), rules);
  if (im->variant < 0)
    return;
  const gen_output *o = &op->output;
  const bool masked = im->variant == 4;
  if (masked && o->parsed && o->kind != GEN_OUT_SCALAR)
    gen_diag(op->file, im->pos, "a reduce_positions masked_minimum op gives a number: its creator is scalar, not %s",
             o->creator_text);
  if (!masked && o->parsed &&
      (o->creator != GEN_C_VECTOR || o->length != lengths[im->variant] || o->dtype != GEN_FLOAT32))
    gen_diag(op->file, im->pos, "a reduce_positions %s op writes vector(%d, float32), not %s", rules[im->variant],
             lengths[im->variant], o->creator_text);
  if (op->n_inputs != (masked ? 2 : 1))
    gen_diag(op->file, im->pos, "a reduce_positions %s op takes %s, this one %d input(s)", rules[im->variant],
             masked ? "an image and its mask" : "one input image", op->n_inputs);
  if (op->n_params)
    gen_diag(op->file, op->params_pos, "a reduce_positions op takes no params%s", "");
}

/* A fold (accumulator pixel or float: im->variant 0 or 1, combine and finish rules) or one
 * of the fixed rules (im->variant 2 + their index, in the order of kernels/projection.cl's
 * CLE_P_RULE), along im->axis (0 x, 1 y, 2 z); each axis has its creator and footprint. */
static void check_projection(gen_op *op)
{
  static const char *const valid[] = {"axis", "accumulator", "combine", "finish", "rule", NULL};
  static const char *const fold_keys[] = {"accumulator", "combine", NULL};
  static const char *const none[] = {NULL};
  static const char *const accumulators[] = {"pixel", "float", NULL};
  static const char *const rules[] = {"maximum_position", "minimum_position", "standard_deviation", "variance", NULL};
  static const char *const axes[] = {"x", "y", "z", NULL};
  static const gen_creator creators[] = {GEN_C_YZ, GEN_C_XZ, GEN_C_XY};
  static const char *const footprints[][3] = {{"global", "0", "0"}, {"0", "global", "0"}, {"0", "0", "global"}};
  gen_impl *im = &op->impl;
  const gen_family_field *rule = field(im, "rule");
  bool keys_ok = check_keys(op, valid, rule ? none : fold_keys);
  if (rule && (field(im, "accumulator") || field(im, "combine") || field(im, "finish"))) {
    gen_diag(op->file, rule->pos,
             "a projection op takes either a rule or an accumulator, combine (and finish), not both%s", "");
    keys_ok = false;
  }
  const gen_family_field *axis = field(im, "axis");
  im->axis = axis ? one_of(op, axis, axes) : 2;
  if (rule) {
    const int r = one_of(op, rule, rules);
    im->variant = r < 0 ? -1 : 2 + r;
  } else if (field(im, "accumulator")) {
    im->variant = one_of(op, field(im, "accumulator"), accumulators) == 1;
  }
  if (im->axis < 0)
    return;
  const char *axis_name = axes[im->axis];
  if (op->output.parsed && op->output.creator != creators[im->axis])
    gen_diag(op->file, im->pos, "a projection op along %s writes %s(...), not %s", axis_name,
             gen_creator_name(creators[im->axis]), op->output.creator_text);
  if (op->n_inputs != 1)
    gen_diag(op->file, im->pos, "a projection op takes one input image, this one %d", op->n_inputs);
  const bool deviation = im->variant == 4 || im->variant == 5;
  bool has_ddof = false;
  for (int i = 0; i < op->n_params; i++) {
    const char *name = op->params[i].name;
    if (deviation && name && !strcmp(name, "ddof") && op->params[i].type == GEN_T_INT) {
      has_ddof = true;
      continue;
    }
    if (!op->output.keep_dims || !name || strcmp(name, op->output.keep_dims) != 0)
      gen_diag(op->file, op->params[i].pos,
               "a projection op takes no params but its creator's keep_dims%s; '%s' is not",
               deviation ? " and ddof (int)" : "", name ? name : "?");
  }
  if (deviation && !has_ddof)
    gen_diag(op->file, op->params_pos.line ? op->params_pos : im->pos, "a projection %s op takes the int param ddof",
             rules[im->variant - 2]);
  const char *const *want = footprints[im->axis];
  if (!footprint_is(op, want))
    gen_diag(op->file, op->footprint_at, "a projection op along %s reads the whole axis: its footprint is [%s, %s, %s]",
             axis_name, want[0], want[1], want[2]);
  if (!keys_ok || rule)
    return;
  const gen_family_field *combine = field(im, "combine"), *finish = field(im, "finish");
  rule_ctx c = {.op = op, .kind = RULE_P_COMBINE, .report = true, .pos = combine->pos};
  im->rule = translate(&c, combine->text);
  rule_ctx f = {.op = op, .kind = RULE_P_FINISH, .report = true, .pos = finish ? finish->pos : im->pos};
  im->finish = finish ? translate(&f, finish->text) : gen_strdup("(acc)");
}

/* The rules, in the order of cle_neighbourhood_rule (runtime/families/neighbourhood.h). The
 * params are pyclesperanto's filter params, and the footprint is exactly the floored radii
 * (what tiling will trust). */
static void check_neighbourhood(gen_op *op)
{
  static const char *const valid[] = {"rule", NULL};
  static const char *const rules[] = {"minimum", "maximum", "mean",  "variance", "standard_deviation",
                                      "median",  "mode",    "erode", "dilate",   NULL};
  static const char *const params[] = {"radius_x", "radius_y", "radius_z", "connectivity"};
  static const char *const footprint[] = {"floor(radius_x)", "floor(radius_y)", "floor(radius_z)"};
  gen_impl *im = &op->impl;
  if (check_keys(op, valid, valid))
    im->variant = one_of(op, field(im, "rule"), rules);
  if (op->output.parsed && op->output.kind != GEN_OUT_ARRAY)
    gen_diag(op->file, im->pos, "a neighbourhood op writes a new image, not %s", op->output.creator_text);
  if (op->n_inputs != 1)
    gen_diag(op->file, im->pos, "a neighbourhood op takes one input image, this one %d", op->n_inputs);
  bool params_ok = op->n_params == 4;
  for (int i = 0; params_ok && i < 4; i++)
    params_ok = op->params[i].name && !strcmp(op->params[i].name, params[i]) &&
                op->params[i].type == (i < 3 ? GEN_T_FLOAT : GEN_T_STRING);
  if (params_ok)
    params_ok = op->params[3].n_choices == 2 && !strcmp(op->params[3].choices[0], "box") &&
                !strcmp(op->params[3].choices[1], "sphere");
  if (!params_ok)
    gen_diag(op->file, op->params_pos.line ? op->params_pos : im->pos,
             "a neighbourhood op takes the params radius_x, radius_y, radius_z (float) and connectivity (string: "
             "box, sphere)%s",
             "");
  if (!footprint_is(op, footprint))
    gen_diag(op->file, op->footprint_at,
             "a neighbourhood op reads its floored radii around each pixel: its footprint is [floor(radius_x), "
             "floor(radius_y), floor(radius_z)]%s",
             "");
}

/* The rules, in the order of cle_stencil_rule (runtime/families/stencil.h); each with the
 * params it takes and its exact footprint. */
static void check_stencil(gen_op *op)
{
  static const char *const valid[] = {"rule", NULL};
  static const char *const rules[] = {
      "gradient_x",    "gradient_y",    "gradient_z",    "sobel",  "laplace", "binary_edge", "local_maximum",
      "local_minimum", "small_hessian", "large_hessian", "infsup", "supinf",  NULL};
  static const char *const footprints[][3] = {{"1", "0", "0"},
                                              {"0", "1", "0"},
                                              {"0", "0", "1"},
                                              {"1", "1", "1"},
                                              {"1", "1", "1"},
                                              {"1", "1", "1"},
                                              {"floor(radius_x) + 1", "floor(radius_y) + 1", "floor(radius_z) + 1"},
                                              {"floor(radius_x) + 1", "floor(radius_y) + 1", "floor(radius_z) + 1"},
                                              {"1", "1", "1"},
                                              {"1", "1", "1"},
                                              {"1", "1", "1"},
                                              {"1", "1", "1"}};
  static const char *const radii[] = {"radius_x", "radius_y", "radius_z", "connectivity"};
  gen_impl *im = &op->impl;
  if (check_keys(op, valid, valid))
    im->variant = one_of(op, field(im, "rule"), rules);
  if (im->variant < 0)
    return;
  if (op->output.parsed && op->output.kind != GEN_OUT_ARRAY)
    gen_diag(op->file, im->pos, "a stencil op writes a new image, not %s", op->output.creator_text);
  if (op->n_inputs != 1)
    gen_diag(op->file, im->pos, "a stencil op takes one input image, this one %d", op->n_inputs);
  /* Per rule, its first param in radii[] (it takes the rest): laplace connectivity, the local
   * extrema the mean filter's radii and connectivity, the others nothing (4). */
  static const int first_param[] = {4, 4, 4, 4, 3, 4, 0, 0, 4, 4, 4, 4};
  _Static_assert(sizeof first_param / sizeof first_param[0] == sizeof rules / sizeof rules[0] - 1, "one per rule");
  _Static_assert(sizeof footprints / sizeof footprints[0] == sizeof rules / sizeof rules[0] - 1, "one per rule");
  const int first = first_param[im->variant];
  bool params_ok = op->n_params == 4 - first;
  for (int i = 0; params_ok && i < op->n_params; i++)
    params_ok = op->params[i].name && !strcmp(op->params[i].name, radii[first + i]) &&
                op->params[i].type == (first + i < 3 ? GEN_T_FLOAT : GEN_T_STRING);
  if (!params_ok)
    gen_diag(op->file, op->params_pos.line ? op->params_pos : im->pos, "a stencil %s op takes %s", rules[im->variant],
             first == 0   ? "the params radius_x, radius_y, radius_z (float) and connectivity (string)"
             : first == 3 ? "one param, connectivity (string)"
                          : "no params");
  const char *const *want = footprints[im->variant];
  if (!footprint_is(op, want))
    gen_diag(op->file, op->footprint_at, "a stencil %s op's footprint is [%s, %s, %s]", rules[im->variant], want[0],
             want[1], want[2]);
}

/* The rules, in the order of cle_kernel_image_rule (runtime/families/kernel_image.h). The
 * footprint is global: the halo is half the kernel image's size, which the footprint
 * language (params only) cannot say. */
static void check_kernel_image(gen_op *op)
{
  static const char *const valid[] = {"rule", NULL};
  static const char *const rules[] = {"erosion",           "opening",  "closing", "convolve",
                                      "cross_correlation", "dilation", NULL};
  gen_impl *im = &op->impl;
  if (check_keys(op, valid, valid))
    im->variant = one_of(op, field(im, "rule"), rules);
  if (op->output.parsed && op->output.kind != GEN_OUT_ARRAY)
    gen_diag(op->file, im->pos, "a kernel_image op writes a new image, not %s", op->output.creator_text);
  if (op->n_inputs != 2)
    gen_diag(op->file, im->pos, "a kernel_image op takes an image and a kernel image, this one %d input(s)",
             op->n_inputs);
  if (op->n_params)
    gen_diag(op->file, op->params_pos, "a kernel_image op takes no params%s", "");
  if (op->has_footprint && !op->footprint_global)
    gen_diag(op->file, op->footprint_at,
             "a kernel_image op reads half its kernel image's size around each pixel, which a footprint cannot "
             "say: its footprint is global%s",
             "");
}

/* The rules, in the order of cle_touching_neighbors_rule (runtime/families/touching_neighbors.h):
 * a vector of values and a touch matrix in, a vector out, no params. */
static void check_touching_neighbors(gen_op *op)
{
  static const char *const valid[] = {"rule", NULL};
  static const char *const rules[] = {"minimum", "maximum", "mean", "median", "mode", "standard_deviation", NULL};
  gen_impl *im = &op->impl;
  if (check_keys(op, valid, valid))
    im->variant = one_of(op, field(im, "rule"), rules);
  if (op->output.parsed && op->output.kind != GEN_OUT_ARRAY)
    gen_diag(op->file, im->pos, "a touching_neighbors op writes a new vector, not %s", op->output.creator_text);
  if (op->n_inputs != 2)
    gen_diag(op->file, im->pos, "a touching_neighbors op takes a vector and a touch matrix, this one %d input(s)",
             op->n_inputs);
  if (op->n_params)
    gen_diag(op->file, op->params_pos, "a touching_neighbors op takes no params%s", "");
  if (op->has_footprint && !op->footprint_global)
    gen_diag(op->file, op->footprint_at, "a touching_neighbors op reads the whole matrix: its footprint is global%s",
             "");
}

void gen_check_family(gen_op *op)
{
  gen_impl *im = &op->impl;
  im->family = -1;
  if (!im->family_name) {
    gen_diag(op->file, im->pos, "impl family needs a name; valid: %s", gen_family_names_list());
    return;
  }
  for (int f = 0; f < GEN_FAMILY_COUNT; f++)
    if (!strcmp(family_names[f], im->family_name))
      im->family = f;
  switch (im->family) {
  case GEN_FAMILY_PIXELWISE: check_pixelwise(op); break;
  case GEN_FAMILY_REDUCE_ALL: check_reduce_all(op); break;
  case GEN_FAMILY_PROJECTION: check_projection(op); break;
  case GEN_FAMILY_REDUCE_POSITIONS: check_reduce_positions(op); break;
  case GEN_FAMILY_NEIGHBOURHOOD: check_neighbourhood(op); break;
  case GEN_FAMILY_STENCIL: check_stencil(op); break;
  case GEN_FAMILY_KERNEL_IMAGE: check_kernel_image(op); break;
  case GEN_FAMILY_TOUCHING_NEIGHBORS: check_touching_neighbors(op); break;
  default:
    gen_diag(op->file, im->value_pos, "unknown kernel family '%s'; valid: %s", im->family_name,
             gen_family_names_list());
  }
}
