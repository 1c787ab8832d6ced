/* Temporary-file writing, size arithmetic and host-image checks for runtime/io. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cle_private.h"
#include "io_private.h"

bool cle_io_mul(size_t a, size_t b, size_t *out)
{
  if (a != 0 && b > SIZE_MAX / a)
    return false;
  *out = a * b;
  return true;
}

bool cle_io_has_extension(const char *path, const char *ext)
{
  size_t n = strlen(path), e = strlen(ext);
  return n > e && strcasecmp(path + n - e, ext) == 0;
}

/* ---- temporaries removed on a fatal signal ---- */

static _Atomic(const char *) pending[CLE_IO_MAX_PENDING];

void cle_io_pending_add(const char *path)
{
  for (size_t i = 0; path && i < CLE_IO_MAX_PENDING; i++) {
    const char *expected = NULL;
    if (atomic_compare_exchange_strong(&pending[i], &expected, path))
      return;
  }
}

void cle_io_pending_remove(const char *path)
{
  for (size_t i = 0; path && i < CLE_IO_MAX_PENDING; i++) {
    const char *expected = path;
    if (atomic_compare_exchange_strong(&pending[i], &expected, NULL))
      return;
  }
}

void cle_io_pending_unlink_all(void)
{
  for (size_t i = 0; i < CLE_IO_MAX_PENDING; i++) {
    const char *path = atomic_exchange(&pending[i], NULL);
    if (path)
      unlink(path);
  }
}

static const int guarded_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define N_GUARDED (sizeof guarded_signals / sizeof guarded_signals[0])
static pthread_mutex_t guard_lock = PTHREAD_MUTEX_INITIALIZER;
static int guard_depth;
/* What each signal did before the guard: run after the temporaries are gone. */
static struct sigaction previous[N_GUARDED];
static volatile sig_atomic_t installed[N_GUARDED];

static void on_fatal_signal(int sig, siginfo_t *info, void *context)
{
  int saved = errno;
  cle_io_pending_unlink_all();
  for (size_t i = 0; i < N_GUARDED; i++) {
    if (guarded_signals[i] != sig)
      continue;
    const struct sigaction *old = &previous[i];
    if (old->sa_flags & SA_SIGINFO) {
      if (old->sa_sigaction)
        old->sa_sigaction(sig, info, context);
    } else if (old->sa_handler == SIG_DFL) {
      /* Die of the signal as before: with the default restored, it is
       * delivered again once this handler returns (blocked until then). */
      sigaction(sig, old, NULL);
      raise(sig);
    } else if (old->sa_handler != SIG_IGN) {
      old->sa_handler(sig); /* the application's (or an OpenCL driver's) handler */
    }
  }
  errno = saved;
}

