/* SHA-256 against the FIPS 180-2 / NIST example vectors, and streaming in
 * uneven pieces against the one-shot digest. */
#include "sha256.h"
#include "test_util.h"

static void check_vector(const char *what, const void *data, size_t size, const char *want)
{
  unsigned char digest[CLE_SHA256_SIZE];
  char hex[2 * CLE_SHA256_SIZE + 1];
  cle_sha256(data, size, digest);
  cle_sha256_hex(digest, hex);
  CHECK(strcmp(hex, want) == 0, "sha256(%s) = %s, want %s", what, hex, want);
}

int main(void)
{
  check_vector("\"\"", "", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  check_vector("\"abc\"", "abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  check_vector("448-bit message", m448, strlen(m448),
               "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                     "mnopqrstnopqrstu";
  check_vector("896-bit message", m896, strlen(m896),
               "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");

  /* One million 'a', fed in 997-byte pieces. */
  char chunk[997];
  memset(chunk, 'a', sizeof chunk);
  cle_sha256_ctx ctx;
  cle_sha256_init(&ctx);
  size_t left = 1000000;
  while (left > 0) {
    size_t n = left < sizeof chunk ? left : sizeof chunk;
    cle_sha256_update(&ctx, chunk, n);
    left -= n;
  }
  unsigned char digest[CLE_SHA256_SIZE];
  char hex[2 * CLE_SHA256_SIZE + 1];
  cle_sha256_final(&ctx, digest);
  cle_sha256_hex(digest, hex);
  CHECK(strcmp(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") == 0, "sha256(million a) = %s",
        hex);

  /* Every length around the padding boundaries, streamed byte by byte and in two pieces. */
  unsigned char data[300];
  fill_random_bytes(data, sizeof data, 7);
  for (size_t len = 0; len <= sizeof data; len++) {
    unsigned char once[CLE_SHA256_SIZE], bytes[CLE_SHA256_SIZE], halves[CLE_SHA256_SIZE];
    cle_sha256(data, len, once);
    cle_sha256_init(&ctx);
    for (size_t i = 0; i < len; i++)
      cle_sha256_update(&ctx, data + i, 1);
    cle_sha256_final(&ctx, bytes);
    cle_sha256_init(&ctx);
    cle_sha256_update(&ctx, data, len / 3);
    cle_sha256_update(&ctx, data + len / 3, len - len / 3);
    cle_sha256_final(&ctx, halves);
    CHECK(memcmp(once, bytes, sizeof once) == 0 && memcmp(once, halves, sizeof once) == 0,
          "streamed digest differs from one-shot at length %zu", len);
  }
  return test_finish("test_runtime_sha256");
}
