/* cle-gen — small helpers: memory, growable strings, number formatting,
 * escaping, and writing a file only when its content changes. */
#ifndef CLE_GEN_UTIL_H
#define CLE_GEN_UTIL_H

#include <stdbool.h>
#include <stddef.h>

/* Allocation that cannot return NULL: a generator out of memory exits with status 2. */
void *gen_alloc(size_t size);
void *gen_realloc(void *ptr, size_t size);
char *gen_strdup(const char *s);
char *gen_strndup(const char *s, size_t n);
char *gen_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow an array of *count elements of size elem by one; returns the new (zeroed) element. */
void *gen_push(void *array_ptr, int *count, size_t elem);

/* A growable string. */
typedef struct gen_buf {
  char *data;
  size_t len, cap;
} gen_buf;

void gen_buf_puts(gen_buf *b, const char *s);
void gen_buf_putc(gen_buf *b, char c);
void gen_buf_printf(gen_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void gen_buf_free(gen_buf *b);
/* The buffer's string ("" if empty), owned by the caller; the buffer is left empty. */
char *gen_buf_take(gen_buf *b);

/* Shortest "%g" spelling of d that reads back as the same double ("0.1", "1e-05", "nan", "-inf"). */
void gen_format_double(double d, char out[40]);
/* As gen_format_double, but always recognisable as floating point in C ("2.0", "1e-05"). */
void gen_format_c_double(double d, char out[40]);

/* s as a C string literal, quotes included. */
void gen_buf_c_string(gen_buf *b, const char *s);
/* s as a JSON string, quotes included. */
void gen_buf_json_string(gen_buf *b, const char *s);
/* s as a double-quoted string literal valid in Python, Java and C#. */
void gen_buf_quoted(gen_buf *b, const char *s);

/* Write content to path unless the file already holds exactly that (keeps its
 * mtime so build tools see nothing changed). Returns 0, or -1 after printing why. */
int gen_write_if_changed(const char *path, const char *content, size_t len);
/* Whole file into a NUL-terminated buffer; NULL if it cannot be read. */
char *gen_read_file(const char *path, size_t *len);

int gen_strcmp_ptr(const void *a, const void *b); /* qsort over char * */

#endif
