/* Helpers of the label-processing ops (runtime/ops/label_util.c): label
 * growth steps, largest labels, and the table lookup that removes and
 * renumbers labels. Messages never name an op: the generated wrapper adds it. */
#ifndef CESPERANTO_LABEL_UTIL_H
#define CESPERANTO_LABEL_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "cle_private.h"

/* Grow the positive labels of *a into its zero pixels with steps of
 * kernels/onlyzero_overwrite_maximum.cl, ping-ponging between a and b (one
 * shape and dtype): every step box (alternate 0), or box, sphere, box, ...
 * (alternate 1). Stops after max_steps steps (< 0: no limit) or at the
 * first step that changes nothing (its result equals its input), as
 * clEsperanto's loops do; each step that runs changes a pixel from 0 to
 * positive, so there are at most as many as pixels. The flags are read
 * every few steps, not after each. *result is a or b, whichever holds the
 * final state (not retained). 0, or -1 with the error set. */
int label_grow(cle_array *a, cle_array *b, long max_steps, int alternate, cle_array **result);

/* A work array like src (shape, ndim) of the dtype holding a copy of src
 * converted (saturated, rounded toward zero, NaN to 0); NULL with the error set. */
cle_array *label_work_copy(cle_array *src, cle_dtype dtype);

/* The largest label of src: its largest pixel rounded toward zero, 0 when
 * there is no positive pixel (or only NaN). Fails for a largest label
 * beyond 2^31 - 2 (the tables it sizes are indexed with int). */
int label_largest(cle_array *src, uint32_t *largest);

/* dst = lookup[label] for labels below n_lookup, label - shift for larger
 * ones, 0 for background and negative pixels (label: the pixel rounded
 * toward zero; NaN is background), saturated to dst's dtype
 * (kernels/remove_labels.cl). lookup is host memory. */
int label_apply_lookup(cle_array *src, cle_array *dst, const uint32_t *lookup, size_t n_lookup, uint32_t shift);

/* clEsperanto's remove_labels table from host flags[0..n) (flags[0], the
 * background's, is ignored): lookup[0] = 0, a flagged label 0, the others
 * 1, 2, ... in order; *shift = the number of flagged labels. */
void label_removal_table(const uint8_t *flags, size_t n, uint32_t *lookup, uint32_t *shift);

/* Minimum filters (binary 0) or binary erosions (binary 1) of radius 1,
 * sphere and box alternating (sphere first), `steps` times, from *img,
 * which is replaced by the result (the old one released). Capped at
 * (w - 1) + (h - 1) + (d - 1) steps, after which none changes anything. */
int label_erode_steps(cle_array **img, long steps, int binary);

#endif
