/* Finding a __kernel function in OpenCL C source and classifying its
 * parameters. A small lexer is enough: comments, string literals and
 * preprocessor lines are skipped, identifiers and punctuation are tokens. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cle_internal.h"
#include "kernel_signature.h"

typedef struct token {
  const char *p;
  size_t n; /* 0 at the end of the source */
} token;

typedef struct lexer {
  const char *s, *end;
  bool line_start;
} lexer;

static bool is_ident_start(char c)
{
  return isalpha((unsigned char)c) || c == '_';
}

static bool is_ident_char(char c)
{
  return isalnum((unsigned char)c) || c == '_';
}

static void skip_to_line_end(lexer *lx)
{
  /* A backslash before the newline continues a preprocessor line. */
  while (lx->s < lx->end && *lx->s != '\n') {
    if (*lx->s == '\\' && lx->s + 1 < lx->end && lx->s[1] == '\n')
      lx->s++;
    lx->s++;
  }
}

static token next_token(lexer *lx)
{
  for (;;) {
    while (lx->s < lx->end && isspace((unsigned char)*lx->s)) {
      if (*lx->s == '\n')
        lx->line_start = true;
      lx->s++;
    }
    if (lx->s >= lx->end)
      return (token){lx->end, 0};
    const char *s = lx->s;
    if (s + 1 < lx->end && s[0] == '/' && s[1] == '/') {
      skip_to_line_end(lx);
      continue;
    }
    if (s + 1 < lx->end && s[0] == '/' && s[1] == '*') {
      lx->s += 2;
      while (lx->s + 1 < lx->end && !(lx->s[0] == '*' && lx->s[1] == '/'))
        lx->s++;
      lx->s = lx->s + 2 <= lx->end ? lx->s + 2 : lx->end;
      continue;
    }
    if (*s == '#' && lx->line_start) {
      skip_to_line_end(lx);
      continue;
    }
    lx->line_start = false;
    if (*s == '"' || *s == '\'') {
      char quote = *s;
      lx->s++;
      while (lx->s < lx->end && *lx->s != quote && *lx->s != '\n') {
        if (*lx->s == '\\' && lx->s + 1 < lx->end)
          lx->s++;
        lx->s++;
      }
      if (lx->s < lx->end)
        lx->s++;
      continue;
    }
    if (is_ident_start(*s) || isdigit((unsigned char)*s)) {
      while (lx->s < lx->end && (is_ident_char(*lx->s) || *lx->s == '.'))
        lx->s++;
      return (token){s, (size_t)(lx->s - s)};
    }
    lx->s++;
    return (token){s, 1};
  }
}

static bool tok_is(token t, const char *word)
{
  size_t n = strlen(word);
  return t.n == n && memcmp(t.p, word, n) == 0;
}

static bool tok_is_ident(token t)
{
  return t.n > 0 && is_ident_start(t.p[0]);
}

/* After `__attribute__`, skip its balanced parentheses; returns the token after them. */
static token skip_attributes(lexer *lx, token t)
{
  while (tok_is(t, "__attribute__")) {
    t = next_token(lx);
    int depth = 0;
    do {
      if (tok_is(t, "("))
        depth++;
      else if (tok_is(t, ")"))
        depth--;
      t = next_token(lx);
    } while (depth > 0 && t.n > 0);
  }
  return t;
}

/* Position the lexer after the '(' of `__kernel void kernel_name(`; false if there is none. */
static bool find_kernel(lexer *lx, const char *kernel_name)
{
  for (token t = next_token(lx); t.n > 0; t = next_token(lx)) {
    if (!tok_is(t, "__kernel") && !tok_is(t, "kernel"))
      continue;
    t = skip_attributes(lx, next_token(lx));
    if (!tok_is(t, "void"))
      continue;
    t = skip_attributes(lx, next_token(lx));
    if (!tok_is_ident(t) || !tok_is(t, kernel_name))
      continue;
    if (tok_is(next_token(lx), "("))
      return true;
  }
  return false;
}

/* ---- one parameter ---- */

static const char *const qualifiers[] = {"const",      "__const",      "restrict",    "__restrict", "volatile",
                                         "__private",  "private",      "__read_only", "read_only",  "__write_only",
                                         "write_only", "__read_write", "read_write",  NULL};

static bool is_qualifier(token t)
{
  for (int i = 0; qualifiers[i]; i++)
    if (tok_is(t, qualifiers[i]))
      return true;
  return false;
}

static int pointee_dtype(token t)
{
  static const char *const names[CLE_DTYPE_COUNT] = {"char", "uchar", "short", "ushort", "int", "uint", "float"};
  for (int i = 0; i < CLE_DTYPE_COUNT; i++)
    if (tok_is(t, names[i]))
      return i;
  return -1;
}

