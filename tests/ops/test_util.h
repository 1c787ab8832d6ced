/* Helpers of the op tests: deterministic input images, the bundled sample
 * data, device <-> host images and comparisons that explain what differed. */
#ifndef CESPERANTO_TEST_UTIL_H
#define CESPERANTO_TEST_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "cesperanto/cle.h"
#include "reference.h"

/* splitmix64: a small fixed PRNG, so inputs are the same on every machine. */
typedef struct test_rng {
  uint64_t state;
} test_rng;
void test_rng_seed(test_rng *rng, const char *text, uint64_t salt);
uint64_t test_rng_next(test_rng *rng);

/* Fill img with a spec fill rule: "random" (uniform over the dtype's range,
 * float32 in [0, 1)), "binary" (0/1, about half set), "sparse" (0/1, about
 * 1 in 5 set), "zeros", "special" (NaN, infinities, signed zeros, subnormals, extremes,
 * halves and the integer limits among signed random values), "labels" (blocks of
 * one label in 0..23), "coordinates" (whole numbers in 0..15: point lists). Returns 0, or
 * -1 for an unknown rule. */
int test_fill(ref_image *img, const char *fill, test_rng *rng);
/* Read data/NAME (a TIFF) converted to dtype. Returns 0 or -1 (message printed). */
int test_load_data(const char *name, cle_dtype dtype, ref_image *out);

/* Push a host image (keeping its ndim). NULL with the error set on failure. */
cle_array *test_push(cle_device *dev, const ref_image *img);
/* Pull an array into a new host image. Returns 0 or -1 (message printed). */
int test_pull(const cle_array *arr, ref_image *out);

/* Compare got against want: dtype, shape, then values exactly (bitwise for
 * float, NaN equal to NaN) or within tolerance (max absolute difference).
 * Writes the largest difference to *max_diff and a description of the first
 * problem to why[size]. Returns true when they match. */
bool test_compare(const ref_image *got, const ref_image *want, bool exact, double tolerance, double *max_diff,
                  char *why, size_t size);
/* Scalars: exact (same double, or both NaN) or within tolerance. */
bool test_compare_scalar(double got, double want, bool exact, double tolerance);

#endif
