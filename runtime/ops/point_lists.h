/* Point lists drawn into images (pointlist_to_labelled_spots,
 * write_values_to_positions): a column per point, rows x[, y[, z]], maybe a
 * value row after them. The list is read on the host to size and check the
 * output; the drawing runs on the device (kernels/point_lists.cl). */
#ifndef CESPERANTO_POINT_LISTS_H
#define CESPERANTO_POINT_LISTS_H

#include <stddef.h>

#include "cesperanto/cle.h"

/* The extent of the first ndim rows of list (name: its argument name in
 * messages): size[k] = 1 + the largest coordinate of row k truncated toward
 * zero (1 for k >= ndim). A coordinate below 0 after truncation, NaN, or
 * above INT_MAX - 1 is an error. 0, or -1 with the error set. */
int cle_point_list_extent(cle_array *list, const char *name, int ndim, size_t size[3]);

/* The output of a drawing op: when *out is NULL a new zeroed image of dtype,
 * ndim and size; else the caller's, which must hold size (its dtype was
 * checked by the wrapper), zeroed when zero is set. 0, or -1 with the error
 * set (*out untouched on failure). */
int cle_point_list_output(cle_array *list, const char *out_name, cle_array **out, cle_dtype dtype, int ndim,
                          const size_t size[3], int zero);

/* Draw the points of list (rows 0..ndim-1 their coordinates) into dst, the
 * last point on a pixel winning: each gets row ndim of list (values) or its
 * label, column + 1. 0, or -1 with the error set. */
int cle_point_list_draw(cle_array *list, int ndim, cle_array *dst, int values);

#endif
