/* The differential layer of the spec tests: every test of an op that
 * pyclesperanto 0.25.1 also has is compared with pyclesperanto's result on
 * the same inputs, recorded once (scripts/record-upstream.py, on pocl) into
 * tests/upstream/OP.golden, so CI compares without running pyclesperanto.
 *
 * A golden file holds, per spec test, the test's key -- a SHA-256 of the op,
 * pyclesperanto's name, the tag, every param and every input's dtype, shape
 * and bytes -- and pyclesperanto's result: a number, or an array's dtype,
 * shape and SHA-256 (plus its bytes, deflated, where a tolerance or a
 * readable difference needs them), or the error it raised. A key that does
 * not match the spec test's is stale: the spec test changed since the
 * recording, and the check fails until it is recorded again.
 *
 *   OP.golden, one line each:
 *     # comment
 *     test TAG KEY
 *     scalar VALUE                        (%.17g, or nan / inf / -inf)
 *     array DTYPE Z,Y,X SHA256 [DATA]     (DATA: base64 of the zlib-deflated bytes)
 *     error MESSAGE                       (pyclesperanto raised)
 *     written NAME                        (then the array or error line of input NAME after
 *                                          the call: an input the op writes, spec: written)
 */
#ifndef CESPERANTO_UPSTREAM_H
#define CESPERANTO_UPSTREAM_H

#include <stdbool.h>
#include <stddef.h>

#include "reference.h"
#include "spec_tests.h"

#define UPSTREAM_KEY_SIZE 65 /* hex SHA-256 and its NUL */

typedef enum { UPSTREAM_SCALAR, UPSTREAM_ARRAY, UPSTREAM_ERROR } upstream_kind;

typedef struct upstream_result {
  char tag[128];
  char key[UPSTREAM_KEY_SIZE];
  upstream_kind kind;
  double scalar;
  cle_dtype dtype;
  int ndim;
  size_t shape[3]; /* numpy order, first ndim used */
  char sha256[UPSTREAM_KEY_SIZE];
  unsigned char *data; /* the array's bytes, NULL when only the hash was recorded */
  size_t nbytes;
  char *error;
  /* the inputs the op writes (spec: written), each with tag = the input's name */
  struct upstream_result *written;
  int n_written;
} upstream_result;

typedef struct upstream_file {
  char path[512];
  bool missing;
  upstream_result *results;
  int n_results;
} upstream_file;

/* The folder of the golden files: $CLE_UPSTREAM_DIR, else the build's default. */
const char *upstream_dir(void);
/* Read OP.golden; missing is set when there is no file (not an error). 0, or -1 with why. */
int upstream_load(const char *op, upstream_file *file, char *why, size_t size);
void upstream_free(upstream_file *file);
const upstream_result *upstream_find(const upstream_file *file, const char *tag);
/* The recorded pixels of written input name after pyclesperanto's call (NULL if none). */
const upstream_result *upstream_written(const upstream_result *r, const char *name);

/* The key of a spec test over its host inputs (see above). */
void upstream_key(const cle_spec_test *t, const ref_image *inputs, char key[UPSTREAM_KEY_SIZE]);

/* Compare our result (got, or got_scalar for scalar ops) with pyclesperanto's,
 * as the test asks: equal dtype and shape, then values exactly or within the
 * tolerance; a test that declares a deliberate difference must differ.
 * Returns true when that holds; why says what was found either way. */
bool upstream_compare(const cle_spec_test *t, const upstream_result *r, const ref_image *got, double got_scalar,
                      bool scalar_op, char *why, size_t size);

/* Write a host image as a .npy file (numpy's format 1.0, little-endian). 0 or -1. */
int upstream_write_npy(const char *path, const ref_image *img);

#endif
