/* Devices: discovery, attributes, lookup by substring, CLE_DEVICE,
 * cle_device_select. With the argument "two" (and two devices, e.g. pocl's
 * POCL_DEVICES="pthread pthread"): arrays on different devices are refused. */
#include <ctype.h>

#include "cle_private.h"
#include "test_util.h"

static void upper(char *dst, const char *src, size_t size)
{
  size_t i = 0;
  for (; src[i] && i + 1 < size; i++)
    dst[i] = (char)toupper((unsigned char)src[i]);
  dst[i] = '\0';
}

static void test_discovery(void)
{
  int n = cle_device_count();
  CHECK_OK(n >= 1);
  for (int i = 0; i < n; i++) {
    cle_device *d = cle_device_get(i);
    CHECK_OK(d != NULL);
    if (!d)
      continue;
    const char *type = cle_device_type(d);
    CHECK(strlen(cle_device_name(d)) > 0 && strlen(cle_device_platform(d)) > 0, "device %d has no name", i);
    CHECK(cle_device_vendor(d) && cle_device_driver_version(d), "device %d strings", i);
    CHECK(strncmp(cle_device_version(d), "OpenCL ", 7) == 0, "device version '%s'", cle_device_version(d));
    CHECK(!strcmp(type, "gpu") || !strcmp(type, "cpu") || !strcmp(type, "accelerator") || !strcmp(type, "other"),
          "type '%s'", type);
    CHECK(cle_device_global_memory(d) > 0 && cle_device_max_allocation(d) > 0 &&
              cle_device_max_allocation(d) <= cle_device_global_memory(d),
          "memory sizes %llu / %llu", (unsigned long long)cle_device_max_allocation(d),
          (unsigned long long)cle_device_global_memory(d));
    CHECK(cle_device_max_work_group_size(d) >= 1, "work-group size");
    CHECK_OK(cle_device_finish(d) == 0);
    printf("device %d: '%s' [%s] %s, %s, driver %s, %.1f GiB (max buffer %.1f GiB)\n", i, cle_device_name(d),
           cle_device_platform(d), type, cle_device_version(d), cle_device_driver_version(d),
           (double)cle_device_global_memory(d) / 1073741824.0, (double)cle_device_max_allocation(d) / 1073741824.0);
  }
  EXPECT_ERROR(cle_device_get(-1) == NULL, CLE_ERROR_INVALID_ARGUMENT, "cle_device_get: index must be in [0, ");
  EXPECT_ERROR(cle_device_get(n) == NULL, CLE_ERROR_INVALID_ARGUMENT, "got");
  EXPECT_ERROR(cle_device_name(NULL) == NULL, CLE_ERROR_INVALID_ARGUMENT, "cle_device_name: dev is NULL");
  EXPECT_ERROR(cle_device_global_memory(NULL) == 0, CLE_ERROR_INVALID_ARGUMENT, "dev is NULL");
  EXPECT_ERROR(cle_device_finish(NULL) != 0, CLE_ERROR_INVALID_ARGUMENT, "cle_device_finish: dev is NULL");
}

