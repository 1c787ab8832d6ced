/* The text handed to the OpenCL compiler: per-array clij #defines, extra
 * defines, the preamble, then the kernel source. */
#ifndef CESPERANTO_PROGRAM_SOURCE_H
#define CESPERANTO_PROGRAM_SOURCE_H

#include <stddef.h>

#include "cle_internal.h"

/* Where the kernel's own source sits in the program, so that a build log
 * leads users to their line: a `#line 1 "NAME"` directive puts compiler
 * positions in NAME's lines, and for drivers that ignore it the error message
 * says at which program line NAME begins. */
typedef struct cle_source_origin {
  char name[128]; /* "kernels/FILE.cl" for an embedded file, else "KERNEL.cl" (set by the caller) */
  int first_line; /* program line of the kernel source's first line (set by cle_program_source) */
  /* where the embedded preamble (kernels/preamble.cl) lies in the program source, verbatim (set by
   * cle_program_source; length 0: nowhere): the cache key hashes its digest, computed once */
  size_t preamble_at, preamble_len;
} cle_source_origin;

/* Malloc'ed, NUL-terminated program source for the array params among params
 * (in their order); *len gets its length. NULL with the error set. When the
 * kernel source declares its own sampler, the preamble's is left out. */
char *cle_program_source(const char *who, const cle_param *params, size_t n_params, const char *defines,
                         const char *source, size_t source_len, cle_source_origin *origin, size_t *len);

#endif
