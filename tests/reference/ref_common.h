/* Helpers shared by the reference implementations (not part of the
 * reference.h contract). Everything here is plain, naive host code. */
#ifndef CESPERANTO_REF_COMMON_H
#define CESPERANTO_REF_COMMON_H

#include <stdint.h>
#include "cle_reference_ops.h" /* the typed ref_op_NAME prototypes, generated from the spec */
#include "reference.h"

size_t ref_dtype_size(cle_dtype dtype);

/* clEsperanto's Gaussian (see ref_gaussian_blur.c) into a new float32 image. */
int ref_gaussian_image(const ref_image *src, float sigma_x, float sigma_y, float sigma_z, ref_image *out);
/* Smallest and largest pixel as doubles; NaN pixels are skipped (NaN if all are NaN). */
void ref_min_max(const ref_image *src, double *min, double *max);
/* clEsperanto's histogram rule (see ref_histogram.c): counts[num_bins] of src over [min, max]. */
void ref_histogram_counts(const ref_image *src, int num_bins, float min, float max, uint32_t *counts);
/* Bins threshold_otsu uses: 256, or max - min + 1 for integer images with max - min < 256. */
int ref_otsu_bins(cle_dtype dtype, double min, double max);
/* Otsu's threshold from num_bins counts built over [min, max], scikit-image's formula. */
double ref_otsu_from_counts(const uint32_t *counts, int num_bins, float min, float max);
/* Eigenvalues of the symmetric 3 x 3 matrix a (row-major; a is overwritten), ascending, by cyclic
 * Jacobi rotations (an algorithm other than the kernels' closed form; ref_stencil.c). */
void ref_symmetric_eigenvalues3(double a[3][3], double out[3]);

#endif
