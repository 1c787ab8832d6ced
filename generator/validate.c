/* cle-gen — whole-model validation.
 *
 * Runs after every file is parsed, so it can check what spans fields and
 * files: names, defaults against ranges and choices, creators against the
 * inputs, kernels against kernels/, composites against the other ops, tests
 * against the op. Every problem is reported; nothing stops at the first.
 */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "creator.h"
#include "diag.h"
#include "family.h"
#include "footprint.h"
#include "kernel_scan.h"
#include "model.h"
#include "names.h"
#include "operator.h"
#include "util.h"

/* Equal names; a name a malformed spec left NULL (a list or a mapping where
 * a word belongs, already reported) equals nothing. */
static bool gen_same(const char *a, const char *b)
{
  return a && b && strcmp(a, b) == 0;
}

gen_op *gen_find_op(const gen_model *m, const char *name)
{
  for (int i = 0; i < m->n_ops; i++)
    if (m->ops[i].name && gen_same(m->ops[i].name, name))
      return &m->ops[i];
  return NULL;
}

int gen_find_input(const gen_op *op, const char *name)
{
  for (int i = 0; i < op->n_inputs; i++)
    if (op->inputs[i].name && gen_same(op->inputs[i].name, name))
      return i;
  return -1;
}

int gen_find_param(const gen_op *op, const char *name)
{
  for (int i = 0; i < op->n_params; i++)
    if (op->params[i].name && gen_same(op->params[i].name, name))
      return i;
  return -1;
}

/* ---- names -------------------------------------------------------------- */

/* An op, input, param, output or temporary name: an identifier, snake_case,
 * reserved nowhere, and clear of what the generated code uses itself. */
static bool check_name(const gen_op *op, const char *name, gen_pos pos, const char *kind)
{
  if (!gen_is_identifier(name)) {
    gen_diag(op->file, pos, "%s name '%s' is not an identifier", kind, name);
    return false;
  }
  const char *lang = gen_reserved_in(name);
  if (lang) {
    gen_diag(op->file, pos, "%s name '%s' is reserved in %s", kind, name, lang);
    return false;
  }
  if (!gen_is_snake_case(name)) {
    gen_diag(op->file, pos, "%s name '%s' must be snake_case (lowercase words joined by single underscores)", kind,
             name);
    return false;
  }
  if (!strncmp(name, "cle_", 4)) {
    gen_diag(op->file, pos, "%s name '%s' starts with 'cle_', which is reserved for generated code", kind, name);
    return false;
  }
  return true;
}

static void check_text(const gen_op *op, const char *text, gen_pos pos, const char *what)
{
  if (!text)
    return;
  const char *p = text;
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  if (!*p)
    gen_diag(op->file, pos, "%s must not be empty", what);
}

/* ---- typed values --------------------------------------------------------- */

static const char *type_word(gen_type t)
{
  static const char *const words[] = {"a number", "an integer", "true or false", "a string", "a list of numbers"};
  return words[t];
}

/* Convert v to type t; false (after a problem naming what) if it cannot be. */
static bool coerce(const gen_op *op, gen_value *v, gen_type t, const char *what)
{
  if (!v->present)
    return false;
  bool ok = v->type == t || (t == GEN_T_FLOAT && v->type == GEN_T_INT);
  if (ok && t == GEN_T_INT && (v->number < INT_MIN || v->number > INT_MAX))
    ok = false;
  if (!ok) {
    char *r = gen_value_repr(v);
    gen_diag(op->file, v->pos, "%s must be %s%s, got %s", what, type_word(t),
             t == GEN_T_INT ? " in the range of a C int" : "", r);
    free(r);
    return false;
  }
  v->type = t;
  return true;
}

static bool in_choices(const gen_param *p, const char *s)
{
  for (int i = 0; i < p->n_choices; i++)
    if (gen_same(p->choices[i], s))
      return true;
  return false;
}

static char *choices_list(const gen_param *p)
{
  gen_buf b = {0};
  gen_buf_puts(&b, "");
  for (int i = 0; i < p->n_choices; i++)
    gen_buf_printf(&b, "%s'%s'", i ? ", " : "", p->choices[i]);
  return b.data;
}

/* A value (already of p's type) against p's range and choices; what is
 * "default" or "value", whose e.g. "param 'x'" or "param 'x' of step 'y'". */
static bool check_value_fits(const gen_op *op, const gen_param *p, const gen_value *v, const char *what,
                             const char *whose)
{
  if (p->type == GEN_T_FLOAT_LIST) {
    if (!v->items && !strcmp(v->text ? v->text : "", "None"))
      return true; /* an optional list's None */
    bool fits = p->n_lengths == 0;
    for (int l = 0; l < p->n_lengths; l++)
      fits |= p->lengths[l] == v->n_items;
    if (!fits) {
      gen_diag(op->file, v->pos, "%s of %s has %d numbers, not one of its lengths", what, whose, v->n_items);
      return false;
    }
    for (int k = 0; k < v->n_items; k++)
      if (!isfinite(v->items[k])) {
        gen_diag(op->file, v->pos, "%s of %s must hold finite numbers, got %s", what, whose, v->text);
        return false;
      }
    return true;
  }
  if (p->type == GEN_T_STRING) {
    bool alias = false; /* test and step values may use a choice's alias; defaults may not */
    for (int a = 0; strcmp(what, "default") != 0 && a < p->n_choice_aliases; a++)
      alias |= gen_same(p->choice_aliases[a].alias, v->text);
    if (p->n_choices && !alias && !in_choices(p, v->text)) {
      char *list = choices_list(p);
      gen_diag(op->file, v->pos, "%s '%s' of %s is not one of its choices: %s", what, v->text, whose, list);
      free(list);
      return false;
    }
    return true;
  }
  if (p->type == GEN_T_BOOL)
    return true;
  if ((p->min.present || p->max.present) && isnan(v->number)) {
    gen_diag(op->file, v->pos, "%s of %s is nan, outside its range", what, whose);
    return false;
  }
  if (p->min.present && p->min.type == p->type && v->number < p->min.number) {
    gen_diag(op->file, v->pos, "%s %s of %s is below its min %s", what, v->text, whose, p->min.text);
    return false;
  }
  if (p->max.present && p->max.type == p->type && v->number > p->max.number) {
    gen_diag(op->file, v->pos, "%s %s of %s is above its max %s", what, v->text, whose, p->max.text);
    return false;
  }
  return true;
}

/* ---- per op ----------------------------------------------------------------- */

static void check_header(gen_model *m, gen_op *op)
{
  (void)m;
  if (op->name_pos.line) {
    if (check_name(op, op->name, op->name_pos, "op") && gen_is_runtime_name(op->name))
      gen_diag(op->file, op->name_pos, "op name '%s' collides with the runtime function cle_%s", op->name, op->name);
    if (strcmp(op->name, op->file_stem) != 0)
      gen_diag(op->file, op->name_pos, "op name '%s' differs from the file name '%s.yaml'", op->name, op->file_stem);
  }
  check_text(op, op->brief, op->brief_pos, "brief");
  size_t brief_len = op->brief ? strlen(op->brief) : 0;
  if (brief_len && (strchr(op->brief, '\n') || op->brief[brief_len - 1] != '.'))
    gen_diag(op->file, op->brief_pos, "brief must be one line ending with a period");
  for (int i = 0; i < op->n_categories; i++) {
    if (gen_category_index(op->categories[i]) < 0) {
      char *list = gen_category_list();
      gen_diag(op->file, op->category_pos[i], "unknown category '%s'; known: %s", op->categories[i], list);
      free(list);
    }
    for (int j = 0; j < i; j++)
      if (gen_same(op->categories[i], op->categories[j]))
        gen_diag(op->file, op->category_pos[i], "category '%s' is listed twice", op->categories[i]);
  }
}

