/* Errors, dtypes and version: thread-local state, messages, context,
 * truncation of long messages, names of codes and dtypes. */
#include <pthread.h>

#include "cle_private.h"
#include "test_util.h"

static void *other_thread(void *arg)
{
  (void)arg;
  /* A fresh thread starts without an error, and its error stays its own. */
  int clean = cle_last_error() == CLE_OK && strcmp(cle_last_error_message(), "") == 0;
  cle_set_error(CLE_ERROR_IO, "thread: io failed");
  return clean ? (void *)1 : NULL;
}

int main(void)
{
  CHECK(strcmp(cle_version(), CLE_EXPECTED_VERSION) == 0, "version %s, want %s", cle_version(), CLE_EXPECTED_VERSION);

  /* Codes, messages, clearing. */
  CHECK(cle_last_error() == CLE_OK, "fresh process has error %d", cle_last_error());
  CHECK(cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "f: x must be >= %d, got %d", 0, -1) == -1,
        "cle_set_error returns -1");
  CHECK(cle_last_error() == CLE_ERROR_INVALID_ARGUMENT, "code after set");
  CHECK(strcmp(cle_last_error_message(), "f: x must be >= 0, got -1") == 0, "message: %s", cle_last_error_message());
  CHECK(cle_fail_null(CLE_ERROR_OUT_OF_MEMORY, "g: %s", "big") == NULL, "cle_fail_null returns NULL");
  CHECK(cle_last_error() == CLE_ERROR_OUT_OF_MEMORY, "code after fail_null");
  CHECK(isnan(cle_fail_nan(CLE_ERROR_DEVICE, "h")), "cle_fail_nan returns NaN");
  CHECK(cle_last_error() == CLE_ERROR_DEVICE && strcmp(cle_last_error_message(), "h") == 0, "after fail_nan");

  /* Context prefixes the message and keeps the code; a message may quote the previous one. */
  cle_set_error(CLE_ERROR_BUILD, "cle_run_kernel: build failed");
  cle_error_add_context("gaussian_blur");
  CHECK(cle_last_error() == CLE_ERROR_BUILD, "context kept the code");
  CHECK(strcmp(cle_last_error_message(), "gaussian_blur: cle_run_kernel: build failed") == 0, "context: %s",
        cle_last_error_message());
  cle_set_error(CLE_ERROR_IO, "outer (%s)", cle_last_error_message());
  CHECK(strcmp(cle_last_error_message(), "outer (gaussian_blur: cle_run_kernel: build failed)") == 0,
        "self-quoting: %s", cle_last_error_message());
  cle_clear_error();
  CHECK(cle_last_error() == CLE_OK && strcmp(cle_last_error_message(), "") == 0, "clear");
  cle_error_add_context("nobody");
  CHECK(cle_last_error() == CLE_OK, "context without an error must not make one");

  /* A message longer than the buffer is cut with a visible marker. */
  size_t big = 100000;
  char *longtext = malloc(big + 1);
  memset(longtext, 'x', big);
  longtext[big] = '\0';
  cle_set_error(CLE_ERROR_BUILD, "log: %s", longtext);
  const char *msg = cle_last_error_message();
  CHECK(strncmp(msg, "log: xxx", 8) == 0 && strstr(msg, "(truncated)") && strlen(msg) < big,
        "long message not truncated properly (length %zu)", strlen(msg));
  free(longtext);

  /* Errors are per thread. */
  cle_set_error(CLE_ERROR_UNSUPPORTED, "main thread error");
  pthread_t th;
  void *clean = NULL;
  pthread_create(&th, NULL, other_thread, NULL);
  pthread_join(th, &clean);
  CHECK(clean == (void *)1, "a new thread saw another thread's error");
  CHECK(cle_last_error() == CLE_ERROR_UNSUPPORTED && strcmp(cle_last_error_message(), "main thread error") == 0,
        "main thread's error changed by another thread: %s", cle_last_error_message());
  cle_clear_error();

  /* Names. */
  const cle_error codes[] = {
      CLE_OK,       CLE_ERROR_INVALID_ARGUMENT, CLE_ERROR_OUT_OF_MEMORY, CLE_ERROR_DEVICE, CLE_ERROR_BUILD,
      CLE_ERROR_IO, CLE_ERROR_UNSUPPORTED};
  const char *names[] = {"ok",          "invalid argument", "out of memory", "device error",
                         "build error", "I/O error",        "unsupported"};
  for (int i = 0; i < 7; i++)
    CHECK(strcmp(cle_error_name(codes[i]), names[i]) == 0, "cle_error_name(%d) = %s", (int)codes[i],
          cle_error_name(codes[i]));
  CHECK(strcmp(cle_error_name((cle_error)99), "unknown error") == 0, "unknown code name");

  /* dtypes: sizes, names and parsing round trip; bad values. */
  const size_t sizes[] = {1, 1, 2, 2, 4, 4, 4};
  const char *dnames[] = {"int8", "uint8", "int16", "uint16", "int32", "uint32", "float32"};
  for (int t = 0; t < CLE_DTYPE_COUNT; t++) {
    CHECK(cle_dtype_size((cle_dtype)t) == sizes[t], "size of %s", dnames[t]);
    CHECK(cle_dtype_name((cle_dtype)t) && strcmp(cle_dtype_name((cle_dtype)t), dnames[t]) == 0, "name of %d", t);
    cle_dtype parsed = (cle_dtype)-1;
    CHECK(cle_dtype_from_name(dnames[t], &parsed) == 0 && parsed == (cle_dtype)t, "parse %s", dnames[t]);
  }
  cle_dtype parsed;
  CHECK(cle_dtype_from_name("float", &parsed) == 0 && parsed == CLE_FLOAT32, "'float' is float32");
  CHECK(cle_dtype_from_name("UINT16", &parsed) == 0 && parsed == CLE_UINT16, "names are case-insensitive");
  CHECK(cle_dtype_size((cle_dtype)7) == 0 && cle_dtype_size((cle_dtype)-1) == 0, "size of invalid dtype is 0");
  CHECK(cle_dtype_name((cle_dtype)7) == NULL && cle_dtype_name((cle_dtype)-3) == NULL, "name of invalid dtype");
  EXPECT_ERROR(cle_dtype_from_name("float64", &parsed) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "cle_dtype_from_name: unknown dtype 'float64'");
  EXPECT_ERROR(cle_dtype_from_name(NULL, &parsed) != 0, CLE_ERROR_INVALID_ARGUMENT, "name is NULL");
  EXPECT_ERROR(cle_dtype_from_name("int8", NULL) != 0, CLE_ERROR_INVALID_ARGUMENT, "out is NULL");

  return test_finish("test_runtime_errors");
}
