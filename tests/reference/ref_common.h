/* Helpers shared by the reference implementations (not part of the
 * reference.h contract). Everything here is plain, naive host code. */
#ifndef CESPERANTO_REF_COMMON_H
#define CESPERANTO_REF_COMMON_H

#include <stdint.h>
#include "reference.h"

size_t ref_dtype_size(cle_dtype dtype);
/* Zeroed image with like's shape and ndim and the given dtype; 0 or -1. */
int ref_image_like(ref_image *out, const ref_image *like, cle_dtype dtype);

/* A float parameter as the op sees it: the C API takes float. */
static inline float ref_param_float(const cle_value *v) { return (float)v->number; }

/* clEsperanto's Gaussian (see ref_gaussian_blur.c) into a new float32 image. */
int ref_gaussian_image(const ref_image *src, float sigma_x, float sigma_y, float sigma_z, ref_image *out);
/* Smallest and largest pixel as doubles; NaN pixels are skipped (NaN if all are NaN). */
void ref_min_max(const ref_image *src, double *min, double *max);
/* z projections (ref_z_project.c): max/min keep the dtype, sum/mean float32. */
typedef enum { REF_PROJ_MAX, REF_PROJ_MIN, REF_PROJ_SUM, REF_PROJ_MEAN } ref_proj_kind;
int ref_z_project(const ref_image *src, ref_image *out, ref_proj_kind kind);
/* clEsperanto's histogram rule (see ref_histogram.c): counts[num_bins] of src over [min, max]. */
void ref_histogram_counts(const ref_image *src, int num_bins, float min, float max, uint32_t *counts);
/* Bins threshold_otsu uses: 256, or max - min + 1 for integer images with max - min < 256. */
int ref_otsu_bins(cle_dtype dtype, double min, double max);
/* Otsu's threshold from num_bins counts built over [min, max], scikit-image's formula. */
double ref_otsu_from_counts(const uint32_t *counts, int num_bins, float min, float max);

/* The references of opsA's ops; the labeling ops are listed in reference_table.c. */
#define REF_OPS(X)             \
  X(add_images_weighted)       \
  X(copy)                      \
  X(difference_of_gaussian)    \
  X(gaussian_blur)             \
  X(greater_constant)          \
  X(histogram)                 \
  X(maximum_of_all_pixels)     \
  X(maximum_z_projection)      \
  X(mean_z_projection)         \
  X(minimum_of_all_pixels)     \
  X(minimum_z_projection)      \
  X(set)                       \
  X(subtract_images)           \
  X(sum_of_all_pixels)         \
  X(sum_z_projection)          \
  X(threshold_otsu)

#define REF_DECLARE(NAME) \
  int ref_op_##NAME(const ref_image *const *inputs, const cle_value *params, ref_image *out, double *scalar);
REF_OPS(REF_DECLARE)

#endif
