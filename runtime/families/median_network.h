/* The box median's selection network: straight-line code for
 * kernels/neighbourhood.cl, generated per box (every index a constant, so
 * the values stay in registers). */
#ifndef CESPERANTO_FAMILY_MEDIAN_NETWORK_H
#define CESPERANTO_FAMILY_MEDIAN_NETWORK_H

/* Boxes of more pixels take the kernel's general selection (values in private memory). */
enum { CLE_MEDIAN_NETWORK_MAX = 125 };

/* The defines CLE_NB_NETWORK_SLOTS, CLE_NB_NETWORK and CLE_NB_NETWORK_MEDIAN
 * for the box of integer radii r (3 to CLE_MEDIAN_NETWORK_MAX pixels), as a
 * new string the caller frees; NULL with the error set if out of memory. */
char *cle_median_network(const int r[3]);

#endif
