/* Affine transforms of images, shared by rigid_transform, scale, deskew_x
 * and deskew_y (and, through rigid_transform, rotate and translate).
 *
 * A transform is a 4 x 4 matrix in double, row-major, acting on column
 * vectors (x, y, z, 1) in pixel units, where pixel (i, j, k) covers
 * [i, i + 1) x [j, j + 1) x [k, k + 1) (its center at half-integers).
 * Steps compose as clEsperanto's AffineTransform composes them: each step is
 * applied after the ones before (M = step * M). Messages never name an op:
 * the generated cle_OP adds it. */
#ifndef CESPERANTO_OPS_AFFINE_H
#define CESPERANTO_OPS_AFFINE_H

#include <stdbool.h>
#include "cesperanto/cle.h"

typedef struct cle_affine {
  double m[4][4];
} cle_affine;

void cle_affine_identity(cle_affine *a);
void cle_affine_translate(cle_affine *a, double x, double y, double z);
void cle_affine_scale(cle_affine *a, double x, double y, double z);
/* A rotation by degrees around axis 0 (x), 1 (y) or 2 (z), counter-clockwise
 * in the plane of the two other axes (x toward y around z, y toward z around
 * x, z toward x around y); a sine or cosine below FLT_EPSILON in magnitude
 * counts as 0, as clEsperanto's, so multiples of 90 degrees are exact. */
void cle_affine_rotate(cle_affine *a, int axis, double degrees);
/* Translate by minus (undo false) or plus (undo true) half the image's size
 * along each axis where the size is not 1: rotations and scalings between
 * the two act around the image's center. */
void cle_affine_center(cle_affine *a, const cle_array *img, bool undo);

/* dst = src transformed by a: each output pixel takes the input at the
 * inverse image of its center, nearest or (interpolate) linear, 0 outside
 * (kernels/affine_transform.cl). With resize the output's origin moves to
 * the corner of the transformed input's bounding box (its size is the
 * caller's: the creator rule). 0, or -1 with the error set (a matrix that
 * has no inverse). */
int cle_affine_apply(cle_array *src, cle_array *dst, const cle_affine *a, bool interpolate, bool resize);

/* cle_affine_apply into an output of size[3] (x, y, z) and ndim: *dst NULL
 * creates it (float32 with interpolate, else src's dtype) and stores it there
 * on success; else *dst must have that size ("output_image has shape ...,
 * expected ..."). 0, or -1 with the error set. */
int cle_affine_apply_sized(cle_array *src, cle_array **dst, const cle_affine *a, bool interpolate, bool resize,
                           const size_t size[3], int ndim);

/* deskew_x (axis 0) and deskew_y (axis 1): see kernels/deskew.cl; a
 * scale_factor other than 1 deskews into a float32 stack and scales that by
 * scale_factor (linear, around the origin) into dst. Checks the input (3D)
 * and the params. 0, or -1 with the error set. */
int cle_affine_deskew(cle_array *src, cle_array *dst, int axis, float angle, float voxel_size_x, float voxel_size_y,
                      float voxel_size_z, float scale_factor);

/* make_isotropic and make_anisotropic: src resampled by the factors, as
 * scale's resize (around the origin, output sized round(|factor| size),
 * halves up, at least 1), except that an axis where src has size 1 keeps it
 * (a 2D image stays 2D whatever its z factor). *dst NULL: the output is
 * created (float32 with interpolate, else src's dtype; src's ndim) and
 * stored there; else *dst must have that size. Checks the factors (finite,
 * not 0). 0, or -1 with the error set. */
int cle_affine_rescale(cle_array *src, cle_array **dst, float factor_x, float factor_y, float factor_z,
                       bool interpolate);

/* -1 with "NAME must be finite, got VALUE" set unless v is finite; else 0. */
int cle_affine_check_finite(const char *name, float v);

#endif
