/* Regression cases of the hostile-input probe of 2026-12-02 against the TIFF
 * reader (files in tiff/, each named after its finding).
 *
 *   - stacks whose pages differ in tile size, rows per strip or compression
 *     are decoded page by page with each page's own layout (they over-read
 *     the heap, crashed or scrambled a page before);
 *   - a strip whose data does not decode to what its header claims is an
 *     error naming the file and the page (it left uninitialised bytes in the
 *     image before);
 *   - an image too large for the device is refused from its header, before
 *     any pixel is decoded, naming the file (a small file with one deflate
 *     blob shared by all strips, built here, claims more than the device's
 *     limit; its blob is not even valid deflate data, so a reader that
 *     decoded anything would fail with another message).
 *
 * usage: test_tiff_hostile TIFF_DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cesperanto/cle.h"
#include "cesperanto/cle_io.h"
#include "io_test_util.h"

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; i++)
    h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

/* Two-page stacks, valid TIFFs whose pages differ in layout; expected pixels
 * from tifffile, page by page (FNV-1a 64 of the uint8 stack). */
static const struct {
  const char *file;
  size_t width, height;
  uint64_t hash;
} layouts[] = {
    {"rows_per_strip_mismatch_found_by_mutation.tif", 23, 11, 0x7c8edbd9e1c6df1eull},
    {"rows_per_strip_mismatch_pages.tif", 8, 8, 0x81bacf26e243ea25ull},
    {"tile_size_mismatch_1024_vs_16.tif", 1024, 1024, 0x333da8f3e2d22325ull},
    {"tile_size_mismatch_small.tif", 32, 32, 0xf51130c04219cf25ull},
    {"tile_smaller_first_pages.tif", 64, 64, 0xacac00023580d325ull},
};

static void check_layouts(const char *dir)
{
  for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
    const char *path = tu_path(dir, layouts[i].file);
    cle_host_image img;
    int rc = cle_tiff_read_host(path, &img);
    CHECK(rc == 0, "%s: %s", path, cle_last_error_message());
    if (rc != 0)
      continue;
    CHECK(img.dtype == CLE_UINT8 && img.ndim == 3 && img.depth == 2 && img.width == layouts[i].width &&
              img.height == layouts[i].height,
          "%s: got %zux%zux%zu %s", path, img.width, img.height, img.depth, cle_dtype_name(img.dtype));
    if (img.depth == 2 && img.width == layouts[i].width && img.height == layouts[i].height) {
      uint64_t h = fnv1a(img.data, cle_host_image_nbytes(&img));
      CHECK(h == layouts[i].hash, "%s: pixels differ from tifffile's (hash %016llx)", path, (unsigned long long)h);
    }
    cle_host_image_free(&img);
  }
}

static void check_short_strip(const char *dir)
{
  const char *path = tu_path(dir, "deflate_short_strip_uninit.tif");
  cle_host_image img;
  int rc = cle_tiff_read_host(path, &img);
  const char *msg = cle_last_error_message();
  CHECK(rc != 0, "%s: read although its strip does not decode to the size its header claims", path);
  CHECK(rc != 0 && cle_last_error() == CLE_ERROR_IO, "%s: error code %d", path, (int)cle_last_error());
  CHECK(rc != 0 && strstr(msg, path) && strstr(msg, "page 0") && strstr(msg, "strip 0"),
        "message must name the file, page and strip: %s", msg);
  CHECK(img.data == NULL, "no pixels on failure");
  cle_host_image_free(&img);
}

static void put16(unsigned char *p, uint16_t v)
{
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
  put16(p, (uint16_t)v);
  put16(p + 2, (uint16_t)(v >> 16));
}

/* A classic little-endian deflate TIFF, width x (strips*rows) uint8, every
 * strip pointing at the same blob bytes. Returns 0 or -1. */
