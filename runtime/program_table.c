/* The programs built on a device (program_table.h): a list under its own
 * lock, short (one entry per program a process uses) and searched only when
 * the kernel cache misses. */
#include <stdlib.h>
#include <string.h>

#include "program_store.h"
#include "program_table.h"
#include "settings.h"

/* ABSENT: looked for (CLE_PROGRAM_CACHED) and not found; FAILED: its build failed, and only a caller
 * that waits builds it again (and gets the error). */
typedef enum { PROGRAM_ABSENT, PROGRAM_BUILDING, PROGRAM_BUILT, PROGRAM_FAILED } program_state;

struct cle_program_entry {
  unsigned char key[CLE_SHA256_SIZE];
  cl_program program; /* the table's reference; NULL unless built */
  program_state state;
  struct cle_program_entry *next;
};

typedef struct cle_program_entry program_entry;

/* What a background build needs, copied: the caller's strings may be gone when it runs. */
typedef struct background_build {
  cle_device *dev;
  program_entry *entry;
  char options[128];
  char *who, *kernel_name, *source;
  size_t len;
  cle_source_origin origin;
} background_build;

static atomic_long background_started;

/* Background builds running in the process, for the exit handler below. */
static pthread_mutex_t running_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t running_done = PTHREAD_COND_INITIALIZER;
static int running;

/* At exit, before the driver's own teardown: NVIDIA's registers when the first context is made,
 * after the device discovery's handler, so that one would run too late (a compiler still running
 * when CUDA is torn down crashes the process). Registered when the first build starts, after any
 * context, it runs first. */
static void wait_at_exit(void)
{
  pthread_mutex_lock(&running_lock);
  while (running > 0)
    pthread_cond_wait(&running_done, &running_lock);
  pthread_mutex_unlock(&running_lock);
}

static void register_wait_at_exit(void)
{
  atexit(wait_at_exit);
}

long cle_program_background_count(void)
{
  return atomic_load(&background_started);
}

cle_stand_in_policy cle_stand_in_policy_get(void)
{
  static const char *const names[] = {"first", "background", "off", NULL}; /* cle_stand_in_policy's order */
  return (cle_stand_in_policy)cle_setting_choice("CLE_STAND_IN", names, CLE_STAND_IN_FIRST);
}

/* A site that asked (cle_program_first_call), under program_lock. */
struct cle_program_site {
  struct cle_program_site *next;
  char name[];
};

bool cle_program_first_call(cle_device *dev, const char *site)
{
  pthread_mutex_lock(&dev->program_lock);
  struct cle_program_site *s = dev->program_sites;
  while (s && strcmp(s->name, site) != 0)
    s = s->next;
  const bool first = s == NULL;
  if (first && (s = malloc(sizeof *s + strlen(site) + 1)) != NULL) { /* without memory: first again next time */
    strcpy(s->name, site);
    s->next = dev->program_sites;
    dev->program_sites = s;
  }
  pthread_mutex_unlock(&dev->program_lock);
  return first;
}

static program_entry *find(cle_device *dev, const unsigned char key[CLE_SHA256_SIZE])
{
  for (program_entry *e = dev->program_entries; e; e = e->next)
    if (memcmp(e->key, key, CLE_SHA256_SIZE) == 0)
      return e;
  return NULL;
}

/* With the lock held: the entry's outcome, and wake those waiting for it. */
static void settle(cle_device *dev, program_entry *e, cl_program p)
{
  e->program = p;
  e->state = p ? PROGRAM_BUILT : PROGRAM_FAILED;
  pthread_cond_broadcast(&dev->program_built);
}

static void free_build(background_build *b)
{
  free(b->who);
  free(b->kernel_name);
  free(b->source);
  free(b);
}

static void *build_in_background(void *arg)
{
  background_build *b = arg;
  cl_program p =
      cle_program_compile(b->dev, b->options, b->entry->key, b->who, b->kernel_name, b->source, b->len, &b->origin);
  /* A failure is not reported here: the next call that needs the program builds it itself and
   * gets the error (the entry is FAILED, not retried in the background). */
  cle_clear_error();
  pthread_mutex_lock(&b->dev->program_lock);
  settle(b->dev, b->entry, p);
  b->dev->background_builds--;
  pthread_cond_broadcast(&b->dev->program_built);
  pthread_mutex_unlock(&b->dev->program_lock);
  free_build(b);
  pthread_mutex_lock(&running_lock);
  running--;
  pthread_cond_broadcast(&running_done);
  pthread_mutex_unlock(&running_lock);
  return NULL;
}

