/* cle-gen — problem collection (see diag.h). */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef struct diag_entry {
  char *file;
  gen_pos pos;
  int seq;
  char *msg;
} diag_entry;

static diag_entry *entries;
static int n_entries;

void gen_diag(const char *file, gen_pos pos, const char *fmt, ...)
{
  diag_entry *e = gen_push(&entries, &n_entries, sizeof *e);
  e->file = gen_strdup(file);
  e->pos = pos;
  e->seq = n_entries;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  e->msg = gen_alloc((size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(e->msg, (size_t)n + 1, fmt, ap);
  va_end(ap);
}

int gen_diag_count(void)
{
  return n_entries;
}

static int entry_cmp(const void *pa, const void *pb)
{
  const diag_entry *a = pa, *b = pb;
  int c = strcmp(a->file, b->file);
  if (c)
    return c;
  if (a->pos.line != b->pos.line)
    return a->pos.line < b->pos.line ? -1 : 1;
  if (a->pos.col != b->pos.col)
    return a->pos.col < b->pos.col ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void gen_diag_discard(void)
{
  for (int i = 0; i < n_entries; i++) {
    free(entries[i].file);
    free(entries[i].msg);
  }
  free(entries);
  entries = NULL;
  n_entries = 0;
}

void gen_diag_flush(void)
{
  if (n_entries)
    qsort(entries, (size_t)n_entries, sizeof *entries, entry_cmp);
  for (int i = 0; i < n_entries; i++) {
    diag_entry *e = &entries[i];
    /* The same problem found twice (e.g. through two routes) prints once. */
    const diag_entry *prev = i > 0 ? &entries[i - 1] : NULL;
    if (prev && !strcmp(e->file, prev->file) && e->pos.line == prev->pos.line && e->pos.col == prev->pos.col &&
        !strcmp(e->msg, prev->msg))
      continue;
    if (e->pos.line > 0)
      fprintf(stderr, "%s:%d:%d: %s\n", e->file, e->pos.line, e->pos.col, e->msg);
    else
      fprintf(stderr, "%s: %s\n", e->file, e->msg);
  }
  gen_diag_discard();
}
