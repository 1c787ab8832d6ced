/* cle-gen — a lexical scan of OpenCL C for one kernel's signature (see kernel_scan.h).
 * Not a C parser: comments are dropped, then `kernel`/`__kernel`, optional
 * __attribute__((...)), `void`, the name and the parenthesised parameter
 * list are matched; each parameter's name is its last identifier. */
#include "kernel_scan.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Copy of src with comments replaced by spaces (string literals do not occur in kernels' signatures). */
static char *strip_comments(const char *src)
{
  char *out = gen_strdup(src);
  for (char *p = out; *p; p++) {
    if (p[0] == '/' && p[1] == '/') {
      while (*p && *p != '\n')
        *p++ = ' ';
      if (!*p)
        break;
    } else if (p[0] == '/' && p[1] == '*') {
      *p++ = ' ';
      *p = ' ';
      while (p[1] && !(p[1] == '*' && p[2] == '/'))
        *++p = ' ';
      if (p[1]) {
        p[1] = ' ';
        p[2] = ' ';
        p += 2;
      } else {
        break;
      }
    }
  }
  return out;
}

static bool is_ident_char(char c)
{
  return isalnum((unsigned char)c) || c == '_';
}

static const char *skip_space(const char *p)
{
  while (isspace((unsigned char)*p))
    p++;
  return p;
}

/* Reads an identifier at p into word (truncated to 127); returns the end, or p if none. */
static const char *read_ident(const char *p, char word[128])
{
  size_t n = 0;
  const char *q = p;
  if (!(isalpha((unsigned char)*q) || *q == '_'))
    return p;
  while (is_ident_char(*q)) {
    if (n < 127)
      word[n++] = *q;
    q++;
  }
  word[n] = '\0';
  return q;
}

/* Skips a balanced (...) group starting at p == '('; returns past its ')' or NULL. */
static const char *skip_parens(const char *p)
{
  int depth = 0;
  for (; *p; p++) {
    if (*p == '(')
      depth++;
    else if (*p == ')' && --depth == 0)
      return p + 1;
  }
  return NULL;
}

static void add_param(gen_kernel_sig *sig, const char *start, const char *end)
{
  /* The last identifier in [start, end), ignoring any [..] suffix. */
  const char *last = NULL, *last_end = NULL;
  for (const char *p = start; p < end;) {
    if (isalpha((unsigned char)*p) || *p == '_') {
      const char *q = p;
      while (q < end && is_ident_char(*q))
        q++;
      last = p;
      last_end = q;
      p = q;
    } else if (*p == '[') {
      break;
    } else {
      p++;
    }
  }
  if (!last || (last_end - last == 4 && !strncmp(last, "void", 4)))
    return; /* nothing, or f(void) */
  *(char **)gen_push(&sig->names, &sig->n, sizeof(char *)) = gen_strndup(last, (size_t)(last_end - last));
}

int gen_kernel_scan(const char *source, const char *name, gen_kernel_sig *sig)
{
  sig->names = NULL;
  sig->n = 0;
  char *text = strip_comments(source);
  int rc = -1;
  char word[128];
  for (const char *p = text; *p;) {
    if (!(isalpha((unsigned char)*p) || *p == '_')) {
      p++;
      continue;
    }
    bool at_word_start = p == text || !is_ident_char(p[-1]);
    const char *q = read_ident(p, word);
    if (!at_word_start || (strcmp(word, "kernel") && strcmp(word, "__kernel"))) {
      p = q;
      continue;
    }
    q = skip_space(q);
    const char *r = read_ident(q, word);
    while (!strcmp(word, "__attribute__") && r != q) {
      const char *after = skip_parens(skip_space(r));
      if (!after)
        break;
      q = skip_space(after);
      r = read_ident(q, word);
    }
    if (r == q || strcmp(word, "void")) {
      p = r == q ? q : r;
      continue;
    }
    q = skip_space(r);
    r = read_ident(q, word);
    if (r == q) {
      p = q;
      continue;
    }
    q = skip_space(r);
    if (*q != '(' || strcmp(word, name)) {
      p = q;
      continue;
    }
    const char *close = skip_parens(q);
    if (!close)
      break;
    close--; /* at ')' */
    int depth = 0;
    const char *start = q + 1;
    for (const char *c = q + 1; c <= close; c++) {
      if (*c == '(')
        depth++;
      else if (*c == ')' && depth > 0)
        depth--;
      else if ((*c == ',' && depth == 0) || c == close) {
        add_param(sig, start, c);
        start = c + 1;
      }
    }
    rc = 0;
    break;
  }
  free(text);
  return rc;
}

void gen_kernel_sig_free(gen_kernel_sig *sig)
{
  for (int i = 0; i < sig->n; i++)
    free(sig->names[i]);
  free(sig->names);
  sig->names = NULL;
  sig->n = 0;
}
