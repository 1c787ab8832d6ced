/* The checks cle-gen generates, for every op in the registry, with no test
 * data: NULL inputs rejected; each range bound rejected just outside and
 * accepted at the bound; NaN rejected where a float is bounded; strings
 * outside their choices rejected and each choice accepted; an unsupported
 * input dtype rejected; a given output of the wrong shape or dtype
 * rejected, a right one filled and returned; mistyped values through the
 * registry rejected; the registry's lookups. Messages are compared in full,
 * built from the registry's own data (op, argument and value), so a change
 * in any generated check shows here. Nothing may leak. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cesperanto/cesperanto.h"

static int failures;
static const char *current_op = "";

#define CHECK(cond, ...)                                            \
  do {                                                              \
    if (!(cond)) {                                                  \
      failures++;                                                   \
      fprintf(stderr, "FAIL %s (line %d): ", current_op, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                                 \
      fputc('\n', stderr);                                          \
    }                                                               \
  } while (0)

static cle_device *dev;
/* The inputs' width: 7, or 8 for ifft, whose input is a spectrum of (real, imaginary) pairs. */
static size_t input_width = 7;

/* Ops that refuse a 2D image (a stack of planes is what they work on): their inputs are 7 x 5 x 3. */
static bool needs_stack(const char *op)
{
  return !strcmp(op, "deskew_x") || !strcmp(op, "deskew_y");
}

/* Ops whose input is a point list drawn into an image: its rows (x, y, z and a value row) are the input's height,
 * and a given output may be larger than the points need. 0 for the other ops. */
static size_t point_list_rows(const char *op)
{
  return !strcmp(op, "pointlist_to_labelled_spots") ? 3 : !strcmp(op, "write_values_to_positions") ? 4 : 0;
}

/* A small valid input: 2D 7 x 5 (odd sizes; depth 3 for needs_stack ops; height 3 or 4 for point lists), the first
 * accepted of float32, uint8, others. */
static cle_array *make_input(unsigned mask, size_t depth)
{
  static const cle_dtype preference[] = {CLE_FLOAT32, CLE_UINT8,  CLE_UINT16, CLE_INT16,
                                         CLE_INT32,   CLE_UINT32, CLE_INT8};
  for (size_t i = 0; i < sizeof preference / sizeof *preference; i++)
    if (mask & (1u << preference[i])) {
      const size_t rows = point_list_rows(current_op);
      cle_array *a = cle_create(dev, preference[i], input_width, rows ? rows : 5, depth);
      if (a)
        cle_array_fill(a, 1);
      return a;
    }
  return NULL;
}

/* A valid value for each param: its default, else its min, else 1. An op without inputs makes the smallest image:
 * its int params with a min (its sizes) take the min, so that every other param is valid at its bounds too
 * (artificial_tissue's grid spacing of 0 is valid along an axis of size 1 only). */
static void default_params(const cle_op_desc *op, cle_value *params)
{
  for (int i = 0; i < op->n_params; i++) {
    const cle_param_desc *p = &op->params[i];
    if (op->n_inputs == 0 && p->type == CLE_TYPE_INT && p->has_min) {
      params[i] = (cle_value){.type = p->type, .number = p->min};
    } else if (p->has_default) {
      params[i] = p->default_value;
    } else {
      params[i] = (cle_value){.type = p->type, .number = p->has_min ? p->min : 1};
      if (p->type == CLE_TYPE_STRING)
        params[i].string = p->choices[0];
    }
  }
}

/* Ops whose two inputs must fit each other get fitting ones in place of the 7 x 5 images: a vector of 5 values and
 * its 5 x 5 touch matrix (the *_of_touching_neighbors ops), or a 5 x 7 right matrix (multiply_matrix: (5, 7) @
 * (7, 5)). */
