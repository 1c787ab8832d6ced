/* cle_op_halo (cle_tiled.h): the op's footprint at the call's params, from
 * the function the generator writes into the registry (cle_op_desc.halo, the
 * spec's footprint expressions as C), checked: a global footprint, a value
 * of the wrong type, and a NaN, negative or huge halo are errors naming the op. */
#include <limits.h>
#include <math.h>

#include "cesperanto/cle_tiled.h"
#include "cle_private.h"

static const char *const axes[3] = {"x", "y", "z"};

int cle_op_halo(const cle_op_desc *op, const cle_value *params, size_t halo[3])
{
  if (!op || !halo)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_op_halo: op and halo must not be NULL");
  halo[0] = halo[1] = halo[2] = 0;
  if (op->footprint_global || !op->halo)
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "%s: its footprint is global (it needs the whole image)", op->name);
  if (op->n_params > 0 && !params)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: params must not be NULL", op->name);
  for (int i = 0; i < op->n_params; i++) {
    const cle_param_desc *p = &op->params[i];
    const cle_value_type t = params[i].type;
    const bool ok = p->type == CLE_TYPE_FLOAT                             ? t == CLE_TYPE_FLOAT || t == CLE_TYPE_INT
                    : p->type == CLE_TYPE_INT || p->type == CLE_TYPE_BOOL ? t == p->type
                                                                          : true; /* not read by footprints */
    if (!ok)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s must be %s, got a value of another type", op->name,
                           p->name,
                           p->type == CLE_TYPE_FLOAT ? "a float"
                           : p->type == CLE_TYPE_INT ? "an int"
                                                     : "a bool");
  }
  double h[3];
  op->halo(params, h);
  for (int a = 0; a < 3; a++) {
    if (isinf(h[a]) && h[a] > 0)
      return cle_set_error(CLE_ERROR_UNSUPPORTED, "%s: its footprint is global along %s (it needs the whole axis)",
                           op->name, axes[a]);
    if (!(h[a] >= 0) || h[a] > (double)INT_MAX)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                           "%s: its footprint along %s (%s) is %g at these params; it must be in [0, %d]", op->name,
                           axes[a], op->footprint[a], h[a], INT_MAX);
    /* a fractional footprint reads the pixels it touches */
    halo[a] = (size_t)ceil(h[a]);
  }
  return 0;
}