static void check_inputs(gen_op *op)
{
  for (int i = 0; i < op->n_inputs; i++) {
    gen_input *in = &op->inputs[i];
    if (!in->name)
      continue;
    check_name(op, in->name, in->pos, "input");
    for (int j = 0; j < i; j++)
      if (op->inputs[j].name && gen_same(op->inputs[j].name, in->name))
        gen_diag(op->file, in->pos, "duplicate input '%s' (first at line %d)", in->name, op->inputs[j].pos.line);
    char *what = gen_printf("doc of input '%s'", in->name);
    check_text(op, in->doc, in->doc_pos, what);
    free(what);
  }
}

static void check_params(gen_op *op)
{
  for (int i = 0; i < op->n_params; i++) {
    gen_param *p = &op->params[i];
    if (!p->name)
      continue;
    check_name(op, p->name, p->pos, "param");
    for (int j = 0; j < i; j++)
      if (op->params[j].name && gen_same(op->params[j].name, p->name))
        gen_diag(op->file, p->pos, "duplicate param '%s' (first at line %d)", p->name, op->params[j].pos.line);
    if (gen_find_input(op, p->name) >= 0)
      gen_diag(op->file, p->pos, "param '%s' has the name of an input", p->name);
    if (op->output.name && gen_same(op->output.name, p->name))
      gen_diag(op->file, p->pos, "param '%s' has the name of the output", p->name);
    char *what = gen_printf("doc of param '%s'", p->name);
    check_text(op, p->doc, p->doc_pos, what);
    free(what);
    for (int a = 0; a < p->n_aliases; a++) {
      const char *al = p->aliases[a];
      if (!check_name(op, al, p->aliases_pos, "param alias"))
        continue;
      bool taken = gen_find_input(op, al) >= 0 || (op->output.name && gen_same(op->output.name, al));
      for (int j = 0; j < op->n_params; j++) {
        taken |= op->params[j].name && gen_same(op->params[j].name, al);
        for (int b = 0; b < op->params[j].n_aliases && (j < i || (j == i && b < a)); b++)
          taken |= gen_same(op->params[j].aliases[b], al);
      }
      if (taken)
        gen_diag(op->file, p->aliases_pos, "alias '%s' of param '%s' is already a name or an alias of this op", al,
                 p->name);
    }
    if (!p->type_ok)
      continue;
    if (p->optional && p->type != GEN_T_INT && p->type != GEN_T_FLOAT_LIST) {
      gen_diag(op->file, p->optional_pos, "optional applies to int and float_list params only, not to %s param '%s'",
               gen_type_name(p->type), p->name);
      continue;
    }
    if (p->type == GEN_T_FLOAT_LIST && p->def.present && !p->optional)
      gen_diag(op->file, p->def.pos, "float_list param '%s' takes no default but None (optional: true)", p->name);
    if (p->type == GEN_T_FLOAT_LIST && !p->lengths_pos.line)
      gen_diag(op->file, p->type_pos, "float_list param '%s' needs lengths: [..] (the numbers of items it takes)",
               p->name);
    if (p->type != GEN_T_FLOAT_LIST && p->lengths_pos.line)
      gen_diag(op->file, p->lengths_pos, "lengths apply to float_list params only, not to %s param '%s'",
               gen_type_name(p->type), p->name);
    for (int l = 0; l < p->n_lengths; l++)
      for (int k = 0; k < l; k++)
        if (p->lengths[k] == p->lengths[l])
          gen_diag(op->file, p->lengths_pos, "length %d of param '%s' is listed twice", p->lengths[l], p->name);
    if (p->optional && (p->min.present || p->max.present)) {
      gen_diag(op->file, p->optional_pos, "optional param '%s' takes no min or max (None lies outside any range)",
               p->name);
      continue;
    }

    bool numeric = p->type == GEN_T_FLOAT || p->type == GEN_T_INT;
    bool bounds_ok = true;
    gen_value *bounds[2] = {&p->min, &p->max};
    for (int b = 0; b < 2; b++) {
      gen_value *v = bounds[b];
      if (!v->present)
        continue;
      if (!numeric) {
        gen_diag(op->file, v->pos, "%s applies to int and float params only, not to %s param '%s'", b ? "max" : "min",
                 gen_type_name(p->type), p->name);
        bounds_ok = false;
        continue;
      }
      char *bwhat = gen_printf("%s of param '%s'", b ? "max" : "min", p->name);
      if (!coerce(op, v, p->type, bwhat))
        bounds_ok = false;
      else if (!isfinite(v->number)) {
        gen_diag(op->file, v->pos, "%s must be finite, got %s", bwhat, v->text);
        bounds_ok = false;
        v->type = GEN_T_STRING; /* not used as a bound below */
      }
      free(bwhat);
    }
    if (bounds_ok && p->min.present && p->max.present && p->min.number > p->max.number)
      gen_diag(op->file, p->min.pos, "min %s of param '%s' is greater than its max %s", p->min.text, p->name,
               p->max.text);

    if (p->type == GEN_T_STRING && !p->n_choices && !p->choices_pos.line)
      gen_diag(op->file, p->type_pos, "string param '%s' needs choices: [..]", p->name);
    if (p->type != GEN_T_STRING && p->choices_pos.line)
      gen_diag(op->file, p->choices_pos, "choices apply to string params only, not to %s param '%s'",
               gen_type_name(p->type), p->name);
    for (int c = 0; p->type == GEN_T_STRING && c < p->n_choices; c++) {
      if (!gen_is_identifier(p->choices[c]))
        gen_diag(op->file, p->choices_pos, "choice '%s' of param '%s' must be a word (letters, digits, underscores)",
                 p->choices[c], p->name);
      for (int d = 0; d < c; d++)
        if (gen_same(p->choices[c], p->choices[d]))
          gen_diag(op->file, p->choices_pos, "choice '%s' of param '%s' is listed twice", p->choices[c], p->name);
    }
    for (int a = 0; a < p->n_choice_aliases; a++) {
      gen_choice_alias *ca = &p->choice_aliases[a];
      if (p->type != GEN_T_STRING) {
        gen_diag(op->file, ca->pos, "choice_aliases apply to string params only, not to %s param '%s'",
                 gen_type_name(p->type), p->name);
        break;
      }
      if (!gen_is_identifier(ca->alias))
        gen_diag(op->file, ca->pos, "choice alias '%s' of param '%s' must be a word (letters, digits, underscores)",
                 ca->alias, p->name);
      if (in_choices(p, ca->alias))
        gen_diag(op->file, ca->pos, "choice alias '%s' of param '%s' is already one of its choices", ca->alias,
                 p->name);
      for (int b = 0; b < a; b++)
        if (gen_same(p->choice_aliases[b].alias, ca->alias))
          gen_diag(op->file, ca->pos, "choice alias '%s' of param '%s' is listed twice", ca->alias, p->name);
      for (int c = 0; c < p->n_choices; c++)
        if (gen_same(p->choices[c], ca->target))
          ca->target_index = c;
      if (ca->target_index < 0) {
        char *list = choices_list(p);
        gen_diag(op->file, ca->pos,
                 "choice alias '%s' of param '%s' stands for '%s', which is not one of its choices: %s", ca->alias,
                 p->name, ca->target, list);
        free(list);
      }
    }
    if (p->def.present) {
      char *dwhat = gen_printf("default of %s param '%s'", gen_type_name(p->type), p->name);
      char *whose = gen_printf("param '%s'", p->name);
      if (coerce(op, &p->def, p->type, dwhat) && bounds_ok)
        check_value_fits(op, p, &p->def, "default", whose);
      free(whose);
      free(dwhat);
    }
  }
}

