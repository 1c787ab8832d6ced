/* cle_tiled_check_params (tiled_global.h): a tiled call's numeric params
 * against the spec's bounds, with the op's own words, before any tile: a bad
 * param is the op's error, not a strange halo, and the global algorithms
 * that never pass the params to the op itself are checked too. */
#include <math.h>

#include "tiled/tiled_global.h"

static bool numeric(cle_value_type t)
{
  return t == CLE_TYPE_FLOAT || t == CLE_TYPE_INT;
}

int cle_tiled_check_params(const cle_op_desc *op, const cle_value *params)
{
  for (int i = 0; i < op->n_params; i++) {
    const cle_param_desc *p = &op->params[i];
    const double v = params[i].number;
    /* a value of another type is the op's (or cle_op_halo's) to refuse */
    if (!numeric(p->type) || !numeric(params[i].type) || (!p->has_min && !p->has_max) ||
        (p->optional && v == (double)CLE_NONE))
      continue;
    if (p->type == CLE_TYPE_FLOAT && !isfinite(v))
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s must be finite, got %g", op->name, p->name, v);
    if (p->has_min && p->has_max && (v < p->min || v > p->max))
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s must be in [%g, %g], got %g", op->name, p->name, p->min,
                           p->max, v);
    if (p->has_min && v < p->min)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s must be >= %g, got %g", op->name, p->name, p->min, v);
    if (p->has_max && v > p->max)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s must be <= %g, got %g", op->name, p->name, p->max, v);
  }
  return 0;
}
