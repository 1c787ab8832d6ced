/* The programs built on a device, by their disk cache key (the SHA-256 of
 * the device, the build options and the full source): the kernels of one
 * program share it (a file with CLE_ONE_PROGRAM), a program is compiled
 * once however many threads ask for it at the same time, and it can be
 * compiled on a background thread while its caller runs a kernel that
 * builds faster (cle_kernel_ready, cle_kernel_prepare). */
#ifndef CESPERANTO_PROGRAM_TABLE_H
#define CESPERANTO_PROGRAM_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "cle_internal.h"
#include "program_source.h"

/* How cle_program_get treats a program neither built nor in the disk cache. */
typedef enum cle_program_mode {
  CLE_PROGRAM_WAIT,       /* compile it now (or wait for the thread compiling it) */
  CLE_PROGRAM_CACHED,     /* leave it: NULL with *pending true */
  CLE_PROGRAM_BACKGROUND, /* compile it on a background thread: NULL with *pending true */
} cle_program_mode;

/* The program for the full source, retained for the caller: from the table,
 * else the disk cache, else as mode says. A build another thread has
 * started is waited for only with CLE_PROGRAM_WAIT (else *pending). NULL
 * with the error set (*pending false) when it cannot be built. */
cl_program cle_program_get(cle_device *dev, const char *who, const char *kernel_name, const char *source, size_t len,
                           const cle_source_origin *origin, cle_program_mode mode, bool *pending);

/* Wait for dev's background builds, then release every program of the table. */
void cle_program_table_clear(cle_device *dev);

/* Wait until no background build runs on dev (at exit: a compiler still
 * running when the driver is torn down may crash the process). */
void cle_program_table_wait(cle_device *dev);

/* What a call does whose fast program is neither built nor in the disk cache,
 * where an equivalent kernel (the same bits) builds faster -- a stand-in
 * (cle_kernel_ready, cle_kernel_prepare; the Gaussian's register-window
 * passes, about 2x its plain loop's build on NVIDIA). CLE_STAND_IN says:
 *   first (the default)  the op's first call in a process runs the stand-in;
 *                        a later call builds the fast program and waits.
 *                        A script that blurs once waits for the cheap build
 *                        only (H200: about 100 instead of 220-280 ms), one
 *                        that blurs again pays the fast build then, once: the
 *                        disk cache keeps it for later processes.
 *   background           the stand-in runs while the fast program compiles on
 *                        a background thread. NVIDIA's driver compiles one
 *                        program at a time and holds other calls meanwhile
 *                        (an enqueue waited up to 90 ms), so this delays the
 *                        next programs a script compiles (H200: blur, Otsu and
 *                        labels 1027-1416 ms instead of 929-1010,
 *                        bench/results/h200-s9): for an interactive viewer.
 *   off                  every call builds and runs the op's own kernel (the
 *                        op tests: they check the kernels they name). */
typedef enum { CLE_STAND_IN_FIRST, CLE_STAND_IN_BACKGROUND, CLE_STAND_IN_OFF } cle_stand_in_policy;
cle_stand_in_policy cle_stand_in_policy_get(void);

/* Whether this is the first time site (an op's name) asks on dev since the
 * process started or its programs were last cleared (cle_program_cache_clear_memory). */
bool cle_program_first_call(cle_device *dev, const char *site);

#endif
