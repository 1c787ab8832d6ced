/* cle-gen — the spec's `operator:` field (operator.h). Each entry is numpy's
 * spelling of what the op computes, over the op's own names:
 *
 *   A OP B        OP one of + - * / // % ** < <= > >= == != & | ^
 *   OP A          OP one of - +
 *   FUNC(A[, B])  FUNC a numpy ufunc (sqrt, fmax, logical_and, ...) or abs
 *
 * A and B name the op's inputs (array operands) and at most one of its float
 * or int params (a scalar operand). Every entry is normalised to numpy's ufunc
 * name and its argument order, which is what _ops.py's __operators__ and
 * ops.json carry. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "emit_facade.h"
#include "names.h"
#include "operator.h"
#include "util.h"

typedef struct spelling {
  const char *text, *ufunc;
  int nin;
} spelling;

/* Python's operators and the ufunc numpy runs for each. */
static const spelling binary_symbols[] = {
    {"+", "add", 2},           {"-", "subtract", 2},    {"*", "multiply", 2},       {"/", "divide", 2},
    {"//", "floor_divide", 2}, {"%", "remainder", 2},   {"**", "power", 2},         {"<", "less", 2},
    {"<=", "less_equal", 2},   {">", "greater", 2},     {">=", "greater_equal", 2}, {"==", "equal", 2},
    {"!=", "not_equal", 2},    {"&", "bitwise_and", 2}, {"|", "bitwise_or", 2},     {"^", "bitwise_xor", 2},
};
static const spelling unary_symbols[] = {{"-", "negative", 1}, {"+", "positive", 1}};