/* NAME or MODULE.NAME (pyclesperanto's submodules: fft.convolve), each part an identifier. */
static bool is_dotted_identifier(const char *s)
{
  const char *dot = strchr(s, '.');
  if (!dot)
    return gen_is_identifier(s);
  char *head = gen_printf("%.*s", (int)(dot - s), s);
  bool ok = gen_is_identifier(head) && is_dotted_identifier(dot + 1);
  free(head);
  return ok;
}

static void check_one_output(gen_op *op, gen_output *out)
{
  bool inplace = out->parsed && out->kind == GEN_OUT_INPLACE;
  if (out->name && inplace && out->of && strcmp(out->name, out->of) != 0) {
    gen_diag(op->file, out->pos, "the output of %s is input '%s'; name it '%s' or leave the name out",
             out->creator_text, out->of, out->of);
  } else if (out->name && !inplace) {
    check_name(op, out->name, out->pos, "output");
    if (gen_find_input(op, out->name) >= 0)
      gen_diag(op->file, out->pos, "output '%s' has the name of an input", out->name);
  }
  if (!out->name)
    out->name = gen_strdup(inplace && out->of                                          ? out->of
                           : out->kind == GEN_OUT_SCALAR || out->kind == GEN_OUT_TABLE ? "result"
                                                                                       : "dst");
  if (!out->parsed)
    return;
  if (out->kind != GEN_OUT_ARRAY && out->dtypes_pos.line)
    gen_diag(op->file, out->dtypes_pos, "output dtypes apply to image outputs only, not to %s", out->creator_text);
  if (out->returns == GEN_RETURNS_LIST && (out->creator != GEN_C_VECTOR || out->dtype != GEN_FLOAT32))
    gen_diag(op->file, out->returns_pos, "returns list needs a float32 vector(N) output, not %s", out->creator_text);
  if (out->returns == GEN_RETURNS_BOOL && out->kind != GEN_OUT_SCALAR)
    gen_diag(op->file, out->returns_pos, "returns bool needs a scalar output, not %s", out->creator_text);
  if (out->init_zeros && out->kind != GEN_OUT_ARRAY)
    gen_diag(op->file, out->init_pos, "init: zeros needs an image output, not %s", out->creator_text);
  if (out->shape_by_impl &&
      (out->kind != GEN_OUT_ARRAY || (op->impl.kind != GEN_IMPL_C && op->impl.kind != GEN_IMPL_KERNEL)))
    gen_diag(op->file, out->shape_check_pos,
             "shape_check: impl needs an image output and impl: c or kernel, which checks it (or takes any shape)");
  if (out->creator == GEN_C_IMPL && op->impl.kind != GEN_IMPL_C)
    gen_diag(op->file, out->creator_pos, "creator impl needs impl: c, which creates the output");
  if (out->creator == GEN_C_TABLE && op->impl.kind != GEN_IMPL_C && op->impl.kind != GEN_IMPL_NONE)
    gen_diag(op->file, out->creator_pos, "creator table needs impl: c, which fills the table");
  if (out->creator == GEN_C_IMPL && (out->shape_by_impl || out->init_zeros))
    gen_diag(op->file, out->shape_by_impl ? out->shape_check_pos : out->init_pos,
             "creator impl leaves the output to the impl c: shape_check and init do not apply");
  if (out->of) {
    out->of_index = gen_find_input(op, out->of);
    if (out->of_index < 0) {
      gen_buf list = {0};
      gen_buf_puts(&list, "");
      for (int i = 0; i < op->n_inputs; i++)
        if (op->inputs[i].name)
          gen_buf_printf(&list, "%s%s", list.len ? ", " : "", op->inputs[i].name);
      gen_diag(op->file, out->of_pos, "creator argument '%s' names no input; inputs: %s", out->of,
               list.len ? list.data : "none");
      gen_buf_free(&list);
      out->parsed = false;
    }
  }
  if (out->length_param) {
    out->length_index = gen_find_param(op, out->length_param);
    if (out->length_index < 0 || op->params[out->length_index].type != GEN_T_INT) {
      gen_diag(op->file, out->length_pos, "vector length '%s' is neither an int literal nor an int param",
               out->length_param);
      out->parsed = false;
    }
  }
  if (out->keep_dims) {
    out->keep_dims_index = gen_find_param(op, out->keep_dims);
    if (out->keep_dims_index < 0 || !op->params[out->keep_dims_index].type_ok ||
        op->params[out->keep_dims_index].type != GEN_T_BOOL) {
      gen_diag(op->file, out->keep_dims_pos, "keep_dims=%s must name a bool param of the op", out->keep_dims);
      out->parsed = false;
    }
  }
  if (out->dtype_if) {
    out->dtype_if_index = gen_find_param(op, out->dtype_if);
    if (out->dtype_if_index < 0 || !op->params[out->dtype_if_index].type_ok ||
        op->params[out->dtype_if_index].type != GEN_T_BOOL) {
      gen_diag(op->file, out->dtype_if_pos, "the creator's dtype condition '%s' must name a bool param of the op",
               out->dtype_if);
      out->parsed = false;
    }
  }
  for (int i = 0; i < 3; i++)
    if (out->size[i] && !gen_check_size_expression(op, out->size[i], out->size_pos[i]))
      out->parsed = false;
  /* An op without inputs takes its device as an argument and its output's size from its params:
     shape(X, Y, Z, DTYPE) and nothing else; shape(...) is for such ops only. */
  if (out->creator == GEN_C_SHAPE && op->n_inputs > 0) {
    gen_diag(op->file, out->creator_pos,
             "creator shape is for ops without inputs; this one has %d: use size(IN, X, Y, Z[, DTYPE])", op->n_inputs);
    out->parsed = false;
  } else if (out->creator != GEN_C_SHAPE && op->n_inputs == 0 && op->inputs_listed) {
    gen_diag(op->file, out->creator_pos,
             "an op without inputs needs the creator shape(X, Y, Z, DTYPE) (its output's size from its params), not %s",
             out->creator_text);
    out->parsed = false;
  }
}

