/* Settings read from the environment, with one report per variable whose value
 * is not taken (settings.h). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "settings.h"

/* The variables already reported: one line per variable and process, however
 * often a setting is read (every call). A handful of names; more are reported
 * again rather than remembered. */
enum { MAX_REPORTED = 32 };
static const char *reported[MAX_REPORTED];
static int n_reported;
static pthread_mutex_t reported_lock = PTHREAD_MUTEX_INITIALIZER;

static int first_report(const char *name)
{
  pthread_mutex_lock(&reported_lock);
  int first = 1;
  for (int i = 0; i < n_reported && first; i++)
    first = strcmp(reported[i], name) != 0;
  if (first && n_reported < MAX_REPORTED)
    reported[n_reported++] = name;
  pthread_mutex_unlock(&reported_lock);
  return first;
}

int cle_setting_choice(const char *name, const char *const choices[], int fallback)
{
  const char *v = getenv(name);
  if (!v || !*v)
    return fallback;
  for (int i = 0; choices[i]; i++)
    if (!strcmp(v, choices[i]))
      return i;
  if (first_report(name)) {
    char list[256] = "";
    for (int i = 0; choices[i]; i++) {
      const size_t used = strlen(list);
      snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", choices[i]);
    }
    fprintf(stderr, "cesperanto: %s is '%.200s', not one of %s; using %s\n", name, v, list, choices[fallback]);
  }
  return fallback;
}

long long cle_setting_integer(const char *name, long long fallback, long long lo, long long hi)
{
  const char *v = getenv(name);
  if (!v || !*v)
    return fallback;
  char *end;
  errno = 0;
  const long long n = strtoll(v, &end, 10);
  if (*end || end == v || errno == ERANGE) {
    if (first_report(name))
      fprintf(stderr, "cesperanto: %s is '%.200s', not a whole number; using %lld\n", name, v, fallback);
    return fallback;
  }
  if (n >= lo && n <= hi)
    return n;
  const long long used = n < lo ? lo : hi;
  if (first_report(name))
    fprintf(stderr, "cesperanto: %s is %lld, %s %lld; using %lld\n", name, n,
            n < lo ? "below its least," : "above its most,", used, used);
  return used;
}
