/* The in-memory program cache of a device: built programs and their
 * kernels, keyed by (source, kernel name, per-array dtype+dim signature,
 * extra defines). A hit costs a hash of short strings and a few compares:
 * embedded sources are identified by address, user sources by content. */
#ifndef CESPERANTO_PROGRAM_CACHE_H
#define CESPERANTO_PROGRAM_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "cle_internal.h"
#include "kernel_signature.h"

typedef struct cle_program_key {
  const char *source;
  size_t source_len;
  bool embedded; /* source is static and immutable: its address identifies it */
  const char *kernel_name;
  const char *array_key; /* "src:uc3;dst:f3;" */
  const char *defines;   /* "" if none */
  uint64_t hash;         /* set by cle_program_key_hash */
} cle_program_key;

typedef struct cle_cached_kernel {
  cle_program_key key; /* strings owned by the entry (the source only when not embedded) */
  cl_program program;
  cl_kernel kernel;
  cle_kernel_signature sig;
  struct cle_cached_kernel *next;
} cle_cached_kernel;

/* Fast non-cryptographic hash, for buckets only (matches are compared in full). */
uint64_t cle_hash_bytes(const void *data, size_t size, uint64_t seed);
void cle_program_key_hash(cle_program_key *key);

/* Both with dev->lock held. find: the entry, or NULL. insert: takes ownership
 * of program, kernel and *sig (also on failure, when it releases them); if an
 * equal entry was inserted meanwhile by another thread, that one is returned. */
cle_cached_kernel *cle_program_cache_find(cle_device *dev, const cle_program_key *key);
cle_cached_kernel *cle_program_cache_insert(cle_device *dev, const cle_program_key *key, cl_program program,
                                            cl_kernel kernel, cle_kernel_signature *sig);

#endif