/* outputs: several images, each of an input's shape; the impl c writes them all. */
static void check_outputs(gen_op *op)
{
  for (int k = 0; k < op->n_outputs; k++) {
    gen_output *out = &op->outputs[k];
    if (!out->name || !out->creator_text)
      continue;
    check_one_output(op, out);
    if (out->doc && !out->doc[0])
      gen_diag(op->file, out->doc_pos, "the doc of output '%s' is empty", out->name);
    for (int j = 0; j < k; j++)
      if (op->outputs[j].name && gen_same(op->outputs[j].name, out->name))
        gen_diag(op->file, out->pos, "duplicate output '%s'", out->name);
    for (int i = 0; i < op->n_params; i++)
      if (op->params[i].name && gen_same(op->params[i].name, out->name))
        gen_diag(op->file, op->params[i].pos, "param '%s' has the name of an output", out->name);
    if (out->parsed && out->creator != GEN_C_LIKE && out->creator != GEN_C_BINARY && out->creator != GEN_C_LABELS)
      gen_diag(op->file, out->creator_pos,
               "each of several outputs has an input's shape: like(...), binary(...) or labels(...), not %s",
               out->creator_text);
  }
  if (op->n_outputs && op->impl.kind != GEN_IMPL_C && op->impl.kind != GEN_IMPL_NONE)
    gen_diag(op->file, op->impl.pos, "an op with several outputs needs impl: c, which writes them all");
  if (op->n_outputs && op->n_operators)
    gen_diag(op->file, op->operators[0].pos, "an op with several outputs cannot be an operator");
  if (op->n_output_order && op->n_output_order != op->n_outputs)
    gen_diag(op->file, op->output_order_pos, "output_order must name each of the %d outputs once, got %d names",
             op->n_outputs, op->n_output_order);
  for (int i = 0; i < op->n_output_order; i++) {
    op->output_order[i] = -1;
    for (int k = 0; k < op->n_outputs; k++)
      if (op->outputs[k].name && gen_same(op->outputs[k].name, op->output_order_names[i]))
        op->output_order[i] = k;
    for (int j = 0; j < i && op->output_order[i] >= 0; j++)
      if (op->output_order[j] == op->output_order[i])
        gen_diag(op->file, op->output_order_pos, "output_order names '%s' twice", op->output_order_names[i]);
    if (op->output_order[i] < 0)
      gen_diag(op->file, op->output_order_pos, "output_order names '%s', which is not an output",
               op->output_order_names[i]);
  }
  if (!op->n_output_order && op->n_outputs) { /* default: the outputs' own order */
    for (int k = 0; k < op->n_outputs; k++) {
      int n = op->n_output_order;
      *(char **)gen_push(&op->output_order_names, &n, sizeof(char *)) =
          gen_strdup(op->outputs[k].name ? op->outputs[k].name : "");
      *(int *)gen_push(&op->output_order, &op->n_output_order, sizeof(int)) = k;
    }
  }
}

static void check_output(gen_op *op)
{
  if (op->output.kind == GEN_OUT_MULTI)
    check_outputs(op);
  else
    check_one_output(op, &op->output);
}

static void check_footprint(gen_op *op)
{
  if (!op->has_footprint || op->footprint_global)
    return;
  for (int i = 0; i < 3; i++)
    if (op->footprint[i] && strcmp(op->footprint[i], "global") != 0) {
      if (!op->footprint[i][0])
        gen_diag(op->file, op->footprint_pos[i], "footprint entries must not be empty (use 0 for none)");
      else
        gen_check_footprint(op, op->footprint[i], op->footprint_pos[i]);
    }
}

static void check_kernel(gen_model *m, gen_op *op)
{
  gen_impl *im = &op->impl;
  if (!im->kernel_file)
    return;
  if (op->output.parsed && op->output.kind == GEN_OUT_SCALAR)
    gen_diag(op->file, im->pos, "impl kernel cannot give a scalar output; use impl c");
  if (!gen_is_identifier(im->kernel_file)) {
    gen_diag(op->file, im->value_pos, "kernel file name '%s' must be a plain name (kernels/NAME.cl, no extension)",
             im->kernel_file);
    return;
  }
  if (!im->kernel_name)
    return; /* not a word: reported */
  if (!gen_is_identifier(im->kernel_name)) {
    gen_diag(op->file, im->kernel_name_pos, "kernel name '%s' is not an identifier", im->kernel_name);
    return;
  }
  char *path = gen_printf("%s/%s.cl", m->kernels_dir, im->kernel_file);
  char *display = gen_printf("%s/%s.cl", m->kernels_display, im->kernel_file);
  char *source = gen_read_file(path, NULL);
  if (!source) {
    gen_diag(op->file, im->value_pos, "kernel file %s does not exist", display);
  } else {
    gen_kernel_sig sig;
    if (gen_kernel_scan(source, im->kernel_name, &sig) != 0) {
      gen_diag(op->file, im->kernel_name_pos, "%s has no __kernel function named '%s'", display, im->kernel_name);
    } else {
      /* The generated dispatch binds every input, the output and every param by
       * name; the kernel must take exactly those. */
      for (int i = 0; i < sig.n; i++) {
        bool known = gen_find_input(op, sig.names[i]) >= 0 || gen_find_param(op, sig.names[i]) >= 0 ||
                     (op->output.kind == GEN_OUT_ARRAY && op->output.name && gen_same(op->output.name, sig.names[i]));
        if (!known)
          gen_diag(op->file, im->kernel_name_pos,
                   "kernel '%s' in %s takes parameter '%s', which is not an input, the output or a param of the op",
                   im->kernel_name, display, sig.names[i]);
      }
      const char *wanted[64];
      int n_wanted = 0;
      for (int i = 0; i < op->n_inputs && n_wanted < 64; i++)
        if (op->inputs[i].name)
          wanted[n_wanted++] = op->inputs[i].name;
      if (op->output.parsed && op->output.kind == GEN_OUT_ARRAY && n_wanted < 64)
        wanted[n_wanted++] = op->output.name;
      for (int i = 0; i < op->n_params && n_wanted < 64; i++)
        if (op->params[i].name)
          wanted[n_wanted++] = op->params[i].name;
      for (int w = 0; w < n_wanted; w++) {
        bool found = false;
        for (int i = 0; i < sig.n; i++)
          found |= gen_same(sig.names[i], wanted[w]);
        if (!found)
          gen_diag(op->file, im->kernel_name_pos, "kernel '%s' in %s has no parameter '%s' to bind", im->kernel_name,
                   display, wanted[w]);
      }
    }
    gen_kernel_sig_free(&sig);
  }
  free(source);
  free(path);
  free(display);
}

