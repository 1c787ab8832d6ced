/* Building OpenCL programs, from the disk cache when possible. */
#ifndef CESPERANTO_PROGRAM_STORE_H
#define CESPERANTO_PROGRAM_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "cle_internal.h"
#include "program_source.h"
#include "sha256.h"

/* ---- disk cache (program_disk.c) ---- */

/* Where entries live: CLE_CACHE_DIR, else $XDG_CACHE_HOME/cesperanto, else
 * $HOME/.cache/cesperanto; NULL when CLE_CACHE=0 or no location is known. The
 * folder is created if missing. Caller frees. */
char *cle_cache_dir(void);
/* Key of a program: SHA-256 over a format tag, the device, driver and
 * platform identity, the build options and the full source -- where origin
 * says the embedded preamble lies in it (origin may be NULL), the preamble's
 * own SHA-256 (computed once a process) in its place: every program holds
 * the same 11 KB preamble, about half of what each key hashed. */
void cle_cache_key(const cle_device *dev, const char *options, const char *source, size_t len,
                   const cle_source_origin *origin, unsigned char key[CLE_SHA256_SIZE]);
/* The binary stored under key, verified (magic, version, key, length and
 * payload CRC-32); NULL if absent or invalid. Caller frees. */
unsigned char *cle_cache_read(const char *dir, const unsigned char key[CLE_SHA256_SIZE], size_t *size);
/* Store a binary atomically (temporary file in dir, then rename). Failures
 * are silent: the disk cache is an optimisation. */
void cle_cache_write(const char *dir, const unsigned char key[CLE_SHA256_SIZE], const unsigned char *binary,
                     size_t size);
/* Path of the entry for key into path[size]. */
void cle_cache_path(const char *dir, const unsigned char key[CLE_SHA256_SIZE], char *path, size_t size);

/* ---- building (program_build.c) ---- */

/* The program stored under key (cle_cache_key) in the disk cache, built from
 * its binary; NULL when there is none or the driver refuses it (no error set). */
cl_program cle_program_load_cached(cle_device *dev, const char *options, const unsigned char key[CLE_SHA256_SIZE],
                                   const cle_source_origin *origin);
/* The program compiled from its full source, stored in the disk cache under
 * key. NULL with the error set; CLE_ERROR_BUILD carries the build log and
 * says where origin's source begins in the program. */
cl_program cle_program_compile(cle_device *dev, const char *options, const unsigned char key[CLE_SHA256_SIZE],
                               const char *who, const char *kernel_name, const char *source, size_t len,
                               const cle_source_origin *origin);
/* The options every program is built with on dev (part of the cache key):
 * "-cl-fp32-correctly-rounded-divide-sqrt" where the device offers it, else "". */
const char *cle_program_build_options(const cle_device *dev);

#endif
