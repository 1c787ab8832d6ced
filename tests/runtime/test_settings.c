/* Settings from the environment (runtime/settings.c): values taken, the
 * default for unset or empty ones, and a value not taken reported once on
 * stderr naming the variable, the value and what it takes, the default used;
 * then a real setting (CLE_STAND_IN) through the same path. */
#include <stdlib.h>
#include <unistd.h>

#include "program_table.h"
#include "settings.h"
#include "test_util.h"

/* What `fn` writes on stderr. */
static void capture_stderr(void (*fn)(void *), void *arg, char *out, size_t cap)
{
  fflush(stderr);
  FILE *tmp = tmpfile();
  const int saved = dup(2);
  if (!tmp || saved < 0) {
    CHECK(0, "cannot redirect stderr");
    out[0] = '\0';
    return;
  }
  dup2(fileno(tmp), 2);
  fn(arg);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  rewind(tmp);
  const size_t n = fread(out, 1, cap - 1, tmp);
  out[n] = '\0';
  fclose(tmp);
}

static const char *const colours[] = {"red", "green", "blue", NULL};
static int last_choice;
static long long last_integer;
static const char *integer_name = "CLE_TEST_COUNT";

static void read_choice(void *fallback)
{
  last_choice = cle_setting_choice("CLE_TEST_COLOUR", colours, *(int *)fallback);
}

static void read_integer(void *unused)
{
  (void)unused;
  last_integer = cle_setting_integer(integer_name, 7, 1, 16);
}

static void read_stand_in(void *unused)
{
  (void)unused;
  last_choice = (int)cle_stand_in_policy_get();
}

static void expect_choice(const char *value, int fallback, int want, const char *want_stderr)
{
  char err[512];
  if (value)
    setenv("CLE_TEST_COLOUR", value, 1);
  else
    unsetenv("CLE_TEST_COLOUR");
  capture_stderr(read_choice, &fallback, err, sizeof err);
  CHECK(last_choice == want, "CLE_TEST_COLOUR=%s: %d, want %d", value ? value : "(unset)", last_choice, want);
  CHECK(strcmp(err, want_stderr) == 0, "CLE_TEST_COLOUR=%s: stderr \"%s\", want \"%s\"", value ? value : "(unset)", err,
        want_stderr);
}

static void expect_integer(const char *value, long long want, const char *want_stderr)
{
  char err[512];
  setenv(integer_name, value, 1);
  capture_stderr(read_integer, NULL, err, sizeof err);
  CHECK(last_integer == want, "%s=%s: %lld, want %lld", integer_name, value, last_integer, want);
  CHECK(strcmp(err, want_stderr) == 0, "%s=%s: stderr \"%s\", want \"%s\"", integer_name, value, err, want_stderr);
}

int main(void)
{
  expect_choice(NULL, 1, 1, "");
  expect_choice("", 2, 2, "");
  expect_choice("blue", 0, 2, "");
  expect_choice("red", 1, 0, "");
  expect_choice("Blue", 1, 1, "cesperanto: CLE_TEST_COLOUR is 'Blue', not one of red, green, blue; using green\n");
  expect_choice("purple", 0, 0, ""); /* reported once per variable and process */
  expect_choice("green", 0, 1, "");

  unsetenv("CLE_TEST_COUNT");
  capture_stderr(read_integer, NULL, (char[8]){0}, 8);
  CHECK(last_integer == 7, "CLE_TEST_COUNT unset: %lld, want the default 7", last_integer);
  expect_integer("12", 12, "");
  expect_integer("16", 16, "");
  expect_integer("0", 1, "cesperanto: CLE_TEST_COUNT is 0, below its least, 1; using 1\n");
  expect_integer("99", 16, ""); /* raised to its most, already reported */
  expect_integer("3", 3, "");
  integer_name = "CLE_TEST_SIZE";
  expect_integer("12 MiB", 7, "cesperanto: CLE_TEST_SIZE is '12 MiB', not a whole number; using 7\n");
  integer_name = "CLE_TEST_HUGE";
  expect_integer("99999999999999999999", 7,
                 "cesperanto: CLE_TEST_HUGE is '99999999999999999999', not a whole number; using 7\n");

  /* A real setting: a typo in CLE_STAND_IN runs the default policy, and says so. */
  char err[512];
  setenv("CLE_STAND_IN", "of", 1);
  capture_stderr(read_stand_in, NULL, err, sizeof err);
  CHECK(last_choice == CLE_STAND_IN_FIRST, "CLE_STAND_IN=of: policy %d, want first", last_choice);
  CHECK(strstr(err, "CLE_STAND_IN is 'of', not one of first, background, off; using first") != NULL,
        "CLE_STAND_IN=of: stderr \"%s\"", err);
  setenv("CLE_STAND_IN", "off", 1);
  capture_stderr(read_stand_in, NULL, err, sizeof err);
  CHECK(last_choice == CLE_STAND_IN_OFF && !err[0], "CLE_STAND_IN=off: policy %d, stderr \"%s\"", last_choice, err);
  return test_finish("runtime_settings");
}