static void check_impl(gen_model *m, gen_op *op)
{
  gen_impl *im = &op->impl;
  if (op->n_inputs == 0 && op->inputs_listed && (im->kind == GEN_IMPL_FAMILY || im->kind == GEN_IMPL_COMPOSITE)) {
    gen_diag(op->file, im->pos, "an op without inputs needs impl: c or kernel, not a %s",
             im->kind == GEN_IMPL_FAMILY ? "family" : "composite");
    return;
  }
  switch (im->kind) {
  case GEN_IMPL_KERNEL: check_kernel(m, op); break;
  case GEN_IMPL_FAMILY: gen_check_family(op); break;
  case GEN_IMPL_C:
    if (im->c_name && !gen_is_identifier(im->c_name))
      gen_diag(op->file, im->value_pos, "impl c name '%s' is not an identifier", im->c_name);
    for (int k = 0; k < im->n_kernels; k++) {
      char *path = gen_printf("%s/%s.cl", m->kernels_dir, im->kernels[k]);
      char *source = gen_is_identifier(im->kernels[k]) ? gen_read_file(path, NULL) : NULL;
      if (!source)
        gen_diag(op->file, im->kernel_pos[k], "kernel file %s/%s.cl does not exist", m->kernels_display,
                 im->kernels[k]);
      for (int j = 0; j < k; j++)
        if (gen_same(im->kernels[j], im->kernels[k]))
          gen_diag(op->file, im->kernel_pos[k], "kernel file '%s' is listed twice", im->kernels[k]);
      free(source);
      free(path);
    }
    for (int i = 0; m->ops + i < op && im->c_name; i++) {
      gen_op *other = &m->ops[i];
      if (other->impl.kind == GEN_IMPL_C && other->impl.c_name && gen_same(other->impl.c_name, im->c_name))
        gen_diag(op->file, im->value_pos, "impl c '%s' is also the impl of op '%s' (%s); each op needs its own",
                 im->c_name, other->name, other->file);
    }
    break;
  default: break;
  }
  /* optional: NULL is a value only an impl c can give a meaning */
  for (int i = 0; i < op->n_inputs; i++) {
    const gen_input *in = &op->inputs[i];
    if (in->optional && im->kind != GEN_IMPL_C && im->kind != GEN_IMPL_NONE)
      gen_diag(op->file, in->optional_pos, "optional input '%s' needs impl c, which gives NULL a meaning", in->name);
    else if (in->optional && (in->written || (op->output.parsed && op->output.kind == GEN_OUT_INPLACE)))
      gen_diag(op->file, in->optional_pos, "optional input '%s' cannot be written or on an inplace op", in->name);
  }
  /* written: an image the op writes besides its output (a flag): a kernel or impl c writes it */
  for (int i = 0; i < op->n_inputs; i++) {
    const gen_input *in = &op->inputs[i];
    if (!in->written)
      continue;
    if (im->kind != GEN_IMPL_KERNEL && im->kind != GEN_IMPL_C && im->kind != GEN_IMPL_NONE)
      gen_diag(op->file, in->written_pos, "written input '%s' needs impl kernel or c, which writes it", in->name);
    if (op->output.parsed && op->output.kind == GEN_OUT_INPLACE && op->output.of_index == i)
      gen_diag(op->file, in->written_pos, "input '%s' is the inplace output already; leave written out", in->name);
  }
  /* float_list: an impl c gets the numbers and their count */
  for (int i = 0; i < op->n_params; i++)
    if (op->params[i].type_ok && op->params[i].type == GEN_T_FLOAT_LIST && im->kind != GEN_IMPL_C &&
        im->kind != GEN_IMPL_NONE)
      gen_diag(op->file, op->params[i].type_pos, "float_list param '%s' needs impl c, which takes the numbers",
               op->params[i].name);
}

/* ---- composites ---------------------------------------------------------------- */

static char *names_list_of(const gen_op *callee)
{
  gen_buf b = {0};
  gen_buf_puts(&b, "");
  for (int i = 0; i < callee->n_inputs; i++)
    if (callee->inputs[i].name)
      gen_buf_printf(&b, "%s%s", b.len ? ", " : "", callee->inputs[i].name);
  if (callee->output.kind == GEN_OUT_ARRAY && callee->output.name)
    gen_buf_printf(&b, "%s%s", b.len ? ", " : "", callee->output.name);
  for (int i = 0; i < callee->n_params; i++)
    if (callee->params[i].name)
      gen_buf_printf(&b, "%s%s", b.len ? ", " : "", callee->params[i].name);
  return b.data;
}

/* Index of the earlier step whose 'as' is name, or -1. */
static int find_temp(const gen_op *op, int before, const char *name)
{
  for (int i = 0; i < before; i++)
    if (op->impl.steps[i].as && gen_same(op->impl.steps[i].as, name))
      return i;
  return -1;
}

static bool callee_ok(const gen_op *callee)
{
  return callee && callee->output.parsed;
}

/* An image argument: the op's input, an earlier array result, or the op's output. */
static void resolve_image_arg(gen_op *op, int s, gen_arg *a, bool is_output_arg)
{
  gen_step *st = &op->impl.steps[s];
  const char *v = a->value.present && a->value.type == GEN_T_STRING ? a->value.text : NULL;
  int t = v ? find_temp(op, s, v) : -1;
  bool is_dst = v && op->output.kind == GEN_OUT_ARRAY && op->output.name && gen_same(v, op->output.name);
  if (v && !is_output_arg && (a->index = gen_find_input(op, v)) >= 0) {
    a->kind = GEN_ARG_INPUT;
  } else if (t >= 0) {
    a->kind = GEN_ARG_TEMP; /* counts as a use even when it is the wrong kind */
    a->index = t;
    if (callee_ok(op->impl.steps[t].callee) && op->impl.steps[t].callee->output.kind == GEN_OUT_SCALAR)
      gen_diag(op->file, a->value.pos, "argument '%s' of step '%s' needs an image; '%s' is a number", a->name, st->op,
               v);
  } else if (is_dst) {
    a->kind = GEN_ARG_DST;
  } else {
    char *r = gen_value_repr(&a->value);
    gen_diag(op->file, a->value.pos,
             "argument '%s' of step '%s' must name %san earlier step's 'as' or the output, got %s", a->name, st->op,
             is_output_arg ? "" : "an input, ", r);
    free(r);
  }
}

static void resolve_param_arg(gen_op *op, int s, gen_arg *a, const gen_param *cp)
{
  gen_step *st = &op->impl.steps[s];
  const char *v = a->value.present && a->value.type == GEN_T_STRING ? a->value.text : NULL;
  int pi = v ? gen_find_param(op, v) : -1;
  int t = v ? find_temp(op, s, v) : -1;
  if (pi >= 0 && op->params[pi].type_ok) {
    const gen_param *mine = &op->params[pi];
    bool ok = mine->type == cp->type || (cp->type == GEN_T_FLOAT && mine->type == GEN_T_INT);
    if (!ok)
      gen_diag(op->file, a->value.pos, "argument '%s' of step '%s' is %s; param '%s' is %s", a->name, st->op,
               gen_type_name(cp->type), v, gen_type_name(mine->type));
    for (int c = 0; ok && c < mine->n_choices; c++)
      if (!in_choices(cp, mine->choices[c]))
        gen_diag(op->file, a->value.pos, "choice '%s' of param '%s' is not a choice of '%s' of op '%s'",
                 mine->choices[c], v, a->name, st->op);
    a->kind = GEN_ARG_PARAM;
    a->index = pi;
  } else if (t >= 0) {
    if (!callee_ok(op->impl.steps[t].callee) || op->impl.steps[t].callee->output.kind != GEN_OUT_SCALAR)
      gen_diag(op->file, a->value.pos, "argument '%s' of step '%s' needs a value; '%s' is an image", a->name, st->op,
               v);
    else if (cp->type != GEN_T_FLOAT)
      gen_diag(op->file, a->value.pos, "argument '%s' of step '%s' is %s; a scalar result can only feed a float param",
               a->name, st->op, gen_type_name(cp->type));
    a->kind = GEN_ARG_TEMP;
    a->index = t;
  } else {
    char *what = gen_printf("argument '%s' of step '%s'", a->name, st->op);
    char *whose = gen_printf("param '%s' of step '%s'", a->name, st->op);
    a->kind = GEN_ARG_LITERAL;
    if (coerce(op, &a->value, cp->type, what))
      check_value_fits(op, cp, &a->value, "value", whose);
    free(whose);
    free(what);
  }
}

