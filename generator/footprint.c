/* cle-gen — footprint expression checker (recursive descent, see footprint.h). */
#include "footprint.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

/* Nesting (parentheses, function calls, signs) beyond this is refused: the
 * parser recurses once per level, and real footprints nest two or three. */
#define FP_MAX_DEPTH 64
/* Longer expressions are quoted shortened in messages. */
#define FP_QUOTE_MAX 80

typedef struct fp_state {
  const gen_op *op;
  const char *s, *p;
  gen_pos pos;
  bool failed;
  int depth;
  const char *what; /* "footprint" or "output size" in messages */
  bool input_sizes; /* IN.width, IN.height, IN.depth allowed (creator size()) */
  gen_buf *c;       /* when set, the expression as C (double arithmetic) is appended */
  bool c_reference; /* input sizes as ref_image fields instead of cle_array accessors */
  bool *max_label;  /* when set, max_label[i] = true for each input i whose IN.max_label is read */
} fp_state;

static void emit(fp_state *st, const char *text)
{
  if (st->c && !st->failed)
    gen_buf_puts(st->c, text);
}

/* sind and cosd take degrees (the transforms' angles); min and max take two arguments, slice(n, start, stop,
 * step) four (the length of Python's slice over n items, an optional int param's None as CLE_NONE: range's
 * creator), the rest one. */
static const char *const functions[] = {"ceil", "floor", "round", "abs",   "min", "max",
                                        "sqrt", "sind",  "cosd",  "slice", NULL};

static void skip_space(fp_state *st)
{
  while (isspace((unsigned char)*st->p))
    st->p++;
}

/* Report msg (taken) at the current position. */
static void fail(fp_state *st, char *msg)
{
  if (!st->failed) { /* one problem per expression: the rest would be noise */
    st->failed = true;
    gen_pos at = {st->pos.line, st->pos.col + (int)(st->p - st->s)};
    size_t len = strlen(st->s);
    if (len > FP_QUOTE_MAX)
      gen_diag(st->op->file, at, "%s '%.*s...' (%zu characters): %s", st->what, FP_QUOTE_MAX - 3, st->s, len, msg);
    else
      gen_diag(st->op->file, at, "%s '%s': %s", st->what, st->s, msg);
  }
  free(msg);
}

static void expr(fp_state *st);

/* One level deeper; false (reported) beyond FP_MAX_DEPTH. Pair with leave(). */
static bool enter(fp_state *st)
{
  if (++st->depth > FP_MAX_DEPTH) {
    fail(st, gen_printf("nested more than %d levels deep (parentheses, function calls and signs)", FP_MAX_DEPTH));
    return false;
  }
  return true;
}

static void leave(fp_state *st)
{
  st->depth--;
}

