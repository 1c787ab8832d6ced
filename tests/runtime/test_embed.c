/* cmake/EmbedKernels.cmake copes with any bytes: fixtures with every byte
 * value 1..255 (longer than C's string-literal limits), quotes, backslashes,
 * comment ends, trigraphs, CRLF, UTF-8, an empty file and a dotted name are
 * embedded by the same script the library uses and must come back byte for
 * byte, NUL-terminated, findable by base name. */
#include <dirent.h>

#include "kernel_table.h"
#include "test_util.h"

static long read_file(const char *path, char **out)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return -1;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  *out = malloc((size_t)n + 1);
  long got = (long)fread(*out, 1, (size_t)n, f);
  fclose(f);
  return got == n ? n : -1;
}

int main(int argc, char **argv)
{
  if (argc < 2) {
    fprintf(stderr, "usage: test_runtime_embed FIXTURE_DIR\n");
    return 1;
  }
  DIR *dir = opendir(argv[1]);
  CHECK(dir != NULL, "cannot open %s", argv[1]);
  if (!dir)
    return 1;
  size_t files = 0;
  for (struct dirent *e; (e = readdir(dir));) {
    size_t len = strlen(e->d_name);
    if (len < 4 || strcmp(e->d_name + len - 3, ".cl") != 0)
      continue;
    files++;
    char name[256], path[4096];
    snprintf(name, sizeof name, "%.*s", (int)(len - 3), e->d_name);
    snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
    char *bytes = NULL;
    long n = read_file(path, &bytes);
    const cle_embedded_kernel *k = cle_embedded_kernel_find(name);
    CHECK(n >= 0 && k != NULL, "%s: not embedded under the name '%s'", e->d_name, name);
    if (k && n >= 0) {
      CHECK(k->length == (size_t)n, "%s: embedded length %zu, file has %ld bytes", e->d_name, k->length, n);
      CHECK(k->length == (size_t)n && memcmp(k->source, bytes, (size_t)n) == 0, "%s: embedded bytes differ", e->d_name);
      CHECK(k->source[k->length] == '\0', "%s: not NUL-terminated", e->d_name);
    }
    free(bytes);
  }
  closedir(dir);
  CHECK(files >= 4 && cle_embedded_kernel_count == files, "table has %zu entries for %zu files",
        cle_embedded_kernel_count, files);
  for (size_t i = 1; i < cle_embedded_kernel_count; i++)
    CHECK(strcmp(cle_embedded_kernels[i - 1].name, cle_embedded_kernels[i].name) < 0, "table not sorted at %zu", i);
  CHECK(cle_embedded_kernel_find("missing") == NULL && cle_embedded_kernel_find(NULL) == NULL, "unknown names");
  /* Not test_finish: this test does not link the library. */
  printf("test_runtime_embed: %s\n", test_failures ? "FAILED" : "all checks passed");
  return test_failures ? 1 : 0;
}