static void test_lookup(void)
{
  cle_device *first = cle_device_get(0);
  char name_upper[256];
  upper(name_upper, cle_device_name(first), sizeof name_upper);
  /* Case-insensitive substring of the name; the platform name also matches. */
  cle_device *found = cle_device_find(name_upper + strlen(name_upper) / 3);
  CHECK_OK(found != NULL);
  CHECK(found && strcmp(cle_device_name(found), cle_device_name(first)) == 0, "find by name substring");
  CHECK(cle_device_find(cle_device_platform(first)) != NULL, "find by platform");
  CHECK(cle_device_find("") == cle_device_get(0), "empty substring matches the first device");
  EXPECT_ERROR(cle_device_find("no-such-device-xyz") == NULL, CLE_ERROR_INVALID_ARGUMENT,
               "cle_device_find: name 'no-such-device-xyz' matches no device (devices: '");
  EXPECT_ERROR(cle_device_find(NULL) == NULL, CLE_ERROR_INVALID_ARGUMENT, "name_substring is NULL");

  /* Default: first GPU, else the first device. */
  unsetenv("CLE_DEVICE");
  cle_device *expected = cle_device_get(0);
  for (int i = cle_device_count() - 1; i >= 0; i--)
    if (strcmp(cle_device_type(cle_device_get(i)), "gpu") == 0)
      expected = cle_device_get(i);
  CHECK(cle_device_default() == expected, "default device is not the first GPU / first device");

  /* CLE_DEVICE picks by substring; an unmatched value is an error naming it. */
  cle_device *last = cle_device_get(cle_device_count() - 1);
  setenv("CLE_DEVICE", cle_device_name(last), 1);
  CHECK(cle_device_default() && strcmp(cle_device_name(cle_device_default()), cle_device_name(last)) == 0,
        "CLE_DEVICE by name");
  setenv("CLE_DEVICE", "no-such-device-xyz", 1);
  EXPECT_ERROR(cle_device_default() == NULL, CLE_ERROR_INVALID_ARGUMENT,
               "cle_device_default: CLE_DEVICE='no-such-device-xyz' matches no device");
  /* Creating without a device goes through the default and reports the same problem. */
  EXPECT_ERROR(cle_create(NULL, CLE_UINT8, 4, 1, 1) == NULL, CLE_ERROR_INVALID_ARGUMENT,
               "cle_create: cle_device_default: CLE_DEVICE='no-such-device-xyz'");

  /* cle_device_select wins over CLE_DEVICE. */
  CHECK_OK(cle_device_select(cle_device_name(first)) == 0);
  CHECK(cle_device_default() == cle_device_find(cle_device_name(first)), "selected device is the default");
  EXPECT_ERROR(cle_device_select("no-such-device-xyz") != 0, CLE_ERROR_INVALID_ARGUMENT,
               "cle_device_select: name 'no-such-device-xyz' matches no device");
  EXPECT_ERROR(cle_device_select(NULL) != 0, CLE_ERROR_INVALID_ARGUMENT, "cle_device_select: name_substring is NULL");
  CHECK(cle_device_default() == cle_device_find(cle_device_name(first)), "failed select keeps the selection");
  unsetenv("CLE_DEVICE");
}

static int test_two_devices(void)
{
  if (cle_device_count() < 2) {
    printf("only %d device: mismatched-device checks need two (POCL_DEVICES=\"pthread pthread\" on pocl); skipped\n",
           cle_device_count());
    return 77;
  }
  cle_device *d0 = cle_device_get(0), *d1 = cle_device_get(1);
  float host[6] = {1, 2, 3, 4, 5, 6}, got[6];
  cle_array *a = cle_push(d0, host, CLE_FLOAT32, 6, 1, 1);
  cle_array *b = cle_create(d1, CLE_FLOAT32, 6, 1, 1);
  CHECK_OK(a && b);
  CHECK(cle_array_device(a) == d0 && cle_array_device(b) == d1, "arrays on the devices asked for");
  static const char *copy =
      "__kernel void copy(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst) {\n"
      "  const int x = get_global_id(0);\n"
      "  WRITE_IMAGE(dst, POS_dst_INSTANCE(x, 0, 0, 0), READ_IMAGE(src, sampler, POS_src_INSTANCE(x, 0, 0, 0)).x);\n"
      "}\n";
  size_t range[3] = {6, 1, 1};
  cle_param p[] = {cle_param_array("src", a), cle_param_array("dst", b)};
  EXPECT_ERROR(cle_execute(NULL, copy, "copy", p, 2, range) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "cle_execute: array 'dst' is on device");
  EXPECT_ERROR(cle_execute(d1, copy, "copy", p, 2, range) != 0, CLE_ERROR_INVALID_ARGUMENT,
               "cle_execute: array 'src' is on device");
  EXPECT_ERROR(cle_array_copy(a, b) != 0, CLE_ERROR_INVALID_ARGUMENT, "cle_array_copy: src is on device");
  /* The same kernel on the second device works there. */
  cle_array *c = cle_push(d1, host, CLE_FLOAT32, 6, 1, 1);
  cle_param q[] = {cle_param_array("src", c), cle_param_array("dst", b)};
  CHECK_OK(cle_execute(d1, copy, "copy", q, 2, range) == 0);
  CHECK_OK(cle_pull(b, got, sizeof got) == 0);
  CHECK(memcmp(got, host, sizeof got) == 0, "copy on the second device");
  cle_release(a);
  cle_release(b);
  cle_release(c);
  return test_finish("test_runtime_devices (two devices)");
}

int main(int argc, char **argv)
{
  if (argc > 1 && strcmp(argv[1], "two") == 0)
    return test_two_devices();
  test_discovery();
  test_lookup();
  return test_finish("test_runtime_devices");
}
