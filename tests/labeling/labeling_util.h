/* Helpers of the labeling tests: a fixed PRNG, host images, device round
 * trips, exact comparisons that say where they differ, and a clock. */
#ifndef CESPERANTO_LABELING_UTIL_H
#define CESPERANTO_LABELING_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cesperanto/cesperanto.h"
#include "reference.h"

/* Failures are counted, printed with their line, and make main return 1. */
extern int lt_failures;
#define LT_CHECK(cond, ...)                                   \
  do {                                                        \
    if (!(cond)) {                                            \
      lt_failures++;                                          \
      fprintf(stderr, "%s:%d: FAILED: ", __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                           \
      fprintf(stderr, "\n");                                  \
    }                                                         \
  } while (0)

/* splitmix64, seeded by the caller: the same images on every machine. */
uint64_t lt_random(uint64_t *state);
/* Uniform in [0, 1). */
double lt_uniform(uint64_t *state);

/* A zeroed host image of ndim 1..3 and numpy-ordered shape; exits on OOM. */
ref_image lt_image(cle_dtype dtype, int ndim, const size_t *shape);
/* Pixel i of a 3D index into img: x + width * (y + height * z). */
size_t lt_index(const ref_image *img, size_t x, size_t y, size_t z);

cle_array *lt_push(cle_device *dev, const ref_image *img);
/* The array pulled into a new host image with its dtype and ndim; false (and a failure counted) on error. */
bool lt_pull(const cle_array *arr, ref_image *out);

/* The op's CPU reference by name, on one input with the given params. */
bool lt_reference(const char *op, const ref_image *src, const cle_value *params, ref_image *out);

/* got == want value by value (as doubles) with the same shape; on a
 * difference prints what and where (with the case name) and counts a failure. */
bool lt_same(const char *what, const ref_image *got, const ref_image *want);

/* Largest value of an image (the object count of a label image). */
double lt_max(const ref_image *img);

double lt_seconds(void);

/* The error message contains part (and an error is set): counted otherwise. */
#define LT_EXPECT_ERROR(call_ok, part)                                                                             \
  do {                                                                                                             \
    bool ok_ = (call_ok);                                                                                          \
    LT_CHECK(!ok_ && strstr(cle_last_error_message(), (part)) != NULL, "expected an error with '%s', got %s '%s'", \
             (part), ok_ ? "success" : "error", cle_last_error_message());                                         \
  } while (0)

#endif