static void check_step(gen_model *m, gen_op *op, int s)
{
  gen_step *st = &op->impl.steps[s];
  bool last = s == op->impl.n_steps - 1;
  if (st->as) {
    if (last)
      gen_diag(op->file, st->as_pos, "the last step writes the op's output; remove its 'as'");
    else if (check_name(op, st->as, st->as_pos, "step result")) {
      if (gen_find_input(op, st->as) >= 0 || gen_find_param(op, st->as) >= 0 ||
          (op->output.name && gen_same(op->output.name, st->as)))
        gen_diag(op->file, st->as_pos, "step result '%s' has the name of an input, a param or the output", st->as);
      if (find_temp(op, s, st->as) >= 0)
        gen_diag(op->file, st->as_pos, "step result '%s' is already the result of an earlier step", st->as);
    }
  }
  if (!st->op)
    return;
  st->callee = gen_find_op(m, st->op);
  if (!st->callee) {
    const gen_op *target = NULL;
    for (int i = 0; i < m->n_ops && !target; i++)
      for (int a = 0; a < m->ops[i].n_aliases; a++)
        if (gen_same(m->ops[i].aliases[a].name, st->op))
          target = &m->ops[i];
    if (target)
      gen_diag(op->file, st->op_pos, "composite step calls '%s', an alias of '%s'; call '%s'", st->op, target->name,
               target->name);
    else
      gen_diag(op->file, st->op_pos, "composite step calls unknown op '%s'", st->op);
    return;
  }
  gen_op *callee = st->callee;
  if (callee == op)
    return; /* reported as a cycle */
  if (op->has_tier && callee->has_tier && callee->tier >= op->tier)
    gen_diag(op->file, st->op_pos, "composite step calls '%s' of tier %d; a tier-%d op may only call lower tiers",
             st->op, callee->tier, op->tier);
  if (!callee_ok(callee))
    return;
  if (callee->output.kind == GEN_OUT_MULTI)
    gen_diag(op->file, st->op_pos, "composite step calls '%s', which gives several images; use impl c", st->op);
  if (callee->output.parsed && callee->output.kind == GEN_OUT_TABLE)
    gen_diag(op->file, st->op_pos, "composite step calls '%s', which gives a table, not an image or a number", st->op);
  if (callee->n_inputs == 0 && callee->inputs_listed)
    gen_diag(op->file, st->op_pos, "composite step calls '%s', an op without inputs (it takes a device); use impl c",
             st->op);
  for (int i = 0; i < callee->n_inputs; i++)
    if (callee->inputs[i].written)
      gen_diag(op->file, st->op_pos, "composite step calls '%s', which writes its input '%s'; use impl c", st->op,
               callee->inputs[i].name);
  for (int i = 0; i < callee->n_params; i++)
    if (callee->params[i].type_ok && callee->params[i].type == GEN_T_FLOAT_LIST)
      gen_diag(op->file, st->op_pos, "composite step calls '%s', which takes the float_list param '%s'; use impl c",
               st->op, callee->params[i].name);
  if (last && op->output.parsed) {
    if (op->output.kind == GEN_OUT_ARRAY && callee->output.kind != GEN_OUT_ARRAY &&
        callee->output.kind != GEN_OUT_MULTI) /* several outputs: reported above */
      gen_diag(op->file, st->op_pos, "the last step must write the output image; '%s' gives %s", st->op,
               callee->output.kind == GEN_OUT_SCALAR  ? "a scalar"
               : callee->output.kind == GEN_OUT_TABLE ? "a table"
                                                      : "no new image (inplace)");
    if (op->output.kind == GEN_OUT_SCALAR && callee->output.kind != GEN_OUT_SCALAR)
      gen_diag(op->file, st->op_pos, "the last step of a scalar op must give a scalar; '%s' gives an image", st->op);
  }
  for (int i = 0; i < st->n_args; i++) {
    gen_arg *a = &st->args[i];
    int ci = gen_find_input(callee, a->name);
    int cpi = gen_find_param(callee, a->name);
    bool is_out = callee->output.kind == GEN_OUT_ARRAY && callee->output.name && gen_same(callee->output.name, a->name);
    if (ci >= 0)
      resolve_image_arg(op, s, a, false);
    else if (is_out) {
      resolve_image_arg(op, s, a, true);
      if (last && a->kind == GEN_ARG_TEMP)
        gen_diag(op->file, a->value.pos, "the last step writes the op's output; '%s' must be '%s' or left out", a->name,
                 op->output.name);
    } else if (cpi >= 0) {
      if (callee->params[cpi].type_ok)
        resolve_param_arg(op, s, a, &callee->params[cpi]);
    } else {
      char *list = names_list_of(callee);
      gen_diag(op->file, a->pos, "op '%s' has no argument '%s'; valid: %s", st->op, a->name, list);
      free(list);
    }
  }
  for (int i = 0; i < callee->n_inputs; i++) {
    if (!callee->inputs[i].name)
      continue; /* reported in the callee's file */
    bool given = false;
    for (int a = 0; a < st->n_args; a++)
      given |= gen_same(st->args[a].name, callee->inputs[i].name);
    if (!given)
      gen_diag(op->file, st->pos, "step '%s' does not give input '%s'", st->op, callee->inputs[i].name);
  }
  for (int i = 0; i < callee->n_params; i++) {
    if (!callee->params[i].name)
      continue; /* reported in the callee's file */
    bool given = false;
    for (int a = 0; a < st->n_args; a++)
      given |= gen_same(st->args[a].name, callee->params[i].name);
    if (!given && !callee->params[i].def.present)
      gen_diag(op->file, st->pos, "step '%s' does not give param '%s', which has no default", st->op,
               callee->params[i].name);
  }
}

/* Depth-first search for a path of composite calls from 'from' back to 'target'. */
static bool reaches(gen_model *m, const gen_op *from, const gen_op *target, char *visited, gen_buf *path)
{
  int idx = (int)(from - m->ops);
  if (visited[idx])
    return false;
  visited[idx] = 1;
  if (from->impl.kind != GEN_IMPL_COMPOSITE)
    return false;
  for (int s = 0; s < from->impl.n_steps; s++) {
    const gen_op *next = from->impl.steps[s].op ? gen_find_op(m, from->impl.steps[s].op) : NULL;
    if (!next)
      continue;
    if (next == target || reaches(m, next, target, visited, path)) {
      /* Prepend from the innermost call outwards. */
      char *tail = path->data ? gen_strdup(path->data) : gen_strdup("");
      path->len = 0;
      gen_buf_printf(path, " -> %s%s", next->name, tail);
      free(tail);
      return true;
    }
  }
  return false;
}

static void check_composite(gen_model *m, gen_op *op)
{
  gen_impl *im = &op->impl;
  if (im->kind != GEN_IMPL_COMPOSITE)
    return;
  if (op->output.parsed && op->output.kind == GEN_OUT_INPLACE)
    gen_diag(op->file, im->pos, "a composite op cannot have an inplace output; use impl c");
  for (int s = 0; s < im->n_steps; s++)
    check_step(m, op, s);
  /* Cycles: does any callee lead back here? */
  for (int s = 0; s < im->n_steps; s++) {
    gen_op *callee = im->steps[s].callee;
    if (!callee)
      continue;
    char *visited = gen_alloc((size_t)m->n_ops);
    gen_buf path = {0};
    if (callee == op || reaches(m, callee, op, visited, &path))
      gen_diag(op->file, im->steps[s].op_pos, "composite steps form a cycle: %s -> %s%s", op->name, callee->name,
               callee == op ? "" : path.data);
    gen_buf_free(&path);
    free(visited);
  }
  /* Results are released after their last use; one never used is a mistake. */
  for (int s = 0; s < im->n_steps; s++) {
    gen_step *st = &im->steps[s];
    st->last_use = -1;
    for (int u = s + 1; u < im->n_steps; u++)
      for (int a = 0; a < im->steps[u].n_args; a++)
        if (im->steps[u].args[a].kind == GEN_ARG_TEMP && im->steps[u].args[a].index == s)
          st->last_use = u;
    if (st->as && s < im->n_steps - 1 && st->last_use < 0)
      gen_diag(op->file, st->as_pos, "step result '%s' is never used", st->as);
  }
}

