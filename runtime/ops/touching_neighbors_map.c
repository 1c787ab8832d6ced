/* The *_of_touching_neighbors_map ops: generate_touch_matrix, the labels
 * within radius touches (powers of (I + A) by squaring, each product
 * multiply_matrix then greater_constant 0), read_map_values, the
 * *_of_touching_neighbors op, and replace_values, as clEsperanto composes
 * them (with neighbours of neighbours for radius > 1). */
#include "touching_neighbors_map.h"

#include <cesperanto/cle_ops.h>

#include "label_statistics.h"

/* (a @ b) > 0 as uint8; releases neither. */
static cle_array *reach_product(cle_array *a, cle_array *b)
{
  cle_array *product = cle_multiply_matrix(a, b, NULL);
  if (!product)
    return NULL;
  cle_array *binary = cle_greater_constant(product, NULL, 0);
  cle_release(product);
  return binary;
}

/* The matrix of the labels within radius touches of each other: (I + A)^radius > 0,
 * A the touch matrix (the background's row and column zeroed with ignore_background);
 * radius is capped at n - 1 (no shorter path is longer). */
static cle_array *within_radius(cle_array *labels, int radius, bool ignore_background)
{
  cle_array *touch = cle_generate_touch_matrix(labels, NULL);
  if (!touch)
    return NULL;
  cle_array *step = touch;
  if (ignore_background) {
    cle_array *r1 = cle_set_column(step, 0, 0);
    cle_array *r2 = r1 ? cle_set_row(step, 0, 0) : NULL;
    cle_release(r1);
    cle_release(r2);
    if (!r1 || !r2) {
      cle_release(step);
      return NULL;
    }
  }
  const size_t n = cle_array_width(touch);
  if (radius == 1 || n < 3)
    return step;
  /* the diagonal is never read by the *_of_touching_neighbors ops: set it to make I + A */
  cle_array *diag = cle_set_where_x_equals_y(step, 1);
  if (!diag) {
    cle_release(step);
    return NULL;
  }
  cle_release(diag);
  long e = radius < (long)n - 1 ? radius : (long)n - 1;
  cle_array *result = NULL, *base = step;
  while (e > 0 && base) {
    if (e & 1) {
      if (!result) {
        result = cle_retain(base);
      } else {
        cle_array *next = reach_product(result, base);
        cle_release(result);
        result = next;
        if (!result)
          break;
      }
    }
    e >>= 1;
    if (e > 0) {
      cle_array *next = reach_product(base, base);
      cle_release(base);
      base = next;
    }
  }
  cle_release(base);
  if (e > 0) {
    cle_release(result);
    return NULL;
  }
  return result;
}

int cle_touching_neighbors_map(cle_array *map, cle_array *labels, cle_array *output_image, int radius,
                               bool ignore_background, cle_touching_neighbors_op op)
{
  if (cle_label_same_shape(labels, "labels", map, "map") != 0)
    return -1;
  if (radius == 0) {
    cle_array *r = cle_copy(map, output_image);
    cle_release(r);
    return r ? 0 : -1;
  }
  cle_array *matrix = within_radius(labels, radius, ignore_background);
  cle_array *values = matrix ? cle_read_map_values(map, labels, NULL) : NULL;
  cle_array *new_values = values ? op(values, matrix, NULL) : NULL;
  cle_array *cleared = new_values ? cle_set_column(new_values, 0, 0) : NULL;
  cle_array *r = cleared ? cle_replace_values(labels, new_values, output_image) : NULL;
  cle_release(matrix);
  cle_release(values);
  cle_release(new_values);
  cle_release(cleared);
  cle_release(r);
  return r ? 0 : -1;
}