static void primary(fp_state *st)
{
  skip_space(st);
  if (st->failed)
    return;
  if (*st->p == '(') {
    if (!enter(st))
      return;
    st->p++;
    emit(st, "(");
    expr(st);
    leave(st);
    skip_space(st);
    if (*st->p != ')')
      fail(st, gen_strdup("expected ')'"));
    else
      st->p++;
    emit(st, ")");
  } else if (isdigit((unsigned char)*st->p) || *st->p == '.') {
    char *end;
    strtod(st->p, &end);
    if (end == st->p)
      fail(st, gen_strdup("malformed number"));
    char *num = gen_printf("((double)%.*s)", (int)(end - st->p), st->p);
    emit(st, num);
    free(num);
    st->p = end;
  } else if (isalpha((unsigned char)*st->p) || *st->p == '_') {
    const char *start = st->p;
    while (isalnum((unsigned char)*st->p) || *st->p == '_')
      st->p++;
    char *name = gen_strndup(start, (size_t)(st->p - start));
    skip_space(st);
    if (*st->p == '(') {
      bool known = false;
      for (const char *const *f = functions; *f; f++)
        known |= !strcmp(*f, name);
      if (!known) {
        st->p = start;
        fail(st, gen_printf("unknown function '%s'; known: ceil, floor, round, abs, min, max, sqrt, sind, cosd, slice",
                            name));
      } else if (enter(st)) {
        st->p++;
        /* C's names for the double versions; sind(a) is sin((a) * pi / 180) */
        const bool degrees = !strcmp(name, "sind") || !strcmp(name, "cosd");
        const char *c_name = !strcmp(name, "abs")     ? "fabs("
                             : !strcmp(name, "min")   ? "fmin("
                             : !strcmp(name, "max")   ? "fmax("
                             : !strcmp(name, "sind")  ? "sin(("
                             : !strcmp(name, "cosd")  ? "cos(("
                             : !strcmp(name, "slice") ? "cle_slice_length("
                                                      : NULL;
        if (c_name)
          emit(st, c_name);
        else {
          emit(st, name);
          emit(st, "(");
        }
        int n_args = 1;
        expr(st);
        skip_space(st);
        while (!st->failed && *st->p == ',') {
          st->p++;
          n_args++;
          emit(st, ", ");
          expr(st);
          skip_space(st);
        }
        leave(st);
        const int want = !strcmp(name, "min") || !strcmp(name, "max") ? 2 : !strcmp(name, "slice") ? 4 : 1;
        if (*st->p != ')')
          fail(st, gen_strdup("expected ')'"));
        else if (n_args != want) {
          st->p = start;
          fail(st, gen_printf("%s takes %d argument%s, got %d", name, want, want > 1 ? "s" : "", n_args));
        } else
          st->p++;
        emit(st, degrees ? ") * 0.017453292519943295)" : ")");
      }
    } else if (st->input_sizes && *st->p == '.') {
      /* IN.width, IN.height, IN.depth, IN.max_label */
      st->p++;
      const char *field = st->p;
      while (isalnum((unsigned char)*st->p) || *st->p == '_')
        st->p++;
      char *f = gen_strndup(field, (size_t)(st->p - field));
      if (gen_find_input(st->op, name) < 0) {
        st->p = start;
        fail(st, gen_printf("'%s' is not an input of the op", name));
      } else if (!strcmp(f, "max_label")) {
        /* the largest label of IN, read once before the sizes (cle_max_label_IN) */
        if (st->max_label)
          st->max_label[gen_find_input(st->op, name)] = true;
        char *c = st->c_reference ? gen_printf("ref_max_label(%s)", name) : gen_printf("cle_max_label_%s", name);
        emit(st, c);
        free(c);
      } else if (strcmp(f, "width") && strcmp(f, "height") && strcmp(f, "depth")) {
        st->p = field;
        fail(st, gen_printf("unknown size '%s' of %s; known: width, height, depth, max_label", f, name));
      } else {
        char *c = st->c_reference ? gen_printf("((double)%s->%s)", name, f)
                                  : gen_printf("((double)cle_array_%s(%s))", f, name);
        emit(st, c);
        free(c);
      }
      free(f);
    } else {
      int idx = gen_find_param(st->op, name);
      char *c = gen_printf("((double)%s)", name);
      emit(st, c);
      free(c);
      if (idx < 0 || st->op->params[idx].type == GEN_T_STRING) {
        gen_buf list = {0};
        gen_buf_puts(&list, "");
        for (int i = 0; i < st->op->n_params; i++)
          if (st->op->params[i].type != GEN_T_STRING && st->op->params[i].name)
            gen_buf_printf(&list, "%s%s", list.len ? ", " : "", st->op->params[i].name);
        st->p = start;
        fail(st, gen_printf("unknown name '%s'; numeric params: %s%s", name, list.len ? list.data : "none",
                            st->input_sizes ? "; input sizes: IN.width, IN.height, IN.depth, IN.max_label" : ""));
        gen_buf_free(&list);
      }
    }
    free(name);
  } else {
    fail(st, *st->p ? gen_printf("unexpected '%.1s'", st->p) : gen_strdup("the expression ends too early"));
  }
}

static void unary(fp_state *st)
{
  skip_space(st);
  if (*st->p == '-' || *st->p == '+') {
    if (!enter(st))
      return;
    emit(st, *st->p == '-' ? "-" : "+");
    st->p++;
    unary(st);
    leave(st);
  } else {
    primary(st);
  }
}

static void term(fp_state *st)
{
  unary(st);
  skip_space(st);
  while (!st->failed && (*st->p == '*' || *st->p == '/')) {
    emit(st, *st->p == '*' ? " * " : " / ");
    st->p++;
    unary(st);
    skip_space(st);
  }
}

static void expr(fp_state *st)
{
  term(st);
  skip_space(st);
  while (!st->failed && (*st->p == '+' || *st->p == '-')) {
    emit(st, *st->p == '+' ? " + " : " - ");
    st->p++;
    term(st);
    skip_space(st);
  }
}

static bool parse(fp_state *st)
{
  expr(st);
  skip_space(st);
  if (!st->failed && *st->p)
    fail(st, gen_printf("unexpected '%.1s'", st->p));
  return !st->failed;
}

bool gen_check_footprint(const gen_op *op, const char *s, gen_pos pos)
{
  fp_state st = {op, s, s, pos, false, 0, "footprint", false, NULL, false, NULL};
  return parse(&st);
}

bool gen_check_size_expression(const gen_op *op, const char *s, gen_pos pos)
{
  fp_state st = {op, s, s, pos, false, 0, "output size", op->n_inputs > 0, NULL, false, NULL};
  return parse(&st);
}

char *gen_size_expression_c(const gen_op *op, const char *s, bool reference)
{
  gen_buf c = {0};
  gen_buf_puts(&c, "");
  fp_state st = {op, s, s, (gen_pos){0, 0}, false, 0, "output size", true, &c, reference, NULL};
  if (!parse(&st)) {
    gen_buf_free(&c);
    return gen_strdup("NAN");
  }
  return c.data;
}

void gen_size_expression_max_labels(const gen_op *op, const char *s, bool *used)
{
  fp_state st = {op, s, s, (gen_pos){0, 0}, false, 0, "output size", true, NULL, false, used};
  parse(&st);
}
