/* Per-device in-memory program cache: a chained hash table. */
#include <stdlib.h>
#include <string.h>

#include "program_cache.h"

#define CACHE_BUCKETS 256

struct cle_program_cache {
  cle_cached_kernel *buckets[CACHE_BUCKETS];
};

uint64_t cle_hash_bytes(const void *data, size_t size, uint64_t seed)
{
  const unsigned char *p = data;
  uint64_t h = seed ^ (size * 0x9e3779b97f4a7c15ull);
  for (; size >= 8; p += 8, size -= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  uint64_t tail = 0;
  if (size)
    memcpy(&tail, p, size);
  h = (h ^ tail) * 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 29);
}

void cle_program_key_hash(cle_program_key *key)
{
  uint64_t h = key->embedded ? cle_hash_bytes(&key->source, sizeof key->source, 1)
                             : cle_hash_bytes(key->source, key->source_len, 2);
  h = cle_hash_bytes(key->kernel_name, strlen(key->kernel_name), h);
  h = cle_hash_bytes(key->array_key, strlen(key->array_key), h);
  key->hash = cle_hash_bytes(key->defines, strlen(key->defines), h);
}

static bool key_equal(const cle_program_key *a, const cle_program_key *b)
{
  if (a->hash != b->hash || a->embedded != b->embedded || a->source_len != b->source_len)
    return false;
  if (a->embedded ? a->source != b->source : memcmp(a->source, b->source, a->source_len) != 0)
    return false;
  return strcmp(a->kernel_name, b->kernel_name) == 0 && strcmp(a->array_key, b->array_key) == 0 &&
         strcmp(a->defines, b->defines) == 0;
}

cle_cached_kernel *cle_program_cache_find(cle_device *dev, const cle_program_key *key)
{
  if (!dev->programs)
    return NULL;
  for (cle_cached_kernel *e = dev->programs->buckets[key->hash % CACHE_BUCKETS]; e; e = e->next)
    if (key_equal(&e->key, key))
      return e;
  return NULL;
}

static void free_entry(cle_cached_kernel *e)
{
  if (e->kernel)
    clReleaseKernel(e->kernel);
  if (e->program)
    clReleaseProgram(e->program);
  cle_kernel_signature_free(&e->sig);
  if (!e->key.embedded)
    free((char *)e->key.source);
  free((char *)e->key.kernel_name);
  free((char *)e->key.array_key);
  free((char *)e->key.defines);
  free(e);
}

static char *copy_bytes(const char *s, size_t n)
{
  char *c = malloc(n + 1);
  if (c) {
    memcpy(c, s, n);
    c[n] = '\0';
  }
  return c;
}

cle_cached_kernel *cle_program_cache_insert(cle_device *dev, const cle_program_key *key, cl_program program,
                                            cl_kernel kernel, cle_kernel_signature *sig)
{
  cle_cached_kernel *existing = cle_program_cache_find(dev, key);
  cle_cached_kernel *e = existing ? NULL : calloc(1, sizeof *e);
  if (e) {
    e->program = program;
    e->kernel = kernel;
    e->sig = *sig;
    memset(sig, 0, sizeof *sig);
    e->key = *key;
    e->key.source = key->embedded ? key->source : copy_bytes(key->source, key->source_len);
    e->key.kernel_name = strdup(key->kernel_name);
    e->key.array_key = strdup(key->array_key);
    e->key.defines = strdup(key->defines);
    if (!dev->programs)
      dev->programs = calloc(1, sizeof *dev->programs);
    if (!e->key.source || !e->key.kernel_name || !e->key.array_key || !e->key.defines || !dev->programs) {
      free_entry(e);
      cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "program cache: out of host memory");
      return NULL;
    }
    cle_cached_kernel **bucket = &dev->programs->buckets[key->hash % CACHE_BUCKETS];
    e->next = *bucket;
    *bucket = e;
    return e;
  }
  /* Lost a race to another thread (or out of memory): drop ours. */
  clReleaseKernel(kernel);
  clReleaseProgram(program);
  cle_kernel_signature_free(sig);
  if (!existing)
    cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "program cache: out of host memory");
  return existing;
}

void cle_program_cache_free(cle_program_cache *cache)
{
  if (!cache)
    return;
  for (int i = 0; i < CACHE_BUCKETS; i++) {
    cle_cached_kernel *e = cache->buckets[i];
    while (e) {
      cle_cached_kernel *next = e->next;
      free_entry(e);
      e = next;
    }
  }
  free(cache);
}