/* With the lock held; true when the build now runs on its own thread. */
static bool start_background(cle_device *dev, program_entry *e, const char *options, const char *who,
                             const char *kernel_name, const char *source, size_t len, const cle_source_origin *origin)
{
  background_build *b = calloc(1, sizeof *b);
  if (!b || strlen(options) >= sizeof b->options) {
    free(b);
    return false;
  }
  b->dev = dev;
  b->entry = e;
  strcpy(b->options, options);
  b->who = strdup(who);
  b->kernel_name = strdup(kernel_name);
  b->source = malloc(len + 1);
  b->len = len;
  b->origin = *origin;
  if (!b->who || !b->kernel_name || !b->source) {
    free_build(b);
    return false;
  }
  memcpy(b->source, source, len);
  b->source[len] = '\0';
  static pthread_once_t registered = PTHREAD_ONCE_INIT;
  pthread_once(&registered, register_wait_at_exit);
  pthread_mutex_lock(&running_lock);
  running++; /* before the thread can end */
  pthread_mutex_unlock(&running_lock);
  pthread_attr_t attr;
  pthread_t thread;
  bool started = pthread_attr_init(&attr) == 0;
  if (started) {
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    started = pthread_create(&thread, &attr, build_in_background, b) == 0;
    pthread_attr_destroy(&attr);
  }
  if (!started) {
    pthread_mutex_lock(&running_lock);
    running--;
    pthread_mutex_unlock(&running_lock);
    free_build(b);
    return false;
  }
  dev->background_builds++;
  atomic_fetch_add(&background_started, 1);
  return true;
}

cl_program cle_program_get(cle_device *dev, const char *who, const char *kernel_name, const char *source, size_t len,
                           const cle_source_origin *origin, cle_program_mode mode, bool *pending)
{
  *pending = false;
  const char *options = cle_program_build_options(dev);
  unsigned char key[CLE_SHA256_SIZE];
  cle_cache_key(dev, options, source, len, origin, key);

  pthread_mutex_lock(&dev->program_lock);
  program_entry *e = find(dev, key);
  while (e && e->state == PROGRAM_BUILDING && mode == CLE_PROGRAM_WAIT)
    pthread_cond_wait(&dev->program_built, &dev->program_lock);
  if (e && e->state == PROGRAM_BUILT) {
    cl_program p = e->program;
    clRetainProgram(p);
    pthread_mutex_unlock(&dev->program_lock);
    return p;
  }
  if (e && e->state == PROGRAM_BUILDING) { /* another thread builds it */
    pthread_mutex_unlock(&dev->program_lock);
    *pending = true;
    return NULL;
  }
  if (e && e->state == PROGRAM_FAILED && mode != CLE_PROGRAM_WAIT) { /* not again in the background */
    pthread_mutex_unlock(&dev->program_lock);
    return NULL;
  }
  if (!e) {
    e = calloc(1, sizeof *e);
    if (!e) {
      pthread_mutex_unlock(&dev->program_lock);
      cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory", who);
      return NULL;
    }
    memcpy(e->key, key, sizeof key);
    e->next = dev->program_entries;
    dev->program_entries = e;
  }
  /* Absent, or FAILED and the caller waits (built again, so that it gets the error): this thread builds it. */
  e->state = PROGRAM_BUILDING;
  pthread_mutex_unlock(&dev->program_lock);

  cl_program p = cle_program_load_cached(dev, options, key, origin);
  bool left = false;
  if (!p && mode != CLE_PROGRAM_WAIT) {
    pthread_mutex_lock(&dev->program_lock);
    left = mode == CLE_PROGRAM_CACHED || start_background(dev, e, options, who, kernel_name, source, len, origin);
    if (mode == CLE_PROGRAM_CACHED) {
      e->state = PROGRAM_ABSENT;
      pthread_cond_broadcast(&dev->program_built);
    }
    pthread_mutex_unlock(&dev->program_lock);
  }
  if (left) {
    *pending = true;
    return NULL;
  }
  if (!p)
    p = cle_program_compile(dev, options, key, who, kernel_name, source, len, origin);
  pthread_mutex_lock(&dev->program_lock);
  settle(dev, e, p);
  if (p)
    clRetainProgram(p);
  pthread_mutex_unlock(&dev->program_lock);
  return p;
}

void cle_program_table_wait(cle_device *dev)
{
  pthread_mutex_lock(&dev->program_lock);
  while (dev->background_builds > 0)
    pthread_cond_wait(&dev->program_built, &dev->program_lock);
  pthread_mutex_unlock(&dev->program_lock);
}

/* With the lock held: whether a build (in the background or on a caller's thread) still owns an entry. */
static bool building(const cle_device *dev)
{
  for (const program_entry *e = dev->program_entries; e; e = e->next)
    if (e->state == PROGRAM_BUILDING)
      return true;
  return dev->background_builds > 0;
}

void cle_program_table_clear(cle_device *dev)
{
  pthread_mutex_lock(&dev->program_lock);
  while (building(dev))
    pthread_cond_wait(&dev->program_built, &dev->program_lock);
  program_entry *e = dev->program_entries;
  dev->program_entries = NULL;
  struct cle_program_site *site = dev->program_sites;
  dev->program_sites = NULL;
  pthread_mutex_unlock(&dev->program_lock);
  while (site) {
    struct cle_program_site *next = site->next;
    free(site);
    site = next;
  }
  while (e) {
    program_entry *next = e->next;
    if (e->program)
      clReleaseProgram(e->program);
    free(e);
    e = next;
  }
}