static int write_bomb(const char *path, uint32_t width, uint32_t rows, uint32_t strips, uint32_t blob)
{
  size_t arrays = 8 + (size_t)blob, ifd = arrays + 8 * (size_t)strips, n_entries = 10;
  size_t size = ifd + 2 + 12 * n_entries + 4;
  unsigned char *f = calloc(1, size);
  if (!f)
    return -1;
  memcpy(f, "II*\0", 4);
  put32(f + 4, (uint32_t)ifd);
  for (uint32_t i = 0; i < blob; i++)
    f[8 + i] = (unsigned char)(i * 37u + 11u); /* not deflate data */
  for (uint32_t s = 0; s < strips; s++) {
    put32(f + arrays + 4 * (size_t)s, 8);
    put32(f + arrays + 4 * (size_t)strips + 4 * (size_t)s, blob);
  }
  struct {
    uint16_t tag, type;
    uint32_t count, value;
  } e[10] = {
      {256, 4, 1, width},
      {257, 4, 1, rows * strips},
      {258, 3, 1, 8},
      {259, 3, 1, 8}, /* deflate */
      {262, 3, 1, 1},
      {273, 4, strips, (uint32_t)arrays},
      {277, 3, 1, 1},
      {278, 4, 1, rows},
      {279, 4, strips, (uint32_t)(arrays + 4 * (size_t)strips)},
      {339, 3, 1, 1},
  };
  unsigned char *d = f + ifd;
  put16(d, (uint16_t)n_entries);
  for (size_t i = 0; i < n_entries; i++) {
    unsigned char *x = d + 2 + 12 * i;
    put16(x, e[i].tag);
    put16(x + 2, e[i].type);
    put32(x + 4, e[i].count);
    if (e[i].type == 3 && e[i].count == 1)
      put16(x + 8, (uint16_t)e[i].value);
    else
      put32(x + 8, e[i].value);
  }
  int rc = tu_write_file(path, f, size);
  free(f);
  return rc;
}

static void check_device_limit(void)
{
  cle_device *dev = cle_device_default();
  CHECK(dev != NULL, "no device: %s", cle_last_error_message());
  if (!dev)
    return;
  uint64_t limit = cle_device_max_allocation(dev);
  if (cle_device_global_memory(dev) < limit)
    limit = cle_device_global_memory(dev);
  /* 65536 x 64 uint8 strips (4 MiB each) from 4 KiB blobs: 1024x, a ratio
   * deflate reaches on flat images, so no plausibility check refuses it. */
  const uint32_t width = 65536, rows = 64, blob = 4096;
  uint64_t strips = limit / ((uint64_t)width * rows) + 1;
  if (strips * rows > UINT32_MAX / 2) {
    printf("device limit %llu bytes: too large for this test's file, skipped\n", (unsigned long long)limit);
    return;
  }
  char *dir = tu_make_temp_dir("tiff-bomb");
  const char *path = tu_path(dir, "bomb.tif");
  CHECK(write_bomb(path, width, rows, (uint32_t)strips, blob) == 0, "cannot write %s", path);
  double t0 = tu_now();
  cle_array *arr = cle_tiff_read(dev, path);
  double took = tu_now() - t0;
  const char *msg = cle_last_error_message();
  CHECK(arr == NULL, "%s: %llu strips of %u bytes read onto a device that allows %llu bytes", path,
        (unsigned long long)strips, width * rows, (unsigned long long)limit);
  CHECK(arr == NULL && cle_last_error() == CLE_ERROR_OUT_OF_MEMORY, "error code %d: %s", (int)cle_last_error(), msg);
  CHECK(arr == NULL && strstr(msg, path) && strstr(msg, "nothing was decoded") && strstr(msg, cle_device_name(dev)),
        "message must name the file and the device, and say nothing was decoded: %s", msg);
  CHECK(took < 5.0, "refusing took %.2f s", took);
  printf("refused in %.3f s: %s\n", took, msg);
  cle_release(arr);
  tu_remove_tree(dir);
  free(dir);
}

int main(int argc, char **argv)
{
  if (argc != 2) {
    fprintf(stderr, "usage: %s TIFF_DIR\n", argv[0]);
    return 2;
  }
  check_layouts(argv[1]);
  check_short_strip(argv[1]);
  check_device_limit();
  if (tu_failures) {
    fprintf(stderr, "%d check(s) failed\n", tu_failures);
    return 1;
  }
  printf("ok\n");
  return 0;
}
