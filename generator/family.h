/* cle-gen — kernel families: one kernel written and tuned once, many ops
 * that differ only in a per-pixel rule given in their spec
 * (impl: {family: NAME, ...}). What each family takes, how its rules are
 * checked and translated, and which kernel file it runs. */
#ifndef CLE_GEN_FAMILY_H
#define CLE_GEN_FAMILY_H

#include "model.h"
#include "util.h"

typedef enum gen_family_id {
  GEN_FAMILY_PIXELWISE,          /* kernels/pixelwise.cl: dst = rule(inputs, params, x, y, z) per pixel */
  GEN_FAMILY_REDUCE_ALL,         /* kernels/reduce_all.cl: minimum, maximum, sum, mean, std of every pixel */
  GEN_FAMILY_PROJECTION,         /* kernels/projection.cl: acc = combine(acc, v) along x, y or z, then finish(acc) */
  GEN_FAMILY_REDUCE_POSITIONS,   /* kernels/reduce_positions.cl: bounding box, center of mass, arg max/min */
  GEN_FAMILY_NEIGHBOURHOOD,      /* kernels/neighbourhood.cl: min, max, mean, median, ... over a box or sphere */
  GEN_FAMILY_STENCIL,            /* kernels/stencil.cl: gradients, Sobel, Laplace, edges, local extrema (3^3) */
  GEN_FAMILY_KERNEL_IMAGE,       /* kernels/kernel_image.cl: erosion, opening, closing, convolve by a kernel image */
  GEN_FAMILY_TOUCHING_NEIGHBORS, /* kernels/touching_neighbors.cl: min, max, mean, ... of a label and its neighbours */
  GEN_FAMILY_COUNT
} gen_family_id;

/* Most params a pixelwise rule may use (the kernel's s0..s3). */
#define GEN_PIXELWISE_MAX_PARAMS 4
/* Most inputs of a pixelwise op (pixelwise_1 .. pixelwise_3). */
#define GEN_PIXELWISE_MAX_INPUTS 3

const char *gen_family_name(int family);
/* The kernel file (kernels/NAME.cl) the family runs. */
const char *gen_family_kernel(int family);
/* "pixelwise, reduce_all, projection, ..." */
const char *gen_family_names_list(void);

/* Check the family impl of op (names, keys, rules against the op's inputs and
 * params) and fill im->rule, im->finish, im->variant, im->uses_coords. */
void gen_check_family(gen_op *op);

/* A pixelwise rule's identifiers are written as these names in im->rule:
 * inputs in0.., params s0.. (in the order of the op's float/int/bool params),
 * coordinates cx, cy, cz; calls and float literals are valid OpenCL C and C. */
/* The op's pixelwise expression `key` ("rule" or "where") translated for
 * OpenCL C (host false) or for the host C of the generated reference (host
 * true); NULL if there is none or it does not translate (validation reported
 * why). Caller frees. */
char *gen_rule_translate(const gen_op *op, const char *key, bool host);
/* The host C spelling of an OpenCL math function a rule may call
 * ("sqrt" -> "sqrtf"), or NULL if fn is not one. */
const char *gen_rule_host_function(const char *fn);

#endif
