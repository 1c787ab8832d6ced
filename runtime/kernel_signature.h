/* The parameter list of a __kernel function, read from its source so
 * arguments can be bound by name without clGetKernelArgInfo (which is not
 * available for programs loaded from binaries on some drivers). */
#ifndef CESPERANTO_KERNEL_SIGNATURE_H
#define CESPERANTO_KERNEL_SIGNATURE_H

#include <stdbool.h>
#include <stddef.h>

#include "cle_private.h"

typedef enum cle_karg_kind {
  CLE_KARG_IMAGE,  /* IMAGE_name_TYPE name: two OpenCL arguments, int4 shape then buffer */
  CLE_KARG_BUFFER, /* a plain __global T* pointer: the buffer only */
  CLE_KARG_INT,
  CLE_KARG_FLOAT
} cle_karg_kind;

typedef struct cle_karg {
  char *name;
  cle_karg_kind kind;
  int buffer_dtype;   /* CLE_KARG_BUFFER: the pointee's cle_dtype, -1 if not one of ours */
  unsigned arg_index; /* first OpenCL argument index */
} cle_karg;

typedef struct cle_kernel_signature {
  cle_karg *args;
  int n_args;
} cle_kernel_signature;

/* Parse the parameters of `__kernel void kernel_name(...)` in source[0..len).
 * Returns 0, or -1 with the error set ("WHO: no __kernel function 'x' in the source",
 * or a parameter whose type cannot be bound). */
int cle_kernel_signature_parse(const char *who, const char *source, size_t len, const char *kernel_name,
                               cle_kernel_signature *out);
void cle_kernel_signature_free(cle_kernel_signature *sig);
/* Whether the source declares its own `sampler_t sampler` (many CLIJ kernels
 * do); the preamble then leaves out its own so the two do not collide. */
bool cle_source_declares_sampler(const char *source, size_t len);
/* A malloc'ed copy of source[0..len) (NUL-terminated, same length and lines)
 * in which every __kernel function but those named kernel_name is blanked
 * out (preprocessor lines kept): a program then compiles only the kernel it
 * runs, not every kernel of its file. NULL when out of memory. */
char *cle_source_only_kernel(const char *source, size_t len, const char *kernel_name);
/* "src, dst, scalar" into buf, for messages. */
void cle_kernel_signature_list(const cle_kernel_signature *sig, char *buf, size_t size);

#endif
