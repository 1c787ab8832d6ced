/* The device memory budget (CLE_DEVICE_MEMORY_LIMIT, cle_device_memory_budget):
 *
 *   test_runtime_memory_budget parse    the byte sizes the variable accepts and refuses
 *   test_runtime_memory_budget limited  under CLE_DEVICE_MEMORY_LIMIT=1M (CTest sets it): arrays
 *                                       beyond it fail naming the limit, pooled buffers count and
 *                                       are given back, a tiled op fits its tiles to it and
 *                                       equals a naive C reference
 *   test_runtime_memory_budget bad      under CLE_DEVICE_MEMORY_LIMIT=12x: every device call fails
 *                                       naming the variable and the value */
#include <stdint.h>

#include "cesperanto/cesperanto.h"
#include "cesperanto/cle_tiled.h"
#include "cle_private.h"
#include "test_util.h"

static void parse_cases(void)
{
  static const struct {
    const char *text;
    uint64_t want; /* 0: refused */
  } cases[] = {
      {"1000", 1000},
      {"4G", 4ull << 30},
      {"4GiB", 4ull << 30},
      {"4gb", 4ull << 30},
      {" 512 MiB ", 512ull << 20},
      {"1.5k", 1536},
      {"2T", 2ull << 40},
      {"300K", 300 * 1024},
      {"7b", 7},
      {"0", 0},
      {"-1", 0},
      {"12x", 0},
      {"G", 0},
      {"", 0},
      {"1 G B", 0},
      {"nan", 0},
      {"inf", 0},
      {"0.4", 0},
      {"20000000T", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint64_t got = 0;
    int rc = cle_parse_byte_size(cases[i].text, &got);
    if (cases[i].want)
      CHECK(rc == 0 && got == cases[i].want, "'%s': rc %d, %llu bytes, wanted %llu", cases[i].text, rc,
            (unsigned long long)got, (unsigned long long)cases[i].want);
    else
      CHECK(rc != 0, "'%s' accepted as %llu bytes", cases[i].text, (unsigned long long)got);
  }
}

/* maximum_filter at radius 1 (box), naively: the largest value in the 3x3x3 neighbourhood inside the image. */
static void naive_max3(const float *in, float *out, size_t w, size_t h, size_t d)
{
  for (size_t z = 0; z < d; z++)
    for (size_t y = 0; y < h; y++)
      for (size_t x = 0; x < w; x++) {
        float m = -INFINITY;
        for (long dz = -1; dz <= 1; dz++)
          for (long dy = -1; dy <= 1; dy++)
            for (long dx = -1; dx <= 1; dx++) {
              long xx = (long)x + dx, yy = (long)y + dy, zz = (long)z + dz;
              if (xx < 0 || yy < 0 || zz < 0 || xx >= (long)w || yy >= (long)h || zz >= (long)d)
                continue;
              float v = in[((size_t)zz * h + (size_t)yy) * w + (size_t)xx];
              m = v > m ? v : m;
            }
        out[(z * h + y) * w + x] = m;
      }
}

static void limited(void)
{
  cle_device *dev = cle_device_default();
  CHECK_OK(dev != NULL);
  if (!dev)
    return;
  const uint64_t budget = cle_device_memory_budget(dev);
  CHECK(budget == (1u << 20) || budget == cle_device_global_memory(dev), "budget %llu", (unsigned long long)budget);
  if (budget != (1u << 20)) {
    printf("the device has less than 1 MiB: nothing to limit\n");
    return;
  }
  /* 600 KiB fits, a second does not: the error names the limit */
  cle_array *a = cle_create(dev, CLE_FLOAT32, 400, 384, 1);
  CHECK_OK(a != NULL);
  CHECK(cle_device_memory_in_use(dev) >= 400 * 384 * 4, "in use %llu",
        (unsigned long long)cle_device_memory_in_use(dev));
  cle_array *b = NULL;
  EXPECT_ERROR((b = cle_create(dev, CLE_FLOAT32, 400, 384, 1)) == NULL, CLE_ERROR_OUT_OF_MEMORY,
               "is limited to 1048576 bytes (CLE_DEVICE_MEMORY_LIMIT)");
  cle_release(b);
  /* one array larger than the budget: refused before anything is allocated */
  EXPECT_ERROR(cle_create(dev, CLE_UINT8, 1100, 1000, 1) == NULL, CLE_ERROR_OUT_OF_MEMORY,
               "is limited to 1048576 bytes (CLE_DEVICE_MEMORY_LIMIT)");
  cle_release(a);
  /* small released buffers stay pooled (and counted) until a larger array needs their room */
  cle_array *small[6];
  for (int i = 0; i < 6; i++)
    CHECK_OK((small[i] = cle_create(dev, CLE_FLOAT32, 100 + i, 100, 1)) != NULL);
  for (int i = 0; i < 6; i++)
    cle_release(small[i]);
  CHECK(cle_device_memory_in_use(dev) <= (1u << 20) / 8, "the pool keeps %llu bytes, more than 1/8 of the budget",
        (unsigned long long)cle_device_memory_in_use(dev));
  cle_array *big = cle_create(dev, CLE_FLOAT32, 500, 500, 1); /* 1,000,000 bytes: the pool must give way */
  CHECK_OK(big != NULL);
  cle_release(big);
  /* a 66^3 float32 image (1.1 MiB) cannot sit on the device whole; tiled, maximum_filter fits */
  const size_t n = 66;
  float *in = malloc(n * n * n * sizeof *in), *want = malloc(n * n * n * sizeof *want);
  uint16_t *bits = malloc(n * n * n * sizeof *bits);
  fill_random_bytes(bits, n * n * n * sizeof *bits, 3);
  for (size_t i = 0; i < n * n * n; i++)
    in[i] = (float)(bits[i] % 1000) / 7.0f - 50.0f;
  free(bits);
  naive_max3(in, want, n, n, n);
  cle_host_image img = {.dtype = CLE_FLOAT32, .ndim = 3, .width = n, .height = n, .depth = n, .data = in};
  const cle_host_image *inputs[1] = {&img};
  const cle_op_desc *op = cle_op_find("maximum_filter");
  cle_value params[4];
  for (int p = 0; p < op->n_params; p++)
    params[p] = op->params[p].default_value;
  const size_t shape[3] = {n, n, n};
  cle_array *whole = NULL;
  EXPECT_ERROR((whole = cle_push_nd(dev, in, CLE_FLOAT32, 3, shape)) == NULL, CLE_ERROR_OUT_OF_MEMORY,
               "CLE_DEVICE_MEMORY_LIMIT");
  cle_release(whole);
  cle_tiled_result out;
  const cle_tile_options options = {.device = dev};
  CHECK_OK(cle_tiled_invoke("maximum_filter", inputs, params, &out, &options) == 0);
  if (out.image.data)
    CHECK(!memcmp(out.image.data, want, n * n * n * sizeof *want), "tiled maximum_filter differs from the naive one");
  cle_tiled_result_free(&out);
  free(in);
  free(want);
}

int main(int argc, char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "";
  if (!strcmp(mode, "parse"))
    parse_cases();
  else if (!strcmp(mode, "limited"))
    limited();
  else if (!strcmp(mode, "bad")) {
    EXPECT_ERROR(cle_device_default() == NULL, CLE_ERROR_INVALID_ARGUMENT,
                 "CLE_DEVICE_MEMORY_LIMIT must be a positive number of bytes");
    EXPECT_ERROR(cle_create(NULL, CLE_FLOAT32, 4, 4, 1) == NULL, CLE_ERROR_INVALID_ARGUMENT, "got '12x'");
  } else {
    fprintf(stderr, "usage: test_runtime_memory_budget parse|limited|bad\n");
    return 2;
  }
  return test_finish(mode);
}
