/* cle-gen — helpers shared by the Python, Java and C# facade emitters. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "emit_facade.h"

int gen_first_optional_param(const gen_op *op)
{
  int first = op->n_params;
  while (first > 0 && op->params[first - 1].def.present)
    first--;
  return first;
}

bool gen_dst_optional(const gen_op *op)
{
  return gen_first_optional_param(op) == 0;
}

char *gen_camel(const char *snake, bool upper_first)
{
  char *out = gen_alloc(strlen(snake) + 1);
  size_t n = 0;
  bool up = upper_first;
  for (const char *p = snake; *p; p++) {
    if (*p == '_') {
      up = n > 0; /* a leading underscore stays dropped, never capitalises */
      continue;
    }
    out[n++] = up ? (char)toupper((unsigned char)*p) : *p;
    up = false;
  }
  out[n] = '\0';
  return out;
}

void gen_buf_camel(gen_buf *b, const char *snake, bool upper_first)
{
  char *camel = gen_camel(snake, upper_first);
  gen_buf_puts(b, camel);
  free(camel);
}

static void doc_char(gen_buf *b, const char *p, char mode)
{
  char c = *p;
  switch (mode) {
  case 'p':
    if (c == '\\')
      gen_buf_puts(b, "\\\\");
    else if (c == '"' && p[1] == '"' && p[2] == '"')
      gen_buf_puts(b, "\\\""); /* break up a triple quote */
    else
      gen_buf_putc(b, c);
    return;
  case 'j':
    if (c == '<')
      gen_buf_puts(b, "&lt;");
    else if (c == '>')
      gen_buf_puts(b, "&gt;");
    else if (c == '&')
      gen_buf_puts(b, "&amp;");
    else if (c == '@')
      gen_buf_puts(b, "&#64;"); /* no accidental block tags */
    else if (c == '*' && p[1] == '/')
      gen_buf_puts(b, "*&#47;");
    else
      gen_buf_putc(b, c);
    return;
  default:
    if (c == '<')
      gen_buf_puts(b, "&lt;");
    else if (c == '>')
      gen_buf_puts(b, "&gt;");
    else if (c == '&')
      gen_buf_puts(b, "&amp;");
    else
      gen_buf_putc(b, c);
    return;
  }
}

/* One line of a doc comment in the language of mode. */
static void doc_line(gen_buf *b, const char *p, size_t n, char mode)
{
  for (size_t i = 0; i < n; i++) {
    if (mode == 'j' && p[i] == '*' && i + 1 < n && p[i + 1] == '/') {
      gen_buf_puts(b, "*&#47;");
      i++;
      continue;
    }
    doc_char(b, p + i, mode);
  }
}

static void python_doc_line(gen_buf *b, const char *p, size_t n)
{
  doc_line(b, p, n, 'p');
}
static void javadoc_line(gen_buf *b, const char *p, size_t n)
{
  doc_line(b, p, n, 'j');
}
static void csharp_doc_line(gen_buf *b, const char *p, size_t n)
{
  doc_line(b, p, n, 'c');
}

void gen_doc_lines(gen_buf *b, const char *prefix, const char *text, char mode)
{
  gen_prefixed_lines(b, prefix, text, mode == 'p' ? python_doc_line : mode == 'j' ? javadoc_line : csharp_doc_line);
}

void gen_each_op_and_alias(gen_buf *b, const gen_model *m, gen_op_emitter emit, const char *separator)
{
  for (int i = 0; i < m->n_ops; i++) {
    if (i && separator)
      gen_buf_puts(b, separator);
    emit(b, &m->ops[i], NULL);
    for (int a = 0; a < m->ops[i].n_aliases; a++) {
      if (separator)
        gen_buf_puts(b, separator);
      emit(b, &m->ops[i], &m->ops[i].aliases[a]);
    }
  }
}
