/* cle_warmup (cle_registry.h): fill the program caches ahead of time by
 * running ops once on small zero images of each requested dtype, in 2D and
 * in 3D (a program depends on its arrays' dtypes and dimensionality, never
 * on their sizes), with the params' defaults, and again with every float
 * param whose default is 0 set to 1 where 1 is allowed (a sigma or radius
 * of 0 is often the identity, which builds nothing). A call an op refuses (a
 * param without a default, an input dtype it does not take, zeros it
 * cannot use) is skipped: warming up is best effort, and the ops a user
 * then runs with other params may still build a program of their own. */
#include <stdlib.h>
#include <string.h>

#include "cesperanto/cle_registry.h"
#include "cesperanto/cle_statistics.h"
#include "cle_private.h"

enum { WARM_MAX_PARAMS = 64, WARM_MAX_INPUTS = 8, WARM_MAX_NAMES = 512 };

static void release_result(const cle_op_desc *op, cle_op_result *out)
{
  cle_release(out->array);
  for (int k = 0; k < out->n_arrays; k++)
    cle_release(out->arrays[k]);
  if (op->output_kind == CLE_OUTPUT_TABLE)
    cle_statistics_free(out->table);
}

/* Whether param p defaults to 0.0 and takes 1.0. */
static int zero_to_one(const cle_param_desc *p)
{
  return p->type == CLE_TYPE_FLOAT && p->has_default && p->default_value.number == 0.0 &&
         (!p->has_min || p->min <= 1.0) && (!p->has_max || p->max >= 1.0);
}

/* One call of op on zero images of dtype and ndim dimensions (ones: float params that
 * default to 0 are 1); 1 if it ran, 0 if skipped. */
static int warm_call(cle_device *dev, const cle_op_desc *op, cle_dtype dtype, int ndim, int ones)
{
  cle_value params[WARM_MAX_PARAMS];
  cle_array *inputs[WARM_MAX_INPUTS] = {0};
  if (op->n_params > WARM_MAX_PARAMS || op->n_inputs > WARM_MAX_INPUTS)
    return 0;
  for (int p = 0; p < op->n_params; p++) {
    if (!op->params[p].has_default)
      return 0;
    params[p] = op->params[p].default_value;
    if (ones && zero_to_one(&op->params[p]))
      params[p].number = 1.0;
  }
  for (int i = 0; i < op->n_inputs; i++)
    if (!(op->inputs[i].dtype_mask & (1u << dtype)))
      return 0;
  int ok = 1;
  for (int i = 0; i < op->n_inputs && ok; i++) {
    inputs[i] = ndim == 2 ? cle_create(dev, dtype, 16, 16, 1) : cle_create(dev, dtype, 8, 8, 8);
    ok = inputs[i] && cle_array_fill(inputs[i], 0) == 0;
  }
  cle_op_result out = {.array = NULL, .scalar = 0, .table = NULL};
  ok = ok && op->invoke(inputs, NULL, params, &out) == 0;
  release_result(op, &out);
  for (int i = 0; i < op->n_inputs; i++)
    cle_release(inputs[i]);
  cle_clear_error();
  return ok;
}

/* Splits a comma-separated list in place into names[]; returns the count, or -1 for too many. */
static int split(char *list, char **names)
{
  int n = 0;
  char *save = NULL;
  for (char *tok = strtok_r(list, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
    if (n == WARM_MAX_NAMES)
      return -1;
    names[n++] = tok;
  }
  return n;
}

long cle_warmup(cle_device *dev, const char *ops, const char *dtypes)
{
  if (!dev && !(dev = cle_device_default()))
    return -1;
  char *op_list = strdup(ops ? ops : ""), *dtype_list = strdup(dtypes && *dtypes ? dtypes : "float32");
  char *op_names[WARM_MAX_NAMES], *dtype_names[WARM_MAX_NAMES];
  long calls = -1;
  if (!op_list || !dtype_list) {
    cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "cle_warmup: out of host memory");
    goto done;
  }
  const int n_ops = split(op_list, op_names), n_dtypes = split(dtype_list, dtype_names);
  if (n_ops < 0 || n_dtypes < 0) {
    cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_warmup: at most %d names per list", WARM_MAX_NAMES);
    goto done;
  }
  unsigned mask = 0;
  for (int d = 0; d < n_dtypes; d++) {
    cle_dtype t;
    if (cle_dtype_from_name(dtype_names[d], &t) != 0) {
      cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_warmup: dtypes: unknown dtype '%s'", dtype_names[d]);
      goto done;
    }
    mask |= 1u << t;
  }
  const cle_op_desc *chosen[WARM_MAX_NAMES];
  for (int k = 0; k < n_ops; k++)
    if (!(chosen[k] = cle_op_find(op_names[k]))) {
      const char *near = cle_closest_op_name(op_names[k]);
      cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_warmup: ops: unknown op '%s'%s%s%s", op_names[k],
                    near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
      goto done;
    }
  const int total = n_ops ? n_ops : cle_op_count();
  calls = 0;
  cle_stand_in_suspend(1); /* build the ops' own programs, not the stand-ins a first call runs */
  for (int k = 0; k < total; k++) {
    const cle_op_desc *op = n_ops ? chosen[k] : cle_op_info(k);
    if (!op || op->n_inputs == 0) /* ops without inputs take their sizes from params: left out */
      continue;
    int ones = 0; /* a second call with the zero-default float params at 1 */
    for (int p = 0; p < op->n_params; p++)
      ones |= zero_to_one(&op->params[p]);
    for (int t = 0; t < CLE_DTYPE_COUNT; t++)
      if (mask & (1u << t))
        for (int ndim = 2; ndim <= 3; ndim++)
          for (int pass = 0; pass <= ones; pass++)
            calls += warm_call(dev, op, (cle_dtype)t, ndim, pass);
  }
  cle_stand_in_suspend(-1);
  cle_device_finish(dev);
  cle_clear_error();
done:
  free(op_list);
  free(dtype_list);
  return calls;
}
