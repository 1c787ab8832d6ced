/* Naive CPU reference implementations of the operations, written
 * independently of the kernels (obviously correct over fast), used by the
 * generated spec tests and the workflow tests. */
#ifndef CESPERANTO_REFERENCE_H
#define CESPERANTO_REFERENCE_H

#include <stddef.h>
#include "cesperanto/cle_registry.h"

/* A host image: width*height*depth elements of dtype, x fastest. */
typedef struct ref_image {
  cle_dtype dtype;
  int ndim;
  size_t width, height, depth;
  void *data;
} ref_image;

/* Allocate (zeroed) / free an image's data; ref_image_alloc returns 0 or -1. */
int ref_image_alloc(ref_image *img, cle_dtype dtype, int ndim, size_t width, size_t height, size_t depth);
/* Zeroed image with like's shape and ndim and the given dtype; 0 or -1. */
int ref_image_like(ref_image *out, const ref_image *like, cle_dtype dtype);
void ref_image_free(ref_image *img);
size_t ref_image_size(const ref_image *img);
/* Element i as double / store a double into element i with the dtype's
 * saturation and rounding toward zero (clij's CONVERT_..._PIXEL_TYPE). */
double ref_get(const ref_image *img, size_t i);
void ref_set(ref_image *img, size_t i, double value);

/* The largest label of img (0 for all background) as a double, for the
 * output creators' IN.max_label; NaN when a pixel is no label (negative,
 * fractional, NaN, 2^32 or more), as the runtime's cle_label_max refuses it. */
double ref_max_label(const ref_image *img);

/* An op's reference called as the registry calls ops: inputs in the op's
 * order, params in spec order (cle_value). Array ops allocate *out (by the
 * op's creator rule); scalar ops write *scalar; in-place ops write into a
 * copy the caller passes as *out (already holding the input's pixels); an
 * input the op writes (spec: written) is written in place, so the caller
 * passes a copy of it in inputs[] (the const is cast away for it).
 * Returns 0, or -1 when the reference cannot handle the case. The typed
 * references behind it are ref_op_NAME (cle_reference_ops.h). */
typedef int (*ref_fn)(const ref_image *const *inputs, const cle_value *params, ref_image *out, double *scalar);

/* The reference of an op by name (NULL if none); generated (cle_reference_ops.c). */
ref_fn ref_lookup(const char *op);

#endif
