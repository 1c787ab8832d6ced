/* SHA-256 (FIPS 180-4): the program cache's key and payload checksum. */
#ifndef CESPERANTO_SHA256_H
#define CESPERANTO_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define CLE_SHA256_SIZE 32

typedef struct cle_sha256_ctx {
  uint32_t state[8];
  uint64_t length; /* bytes hashed so far */
  unsigned char block[64];
  size_t used; /* bytes in block */
} cle_sha256_ctx;

void cle_sha256_init(cle_sha256_ctx *ctx);
void cle_sha256_update(cle_sha256_ctx *ctx, const void *data, size_t size);
void cle_sha256_final(cle_sha256_ctx *ctx, unsigned char digest[CLE_SHA256_SIZE]);
/* One-shot digest of a buffer. */
void cle_sha256(const void *data, size_t size, unsigned char digest[CLE_SHA256_SIZE]);
/* Lower-case hex of a digest into hex[65]. */
void cle_sha256_hex(const unsigned char digest[CLE_SHA256_SIZE], char hex[2 * CLE_SHA256_SIZE + 1]);

#endif
