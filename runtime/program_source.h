/* The text handed to the OpenCL compiler: per-array clij #defines, extra
 * defines, the preamble, then the kernel source. */
#ifndef CESPERANTO_PROGRAM_SOURCE_H
#define CESPERANTO_PROGRAM_SOURCE_H

#include <stddef.h>

#include "cle_internal.h"

/* Malloc'ed, NUL-terminated program source for the array params among params
 * (in their order); *len gets its length. NULL with the error set. When the
 * kernel source declares its own sampler, the preamble's is left out. */
char *cle_program_source(const char *who, const cle_param *params, size_t n_params, const char *defines,
                         const char *source, size_t source_len, size_t *len);

#endif