static void fit_inputs(const char *op, cle_array **inputs)
{
  const size_t len = strlen(op), suffix = strlen("_of_touching_neighbors");
  const bool vector_matrix = len > suffix && !strcmp(op + len - suffix, "_of_touching_neighbors");
  if (!vector_matrix && strcmp(op, "multiply_matrix") != 0)
    return;
  const cle_dtype d0 = cle_array_dtype(inputs[0]), d1 = cle_array_dtype(inputs[1]);
  cle_release(inputs[1]);
  inputs[1] = cle_create(dev, d1, 5, vector_matrix ? 5 : 7, 1);
  cle_array_fill(inputs[1], 1);
  if (vector_matrix) {
    cle_release(inputs[0]);
    inputs[0] = cle_create(dev, d0, 5, 1, 1);
    cle_array_fill(inputs[0], 1);
  }
}

/* Call through the registry; returns 0 on success and releases what it gave. */
static int call(const cle_op_desc *op, cle_array **inputs, cle_array *dst, const cle_value *params)
{
  cle_op_result out;
  int rc = op->invoke(inputs, dst, params, &out);
  if (rc == 0 && op->output_kind == CLE_OUTPUT_TABLE) {
    CHECK(out.table != NULL && out.array == NULL, "success without a table");
    cle_statistics_free(out.table);
  } else if (rc == 0 && op->output_kind == CLE_OUTPUT_ARRAYS) { /* several outputs: each one made (these are 2D) */
    CHECK(out.array == NULL && out.n_arrays == op->n_outputs, "several outputs: %d arrays for %d outputs", out.n_arrays,
          op->n_outputs);
    for (int k = 0; k < out.n_arrays && k < CLE_MAX_OUTPUTS; k++) {
      CHECK((out.arrays[k] != NULL) == !op->outputs[k].only_3d, "output %s %s", op->outputs[k].name,
            op->outputs[k].only_3d ? "made for a 2D input" : "missing");
      cle_release(out.arrays[k]);
    }
  } else if (rc == 0 && op->output_kind != CLE_OUTPUT_SCALAR) {
    CHECK(out.array != NULL, "success without an array");
    if (dst)
      CHECK(out.array == dst, "a given dst must be returned");
    cle_release(out.array);
  }
  if (rc == 0 && op->output_kind == CLE_OUTPUT_SCALAR)
    CHECK(cle_last_error() == CLE_OK, "scalar success with an error set");
  return rc;
}

static void expect_error(int rc, const char *expected)
{
  CHECK(rc != 0, "expected failure: %s", expected);
  CHECK(cle_last_error() == CLE_ERROR_INVALID_ARGUMENT, "error code %d, expected invalid argument (%s)",
        (int)cle_last_error(), expected);
  CHECK(!strcmp(cle_last_error_message(), expected), "message\n  got:      %s\n  expected: %s",
        cle_last_error_message(), expected);
}

static void expect_ok(int rc, const char *what)
{
  CHECK(rc == 0, "%s must be accepted, failed with: %s", what, cle_last_error_message());
}

static const char *dtype_list(unsigned mask, char *buf, size_t size)
{
  buf[0] = '\0';
  for (int d = 0; d < CLE_DTYPE_COUNT; d++)
    if (mask & (1u << d))
      snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? ", " : "", cle_dtype_name((cle_dtype)d));
  return buf;
}

