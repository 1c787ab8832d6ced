/* The on-disk program cache. One file per program, named by the hex key:
 *
 *   magic "CLEPROG\n" | u32 format version | u32 zero | key[32] |
 *   u64 payload length | u32 payload CRC-32 | u32 zero | payload (the driver's binary)
 *
 * Everything is checked before use, so a truncated, corrupt or foreign file
 * is rebuilt from source and replaced, never trusted. The payload's check is
 * zlib's CRC-32 (format 1 held its SHA-256): it guards against torn and
 * damaged files, not against someone writing into the user's own cache
 * folder, and a process's first calls read one entry per program -- the
 * seed pipeline's ten, 60-100 KB each, took 3-4 ms to hash with SHA-256 (our
 * portable code, 300 MB/s) against about 0.2 ms with CRC-32 (3 GB/s). Entries
 * of another format are rebuilt and replaced. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "kernel_table.h"
#include "program_store.h"
#include "settings.h"

#define CACHE_MAGIC "CLEPROG\n"
#define CACHE_FORMAT_VERSION 2u
#define CACHE_HEADER_SIZE (8 + 4 + 4 + CLE_SHA256_SIZE + 8 + 4 + 4)
#define CACHE_CHECK_OFFSET (8 + 4 + 4 + CLE_SHA256_SIZE + 8)
/* Refuse absurd payloads rather than allocate them. */
#define CACHE_MAX_PAYLOAD ((uint64_t)1 << 31)

