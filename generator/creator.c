/* cle-gen — output creator rules (see creator.h and spec/README.md). */
#include "creator.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "names.h"
#include "util.h"

static const char *const creator_names[] = {"like",   "binary",  "labels", "xy",     "xz",   "yz",    "vector",
                                            "scalar", "inplace", "size",   "matrix", "impl", "table", "shape"};
static const char *const valid_rules =
    "like(IN), like(IN, DTYPE), binary(IN), labels(IN), xy(IN[, DTYPE][, keep_dims=PARAM]), "
    "xz(IN[, DTYPE][, keep_dims=PARAM]), yz(IN[, DTYPE][, keep_dims=PARAM]), vector(N[, DTYPE]), scalar, inplace(IN), "
    "size(IN, X, Y, Z[, DTYPE]), matrix(W, H[, DTYPE]), impl, table, shape(X, Y, Z, DTYPE)";

const char *gen_creator_name(gen_creator c)
{
  return creator_names[c];
}

typedef struct rule_arg {
  char *text;
  int offset; /* in the rule's text */
} rule_arg;

static char *trimmed(const char *s, size_t n, int *lead)
{
  size_t a = 0;
  while (a < n && isspace((unsigned char)s[a]))
    a++;
  while (n > a && isspace((unsigned char)s[n - 1]))
    n--;
  *lead = (int)a;
  return gen_strndup(s + a, n - a);
}

