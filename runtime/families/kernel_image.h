/* The kernel_image family: filters whose neighbourhood is a second image,
 * the kernel (kernels/kernel_image.cl). */
#ifndef CESPERANTO_FAMILY_KERNEL_IMAGE_H
#define CESPERANTO_FAMILY_KERNEL_IMAGE_H

#include "cesperanto/cle.h"

/* The rules, in the spec's order (generator/family.c). */
typedef enum cle_kernel_image_rule {
  CLE_KI_EROSION,      /* smallest of the pixel and those under the kernel's nonzero elements (NaN skipped) */
  CLE_KI_OPENING,      /* erosion, then dilation, by the same kernel */
  CLE_KI_CLOSING,      /* dilation, then erosion */
  CLE_KI_CONVOLVE,     /* sum of pixel * kernel in float32, the kernel not flipped (pyclesperanto's) */
  CLE_KI_CROSS_CORREL, /* sum(p k) / sqrt(sum(p^2) sum(k^2)), in float32 */
  CLE_KI_DILATION      /* largest of the pixel and those under the kernel's nonzero elements (NaN skipped) */
} cle_kernel_image_rule;

/* dst = rule of src with kernel (any shape; centred at size / 2 per axis;
 * outside pixels repeat the edge). dst has src's shape and may be src.
 * 0, or -1 with the error set. */
int cle_kernel_image(cle_array *src, cle_array *kernel, cle_array *dst, cle_kernel_image_rule rule);

#endif
