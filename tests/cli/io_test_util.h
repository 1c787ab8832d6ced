/* Small helpers shared by the I/O, pipeline and CLI tests. */
#ifndef CESPERANTO_IO_TEST_UTIL_H
#define CESPERANTO_IO_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cesperanto/cle.h"

extern int tu_failures;

/* Record a failed check with its location; tests keep going and exit 1 at the end. */
#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      tu_failures++;                                                           \
      fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                            \
      fprintf(stderr, "\n");                                                   \
    }                                                                          \
  } while (0)

/* A fresh scratch folder under $TMPDIR (or /tmp); removed by tu_remove_tree. */
char *tu_make_temp_dir(const char *tag);
void tu_remove_tree(const char *dir);
/* dir + "/" + name in a static rotating buffer (valid for a few calls). */
const char *tu_path(const char *dir, const char *name);
bool tu_file_exists(const char *path);
/* Number of entries in dir whose name contains part. */
int tu_count_entries(const char *dir, const char *part);
/* Write bytes to a file; returns 0 or -1. */
int tu_write_file(const char *path, const void *data, size_t n);
/* Read a whole file (malloc'ed, NUL-terminated); NULL on failure. */
char *tu_read_file(const char *path, size_t *n);

/* Run fn(arg) with stderr redirected to a file; returns what it printed (malloc'ed). */
char *tu_capture_stderr(void (*fn)(void *), void *arg);

/* Seconds on a monotonic clock. */
double tu_now(void);

/* Deterministic pseudo-random bits (xorshift). */
uint32_t tu_rand(uint32_t *state);

#endif