/* ---- aliases and upstream ------------------------------------------------------------ */

static void check_aliases(gen_model *m, gen_op *op)
{
  for (int a = 0; a < op->n_aliases; a++) {
    gen_op_alias *al = &op->aliases[a];
    if (!check_name(op, al->name, al->pos, "alias"))
      continue;
    if (gen_is_runtime_name(al->name))
      gen_diag(op->file, al->pos, "alias '%s' collides with the runtime function cle_%s", al->name, al->name);
    gen_op *other = gen_find_op(m, al->name);
    if (other)
      gen_diag(op->file, al->pos, "alias '%s' is the name of an op (%s)", al->name, other->file);
    for (int i = 0; i < m->n_ops; i++) {
      gen_op *o = &m->ops[i];
      for (int b = 0; b < o->n_aliases && o <= op; b++) {
        if (o == op && b >= a)
          break;
        if (gen_same(o->aliases[b].name, al->name))
          gen_diag(op->file, al->pos, "alias '%s' is also an alias of op '%s' (%s:%d)", al->name, o->name, o->file,
                   o->aliases[b].pos.line);
      }
    }
  }
  if (op->upstream_name && !is_dotted_identifier(op->upstream_name))
    gen_diag(op->file, op->upstream_pos, "upstream name '%s' is not an identifier (or module.identifier)",
             op->upstream_name);
  for (int d = 0; d < op->n_signature_differences; d++) {
    gen_signature_difference *sd = &op->signature_differences[d];
    if (!gen_is_identifier(sd->param))
      gen_diag(op->file, sd->pos, "upstream signature names '%s', which is not a parameter name", sd->param);
    char *what = gen_printf("why parameter '%s' differs from pyclesperanto's", sd->param);
    check_text(op, sd->why, sd->pos, what);
    free(what);
  }
  for (int t = 0; t < op->n_tests; t++)
    if (op->upstream_absent && op->tests[t].upstream_pos.line)
      gen_diag(op->file, op->tests[t].upstream_pos,
               "test '%s' compares with pyclesperanto, but the op says upstream: none",
               op->tests[t].tag ? op->tests[t].tag : "?");
}

/* Every kernels/NAME.cl is run by some op (its family, its kernel, or listed
 * by an impl c), except the preamble every program starts with. */
static void check_kernel_files_used(gen_model *m)
{
  DIR *d = opendir(m->kernels_dir);
  if (!d)
    return;
  char **files = NULL;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name);
    if (e->d_name[0] != '.' && len > 3 && gen_same(e->d_name + len - 3, ".cl"))
      *(char **)gen_push(&files, &n, sizeof(char *)) = gen_strndup(e->d_name, len - 3);
  }
  closedir(d);
  if (n)
    qsort(files, (size_t)n, sizeof *files, gen_strcmp_ptr);
  for (int f = 0; f < n; f++) {
    bool used = gen_same(files[f], "preamble");
    for (int i = 0; !used && i < m->n_ops; i++) {
      const gen_impl *im = &m->ops[i].impl;
      used = (im->kind == GEN_IMPL_KERNEL && im->kernel_file && gen_same(im->kernel_file, files[f])) ||
             (im->kind == GEN_IMPL_FAMILY && gen_family_kernel(im->family) &&
              gen_same(gen_family_kernel(im->family), files[f]));
      for (int k = 0; !used && k < im->n_kernels; k++)
        used = gen_same(im->kernels[k], files[f]);
    }
    if (!used && m->n_ops) {
      char *display = gen_printf("%s/%s.cl", m->kernels_display, files[f]);
      gen_diag(display, (gen_pos){0, 0},
               "no op runs this kernel file: name it in an op's impl (kernel, family, or c "
               "with kernels: [...]) or remove it");
      free(display);
    }
    free(files[f]);
  }
  free(files);
}

/* ---- tests ------------------------------------------------------------------------- */

static void check_tests(gen_op *op)
{
  static const char *const fills[] = {"random", "binary", "sparse",      "zeros", "special",
                                      "blobs",  "labels", "coordinates", NULL};
  if (op->n_tests && op->n_inputs > 4)
    gen_diag(op->file, op->tests_pos, "spec tests support ops with at most 4 inputs, this one has %d", op->n_inputs);
  if (op->n_tests && op->n_params > 16)
    gen_diag(op->file, op->tests_pos, "spec tests support ops with at most 16 params, this one has %d", op->n_params);
  for (int t = 0; t < op->n_tests; t++) {
    gen_test *test = &op->tests[t];
    if (!test->tag)
      continue;
    if (!gen_is_identifier(test->tag))
      gen_diag(op->file, test->tag_pos, "test tag '%s' must be a word (letters, digits, underscores)", test->tag);
    for (int u = 0; u < t; u++)
      if (op->tests[u].tag && gen_same(op->tests[u].tag, test->tag))
        gen_diag(op->file, test->tag_pos, "duplicate test tag '%s' (first at line %d)", test->tag,
                 op->tests[u].tag_pos.line);
    for (int i = 0; i < test->n_inputs; i++) {
      gen_test_input *ti = &test->inputs[i];
      int idx = gen_find_input(op, ti->name);
      for (int j = 0; j < i; j++)
        if (gen_same(test->inputs[j].name, ti->name))
          gen_diag(op->file, ti->pos, "test '%s' gives input '%s' twice", test->tag, ti->name);
      if (idx < 0) {
        gen_diag(op->file, ti->pos, "test '%s' names unknown input '%s'", test->tag, ti->name);
        continue;
      }
      if (ti->dtype >= 0 && !(op->inputs[idx].dtypes & (1u << ti->dtype))) {
        char *list = gen_dtype_list(op->inputs[idx].dtypes);
        gen_diag(op->file, ti->dtype_pos, "test '%s' gives input '%s' dtype %s, which the input does not accept (%s)",
                 test->tag, ti->name, gen_dtype_name(ti->dtype), list);
        free(list);
      }
      bool fill_ok = false;
      for (const char *const *f = fills; *f; f++)
        fill_ok |= ti->fill && gen_same(*f, ti->fill);
      if (ti->fill && !fill_ok)
        gen_diag(op->file, ti->fill_pos,
                 "unknown fill '%s' of test '%s'; valid: random, binary, sparse, zeros, special, blobs, labels, "
                 "coordinates",
                 ti->fill, test->tag);
    }
    if (test->inputs_pos.line)
      for (int i = 0; i < op->n_inputs; i++) {
        bool given = false;
        for (int j = 0; j < test->n_inputs; j++)
          given |= op->inputs[i].name && gen_same(test->inputs[j].name, op->inputs[i].name);
        if (!given && op->inputs[i].name)
          gen_diag(op->file, test->inputs_pos, "test '%s' does not give input '%s'", test->tag, op->inputs[i].name);
      }
    for (int i = 0; i < test->n_params; i++) {
      gen_test_param *tp = &test->params[i];
      int idx = gen_find_param(op, tp->name);
      for (int j = 0; j < i; j++)
        if (gen_same(test->params[j].name, tp->name))
          gen_diag(op->file, tp->pos, "test '%s' gives param '%s' twice", test->tag, tp->name);
      if (idx < 0) {
        gen_diag(op->file, tp->pos, "test '%s' names unknown param '%s'", test->tag, tp->name);
        continue;
      }
      gen_param *p = &op->params[idx];
      if (!p->type_ok)
        continue;
      char *what = gen_printf("value of param '%s' in test '%s'", tp->name, test->tag);
      char *whose = gen_printf("param '%s' in test '%s'", tp->name, test->tag);
      if (coerce(op, &tp->value, p->type, what))
        check_value_fits(op, p, &tp->value, "value", whose);
      free(whose);
      free(what);
    }
    for (int i = 0; i < op->n_params; i++) {
      bool given = false;
      for (int j = 0; j < test->n_params; j++)
        given |= op->params[i].name && gen_same(test->params[j].name, op->params[i].name);
      if (!given && op->params[i].name && !op->params[i].def.present)
        gen_diag(op->file, test->pos, "test '%s' does not give param '%s', which has no default", test->tag,
                 op->params[i].name);
    }
  }
}

