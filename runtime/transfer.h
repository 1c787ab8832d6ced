/* cesperanto — host <-> device copies of whole arrays (transfer.c): the
 * plain path or staged through pinned buffers, whichever suits the call. */
#ifndef CESPERANTO_TRANSFER_H
#define CESPERANTO_TRANSFER_H

#include "cle_internal.h"

/* Blocking copies of all arr->nbytes; the OpenCL status of the first failure. */
cl_int cle_transfer_write(cle_array *arr, const void *host);
cl_int cle_transfer_read(const cle_array *arr, void *host);
/* Release dev's staging buffers and pinned blocks (device teardown). */
void cle_staging_free(cle_device *dev);
void cle_host_free_device(cle_device *dev);

#endif
