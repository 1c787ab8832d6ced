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

/* Whether the runtime may build programs in the background: only where
 * CLE_BACKGROUND_BUILD=1 says so. NVIDIA's driver compiles one program at a
 * time and holds other calls meanwhile (an enqueue waited up to 90 ms), so
 * a background build delays the next programs a script compiles: on the
 * H200 a new process's first blur took 94-138 ms instead of 223-296, but
 * blur, Otsu and labels together 1027-1416 ms instead of 929-1010
 * (bench/results/h200-s9). Worth it where one op's first call is what a user
 * waits for (an interactive viewer), not by default. */
bool cle_background_builds_enabled(void);

#endif
