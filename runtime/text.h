/* A growing string for generated text (program sources, generated kernel
 * code): appends never fail one by one; a failed allocation marks the text
 * and the caller checks once at the end. */
#ifndef CESPERANTO_TEXT_H
#define CESPERANTO_TEXT_H

#include <stddef.h>

typedef struct cle_text {
  char *s; /* NUL-terminated once anything is appended */
  size_t len, cap;
  int failed; /* an allocation failed: s is incomplete */
} cle_text;

void cle_text_append(cle_text *t, const char *s, size_t n);
void cle_text_append_str(cle_text *t, const char *s);
void cle_text_appendf(cle_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