/* numpy's ufuncs by the name a call spells (np.abs is np.absolute, np.mod np.remainder, ...). */
static const spelling functions[] = {
    {"abs", "absolute", 1},
    {"absolute", "absolute", 1},
    {"fabs", "fabs", 1},
    {"negative", "negative", 1},
    {"positive", "positive", 1},
    {"sqrt", "sqrt", 1},
    {"cbrt", "cbrt", 1},
    {"square", "square", 1},
    {"reciprocal", "reciprocal", 1},
    {"exp", "exp", 1},
    {"exp2", "exp2", 1},
    {"expm1", "expm1", 1},
    {"log", "log", 1},
    {"log2", "log2", 1},
    {"log10", "log10", 1},
    {"log1p", "log1p", 1},
    {"sin", "sin", 1},
    {"cos", "cos", 1},
    {"tan", "tan", 1},
    {"arcsin", "arcsin", 1},
    {"arccos", "arccos", 1},
    {"arctan", "arctan", 1},
    {"sinh", "sinh", 1},
    {"cosh", "cosh", 1},
    {"tanh", "tanh", 1},
    {"arcsinh", "arcsinh", 1},
    {"arccosh", "arccosh", 1},
    {"arctanh", "arctanh", 1},
    {"floor", "floor", 1},
    {"ceil", "ceil", 1},
    {"trunc", "trunc", 1},
    {"rint", "rint", 1},
    {"sign", "sign", 1},
    {"signbit", "signbit", 1},
    {"logical_not", "logical_not", 1},
    {"isnan", "isnan", 1},
    {"isinf", "isinf", 1},
    {"isfinite", "isfinite", 1},
    {"degrees", "degrees", 1},
    {"radians", "radians", 1},
    {"deg2rad", "deg2rad", 1},
    {"rad2deg", "rad2deg", 1},
    {"invert", "invert", 1},
    {"bitwise_not", "invert", 1},
    {"add", "add", 2},
    {"subtract", "subtract", 2},
    {"multiply", "multiply", 2},
    {"divide", "divide", 2},
    {"true_divide", "divide", 2},
    {"floor_divide", "floor_divide", 2},
    {"remainder", "remainder", 2},
    {"mod", "remainder", 2},
    {"fmod", "fmod", 2},
    {"power", "power", 2},
    {"float_power", "float_power", 2},
    {"maximum", "maximum", 2},
    {"minimum", "minimum", 2},
    {"fmax", "fmax", 2},
    {"fmin", "fmin", 2},
    {"arctan2", "arctan2", 2},
    {"hypot", "hypot", 2},
    {"copysign", "copysign", 2},
    {"logaddexp", "logaddexp", 2},
    {"logaddexp2", "logaddexp2", 2},
    {"heaviside", "heaviside", 2},
    {"logical_and", "logical_and", 2},
    {"logical_or", "logical_or", 2},
    {"logical_xor", "logical_xor", 2},
    {"greater", "greater", 2},
    {"greater_equal", "greater_equal", 2},
    {"less", "less", 2},
    {"less_equal", "less_equal", 2},
    {"equal", "equal", 2},
    {"not_equal", "not_equal", 2},
    {"bitwise_and", "bitwise_and", 2},
    {"bitwise_or", "bitwise_or", 2},
    {"bitwise_xor", "bitwise_xor", 2},
    {"left_shift", "left_shift", 2},
    {"right_shift", "right_shift", 2},
    {"gcd", "gcd", 2},
    {"lcm", "lcm", 2},
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const spelling *lookup(const spelling *table, int n, const char *text)
{
  for (int i = 0; i < n; i++)
    if (!strcmp(table[i].text, text))
      return &table[i];
  return NULL;
}

/* Tokens: identifiers, the operator symbols, '(' ')' ','. At most 8 are needed. */
#define MAX_TOKENS 8
typedef struct token {
  char text[64];
  bool ident;
} token;

/* 0, or -1 with *bad pointing at a character that starts no token. */
static int tokenize(const char *s, token *toks, int *n, const char **bad)
{
  static const char *const two[] = {"**", "//", "<=", ">=", "==", "!="};
  *n = 0;
  while (*s) {
    if (isspace((unsigned char)*s)) {
      s++;
      continue;
    }
    if (*n == MAX_TOKENS) {
      *bad = s;
      return -1;
    }
    token *t = &toks[(*n)++];
    size_t len = 0;
    t->ident = isalpha((unsigned char)*s) || *s == '_';
    if (t->ident) {
      while (isalnum((unsigned char)s[len]) || s[len] == '_')
        len++;
    } else {
      for (int i = 0; i < COUNT(two) && !len; i++)
        if (!strncmp(s, two[i], 2))
          len = 2;
      if (!len && *s && strchr("+-*/%<>&|^(),", *s))
        len = 1;
    }
    if (!len || len >= sizeof t->text) {
      *bad = s;
      return -1;
    }
    memcpy(t->text, s, len);
    t->text[len] = '\0';
    s += len;
  }
  return 0;
}

static const char *const form_help =
    "expected 'A OP B', 'OP A' or 'FUNCTION(A[, B])' over the op's inputs and one number param "
    "(OP: + - * / // % ** < <= > >= == != & | ^; unary - +; FUNCTION: a numpy ufunc or abs)";

/* Understand o->text: sets o->ufunc and the argument names, or reports why not. */
static bool parse_expression(const gen_op *op, gen_operator *o)
{
  token t[MAX_TOKENS];
  int n;
  const char *bad = NULL;
  if (tokenize(o->text, t, &n, &bad) != 0) {
    gen_diag(op->file, o->pos, "operator '%s': unexpected '%c'; %s", o->text, *bad, form_help);
    return false;
  }
  const spelling *sp = NULL;
  const char *names[2] = {NULL, NULL};
  if (n == 3 && t[0].ident && !t[1].ident && t[2].ident) {
    sp = lookup(binary_symbols, COUNT(binary_symbols), t[1].text);
    if (!sp) {
      gen_diag(op->file, o->pos,
               "operator '%s': '%s' is no binary operator; valid: + - * / // %% ** < <= > >= == != & | ^", o->text,
               t[1].text);
      return false;
    }
    names[0] = t[0].text;
    names[1] = t[2].text;
  } else if (n == 2 && !t[0].ident && t[1].ident) {
    sp = lookup(unary_symbols, COUNT(unary_symbols), t[0].text);
    if (!sp) {
      gen_diag(op->file, o->pos, "operator '%s': '%s' is no unary operator; valid: - +", o->text, t[0].text);
      return false;
    }
    names[0] = t[1].text;
  } else if ((n == 4 || n == 6) && t[0].ident && !strcmp(t[1].text, "(") && t[2].ident && !strcmp(t[n - 1].text, ")") &&
             (n == 4 || (!strcmp(t[3].text, ",") && t[4].ident))) {
    sp = lookup(functions, COUNT(functions), t[0].text);
    if (!sp) {
      gen_diag(op->file, o->pos, "operator '%s': '%s' is not a numpy ufunc cesperanto knows", o->text, t[0].text);
      return false;
    }
    int given = n == 4 ? 1 : 2;
    if (given != sp->nin) {
      gen_diag(op->file, o->pos, "operator '%s': %s takes %d argument%s, got %d", o->text, t[0].text, sp->nin,
               sp->nin == 1 ? "" : "s", given);
      return false;
    }
    names[0] = t[2].text;
    names[1] = n == 6 ? t[4].text : NULL;
  } else {
    gen_diag(op->file, o->pos, "operator '%s': %s", o->text, form_help);
    return false;
  }
  o->n_args = sp->nin;
  for (int i = 0; i < o->n_args; i++) {
    o->args[i] = gen_strdup(names[i]);
    o->is_param[i] = gen_find_input(op, names[i]) < 0;
  }
  o->ufunc = sp->ufunc;
  return true;
}

/* The op's names, inputs and params, as the argument must be one of them. */
static bool check_arguments(const gen_op *op, const gen_operator *o)
{
  int params = 0;
  for (int i = 0; i < o->n_args; i++) {
    if (o->n_args == 2 && i == 1 && !strcmp(o->args[0], o->args[1])) {
      gen_diag(op->file, o->pos, "operator '%s': '%s' appears twice", o->text, o->args[1]);
      return false;
    }
    if (!o->is_param[i])
      continue;
    int p = gen_find_param(op, o->args[i]);
    if (p < 0) {
      gen_diag(op->file, o->pos, "operator '%s': '%s' is neither an input nor a param of the op", o->text, o->args[i]);
      return false;
    }
    gen_type type = op->params[p].type;
    if (type != GEN_T_FLOAT && type != GEN_T_INT) {
      gen_diag(op->file, o->pos, "operator '%s': param '%s' is a %s; only a float or int param can be an operand",
               o->text, o->args[i], gen_type_name(type));
      return false;
    }
    if (++params > 1) {
      gen_diag(op->file, o->pos, "operator '%s': at most one operand may be a param", o->text);
      return false;
    }
  }
  for (int k = 0; k < op->n_inputs; k++) {
    bool named = false;
    for (int i = 0; i < o->n_args; i++)
      named |= !o->is_param[i] && !strcmp(o->args[i], op->inputs[k].name);
    if (!named) {
      gen_diag(op->file, o->pos, "operator '%s': input '%s' is not an operand; every input must be one", o->text,
               op->inputs[k].name);
      return false;
    }
  }
  if (params == o->n_args) {
    gen_diag(op->file, o->pos, "operator '%s': needs an input among its operands", o->text);
    return false;
  }
  /* The Python Array calls the op with keywords: every other param must have a default there. */
  int first_opt = gen_first_optional_param(op);
  for (int p = 0; p < first_opt; p++) {
    bool named = false;
    for (int i = 0; i < o->n_args; i++)
      named |= o->is_param[i] && !strcmp(o->args[i], op->params[p].name);
    if (!named) {
      gen_diag(op->file, o->pos,
               "operator '%s': param '%s' has no default (in Python), and the operator does not give it", o->text,
               op->params[p].name);
      return false;
    }
  }
  return true;
}

void gen_operator_kinds(const gen_operator *o, char out[3])
{
  int i = 0;
  for (; i < o->n_args && i < 2; i++)
    out[i] = o->is_param[i] ? 'S' : 'A';
  out[i] = '\0';
}

void gen_check_operators(gen_model *m)
{
  for (int i = 0; i < m->n_ops; i++) {
    gen_op *op = &m->ops[i];
    if (!op->parsed)
      continue;
    for (int k = 0; k < op->n_operators; k++) {
      gen_operator *o = &op->operators[k];
      if (op->output.kind != GEN_OUT_ARRAY || op->output.returns != GEN_RETURNS_DEFAULT) {
        gen_diag(op->file, o->pos, "operator '%s': %s does not return an array; only such ops can have an operator",
                 o->text, op->name ? op->name : op->file_stem);
        break;
      }
      if (!parse_expression(op, o) || !check_arguments(op, o))
        o->ufunc = NULL;
    }
  }
  /* One op per ufunc and operand kinds: the Array's table must be unambiguous. */
  for (int i = 0; i < m->n_ops; i++)
    for (int k = 0; k < m->ops[i].n_operators; k++) {
      const gen_operator *o = &m->ops[i].operators[k];
      if (!o->ufunc)
        continue;
      char kinds[3], other_kinds[3];
      gen_operator_kinds(o, kinds);
      bool found = false;
      for (int j = 0; j <= i && !found; j++)
        for (int l = 0; l < (j == i ? k : m->ops[j].n_operators) && !found; l++) {
          const gen_operator *other = &m->ops[j].operators[l];
          if (!other->ufunc || strcmp(other->ufunc, o->ufunc))
            continue;
          gen_operator_kinds(other, other_kinds);
          if (strcmp(kinds, other_kinds))
            continue;
          found = true;
          gen_diag(m->ops[i].file, o->pos,
                   "operator '%s': numpy's %s over the same operand kinds is already %s's ('%s')", o->text, o->ufunc,
                   m->ops[j].name, other->text);
        }
    }
}