static void check_ranges(const cle_op_desc *op, cle_array **inputs, cle_value *params)
{
  char msg[512];
  for (int i = 0; i < op->n_params; i++) {
    const cle_param_desc *p = &op->params[i];
    cle_value keep = params[i];
    bool is_float = p->type == CLE_TYPE_FLOAT;
    if (p->type == CLE_TYPE_FLOAT || p->type == CLE_TYPE_INT) {
      for (int side = 0; side < 2; side++) {
        bool has = side ? p->has_max : p->has_min;
        if (!has)
          continue;
        double bound = side ? p->max : p->min;
        double outside = is_float ? nextafterf((float)bound, side ? INFINITY : -INFINITY) : bound + (side ? 1 : -1);
        params[i].number = outside;
        int rc = call(op, inputs, NULL, params);
        /* The message's range wording comes from the spec text; check its stable parts. */
        snprintf(msg, sizeof msg, "%s: %s must be ", op->name, p->name);
        CHECK(rc != 0 && cle_last_error() == CLE_ERROR_INVALID_ARGUMENT &&
                  !strncmp(cle_last_error_message(), msg, strlen(msg)),
              "%s = %.9g (just outside) must be rejected naming it, got: %s", p->name, outside,
              rc ? cle_last_error_message() : "success");
        char got[64];
        if (is_float)
          snprintf(got, sizeof got, ", got %g", outside);
        else
          snprintf(got, sizeof got, ", got %d", (int)outside);
        const char *m = cle_last_error_message();
        CHECK(rc != 0 && strlen(m) >= strlen(got) && !strcmp(m + strlen(m) - strlen(got), got),
              "message must end with '%s': %s", got, m);
        params[i].number = bound;
        expect_ok(call(op, inputs, NULL, params), "a param at its bound");
      }
      if (is_float && (p->has_min || p->has_max)) {
        params[i].number = NAN;
        snprintf(msg, sizeof msg, "%s: %s must be finite, got nan", op->name, p->name);
        expect_error(call(op, inputs, NULL, params), msg);
      }
      if (p->type == CLE_TYPE_INT) {
        params[i].number = 1.5;
        snprintf(msg, sizeof msg, "%s: %s must be an int, got 1.5", op->name, p->name);
        expect_error(call(op, inputs, NULL, params), msg);
      }
      /* A string where a number belongs. */
      params[i] = (cle_value){.type = CLE_TYPE_STRING, .string = "1"};
      snprintf(msg, sizeof msg, "%s: %s must be %s, got a value of type string", op->name, p->name,
               is_float ? "a float" : "an int");
      expect_error(call(op, inputs, NULL, params), msg);
    } else if (p->type == CLE_TYPE_STRING) {
      params[i].string = "not_a_choice";
      int n = snprintf(msg, sizeof msg, "%s: %s must be one of ", op->name, p->name);
      for (int c = 0; c < p->n_choices; c++)
        n += snprintf(msg + n, sizeof msg - (size_t)n, "%s'%s'", c ? ", " : "", p->choices[c]);
      for (int a = 0; a < p->n_choice_aliases; a++)
        n += snprintf(msg + n, sizeof msg - (size_t)n, "%s'%s' for '%s'", a ? ", " : " (or ", p->choice_aliases[a],
                      p->choices[p->choice_alias_targets[a]]);
      if (p->n_choice_aliases)
        n += snprintf(msg + n, sizeof msg - (size_t)n, ")");
      snprintf(msg + n, sizeof msg - (size_t)n, ", got 'not_a_choice'");
      expect_error(call(op, inputs, NULL, params), msg);
      for (int c = 0; c < p->n_choices; c++) {
        params[i].string = p->choices[c];
        expect_ok(call(op, inputs, NULL, params), p->choices[c]);
      }
      for (int a = 0; a < p->n_choice_aliases; a++) { /* the other spellings are accepted too */
        params[i].string = p->choice_aliases[a];
        expect_ok(call(op, inputs, NULL, params), p->choice_aliases[a]);
      }
    } else if (p->type == CLE_TYPE_BOOL) {
      params[i] = (cle_value){.type = CLE_TYPE_FLOAT, .number = 1};
      snprintf(msg, sizeof msg, "%s: %s must be a bool, got a value of type float", op->name, p->name);
      expect_error(call(op, inputs, NULL, params), msg);
    }
    params[i] = keep;
  }
}

