/* Helpers shared by the TIFF and PNG readers and writers (not installed). */
#ifndef CESPERANTO_IO_PRIVATE_H
#define CESPERANTO_IO_PRIVATE_H

#include <stdbool.h>
#include <stdio.h>
#include "cesperanto/cle_io.h"

/* a * b into *out; false when it overflows size_t. */
bool cle_io_mul(size_t a, size_t b, size_t *out);

/* A file being written: opened under a temporary name next to the target,
 * renamed over the target by cle_io_commit, removed by cle_io_abort. */
typedef struct cle_io_tmp {
  int fd;
  char *tmp_path;
  const char *path;
} cle_io_tmp;

/* Open a new temporary file in the target's folder. who names the caller for
 * error messages. Returns 0, or -1 with CLE_ERROR_IO set. */
int cle_io_tmp_open(cle_io_tmp *t, const char *path, const char *who);
/* Rename the finished temporary file to the target (the fd must be closed). */
int cle_io_tmp_commit(cle_io_tmp *t, const char *who);
/* Close the fd if still open, remove the temporary file, free the name. */
void cle_io_tmp_abort(cle_io_tmp *t);

/* Temporary files in flight, for removal when the process is killed by a
 * signal: a fixed table (CLE_IO_MAX_PENDING paths; beyond it a path is not
 * tracked). add keeps the pointer, which must stay valid until remove. */
#define CLE_IO_MAX_PENDING 4096
void cle_io_pending_add(const char *path);
void cle_io_pending_remove(const char *path);
/* Unlink every tracked path; async-signal-safe (only atomics and unlink). */
void cle_io_pending_unlink_all(void);
/* While a guard is held, SIGINT, SIGTERM and SIGHUP (unless ignored) first
 * unlink the tracked temporaries, then do what they did before: kill the
 * process (the default) or call the handler that was installed. Guards nest
 * and may be held by several threads. */
void cle_io_signal_guard_enter(void);
void cle_io_signal_guard_leave(void);

/* True when path ends in ext (".tif"), ignoring case. */
bool cle_io_has_extension(const char *path, const char *ext);

/* Check that img describes a valid buffer (dtype, ndim, sizes, data). */
int cle_io_check_host_image(const cle_host_image *img, const char *who);
/* Pull arr into a new host image (same dtype, ndim and shape). */
int cle_io_pull_host(const cle_array *arr, cle_host_image *out, const char *who);

#endif
