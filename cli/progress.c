/* Progress of long work, on stderr only (stdout keeps the command's data).
 *
 * A command announces phases ("open device", "read blobs.tif", "compute",
 * "step 3/7 gaussian_blur"); how they show depends on where stderr goes:
 *   - a terminal: one line, redrawn every 0.1 s by a ticker thread with the
 *     phase's running time ("cle run: step 3/7 gaussian_blur ... 2.1 s"),
 *     shown only once the command has run for 0.5 s (short runs print
 *     nothing) and cleared at the end and before any other output;
 *   - anything else (a pipe, a file): nothing, unless --progress (or
 *     CLE_PROGRESS=1) asks for it; then one line per phase as it starts
 *     ("cle run: step 3/7 gaussian_blur (at 2.10 s)") and "done in" at the end.
 * --progress also shows the line on a terminal at once; --quiet (-q, or
 * CLE_PROGRESS=0) turns it all off. Nothing here allocates. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define PROGRESS_DELAY_S 0.5 /* on a terminal, nothing shows before the command has run this long */
#define PROGRESS_TICK_NS 100000000L

static struct {
  bool on;  /* reporting at all */
  bool tty; /* stderr is a terminal: one updating line */
  double start, delay;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  pthread_t ticker;
  bool ticking, stop;
  char who[96];    /* "cle run", "cle gaussian_blur" */
  char label[512]; /* the phase; "" between phases */
  double phase_start;
  size_t shown; /* tty: characters of the line on the screen */
  bool told;    /* piped: a line was printed */
} P = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

/* ---- drawing, with the lock held ---- */

static size_t terminal_width(void)
{
  struct winsize ws;
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1)
    return ws.ws_col;
  return 80;
}

static void erase_line(void)
{
  if (!P.shown)
    return;
  fputc('\r', stderr);
  for (size_t i = 0; i < P.shown; i++)
    fputc(' ', stderr);
  fputc('\r', stderr);
  fflush(stderr);
  P.shown = 0;
}

static void draw_line(void)
{
  char line[700];
  int n = snprintf(line, sizeof line, "%s: %s ... %.1f s", P.who, P.label, cli_now() - P.phase_start);
  size_t len = n < 0 ? 0 : (size_t)n >= sizeof line ? sizeof line - 1 : (size_t)n;
  size_t width = terminal_width() - 1; /* a line that wraps could not be redrawn in place */
  if (len > width)
    len = width;
  fprintf(stderr, "\r%.*s", (int)len, line);
  for (size_t i = len; i < P.shown; i++) /* what a longer line before left */
    fputc(' ', stderr);
  if (P.shown > len)
    fprintf(stderr, "\r%.*s", (int)len, line);
  fflush(stderr);
  P.shown = len;
}

static bool due(void)
{
  return P.label[0] && cli_now() - P.start >= P.delay;
}

static void *tick(void *unused)
{
  (void)unused;
  pthread_mutex_lock(&P.lock);
  while (!P.stop) {
    if (due())
      draw_line();
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += PROGRESS_TICK_NS;
    if (until.tv_nsec >= 1000000000L) {
      until.tv_sec++;
      until.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&P.wake, &P.lock, &until);
  }
  pthread_mutex_unlock(&P.lock);
  return NULL;
}

/* ---- the interface ---- */

void cli_progress_setup(cli_progress_mode mode)
{
  P.start = cli_now();
  P.tty = isatty(STDERR_FILENO);
  P.on = mode == CLI_PROGRESS_FORCE || (mode == CLI_PROGRESS_AUTO && P.tty);
  P.delay = mode == CLI_PROGRESS_FORCE ? 0 : PROGRESS_DELAY_S;
}

void cli_progress_begin(const char *who)
{
  if (!P.on)
    return;
  pthread_mutex_lock(&P.lock);
  snprintf(P.who, sizeof P.who, "%s", who);
  P.stop = false;
  /* without a thread the line is still drawn at each phase's start */
  if (P.tty && !P.ticking)
    P.ticking = pthread_create(&P.ticker, NULL, tick, NULL) == 0;
  pthread_mutex_unlock(&P.lock);
}

void cli_progress_phase(const char *fmt, ...)
{
  if (!P.on)
    return;
  pthread_mutex_lock(&P.lock);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(P.label, sizeof P.label, fmt, ap);
  va_end(ap);
  P.phase_start = cli_now();
  if (P.tty) {
    if (due())
      draw_line();
  } else {
    fprintf(stderr, "%s: %s (at %.2f s)\n", P.who, P.label, P.phase_start - P.start);
    fflush(stderr);
    P.told = true;
  }
  pthread_mutex_unlock(&P.lock);
}

void cli_progress_clear(void)
{
  if (!P.on)
    return;
  pthread_mutex_lock(&P.lock);
  P.label[0] = 0;
  erase_line();
  pthread_mutex_unlock(&P.lock);
}

void cli_progress_end(bool ok)
{
  if (!P.on)
    return;
  pthread_mutex_lock(&P.lock);
  P.label[0] = 0;
  erase_line();
  P.stop = true;
  pthread_cond_signal(&P.wake);
  bool joined = P.ticking;
  P.ticking = false;
  if (!P.tty && P.told && ok)
    fprintf(stderr, "%s: done in %.2f s\n", P.who, cli_now() - P.start);
  P.told = false;
  fflush(stderr);
  pthread_mutex_unlock(&P.lock);
  if (joined)
    pthread_join(P.ticker, NULL);
}