static void check_op(const cle_op_desc *op)
{
  char msg[512], list[128];
  cle_array *inputs[8] = {0};
  cle_value params[32];
  CHECK(op->n_inputs >= 0 && op->n_inputs <= 8 && op->n_params <= 32, "unexpected arity");
  default_params(op, params);
  input_width = strcmp(op->name, "ifft") ? 7 : 8;

  /* NULL inputs, in order. */
  for (int i = 0; i < op->n_inputs; i++)
    inputs[i] = make_input(op->inputs[i].dtype_mask, needs_stack(op->name) ? 3 : 1);
  fit_inputs(op->name, inputs);
  for (int i = 0; i < op->n_inputs; i++) {
    cle_array *keep = inputs[i];
    inputs[i] = NULL;
    snprintf(msg, sizeof msg, "%s: %s must not be NULL", op->name, op->inputs[i].name);
    if (op->inputs[i].optional) /* NULL is a value: the op runs without it */
      expect_ok(call(op, inputs, NULL, params), "an optional input left out (NULL)");
    else
      expect_error(call(op, inputs, NULL, params), msg);
    inputs[i] = keep;
  }

  /* Defaults on a small image work. */
  expect_ok(call(op, inputs, NULL, params), "the defaults on a 7 x 5 image");
  check_ranges(op, inputs, params);

  /* An unsupported dtype for each restricted input. */
  for (int i = 0; i < op->n_inputs; i++) {
    unsigned mask = op->inputs[i].dtype_mask;
    if (mask == (1u << CLE_DTYPE_COUNT) - 1)
      continue;
    int bad = 0;
    while (mask & (1u << bad))
      bad++;
    cle_array *keep = inputs[i];
    inputs[i] = cle_create(dev, (cle_dtype)bad, input_width, 5, 1);
    snprintf(msg, sizeof msg, "%s: %s has dtype %s, expected one of: %s", op->name, op->inputs[i].name,
             cle_dtype_name((cle_dtype)bad), dtype_list(mask, list, sizeof list));
    expect_error(call(op, inputs, NULL, params), msg);
    cle_release(inputs[i]);
    inputs[i] = keep;
  }

  if (op->output_kind == CLE_OUTPUT_ARRAY) {
    cle_op_result made;
    if (op->invoke(inputs, NULL, params, &made) == 0) {
      size_t w = cle_array_width(made.array), h = cle_array_height(made.array), d = cle_array_depth(made.array);
      cle_dtype dt = cle_array_dtype(made.array);
      /* The right shape and dtype: filled and returned. */
      cle_array *dst = cle_create(dev, dt, w, h, d);
      expect_ok(call(op, inputs, dst, params), "a dst of the right shape");
      cle_release(dst);
      /* One wider: rejected, both shapes named (ifft takes the odd width too: two wider, its own message). */
      const size_t wider = strcmp(op->name, "ifft") ? 1 : 2;
      dst = cle_create(dev, dt, w + wider, h, d);
      char got[64], want[64];
      int nd = cle_array_ndim(made.array);
      if (nd == 1) {
        snprintf(want, sizeof want, "(%zu)", w);
        snprintf(got, sizeof got, "(%zu)", w + wider);
      } else if (nd == 2) {
        snprintf(want, sizeof want, "(%zu, %zu)", h, w);
        snprintf(got, sizeof got, "(%zu, %zu)", h, w + wider);
      } else {
        snprintf(want, sizeof want, "(%zu, %zu, %zu)", d, h, w);
        snprintf(got, sizeof got, "(%zu, %zu, %zu)", d, h, w + wider);
      }
      if (cle_array_ndim(dst) != nd) /* cle_create picks ndim from the sizes */
        snprintf(got, sizeof got, "(%zu)", w + wider);
      snprintf(msg, sizeof msg, "%s: %s has shape %s, expected %s", op->name, op->output_name, got, want);
      if (wider == 2) /* ifft (nd 2 here) */
        snprintf(msg, sizeof msg,
                 "ifft: output_image has shape %s, expected %s or (%zu, %zu): a spectrum of width %zu belongs to a "
                 "real image of width %zu or %zu",
                 got, want, h, w + 1, input_width, w, w + 1);
      if (point_list_rows(op->name) || !strcmp(op->name, "paste")) /* holds the points too; paste: any output */
        expect_ok(call(op, inputs, dst, params), "a larger dst");
      else
        expect_error(call(op, inputs, dst, params), msg);
      cle_release(dst);
      cle_release(made.array);
    }
  } else {
    /* Scalar and inplace ops take no dst through the registry. */
    cle_array *dst = cle_create(dev, CLE_FLOAT32, 7, 5, 1);
    snprintf(msg, sizeof msg, "%s: %s, so dst must be NULL", op->name,
             op->output_kind == CLE_OUTPUT_SCALAR   ? "gives a number"
             : op->output_kind == CLE_OUTPUT_TABLE  ? "gives a table"
             : op->output_kind == CLE_OUTPUT_ARRAYS ? "gives several images, created by the op"
                                                    : "works in place on its input");
    expect_error(call(op, inputs, dst, params), msg);
    cle_release(dst);
  }

  cle_op_result out;
  CHECK(op->invoke(inputs, NULL, params, NULL) != 0 && cle_last_error() == CLE_ERROR_INVALID_ARGUMENT,
        "a NULL result pointer must be rejected");
  if (op->n_params) {
    snprintf(msg, sizeof msg, "%s: params must not be NULL", op->name);
    expect_error(op->invoke(inputs, NULL, NULL, &out), msg);
  }
  for (int i = 0; i < op->n_inputs; i++)
    cle_release(inputs[i]);
}

