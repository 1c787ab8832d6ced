/* cle-gen — small helpers (see util.h). */
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void out_of_memory(void)
{
  fputs("cle-gen: out of memory\n", stderr);
  exit(2);
}

void *gen_alloc(size_t size)
{
  void *p = calloc(1, size ? size : 1);
  if (!p)
    out_of_memory();
  return p;
}

void *gen_realloc(void *ptr, size_t size)
{
  void *p = realloc(ptr, size ? size : 1);
  if (!p)
    out_of_memory();
  return p;
}

char *gen_strdup(const char *s)
{
  return gen_strndup(s, strlen(s));
}

char *gen_strndup(const char *s, size_t n)
{
  char *p = gen_alloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *gen_printf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *p = gen_alloc((size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

void *gen_push(void *array_ptr, int *count, size_t elem)
{
  void **arr = array_ptr;
  /* Grow by one each time: spec lists are short, simplicity wins. */
  char *grown = gen_realloc(*arr, (size_t)(*count + 1) * elem);
  memset(grown + (size_t)*count * elem, 0, elem);
  *arr = grown;
  return grown + (size_t)(*count)++ * elem;
}

static void buf_reserve(gen_buf *b, size_t extra)
{
  if (b->len + extra + 1 <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1)
    cap *= 2;
  b->data = gen_realloc(b->data, cap);
  b->cap = cap;
}

void gen_buf_puts(gen_buf *b, const char *s)
{
  size_t n = strlen(s);
  buf_reserve(b, n);
  memcpy(b->data + b->len, s, n + 1);
  b->len += n;
}

void gen_buf_putc(gen_buf *b, char c)
{
  buf_reserve(b, 1);
  b->data[b->len++] = c;
  b->data[b->len] = '\0';
}

void gen_buf_printf(gen_buf *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  buf_reserve(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void gen_buf_free(gen_buf *b)
{
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

char *gen_buf_take(gen_buf *b)
{
  char *s = b->data ? b->data : gen_strdup("");
  b->data = NULL;
  b->len = b->cap = 0;
  return s;
}

void gen_format_double(double d, char out[40])
{
  if (isnan(d)) {
    strcpy(out, "nan");
    return;
  }
  if (isinf(d)) {
    strcpy(out, d < 0 ? "-inf" : "inf");
    return;
  }
  /* Whole numbers as plain digits ("10", not "1e+01"). */
  if (d == floor(d) && fabs(d) < 1e15) {
    snprintf(out, 40, "%.0f", d);
    if (!strcmp(out, "-0"))
      strcpy(out, "0");
    return;
  }
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(out, 40, "%.*g", prec, d);
    if (strtod(out, NULL) == d)
      return;
  }
}

void gen_format_c_double(double d, char out[40])
{
  gen_format_double(d, out);
  if (!isfinite(d))
    return;
  if (!strpbrk(out, ".eE"))
    strcat(out, ".0");
}

/* The string quoters differ only in what they do with '?', DEL and the other
 * control characters; \" \\ \n \t \r are the same in C, JSON, Python, Java, C#. */
typedef enum { QUOTE_C, QUOTE_JSON, QUOTE_FACADE } quote_style;

static void buf_quoted(gen_buf *b, const char *s, quote_style style)
{
  gen_buf_putc(b, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"': gen_buf_puts(b, "\\\""); break;
    case '\\': gen_buf_puts(b, "\\\\"); break;
    case '\n': gen_buf_puts(b, "\\n"); break;
    case '\t': gen_buf_puts(b, "\\t"); break;
    case '\r': gen_buf_puts(b, "\\r"); break;
    default:
      if (*p == '?' && style == QUOTE_C)
        gen_buf_puts(b, "\\?"); /* no accidental trigraphs */
      else if (*p < 0x20 || (*p == 0x7f && style != QUOTE_JSON))
        gen_buf_printf(b, style == QUOTE_C ? "\\%03o" : "\\u%04x", *p);
      else
        gen_buf_putc(b, (char)*p);
    }
  }
  gen_buf_putc(b, '"');
}

void gen_buf_c_string(gen_buf *b, const char *s)
{
  buf_quoted(b, s, QUOTE_C);
}

void gen_buf_json_string(gen_buf *b, const char *s)
{
  buf_quoted(b, s, QUOTE_JSON);
}

void gen_buf_quoted(gen_buf *b, const char *s)
{
  buf_quoted(b, s, QUOTE_FACADE); /* \uXXXX: the same escape in all three languages */
}

char *gen_read_file(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  gen_buf b = {0};
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    buf_reserve(&b, n);
    memcpy(b.data + b.len, chunk, n);
    b.len += n;
    b.data[b.len] = '\0';
  }
  bool failed = ferror(f);
  fclose(f);
  if (failed) {
    gen_buf_free(&b);
    return NULL;
  }
  if (!b.data)
    b.data = gen_alloc(1);
  if (len)
    *len = b.len;
  return b.data;
}

int gen_write_if_changed(const char *path, const char *content, size_t len)
{
  size_t old_len;
  char *old = gen_read_file(path, &old_len);
  bool same = old && old_len == len && memcmp(old, content, len) == 0;
  free(old);
  if (same)
    return 0;
  /* Write a temporary file beside the target and rename it over, so a
   * reader (or an interrupted run) never sees half a file. */
  char *tmp = gen_printf("%s.tmp%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "wb");
  if (!f) {
    fprintf(stderr, "cle-gen: cannot write %s: %s\n", tmp, strerror(errno));
    free(tmp);
    return -1;
  }
  bool ok = fwrite(content, 1, len, f) == len;
  ok = (fclose(f) == 0) && ok;
  if (!ok || rename(tmp, path) != 0) {
    fprintf(stderr, "cle-gen: cannot write %s: %s\n", path, strerror(errno));
    remove(tmp);
    free(tmp);
    return -1;
  }
  free(tmp);
  return 0;
}

int gen_strcmp_ptr(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}
