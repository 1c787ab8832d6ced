/* Whole-image reductions over tiles: per-tile partials from the untiled
 * reduction (families/reduce_all.c, reduce_positions), merged on the host.
 *
 *   minimum/maximum_of_all_pixels: the extremes on the host's threads over
 *     the host image (cle_tiled_host_range: NaN skipped, as the untiled op
 *     skips it; no push, a comparison per pixel): exact.
 *   minimum_of_masked_pixels: fmin of the tiles' results (a tile without a
 *     pixel to count gives NaN, which fmin skips, as the untiled op skips
 *     NaN pixels): exact.
 *   array_equal: every tile equal (and the same ndim): exact.
 *   sum_of_all_pixels, mean_of_all_pixels: integer images: the tiles' sums
 *     (exact in the untiled op's 64-bit integers) added in int64: exact,
 *     the mean the same double division as untiled. Float images: the
 *     tiles' double sums added in tile order; the untiled op sums in a
 *     launch shape set by the pixel count, which tiles cannot follow, so the
 *     two agree to rounding (spec/README.md, "Tiled global ops").
 *   standard_deviation_of_all_pixels: per tile the sum and the squared
 *     deviations from the tile's mean (cle_reduce_all_moments), merged with
 *     Chan et al.'s pairwise update M2 = M2_a + M2_b + d^2 n_a n_b / n:
 *     agrees with untiled to rounding.
 *   mean_squared_error: per tile squared_difference (float32 per pixel, as
 *     untiled) summed (cle_reduce_all), the sums added, over n: to rounding. */
#include <math.h>
#include <stdint.h>

#include "cesperanto/cle_ops.h"
#include "cle_private.h"
#include "families/reduce_all.h"
#include "tiled/tiled_global.h"

enum merge { M_MIN, M_MAX, M_AND, M_SUM, M_MEAN, M_STD, M_MSE };

typedef struct acc {
  double n, value, m2;
  int64_t isum;
} acc;

/* One tile's partial into a. */
static int tile_partial(const cle_tiled_call *call, enum merge how, const cle_box *box, acc *a)
{
  const double n = (double)box->size[0] * (double)box->size[1] * (double)box->size[2];
  const int is_float = call->inputs[0]->dtype == CLE_FLOAT32;
  if (how == M_MIN || how == M_MAX || how == M_AND) { /* the op itself on the tile */
    cle_op_result res;
    if (cle_tiled_run_box(call, box, &res) != 0)
      return -1;
    a->value = how == M_MIN   ? fmin(a->value, res.scalar)
               : how == M_MAX ? fmax(a->value, res.scalar)
                              : (double)(a->value != 0 && res.scalar != 0);
    return 0;
  }
  cle_array *arr = cle_tiled_push_input(call, 0, box);
  if (!arr)
    return -1;
  double sum = NAN, m2 = 0;
  int rc = 0;
  if (how == M_STD) {
    rc = cle_reduce_all_moments(arr, &sum, &m2);
  } else if (how == M_MSE) {
    cle_array *other = cle_tiled_push_input(call, 1, box);
    cle_array *sq = other ? cle_squared_difference(arr, other, NULL) : NULL;
    rc = sq ? cle_reduce_all(sq, NULL, NULL, &sum) : -1;
    cle_release(other);
    cle_release(sq);
  } else {
    rc = cle_reduce_all(arr, NULL, NULL, &sum);
  }
  cle_release(arr);
  if (rc != 0)
    return -1;
  if (how == M_STD && a->n > 0) { /* Chan et al.: the two parts' deviations about the merged mean */
    const double d = sum / n - (is_float ? a->value : (double)a->isum) / a->n;
    a->m2 = a->m2 + m2 + d * d * (a->n * n / (a->n + n));
  } else if (how == M_STD) {
    a->m2 = m2;
  }
  if (is_float || how == M_MSE)
    a->value += sum;
  else
    a->isum += (int64_t)sum; /* a whole number: the untiled op's int64 sum */
  a->n += n;
  return 0;
}

static int reduce(const cle_tiled_call *call, cle_tiled_result *out, enum merge how)
{
  if (cle_tiled_check_params(call->op, call->params) != 0)
    return -1;
  if ((how == M_MIN || how == M_MAX) && call->op->n_inputs == 1) { /* no mask: on the host's threads */
    double lo, hi;
    cle_tiled_host_range(call->inputs[0], &lo, &hi);
    out->scalar = how == M_MIN ? lo : hi;
    return 0;
  }
  acc a = {.n = 0, .value = how == M_MIN || how == M_MAX ? NAN : how == M_AND ? 1 : 0, .m2 = 0, .isum = 0};
  if (how == M_AND && call->inputs[0]->ndim != call->inputs[1]->ndim) {
    out->scalar = 0; /* shapes differ in ndim: not equal, as untiled */
    return 0;
  }
  const size_t tiles = cle_tile_count(call->size, call->tile);
  for (size_t t = 0; t < tiles; t++) {
    cle_box box;
    cle_tile_at(call->size, call->tile, t, &box);
    if (tile_partial(call, how, &box, &a) != 0) {
      if (how != M_MIN && how != M_MAX && how != M_AND) /* the op's own calls name it already */
        cle_error_add_context(call->op->name);
      return -1;
    }
    if (how == M_AND && a.value == 0)
      break; /* one tile differs: not equal */
  }
  const int is_float = call->inputs[0]->dtype == CLE_FLOAT32 || how == M_MSE;
  const double sum = is_float ? a.value : (double)a.isum;
  switch (how) {
  case M_SUM: out->scalar = sum; break;
  case M_MEAN:
  case M_MSE: out->scalar = sum / a.n; break;
  case M_STD: {
    const int ddof = (int)call->params[0].number;
    out->scalar = a.n - ddof > 0 ? sqrt(a.m2 / (a.n - ddof)) : NAN;
    break;
  }
  default: out->scalar = a.value; break;
  }
  return 0;
}

int cle_tiled_minimum_of_all_pixels(const cle_tiled_call *call, cle_tiled_result *out)
{
  return reduce(call, out, M_MIN);
}

int cle_tiled_maximum_of_all_pixels(const cle_tiled_call *call, cle_tiled_result *out)
{
  return reduce(call, out, M_MAX);
}

int cle_tiled_array_equal(const cle_tiled_call *call, cle_tiled_result *out)
{
  return reduce(call, out, M_AND);
}

int cle_tiled_sum_of_all_pixels(const cle_tiled_call *call, cle_tiled_result *out)
{
  return reduce(call, out, M_SUM);
}

int cle_tiled_mean_of_all_pixels(const cle_tiled_call *call, cle_tiled_result *out)
{
  return reduce(call, out, M_MEAN);
}

int cle_tiled_standard_deviation_of_all_pixels(const cle_tiled_call *call, cle_tiled_result *out)
{
  return reduce(call, out, M_STD);
}

int cle_tiled_mean_squared_error(const cle_tiled_call *call, cle_tiled_result *out)
{
  return reduce(call, out, M_MSE);
}