void gen_parse_creator(gen_yaml *y, yaml_node_t *node, gen_output *out)
{
  out->of_index = out->length_index = out->keep_dims_index = out->dtype_if_index = -1;
  out->dtype = -1;
  out->length = -1;
  out->creator_pos = gen_node_pos(node);
  const char *text = gen_node_text(y, node, "creator");
  if (!text)
    return;
  out->creator_text = gen_strdup(text);
  /* Columns of the arguments are exact for one-line rules (quotes skipped). */
  bool one_line = node->start_mark.line == node->end_mark.line;
  int base = out->creator_pos.col + (node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? 0 : 1);
#define AT(off) ((gen_pos){out->creator_pos.line, one_line ? base + (off) : out->creator_pos.col})

  const char *open = strchr(text, '(');
  int lead;
  char *word = trimmed(text, open ? (size_t)(open - text) : strlen(text), &lead);
  int kind = -1;
  for (int i = 0; i < (int)(sizeof creator_names / sizeof *creator_names); i++)
    if (!strcmp(word, creator_names[i]))
      kind = i;
  const char *close = open ? strrchr(text, ')') : NULL;
  bool tail_ok = true;
  if (close)
    for (const char *p = close + 1; *p; p++)
      if (!isspace((unsigned char)*p))
        tail_ok = false;
  const bool bare = kind == GEN_C_SCALAR || kind == GEN_C_IMPL || kind == GEN_C_TABLE; /* no arguments */
  if (kind < 0 || (open && (!close || close < open || !tail_ok)) || (!open && !bare) || (open && bare)) {
    gen_diag(y->file, out->creator_pos, "unknown output creator '%s'; valid: %s", text, valid_rules);
    free(word);
    return;
  }
  free(word);
  out->creator = (gen_creator)kind;
  out->kind = kind == GEN_C_SCALAR    ? GEN_OUT_SCALAR
              : kind == GEN_C_INPLACE ? GEN_OUT_INPLACE
              : kind == GEN_C_TABLE   ? GEN_OUT_TABLE
                                      : GEN_OUT_ARRAY;
  if (bare) {
    out->parsed = true;
    return;
  }

  rule_arg args[8];
  int n_args = 0;
  const char *p = open + 1;
  while (n_args < 8) {
    const char *comma = p;
    int nesting = 0; /* commas inside a size expression's min(a, b) do not split */
    while (comma < close && (*comma != ',' || nesting > 0)) {
      nesting += *comma == '(' ? 1 : *comma == ')' ? -1 : 0;
      comma++;
    }
    char *a = trimmed(p, (size_t)(comma - p), &lead);
    args[n_args].offset = (int)(p - text) + lead;
    args[n_args++].text = a;
    if (comma >= close)
      break;
    p = comma + 1;
  }
  bool takes_dtype = kind != GEN_C_BINARY && kind != GEN_C_LABELS && kind != GEN_C_INPLACE;
  bool projects = kind == GEN_C_XY || kind == GEN_C_XZ || kind == GEN_C_YZ;
  bool ok = true;
  /* keep_dims=PARAM (projections only) comes last. */
  if (n_args > 1 && strchr(args[n_args - 1].text, '=')) {
    const char *a = args[n_args - 1].text;
    const char *eq = strchr(a, '=');
    int lead2;
    char *key = trimmed(a, (size_t)(eq - a), &lead2);
    char *value = trimmed(eq + 1, strlen(eq + 1), &lead2);
    if (!projects || strcmp(key, "keep_dims") != 0 || !gen_is_identifier(value)) {
      gen_diag(y->file, AT(args[n_args - 1].offset),
               "creator argument '%s' is not valid here; only xy, xz and yz take "
               "keep_dims=PARAM (a bool param)",
               a);
      ok = false;
    } else {
      out->keep_dims = gen_strdup(value);
      out->keep_dims_pos = AT(args[n_args - 1].offset);
    }
    free(key);
    free(value);
    free(args[--n_args].text);
  }
  if (kind == GEN_C_SIZE) {
    if (n_args < 4 || n_args > 5 || args[0].text[0] == '\0') {
      gen_diag(y->file, out->creator_pos, "creator size takes 4 or 5 arguments: size(IN, X, Y, Z[, DTYPE]), got '%s'",
               text);
      ok = false;
    }
    for (int i = 1; ok && i < 4; i++) {
      out->size[i - 1] = gen_strdup(args[i].text);
      out->size_pos[i - 1] = AT(args[i].offset);
    }
    /* the dtype, if any, is checked below as the second argument of the others */
    if (ok && n_args == 5) {
      free(args[1].text);
      args[1] = args[4];
      args[4].text = NULL;
      for (int i = 2; i < 4; i++) {
        free(args[i].text);
        args[i].text = NULL;
      }
      n_args = 2;
    } else if (ok) {
      for (int i = 1; i < 4; i++) {
        free(args[i].text);
        args[i].text = NULL;
      }
      n_args = 1;
    }
  }
  if (kind == GEN_C_SHAPE) {
    /* shape(X, Y, Z, DTYPE): the sizes become size[0..2], the dtype (required) the only argument left */
    if (n_args != 4 || args[0].text[0] == '\0' || args[1].text[0] == '\0' || args[2].text[0] == '\0') {
      gen_diag(y->file, out->creator_pos, "creator shape takes 4 arguments: shape(X, Y, Z, DTYPE), got '%s'", text);
      ok = false;
    }
    for (int i = 0; ok && i < 3; i++) {
      out->size[i] = gen_strdup(args[i].text);
      out->size_pos[i] = AT(args[i].offset);
    }
    if (ok) {
      out->dtype = gen_dtype_from_name(args[3].text);
      if (out->dtype < 0) {
        gen_diag(y->file, AT(args[3].offset), "unknown dtype '%s' in creator; valid: %s", args[3].text,
                 gen_dtype_names_list);
        ok = false;
      }
    }
    for (int i = 0; i < n_args; i++)
      free(args[i].text);
    out->parsed = ok;
    return;
  }
  if (kind == GEN_C_MATRIX) {
    /* matrix(W, H[, DTYPE]): the sizes become size[0..1], the dtype the second argument */
    if (n_args < 2 || n_args > 3 || args[0].text[0] == '\0' || args[1].text[0] == '\0') {
      gen_diag(y->file, out->creator_pos, "creator matrix takes 2 or 3 arguments: matrix(W, H[, DTYPE]), got '%s'",
               text);
      ok = false;
    }
    for (int i = 0; ok && i < 2; i++) {
      out->size[i] = gen_strdup(args[i].text);
      out->size_pos[i] = AT(args[i].offset);
    }
    if (ok) {
      out->length_pos = AT(args[0].offset);
      free(args[1].text);
      args[1].text = NULL;
      if (n_args == 3) {
        args[1] = args[2];
        args[2].text = NULL;
        n_args = 2;
      } else
        n_args = 1;
    }
  }
  int max_args = takes_dtype ? 2 : 1;
  if (ok && (n_args > max_args || args[0].text[0] == '\0' || (n_args == 2 && args[1].text[0] == '\0'))) {
    const char *what = kind == GEN_C_VECTOR   ? "N[, DTYPE]"
                       : kind == GEN_C_MATRIX ? "W, H[, DTYPE]"
                       : takes_dtype          ? "IN[, DTYPE]"
                                              : "IN";
    gen_diag(y->file, out->creator_pos, "creator %s takes %s: %s(%s), got '%s'", creator_names[kind],
             takes_dtype ? "1 or 2 arguments" : "1 argument", creator_names[kind], what, text);
    ok = false;
  }
  const bool sized = kind == GEN_C_VECTOR || kind == GEN_C_MATRIX; /* no input to take a dtype from */
  if (ok && n_args == 2 && !sized) {
    /* DTYPE if PARAM: DTYPE when the bool param PARAM is true, else the input's dtype */
    char *cond = strstr(args[1].text, " if ");
    if (cond) {
      int lead2;
      out->dtype_if = trimmed(cond + 4, strlen(cond + 4), &lead2);
      out->dtype_if_pos = AT(args[1].offset + (int)(cond + 4 - args[1].text) + lead2);
      *cond = '\0';
      if (!gen_is_identifier(out->dtype_if) || gen_dtype_from_name(args[1].text) < 0) {
        gen_diag(y->file, AT(args[1].offset), "creator dtype '%s if %s' must be a dtype name, 'if' and a bool param",
                 args[1].text, out->dtype_if);
        ok = false;
      }
    }
  }
  if (ok && n_args == 2) {
    out->dtype = gen_dtype_from_name(args[1].text);
    if (out->dtype < 0 && !sized && !strcmp(args[1].text, "widened"))
      out->dtype = GEN_DTYPE_WIDENED;
    else if (out->dtype < 0 && !sized && !strcmp(args[1].text, "promoted"))
      out->dtype = GEN_DTYPE_PROMOTED;
    else if (out->dtype < 0 && sized && gen_is_identifier(args[1].text)) {
      /* vector(N, IN) / matrix(W, H, IN): the dtype of input IN (checked in validation) */
      out->of = gen_strdup(args[1].text);
      out->of_pos = AT(args[1].offset);
    } else if (out->dtype < 0) {
      gen_diag(y->file, AT(args[1].offset), "unknown dtype '%s' in creator; valid: %s%s", args[1].text,
               gen_dtype_names_list, !sized ? ", widened, promoted" : "");
      ok = false;
    }
  }
  if (ok && kind == GEN_C_BINARY)
    out->dtype = GEN_UINT8;
  if (ok && kind == GEN_C_LABELS)
    out->dtype = GEN_UINT32;
  if (ok && kind == GEN_C_VECTOR) {
    const char *n = args[0].text;
    out->length_pos = AT(args[0].offset);
    if (out->dtype < 0 && !out->of)
      out->dtype = GEN_FLOAT32;
    char *end;
    long v = strtol(n, &end, 10);
    if (isdigit((unsigned char)n[0]) && *end == '\0') {
      if (v < 1 || v > 1L << 30) {
        gen_diag(y->file, out->length_pos, "vector length must be in [1, 2^30], got %s", n);
        ok = false;
      }
      out->length = v;
    } else if (gen_is_identifier(n)) {
      out->length_param = gen_strdup(n);
    } else {
      /* an output-size expression (checked in validation), e.g. labels.max_label + 1 */
      out->size[0] = gen_strdup(n);
      out->size_pos[0] = out->length_pos;
    }
  } else if (ok && kind == GEN_C_MATRIX) {
    if (out->dtype < 0 && !out->of)
      out->dtype = GEN_FLOAT32;
  } else if (ok) {
    out->of = gen_strdup(args[0].text);
    out->of_pos = AT(args[0].offset);
  }
  for (int i = 0; i < n_args; i++)
    free(args[i].text);
  out->parsed = ok;
#undef AT
}