/* mkdir -p; 0 if the folder exists afterwards. */
static int make_dirs(char *path)
{
  for (char *p = path + 1; *p; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    int rc = mkdir(path, 0755);
    *p = '/';
    if (rc != 0 && errno != EEXIST)
      return -1;
  }
  if (mkdir(path, 0755) != 0 && errno != EEXIST)
    return -1;
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

char *cle_cache_dir(void)
{
  static const char *const on_off[] = {"0", "1", NULL};
  if (cle_setting_choice("CLE_CACHE", on_off, 1) == 0)
    return NULL;
  const char *dir = getenv("CLE_CACHE_DIR");
  const char *xdg = getenv("XDG_CACHE_HOME");
  const char *home = getenv("HOME");
  char *path = NULL;
  size_t n;
  if (dir && *dir) {
    path = strdup(dir);
  } else if (xdg && *xdg) {
    n = strlen(xdg) + sizeof "/cesperanto";
    if ((path = malloc(n)))
      snprintf(path, n, "%s/cesperanto", xdg);
  } else if (home && *home) {
    n = strlen(home) + sizeof "/.cache/cesperanto";
    if ((path = malloc(n)))
      snprintf(path, n, "%s/.cache/cesperanto", home);
  }
  if (path && make_dirs(path) != 0) {
    free(path);
    path = NULL;
  }
  return path;
}

static void hash_string(cle_sha256_ctx *ctx, const char *s)
{
  /* With its NUL, so ("ab","c") and ("a","bc") differ. */
  cle_sha256_update(ctx, s ? s : "", strlen(s ? s : "") + 1);
}

/* The embedded preamble's digest, once a process. */
static unsigned char preamble_digest[CLE_SHA256_SIZE];
static const char *preamble_text;
static size_t preamble_length;
static pthread_once_t preamble_once = PTHREAD_ONCE_INIT;

static void digest_preamble(void)
{
  const cle_embedded_kernel *p = cle_embedded_kernel_find("preamble");
  if (!p)
    return;
  cle_sha256(p->source, p->length, preamble_digest);
  preamble_text = p->source;
  preamble_length = p->length;
}

/* Whether source[at, at + n) is the embedded preamble (its digest then stands for it). */
static bool preamble_at(const char *source, size_t len, size_t at, size_t n)
{
  pthread_once(&preamble_once, digest_preamble);
  return preamble_text && n == preamble_length && at <= len && n <= len - at &&
         memcmp(source + at, preamble_text, n) == 0;
}

void cle_cache_key(const cle_device *dev, const char *options, const char *source, size_t len,
                   const cle_source_origin *origin, unsigned char key[CLE_SHA256_SIZE])
{
  cle_sha256_ctx ctx;
  cle_sha256_init(&ctx);
  /* 2: the preamble's digest stands for it (its place and length are hashed too) */
  hash_string(&ctx, "cesperanto program cache 2");
  hash_string(&ctx, dev->name);
  hash_string(&ctx, dev->vendor);
  hash_string(&ctx, dev->version);
  hash_string(&ctx, dev->driver_version);
  hash_string(&ctx, dev->platform);
  hash_string(&ctx, dev->platform_version);
  hash_string(&ctx, options);
  const size_t at = origin ? origin->preamble_at : 0, n = origin ? origin->preamble_len : 0;
  if (n > 0 && preamble_at(source, len, at, n)) {
    const uint64_t place[3] = {at, n, len};
    cle_sha256_update(&ctx, place, sizeof place);
    cle_sha256_update(&ctx, source, at);
    cle_sha256_update(&ctx, preamble_digest, sizeof preamble_digest);
    cle_sha256_update(&ctx, source + at + n, len - at - n);
  } else {
    const uint64_t place[3] = {0, 0, len};
    cle_sha256_update(&ctx, place, sizeof place);
    cle_sha256_update(&ctx, source, len);
  }
  cle_sha256_final(&ctx, key);
}

void cle_cache_path(const char *dir, const unsigned char key[CLE_SHA256_SIZE], char *path, size_t size)
{
  char hex[2 * CLE_SHA256_SIZE + 1];
  cle_sha256_hex(key, hex);
  snprintf(path, size, "%s/%s.clbin", dir, hex);
}

static uint64_t read_u64(const unsigned char *p)
{
  uint64_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

/* CRC-32 of a payload of any size (zlib's length is a uInt). */
static uint32_t payload_check(const unsigned char *p, size_t size)
{
  uLong crc = crc32(0L, Z_NULL, 0);
  while (size > 0) {
    const uInt n = size > (1u << 30) ? 1u << 30 : (uInt)size;
    crc = crc32(crc, p, n);
    p += n;
    size -= n;
  }
  return (uint32_t)crc;
}

static uint32_t read_u32(const unsigned char *p)
{
  uint32_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

static int read_fully(int fd, unsigned char *buf, size_t size)
{
  while (size > 0) {
    ssize_t n = read(fd, buf, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    buf += n;
    size -= (size_t)n;
  }
  return 0;
}

static int write_fully(int fd, const unsigned char *buf, size_t size)
{
  while (size > 0) {
    ssize_t n = write(fd, buf, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    buf += n;
    size -= (size_t)n;
  }
  return 0;
}

unsigned char *cle_cache_read(const char *dir, const unsigned char key[CLE_SHA256_SIZE], size_t *size)
{
  char path[4096];
  cle_cache_path(dir, key, path, sizeof path);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  unsigned char header[CACHE_HEADER_SIZE];
  unsigned char *payload = NULL;
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size < CACHE_HEADER_SIZE || read_fully(fd, header, sizeof header) != 0)
    goto invalid;
  const unsigned char *h = header;
  if (memcmp(h, CACHE_MAGIC, 8) != 0 || read_u32(h + 8) != CACHE_FORMAT_VERSION ||
      memcmp(h + 16, key, CLE_SHA256_SIZE) != 0)
    goto invalid;
  uint64_t length = read_u64(h + 16 + CLE_SHA256_SIZE);
  if (length == 0 || length > CACHE_MAX_PAYLOAD || (uint64_t)st.st_size != CACHE_HEADER_SIZE + length)
    goto invalid;
  payload = malloc((size_t)length);
  if (!payload || read_fully(fd, payload, (size_t)length) != 0)
    goto invalid;
  if (payload_check(payload, (size_t)length) != read_u32(h + CACHE_CHECK_OFFSET))
    goto invalid;
  close(fd);
  *size = (size_t)length;
  return payload;
invalid:
  free(payload);
  close(fd);
  return NULL;
}

void cle_cache_write(const char *dir, const unsigned char key[CLE_SHA256_SIZE], const unsigned char *binary,
                     size_t size)
{
  char path[4096], tmp[4096 + 16];
  cle_cache_path(dir, key, path, sizeof path);
  snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0)
    return;
  unsigned char header[CACHE_HEADER_SIZE] = {0};
  const uint32_t version = CACHE_FORMAT_VERSION, check = payload_check(binary, size);
  const uint64_t length = size;
  memcpy(header, CACHE_MAGIC, 8);
  memcpy(header + 8, &version, 4);
  memcpy(header + 16, key, CLE_SHA256_SIZE);
  memcpy(header + 16 + CLE_SHA256_SIZE, &length, 8);
  memcpy(header + CACHE_CHECK_OFFSET, &check, 4);
  /* mkstemp makes the file 0600; cache entries are as shareable as the folder. */
  int ok = fchmod(fd, 0644) == 0 && write_fully(fd, header, sizeof header) == 0 && write_fully(fd, binary, size) == 0;
  ok = close(fd) == 0 && ok;
  if (!ok || rename(tmp, path) != 0)
    unlink(tmp);
}