static int classify(const char *who, const char *kernel_name, const token *toks, int n, cle_karg *arg)
{
  token name = toks[n - 1];
  if (!tok_is_ident(name))
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: cannot read a parameter name of kernel '%s' near '%.*s'", who,
                         kernel_name, (int)name.n, name.p);
  arg->name = strndup(name.p, name.n);
  if (!arg->name)
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory", who);
  arg->buffer_dtype = -1;

  bool pointer = false, local = false;
  token type = {NULL, 0};
  for (int i = 0; i < n - 1; i++) {
    token t = toks[i];
    if (t.n > 11 && memcmp(t.p, "IMAGE_", 6) == 0 && memcmp(t.p + t.n - 5, "_TYPE", 5) == 0) {
      /* IMAGE_src_TYPE declares the hidden shape argument cle_shape_src: it must name this parameter. */
      if (t.n - 11 != name.n || memcmp(t.p + 6, name.p, name.n) != 0)
        return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                             "%s: kernel '%s' declares parameter '%s' with %.*s; use IMAGE_%s_TYPE", who, kernel_name,
                             arg->name, (int)t.n, t.p, arg->name);
      arg->kind = CLE_KARG_IMAGE;
      return 0;
    }
    if (tok_is(t, "*"))
      pointer = true;
    else if (tok_is(t, "__local") || tok_is(t, "local"))
      local = true;
    else if (tok_is_ident(t) && !is_qualifier(t) && !tok_is(t, "__global") && !tok_is(t, "global") &&
             !tok_is(t, "__constant") && !tok_is(t, "constant"))
      type = t;
  }
  if (local)
    return cle_set_error(CLE_ERROR_UNSUPPORTED,
                         "%s: kernel '%s' parameter '%s' is __local memory, which cannot be bound by name", who,
                         kernel_name, arg->name);
  if (pointer) {
    arg->kind = CLE_KARG_BUFFER;
    arg->buffer_dtype = type.n ? pointee_dtype(type) : -1;
    return 0;
  }
  if (tok_is(type, "int")) {
    arg->kind = CLE_KARG_INT;
    return 0;
  }
  if (tok_is(type, "float")) {
    arg->kind = CLE_KARG_FLOAT;
    return 0;
  }
  return cle_set_error(CLE_ERROR_UNSUPPORTED,
                       "%s: kernel '%s' parameter '%s' has type '%.*s'; only IMAGE_%s_TYPE, __global pointers, int "
                       "and float parameters can be bound",
                       who, kernel_name, arg->name, (int)type.n, type.n ? type.p : "", arg->name);
}

/* ---- the whole list ---- */

static int push_token(token **toks, int *n, int *cap, token t)
{
  if (*n == *cap) {
    int ncap = *cap ? 2 * *cap : 32;
    token *grown = realloc(*toks, (size_t)ncap * sizeof *grown);
    if (!grown)
      return -1;
    *toks = grown;
    *cap = ncap;
  }
  (*toks)[(*n)++] = t;
  return 0;
}

static int add_arg(const char *who, const char *kernel_name, cle_kernel_signature *sig, const token *toks, int n,
                   unsigned *next_index)
{
  /* `()` and `(void)` have no parameters. */
  if (n == 0 || (n == 1 && tok_is(toks[0], "void") && sig->n_args == 0))
    return 0;
  cle_karg *grown = realloc(sig->args, (size_t)(sig->n_args + 1) * sizeof *grown);
  if (!grown)
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory", who);
  sig->args = grown;
  cle_karg *arg = &sig->args[sig->n_args++];
  memset(arg, 0, sizeof *arg);
  if (classify(who, kernel_name, toks, n, arg) != 0)
    return -1;
  for (int i = 0; i < sig->n_args - 1; i++)
    if (strcmp(sig->args[i].name, arg->name) == 0)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: kernel '%s' has two parameters named '%s'", who,
                           kernel_name, arg->name);
  arg->arg_index = *next_index;
  *next_index += arg->kind == CLE_KARG_IMAGE ? 2 : 1;
  return 0;
}

int cle_kernel_signature_parse(const char *who, const char *source, size_t len, const char *kernel_name,
                               cle_kernel_signature *out)
{
  memset(out, 0, sizeof *out);
  lexer lx = {source, source + len, true};
  if (!find_kernel(&lx, kernel_name))
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: no __kernel function '%s' in the source", who, kernel_name);

  token *toks = NULL;
  int n = 0, cap = 0, depth = 0, rc = 0;
  unsigned next_index = 0;
  for (token t = next_token(&lx);; t = next_token(&lx)) {
    if (t.n == 0) {
      rc = cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: parameter list of kernel '%s' is not closed", who,
                         kernel_name);
      break;
    }
    bool close = tok_is(t, ")") && depth == 0;
    if (close || (tok_is(t, ",") && depth == 0)) {
      if ((rc = add_arg(who, kernel_name, out, toks, n, &next_index)) != 0)
        break;
      n = 0;
      if (close)
        break;
      continue;
    }
    if (tok_is(t, "("))
      depth++;
    else if (tok_is(t, ")"))
      depth--;
    if (push_token(&toks, &n, &cap, t) != 0) {
      rc = cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory", who);
      break;
    }
  }
  free(toks);
  if (rc != 0)
    cle_kernel_signature_free(out);
  return rc;
}