static void check_registry(void)
{
  current_op = "registry";
  int n = cle_op_count();
  CHECK(n >= 0, "negative count");
  for (int i = 0; i < n; i++) {
    const cle_op_desc *op = cle_op_info(i);
    CHECK(op && cle_op_find(op->name) == op, "cle_op_find(%s) must give entry %d", op ? op->name : "?", i);
    if (i > 0)
      CHECK(strcmp(cle_op_info(i - 1)->name, op->name) < 0, "not sorted at %d", i);
  }
  CHECK(cle_op_info(n) == NULL && cle_last_error() == CLE_ERROR_INVALID_ARGUMENT, "index past the end");
  char msg[128];
  snprintf(msg, sizeof msg, "cle_op_info: index must be in [0, %d), got -1", n);
  CHECK(cle_op_info(-1) == NULL && !strcmp(cle_last_error_message(), msg), "negative index: %s",
        cle_last_error_message());
  CHECK(cle_op_find("no_such_op") == NULL &&
            !strcmp(cle_last_error_message(), "cle_op_find: no operation named 'no_such_op'"),
        "unknown name: %s", cle_last_error_message());
  CHECK(cle_op_find(NULL) == NULL && !strcmp(cle_last_error_message(), "cle_op_find: name must not be NULL"),
        "NULL name");
}

int main(int argc, char **argv)
{
  dev = cle_device_default();
  if (!dev) {
    fprintf(stderr, "no OpenCL device: %s\n", cle_last_error_message());
    return 1;
  }
  long live = cle_live_array_count();
  check_registry();
  int checked = 0;
  for (int i = 0; i < cle_op_count(); i++) {
    const cle_op_desc *op = cle_op_info(i);
    if (argc > 1 && strcmp(argv[1], op->name) != 0)
      continue;
    current_op = op->name;
    int before = failures;
    check_op(op);
    checked++;
    printf("%-32s %s\n", op->name, failures == before ? "ok" : "FAILED");
  }
  current_op = "leaks";
  CHECK(cle_live_array_count() == live, "%ld arrays leaked", cle_live_array_count() - live);
  printf("%d ops checked, %d failure%s\n", checked, failures, failures == 1 ? "" : "s");
  return failures ? 1 : 0;
}