/* ---- whole model ----------------------------------------------------------------------- */

static int op_cmp(const void *pa, const void *pb)
{
  const gen_op *a = pa, *b = pb;
  int c = strcmp(a->name, b->name);
  return c ? c : strcmp(a->file, b->file);
}

void gen_validate(gen_model *m)
{
  for (int i = 0; i < m->n_ops; i++) {
    gen_op *op = &m->ops[i];
    if (!op->parsed)
      continue;
    check_header(m, op);
    check_inputs(op);
    check_output(op);
    check_params(op);
    check_footprint(op);
    check_impl(m, op);
    check_tests(op);
  }
  for (int i = 0; i < m->n_ops; i++)
    if (m->ops[i].parsed)
      check_aliases(m, &m->ops[i]);
  check_kernel_files_used(m);
  for (int i = 0; i < m->n_ops; i++)
    for (int j = 0; j < i; j++)
      if (m->ops[i].parsed && m->ops[j].parsed && gen_same(m->ops[i].name, m->ops[j].name)) {
        gen_diag(m->ops[i].file, m->ops[i].name_pos, "duplicate op '%s' (also in %s:%d:%d)", m->ops[i].name,
                 m->ops[j].file, m->ops[j].name_pos.line, m->ops[j].name_pos.col);
        break;
      }
  /* Composites look at other ops' outputs and params, so they come last. */
  for (int i = 0; i < m->n_ops; i++)
    if (m->ops[i].parsed)
      check_composite(m, &m->ops[i]);
  if (m->n_ops > 1) {
    /* Sorting moves ops: resolve callees again afterwards. */
    qsort(m->ops, (size_t)m->n_ops, sizeof *m->ops, op_cmp);
    for (int i = 0; i < m->n_ops; i++)
      for (int s = 0; s < m->ops[i].impl.n_steps; s++)
        if (m->ops[i].impl.steps[s].op)
          m->ops[i].impl.steps[s].callee = gen_find_op(m, m->ops[i].impl.steps[s].op);
  }
  gen_check_operators(m); /* operator.c; compares ops, so after sorting */
}

/* ---- freeing ------------------------------------------------------------------------------- */

static void free_output(gen_output *out)
{
  free(out->name);
  free(out->creator_text);
  free(out->of);
  free(out->length_param);
  free(out->keep_dims);
  free(out->dtype_if);
  free(out->doc);
  for (int i = 0; i < 3; i++)
    free(out->size[i]);
}

static void free_op(gen_op *op)
{
  free(op->file);
  free(op->file_stem);
  free(op->name);
  for (int i = 0; i < op->n_categories; i++)
    free(op->categories[i]);
  free(op->categories);
  free(op->category_pos);
  free(op->brief);
  free(op->description);
  for (int i = 0; i < op->n_inputs; i++) {
    free(op->inputs[i].name);
    free(op->inputs[i].doc);
    free(op->inputs[i].dtypes_text);
  }
  free(op->inputs);
  free_output(&op->output);
  for (int k = 0; k < op->n_outputs; k++)
    free_output(&op->outputs[k]);
  free(op->outputs);
  for (int k = 0; k < op->n_output_order; k++)
    free(op->output_order_names[k]);
  free(op->output_order_names);
  free(op->output_order);
  for (int i = 0; i < op->n_params; i++) {
    gen_param *p = &op->params[i];
    free(p->name);
    free(p->doc);
    gen_value_free(&p->def);
    gen_value_free(&p->min);
    gen_value_free(&p->max);
    for (int c = 0; c < p->n_choices; c++)
      free(p->choices[c]);
    free(p->choices);
    for (int a = 0; a < p->n_choice_aliases; a++) {
      free(p->choice_aliases[a].alias);
      free(p->choice_aliases[a].target);
    }
    free(p->choice_aliases);
    free(p->lengths);
    for (int a = 0; a < p->n_aliases; a++)
      free(p->aliases[a]);
    free(p->aliases);
  }
  free(op->params);
  for (int a = 0; a < op->n_aliases; a++)
    free(op->aliases[a].name);
  free(op->aliases);
  for (int k = 0; k < op->n_operators; k++) {
    free(op->operators[k].text);
    for (int i = 0; i < op->operators[k].n_args; i++)
      free(op->operators[k].args[i]);
  }
  free(op->operators);
  free(op->upstream_name);
  for (int d = 0; d < op->n_signature_differences; d++) {
    free(op->signature_differences[d].param);
    free(op->signature_differences[d].why);
  }
  free(op->signature_differences);
  for (int i = 0; i < 3; i++)
    free(op->footprint[i]);
  gen_impl *im = &op->impl;
  free(im->kernel_file);
  free(im->kernel_name);
  free(im->c_name);
  free(im->family_name);
  for (int k = 0; k < im->n_kernels; k++)
    free(im->kernels[k]);
  free(im->kernels);
  free(im->kernel_pos);
  for (int f = 0; f < im->n_fields; f++) {
    free(im->fields[f].key);
    free(im->fields[f].text);
  }
  free(im->fields);
  free(im->rule);
  free(im->where);
  free(im->finish);
  for (int s = 0; s < im->n_steps; s++) {
    gen_step *st = &im->steps[s];
    free(st->op);
    free(st->as);
    for (int a = 0; a < st->n_args; a++) {
      free(st->args[a].name);
      gen_value_free(&st->args[a].value);
    }
    free(st->args);
  }
  free(im->steps);
  for (int t = 0; t < op->n_tests; t++) {
    gen_test *test = &op->tests[t];
    free(test->tag);
    for (int i = 0; i < test->n_inputs; i++) {
      free(test->inputs[i].name);
      free(test->inputs[i].fill);
    }
    free(test->inputs);
    for (int i = 0; i < test->n_params; i++) {
      free(test->params[i].name);
      gen_value_free(&test->params[i].value);
    }
    free(test->params);
    free(test->upstream_differs);
    free(test->upstream_why);
  }
  free(op->tests);
}

void gen_model_free(gen_model *m)
{
  for (int i = 0; i < m->n_ops; i++)
    free_op(&m->ops[i]);
  free(m->ops);
  free(m->spec_display);
  free(m->kernels_dir);
  free(m->kernels_display);
  memset(m, 0, sizeof *m);
}