/* memmem for text that may not be NUL-terminated. */
static bool contains(const char *s, size_t len, const char *word)
{
  const size_t n = strlen(word);
  for (const char *p = s; n <= len && p <= s + len - n; p++) {
    p = memchr(p, word[0], (size_t)(s + len - n - p) + 1);
    if (!p)
      return false;
    if (memcmp(p, word, n) == 0)
      return true;
  }
  return false;
}

bool cle_source_declares_sampler(const char *source, size_t len)
{
  if (!contains(source, len, "sampler_t"))
    return false; /* most files: no token to find, so no need to lex them */
  lexer lx = {source, source + len, true};
  bool after_type = false;
  for (token t = next_token(&lx); t.n > 0; t = next_token(&lx)) {
    if (after_type && tok_is(t, "sampler"))
      return true;
    after_type = tok_is(t, "sampler_t");
  }
  return false;
}

void cle_kernel_signature_free(cle_kernel_signature *sig)
{
  for (int i = 0; i < sig->n_args; i++)
    free(sig->args[i].name);
  free(sig->args);
  sig->args = NULL;
  sig->n_args = 0;
}

void cle_kernel_signature_list(const cle_kernel_signature *sig, char *buf, size_t size)
{
  size_t used = 0;
  buf[0] = '\0';
  for (int i = 0; i < sig->n_args && used < size; i++) {
    int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", sig->args[i].name);
    if (w < 0)
      break;
    used += (size_t)w;
  }
  if (sig->n_args == 0)
    snprintf(buf, size, "none");
}

/* ---- one kernel of a file ---- */

/* Whether the line holding p is a preprocessor directive other than #pragma
 * (conditionals and macros must stay; a #pragma left outside its loop is an
 * error on NVIDIA). */
static bool on_directive_line(const char *start, const char *p)
{
  while (p > start && p[-1] != '\n')
    p--;
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p != '#')
    return false;
  p++;
  while (*p == ' ' || *p == '\t')
    p++;
  return strncmp(p, "pragma", 6) != 0;
}

/* Blank [from, to) of copy (whose text mirrors source) except newlines and
 * the directives above, a line at a time (asking on_directive_line once per
 * line, not once per character). */
static void blank(char *copy, const char *source, const char *from, const char *to)
{
  for (const char *p = from; p < to;) {
    const char *nl = memchr(p, '\n', (size_t)(to - p));
    const char *line_end = nl ? nl : to;
    if (!on_directive_line(source, p))
      memset(copy + (p - source), ' ', (size_t)(line_end - p));
    p = nl ? nl + 1 : to;
  }
}

char *cle_source_only_kernel(const char *source, size_t len, const char *kernel_name)
{
  char *copy = malloc(len + 1);
  if (!copy)
    return NULL;
  memcpy(copy, source, len);
  copy[len] = '\0';
  if (strstr(copy, "\n#define CLE_ONE_PROGRAM"))
    return copy; /* a file whose kernels run together: one program for all */
  lexer lx = {source, source + len, true};
  int depth = 0;
  for (token t = next_token(&lx); t.n > 0; t = next_token(&lx)) {
    if (tok_is(t, "{"))
      depth++;
    else if (tok_is(t, "}"))
      depth--;
    if (depth != 0 || (!tok_is(t, "__kernel") && !tok_is(t, "kernel")))
      continue;
    const char *start = t.p;
    token u = skip_attributes(&lx, next_token(&lx));
    if (!tok_is(u, "void"))
      continue;
    token name = skip_attributes(&lx, next_token(&lx));
    /* the body: from the first '{' after the parameters to its match */
    token b = name;
    while (b.n > 0 && !tok_is(b, "{") && !tok_is(b, ";"))
      b = next_token(&lx);
    if (!tok_is(b, "{"))
      continue; /* a declaration */
    int d = 1;
    while (d > 0 && (b = next_token(&lx)).n > 0)
      d += tok_is(b, "{") ? 1 : tok_is(b, "}") ? -1 : 0;
    if (d != 0) /* unbalanced as the lexer sees it: compile the file whole */
      break;
    if (!tok_is(name, kernel_name))
      blank(copy, source, start, b.p + 1);
  }
  return copy;
}
