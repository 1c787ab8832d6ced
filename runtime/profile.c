/* CLE_PROFILE: per-kernel launch times, printed at exit (profile.h). */
#include "profile.h"
#include "settings.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
  char name[128];
  long calls;
  double seconds;
} profile_entry;

enum { MAX_ENTRIES = 512 };
static profile_entry entries[MAX_ENTRIES];
static int n_entries;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool enabled;

static int by_time(const void *a, const void *b)
{
  const double x = ((const profile_entry *)a)->seconds, y = ((const profile_entry *)b)->seconds;
  return (x < y) - (x > y);
}

static void report(void)
{
  pthread_mutex_lock(&lock);
  qsort(entries, (size_t)n_entries, sizeof entries[0], by_time);
  fprintf(stderr, "cesperanto kernel profile (CLE_PROFILE): kernel, calls, total ms, ms per call\n");
  for (int i = 0; i < n_entries; i++)
    fprintf(stderr, "  %-60s %8ld %12.3f %10.4f\n", entries[i].name, entries[i].calls, entries[i].seconds * 1e3,
            entries[i].seconds * 1e3 / (double)entries[i].calls);
  pthread_mutex_unlock(&lock);
}

static void init(void)
{
  static const char *const on_off[] = {"0", "1", NULL};
  enabled = cle_setting_choice("CLE_PROFILE", on_off, 0) == 1;
  if (enabled)
    atexit(report);
}

bool cle_profile_enabled(void)
{
  pthread_once(&once, init);
  return enabled;
}

double cle_profile_now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void cle_profile_record(const char *file, const char *kernel, double seconds)
{
  char name[128];
  snprintf(name, sizeof name, "%s:%s", file ? file : "(source)", kernel);
  pthread_mutex_lock(&lock);
  int i = 0;
  while (i < n_entries && strcmp(entries[i].name, name) != 0)
    i++;
  if (i == n_entries && n_entries < MAX_ENTRIES)
    snprintf(entries[n_entries++].name, sizeof entries[0].name, "%s", name);
  if (i < n_entries) {
    entries[i].calls++;
    entries[i].seconds += seconds;
  }
  pthread_mutex_unlock(&lock);
}

double cle_profile_start(void)
{
  return cle_profile_enabled() ? cle_profile_now() : 0;
}

void cle_profile_stop(const char *file, const char *what, double t0)
{
  if (cle_profile_enabled())
    cle_profile_record(file, what, cle_profile_now() - t0);
}
