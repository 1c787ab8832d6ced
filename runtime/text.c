/* The growing string of text.h. */
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void grow(cle_text *t, size_t extra)
{
  if (t->failed || t->len + extra + 1 <= t->cap)
    return;
  size_t cap = t->cap ? t->cap : 4096;
  while (cap < t->len + extra + 1)
    cap *= 2;
  char *s = realloc(t->s, cap);
  if (!s) {
    t->failed = 1;
    return;
  }
  t->s = s;
  t->cap = cap;
}

void cle_text_append(cle_text *t, const char *s, size_t n)
{
  grow(t, n);
  if (t->failed)
    return;
  memcpy(t->s + t->len, s, n);
  t->len += n;
  t->s[t->len] = '\0';
}

void cle_text_append_str(cle_text *t, const char *s)
{
  cle_text_append(t, s, strlen(s));
}

void cle_text_appendf(cle_text *t, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) {
    t->failed = 1;
    return;
  }
  grow(t, (size_t)n);
  if (t->failed)
    return;
  va_start(ap, fmt);
  vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  t->len += (size_t)n;
}