void cle_io_signal_guard_enter(void)
{
  pthread_mutex_lock(&guard_lock);
  if (guard_depth++ == 0) {
    for (size_t i = 0; i < N_GUARDED; i++) {
      struct sigaction old, ours;
      if (installed[i] || sigaction(guarded_signals[i], NULL, &old) != 0)
        continue;
      if (!(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_IGN)
        continue; /* ignored: nothing will end the process */
      memset(&ours, 0, sizeof ours);
      ours.sa_sigaction = on_fatal_signal;
      ours.sa_flags = SA_SIGINFO | SA_RESTART;
      sigemptyset(&ours.sa_mask);
      for (size_t j = 0; j < N_GUARDED; j++)
        sigaddset(&ours.sa_mask, guarded_signals[j]);
      previous[i] = old;
      installed[i] = 1;
      if (sigaction(guarded_signals[i], &ours, NULL) != 0)
        installed[i] = 0;
    }
  }
  pthread_mutex_unlock(&guard_lock);
}

void cle_io_signal_guard_leave(void)
{
  pthread_mutex_lock(&guard_lock);
  if (guard_depth > 0 && --guard_depth == 0) {
    for (size_t i = 0; i < N_GUARDED; i++) {
      struct sigaction cur;
      if (!installed[i] || sigaction(guarded_signals[i], NULL, &cur) != 0)
        continue;
      /* Put back what was there, unless someone replaced ours since (an
       * OpenCL driver's LLVM does, and chains to ours: ours stays valid,
       * with nothing to remove, and calls what was there before). */
      if ((cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == on_fatal_signal) {
        sigaction(guarded_signals[i], &previous[i], NULL);
        installed[i] = 0;
      }
    }
  }
  pthread_mutex_unlock(&guard_lock);
}

/* Temporary names are unique per process and call; O_EXCL makes a clash with
 * another process a retry, never a shared file. Read-write: libtiff reads back
 * its directories to link the pages of a stack. */
static atomic_uint tmp_counter;

int cle_io_tmp_open(cle_io_tmp *t, const char *path, const char *who)
{
  t->fd = -1;
  t->tmp_path = NULL;
  t->path = path;
  if (!path || !*path)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: path must be a file name, got %s", who,
                         path ? "\"\"" : "NULL");
  const char *slash = strrchr(path, '/');
  size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
  const char *base = slash ? slash + 1 : path;
  if (!*base)
    return cle_set_error(CLE_ERROR_IO, "%s: '%s' names a folder, not a file", who, path);
  size_t cap = strlen(path) + 64;
  t->tmp_path = malloc(cap);
  if (!t->tmp_path)
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory", who);
  for (int attempt = 0; attempt < 100; attempt++) {
    unsigned n = atomic_fetch_add(&tmp_counter, 1);
    snprintf(t->tmp_path, cap, "%.*s.%s.tmp-%ld-%u", (int)dir_len, path, base, (long)getpid(), n);
    cle_io_pending_add(t->tmp_path); /* before it exists: a signal may come at any time */
    t->fd = open(t->tmp_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (t->fd >= 0)
      return 0;
    cle_io_pending_remove(t->tmp_path);
    if (errno != EEXIST)
      break;
  }
  int err = errno;
  free(t->tmp_path);
  t->tmp_path = NULL;
  return cle_set_error(CLE_ERROR_IO, "%s: cannot create '%s': %s", who, path, strerror(err));
}

int cle_io_tmp_commit(cle_io_tmp *t, const char *who)
{
  if (rename(t->tmp_path, t->path) != 0) {
    int err = errno;
    cle_io_tmp_abort(t);
    return cle_set_error(CLE_ERROR_IO, "%s: cannot write '%s': %s", who, t->path, strerror(err));
  }
  cle_io_pending_remove(t->tmp_path);
  free(t->tmp_path);
  t->tmp_path = NULL;
  return 0;
}

void cle_io_tmp_abort(cle_io_tmp *t)
{
  if (t->fd >= 0)
    close(t->fd);
  t->fd = -1;
  if (t->tmp_path)
    unlink(t->tmp_path);
  cle_io_pending_remove(t->tmp_path);
  free(t->tmp_path);
  t->tmp_path = NULL;
}

void cle_host_image_free(cle_host_image *img)
{
  if (!img)
    return;
  free(img->data);
  memset(img, 0, sizeof *img);
}

size_t cle_host_image_nbytes(const cle_host_image *img)
{
  size_t n;
  if (!img || !cle_io_mul(img->width, img->height, &n) || !cle_io_mul(n, img->depth, &n) ||
      !cle_io_mul(n, cle_dtype_size(img->dtype), &n))
    return 0;
  return n;
}

int cle_io_check_host_image(const cle_host_image *img, const char *who)
{
  if (!img)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: image must not be NULL", who);
  if (cle_dtype_size(img->dtype) == 0)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: dtype must be a cle_dtype, got %d", who, (int)img->dtype);
  if (img->ndim < 1 || img->ndim > 3)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: ndim must be 1..3, got %d", who, img->ndim);
  if (img->width < 1 || img->height < 1 || img->depth < 1)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: sizes must be >= 1, got %zux%zux%zu", who, img->width,
                         img->height, img->depth);
  if (img->width > UINT32_MAX || img->height > UINT32_MAX || img->depth > UINT32_MAX || cle_host_image_nbytes(img) == 0)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: size %zux%zux%zu is too large", who, img->width, img->height,
                         img->depth);
  if (!img->data)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: image data must not be NULL", who);
  return 0;
}

int cle_io_pull_host(const cle_array *arr, cle_host_image *out, const char *who)
{
  memset(out, 0, sizeof *out);
  if (!arr)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: array must not be NULL", who);
  out->dtype = cle_array_dtype(arr);
  out->ndim = cle_array_ndim(arr);
  out->width = cle_array_width(arr);
  out->height = cle_array_height(arr);
  out->depth = cle_array_depth(arr);
  size_t nbytes = cle_array_nbytes(arr);
  out->data = malloc(nbytes ? nbytes : 1);
  if (!out->data)
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory: cannot allocate %zu bytes to pull the array",
                         who, nbytes);
  if (cle_pull(arr, out->data, nbytes) != 0) {
    cle_error_add_context(who);
    cle_host_image_free(out);
    return -1;
  }
  return 0;
}
