/* The Gaussian's normalised weights (gaussian_weights.c). */
#ifndef CLE_GAUSSIAN_WEIGHTS_H
#define CLE_GAUSSIAN_WEIGHTS_H

#include "cle_internal.h"

/* Floats in the table of a kernel of 2 radius + 1 taps: rounded up to a
 * multiple of 4, the padding zero. */
size_t cle_gauss_weights_size(int radius);

/* The table of sigma and radius into w (cle_gauss_weights_size floats):
 * w[t] = exp((t - radius)^2 / (-2 sigma^2)) in IEEE float, divided by the
 * sum of the 2 radius + 1 weights taken as 4 running sums over groups of 4
 * ((s0 + s1) + (s2 + s3)). */
void cle_gauss_weights_fill(float *w, float sigma, int radius);

/* The device's buffer of that table (made on first use, at most 16 kept per
 * device, least recently used dropped), retained for the caller, who
 * releases it after enqueueing its kernel; NULL with the error set. */
cl_mem cle_gauss_weights(cle_device *dev, float sigma, int radius);

/* Frees a device's tables (at device teardown). */
void cle_gauss_tables_free(struct cle_gauss_table *tables);

#endif
