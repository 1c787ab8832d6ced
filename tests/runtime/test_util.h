/* Tiny assertion helpers for the runtime tests: each failed check prints
 * what differed and the test exits non-zero at the end. */
#ifndef CESPERANTO_TEST_UTIL_H
#define CESPERANTO_TEST_UTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cesperanto/cle.h"

static int test_failures;

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                            \
      fprintf(stderr, "\n");                                                   \
      test_failures++;                                                         \
    }                                                                          \
  } while (0)

/* A call that must succeed; prints the library's error otherwise. */
#define CHECK_OK(cond) \
  CHECK(cond, "unexpected failure: [%s] %s", cle_error_name(cle_last_error()), cle_last_error_message())

static inline void expect_error_at(const char *file, int line, const char *what, cle_error code, const char *substring)
{
  const char *msg = cle_last_error_message();
  if (cle_last_error() != code || !strstr(msg, substring)) {
    fprintf(stderr, "%s:%d: %s: expected error [%s] containing \"%s\", got [%s] \"%s\"\n", file, line, what,
            cle_error_name(code), substring, cle_error_name(cle_last_error()), msg);
    test_failures++;
  }
  cle_clear_error();
}

/* The call must fail (its result test is `failed`) with code and a message containing substring. */
#define EXPECT_ERROR(failed, code, substring)                                                              \
  do {                                                                                                     \
    cle_clear_error();                                                                                     \
    int failed_ = (failed);                                                                                \
    if (!failed_) {                                                                                        \
      fprintf(stderr, "%s:%d: %s: expected a failure, the call succeeded\n", __FILE__, __LINE__, #failed); \
      test_failures++;                                                                                     \
      cle_clear_error();                                                                                   \
    } else {                                                                                               \
      expect_error_at(__FILE__, __LINE__, #failed, code, substring);                                       \
    }                                                                                                      \
  } while (0)

/* End of a test: every array released, and the verdict. */
static inline int test_finish(const char *name)
{
  long live = cle_live_array_count();
  if (live != 0) {
    fprintf(stderr, "%s: %ld arrays still alive at the end\n", name, live);
    test_failures++;
  }
  if (test_failures)
    fprintf(stderr, "%s: %d check(s) failed\n", name, test_failures);
  else
    printf("%s: all checks passed\n", name);
  return test_failures ? 1 : 0;
}

/* Deterministic pseudo-random bytes (xorshift), independent of the library. */
static inline void fill_random_bytes(void *buf, size_t n, unsigned seed)
{
  unsigned long long s = 0x9e3779b97f4a7c15ull ^ seed;
  unsigned char *p = buf;
  for (size_t i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    p[i] = (unsigned char)(s >> 24);
  }
}

#endif
