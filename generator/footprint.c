/* cle-gen — footprint expression checker (recursive descent, see footprint.h). */
#include "footprint.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

typedef struct fp_state {
  const gen_op *op;
  const char *s, *p;
  gen_pos pos;
  bool failed;
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
    gen_diag(st->op->file, at, "footprint '%s': %s", st->s, msg);
  }
  free(msg);
}

static void expr(fp_state *st);

static void primary(fp_state *st)
{
  skip_space(st);
  if (st->failed)
    return;
  if (*st->p == '(') {
    st->p++;
    expr(st);
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
      } else {
        st->p++;
        expr(st);
        skip_space(st);
        while (!st->failed && *st->p == ',') {
          st->p++;
          expr(st);
          skip_space(st);
        }
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
    st->p++;
    unary(st);
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
  fp_state st = {op, s, s, pos, false};
  expr(&st);
  skip_space(&st);
  if (!st.failed && *st.p)
    fail(&st, gen_printf("unexpected '%.1s'", st.p));
  return !st.failed;
}
