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
} fp_state;

static const char *const functions[] = {"ceil", "floor", "round", "abs", "min", "max", "sqrt", NULL};

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
      gen_diag(st->op->file, at, "footprint '%.*s...' (%zu characters): %s", FP_QUOTE_MAX - 3, st->s, len, msg);
    else
      gen_diag(st->op->file, at, "footprint '%s': %s", st->s, msg);
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
    expr(st);
    leave(st);
    skip_space(st);
    if (*st->p != ')')
      fail(st, gen_strdup("expected ')'"));
    else
      st->p++;
  } else if (isdigit((unsigned char)*st->p) || *st->p == '.') {
    char *end;
    strtod(st->p, &end);
    if (end == st->p)
      fail(st, gen_strdup("malformed number"));
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
        fail(st, gen_printf("unknown function '%s'; known: ceil, floor, round, abs, min, max, sqrt", name));
      } else if (enter(st)) {
        st->p++;
        expr(st);
        skip_space(st);
        while (!st->failed && *st->p == ',') {
          st->p++;
          expr(st);
          skip_space(st);
        }
        leave(st);
        if (*st->p != ')')
          fail(st, gen_strdup("expected ')'"));
        else
          st->p++;
      }
    } else {
      int idx = gen_find_param(st->op, name);
      if (idx < 0 || st->op->params[idx].type == GEN_T_STRING) {
        gen_buf list = {0};
        gen_buf_puts(&list, "");
        for (int i = 0; i < st->op->n_params; i++)
          if (st->op->params[i].type != GEN_T_STRING && st->op->params[i].name)
            gen_buf_printf(&list, "%s%s", list.len ? ", " : "", st->op->params[i].name);
        st->p = start;
        fail(st, gen_printf("unknown name '%s'; numeric params: %s", name, list.len ? list.data : "none"));
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
    st->p++;
    term(st);
    skip_space(st);
  }
}

bool gen_check_footprint(const gen_op *op, const char *s, gen_pos pos)
{
  fp_state st = {op, s, s, pos, false, 0};
  expr(&st);
  skip_space(&st);
  if (!st.failed && *st.p)
    fail(&st, gen_printf("unexpected '%.1s'", st.p));
  return !st.failed;
}
