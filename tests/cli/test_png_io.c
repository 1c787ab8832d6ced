/* PNG pictures (runtime/io) on the host, read back with libpng and compared
 * with naive references written here: min..max stretching, maximum
 * projection, the label colouring, the lookup table's properties, and
 * failed writes leaving no file. */
#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cesperanto/cle_io.h"
#include "io_test_util.h"

static const char *tmp;

/* Read a PNG as written: 1 (grey) or 3 (RGB) channels. */
static unsigned char *read_png(const char *path, size_t *w, size_t *h, int *channels)
{
  png_image image;
  memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, path))
    return NULL;
  *channels = (image.format & PNG_FORMAT_FLAG_COLOR) ? 3 : 1;
  image.format = *channels == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
  unsigned char *px = malloc(PNG_IMAGE_SIZE(image));
  if (!px || !png_image_finish_read(&image, NULL, px, 0, NULL)) {
    free(px);
    png_image_free(&image);
    return NULL;
  }
  *w = image.width;
  *h = image.height;
  return px;
}

static double value_at(const cle_host_image *img, size_t i)
{
  switch (img->dtype) {
  case CLE_UINT8: return ((uint8_t *)img->data)[i];
  case CLE_INT16: return ((int16_t *)img->data)[i];
  case CLE_UINT32: return ((uint32_t *)img->data)[i];
  case CLE_FLOAT32: return ((float *)img->data)[i];
  default: return NAN; /* the tests below use only these */
  }
}

/* Reference grey picture: max over z, then round((v - min) * 255 / (max - min)). */
static void reference_grey(const cle_host_image *img, unsigned char *out)
{
  size_t plane = img->width * img->height;
  double *m = malloc(plane * sizeof *m), lo = INFINITY, hi = -INFINITY;
  for (size_t i = 0; i < plane; i++) {
    m[i] = -INFINITY;
    for (size_t z = 0; z < img->depth; z++)
      m[i] = fmax(m[i], value_at(img, z * plane + i));
    lo = fmin(lo, m[i]);
    hi = fmax(hi, m[i]);
  }
  for (size_t i = 0; i < plane; i++)
    out[i] = hi > lo ? (unsigned char)lround((m[i] - lo) * 255.0 / (hi - lo)) : 0;
  free(m);
}

static void test_grey(cle_dtype dtype, size_t w, size_t h, size_t d)
{
  cle_host_image img = {dtype, d > 1 ? 3 : 2, w, h, d, malloc(w * h * d * cle_dtype_size(dtype))};
  uint32_t s = 11;
  for (size_t i = 0; i < w * h * d; i++) {
    uint32_t r = tu_rand(&s);
    if (dtype == CLE_UINT8)
      ((uint8_t *)img.data)[i] = (uint8_t)(r % 200 + 20);
    if (dtype == CLE_INT16)
      ((int16_t *)img.data)[i] = (int16_t)((int)(r % 3000) - 1000);
    if (dtype == CLE_FLOAT32)
      ((float *)img.data)[i] = (float)(r % 100000) / 1000.0f - 7.0f;
  }
  const char *path = tu_path(tmp, "grey.png");
  CHECK(cle_png_write_host(path, &img, CLE_PNG_AUTO) == 0, "%s", cle_last_error_message());
  size_t gw = 0, gh = 0;
  int channels = 0;
  unsigned char *got = read_png(path, &gw, &gh, &channels);
  unsigned char *want = malloc(w * h);
  reference_grey(&img, want);
  CHECK(got && gw == w && gh == h && channels == 1, "%s: %zux%zu with %d channels", cle_dtype_name(dtype), gw, gh,
        channels);
  if (got && gw == w && gh == h && channels == 1) {
    size_t bad = 0, at_min = 0, at_max = 0;
    for (size_t i = 0; i < w * h; i++) {
      bad += got[i] != want[i];
      at_min += got[i] == 0;
      at_max += got[i] == 255;
    }
    CHECK(bad == 0, "%s %zuD: %zu pixels differ from the reference", cle_dtype_name(dtype), d > 1 ? (size_t)3 : 2, bad);
    CHECK(at_min > 0 && at_max > 0, "%s: not stretched to 0..255", cle_dtype_name(dtype));
  }
  free(got);
  free(want);
  free(img.data);
}

static void test_labels(void)
{
  size_t w = 64, h = 48, d = 2;
  uint32_t *labels = calloc(w * h * d, sizeof *labels);
  /* a grid of label blocks, 0 between them; slice 1 adds larger labels */
  for (size_t y = 0; y < h; y++)
    for (size_t x = 0; x < w; x++)
      if (x % 8 && y % 8)
        labels[y * w + x] = (uint32_t)(1 + (y / 8) * 8 + x / 8);
  labels[w * h + 5 * w + 5] = 1000; /* max projection brings it up */
  cle_host_image img = {CLE_UINT32, 3, w, h, d, labels};
  const char *path = tu_path(tmp, "labels.png");
  CHECK(cle_png_write_host(path, &img, CLE_PNG_AUTO) == 0, "%s", cle_last_error_message());
  size_t gw = 0, gh = 0;
  int channels = 0;
  unsigned char *got = read_png(path, &gw, &gh, &channels);
  CHECK(got && gw == w && gh == h && channels == 3, "labels: %zux%zu, %d channels", gw, gh, channels);
  if (got && gw == w && gh == h && channels == 3) {
    size_t bad = 0;
    for (size_t i = 0; i < w * h; i++) {
      uint32_t l = labels[i] > labels[w * h + i] ? labels[i] : labels[w * h + i];
      uint8_t rgb[3];
      cle_label_color(l, rgb);
      bad += memcmp(got + 3 * i, rgb, 3) != 0;
      if (l == 0)
        bad += got[3 * i] || got[3 * i + 1] || got[3 * i + 2];
    }
    CHECK(bad == 0, "labels: %zu pixels have the wrong colour", bad);
  }
  free(got);
  /* the same labels as float32 with an explicit mode */
  float *f = malloc(w * h * sizeof *f);
  for (size_t i = 0; i < w * h; i++)
    f[i] = (float)labels[i];
  cle_host_image fimg = {CLE_FLOAT32, 2, w, h, 1, f};
  CHECK(cle_png_write_host(path, &fimg, CLE_PNG_LABELS) == 0, "%s", cle_last_error_message());
  got = read_png(path, &gw, &gh, &channels);
  CHECK(got && channels == 3, "float labels not coloured");
  if (got && channels == 3) {
    uint8_t rgb[3];
    cle_label_color(labels[9 * w + 9], rgb);
    CHECK(memcmp(got + 3 * (9 * w + 9), rgb, 3) == 0, "float label colour");
  }
  free(got);
  free(f);
  free(labels);
}

static void test_lut(void)
{
  uint8_t c[256][3];
  for (uint32_t l = 0; l < 256; l++)
    cle_label_color(l, c[l]);
  CHECK(c[0][0] == 0 && c[0][1] == 0 && c[0][2] == 0, "background is not black");
  int min_d2 = 1 << 30;
  for (int a = 0; a < 256; a++)
    for (int b = a + 1; b < 256; b++) {
      int d2 = 0;
      for (int k = 0; k < 3; k++)
        d2 += (c[a][k] - c[b][k]) * (c[a][k] - c[b][k]);
      if (d2 < min_d2)
        min_d2 = d2;
    }
  /* 256 colours in the RGB cube: a spacing of 16 levels is about what fits */
  CHECK(min_d2 >= 16 * 16, "two lookup-table colours are only sqrt(%d) apart", min_d2);
  uint8_t again[3];
  cle_label_color(256, again);
  CHECK(memcmp(again, c[1], 3) == 0, "label 256 does not reuse label 1's colour");
  cle_label_color(UINT32_MAX, again);
  CHECK(again[0] || again[1] || again[2], "the largest label is black");
}

static void test_constant_and_errors(void)
{
  float v[6] = {3, 3, 3, 3, 3, 3};
  cle_host_image img = {CLE_FLOAT32, 2, 3, 2, 1, v};
  const char *path = tu_path(tmp, "constant.png");
  CHECK(cle_png_write_host(path, &img, CLE_PNG_INTENSITY) == 0, "%s", cle_last_error_message());
  size_t w, h;
  int ch;
  unsigned char *got = read_png(path, &w, &h, &ch);
  CHECK(got && w == 3 && h == 2 && ch == 1 && !got[0] && !got[5], "constant image is not black");
  free(got);
  const char *nodir = tu_path(tmp, "missing/x.png");
  CHECK(cle_png_write_host(nodir, &img, CLE_PNG_AUTO) == -1 && cle_last_error() == CLE_ERROR_IO &&
            strstr(cle_last_error_message(), nodir) && !strchr(cle_last_error_message(), '\n'),
        "missing folder: %s", cle_last_error_message());
  CHECK(cle_png_write_host(path, &img, (cle_png_mode)7) == -1 && cle_last_error() == CLE_ERROR_INVALID_ARGUMENT &&
            strstr(cle_last_error_message(), "mode"),
        "bad mode: %s", cle_last_error_message());
  CHECK(cle_png_write_host(path, NULL, CLE_PNG_AUTO) == -1 && cle_last_error() == CLE_ERROR_INVALID_ARGUMENT,
        "NULL image");
  CHECK(tu_count_entries(tmp, ".tmp-") == 0, "temporary files left behind");
}

/* Write w x h grey (or RGB) pixels with libpng's simplified API. */
static void write_png(const char *path, const void *pixels, size_t w, size_t h, png_uint_32 format)
{
  png_image image;
  memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = (png_uint_32)w;
  image.height = (png_uint_32)h;
  image.format = format;
  CHECK(png_image_write_to_file(&image, path, 0, pixels, 0, NULL), "writing %s: %s", path, image.message);
}

/* Grey PNGs read back exactly (8-bit as uint8, 16-bit as uint16); colour
 * PNGs and other files are refused with a message naming the file. */
static void test_read(void)
{
  char path[1024];
  size_t w = 37, h = 23;
  uint8_t g8[37 * 23];
  uint16_t g16[37 * 23];
  for (size_t i = 0; i < w * h; i++) {
    g8[i] = (uint8_t)(i * 7 + 3);
    g16[i] = (uint16_t)(i * 2741 + 17); /* high and low bytes both vary: catches a missed byte swap */
  }
  snprintf(path, sizeof path, "%s/grey8.png", tmp);
  write_png(path, g8, w, h, PNG_FORMAT_GRAY);
  cle_host_image img;
  CHECK(cle_png_read_host(path, &img) == 0, "grey8: %s", cle_last_error_message());
  CHECK(img.dtype == CLE_UINT8 && img.ndim == 2 && img.width == w && img.height == h && img.depth == 1,
        "grey8: dtype %d ndim %d %zux%zux%zu", (int)img.dtype, img.ndim, img.width, img.height, img.depth);
  CHECK(img.data && !memcmp(img.data, g8, sizeof g8), "grey8: pixels differ");
  cle_host_image_free(&img);

  snprintf(path, sizeof path, "%s/grey16.png", tmp);
  write_png(path, g16, w, h, PNG_FORMAT_LINEAR_Y); /* 16-bit grey */
  CHECK(cle_png_read_host(path, &img) == 0, "grey16: %s", cle_last_error_message());
  CHECK(img.dtype == CLE_UINT16 && img.width == w && img.height == h, "grey16: dtype %d", (int)img.dtype);
  CHECK(img.data && !memcmp(img.data, g16, sizeof g16), "grey16: pixels differ");
  cle_host_image_free(&img);

  uint8_t rgb[37 * 23 * 3] = {0};
  snprintf(path, sizeof path, "%s/colour.png", tmp);
  write_png(path, rgb, w, h, PNG_FORMAT_RGB);
  CHECK(cle_png_read_host(path, &img) == -1 && cle_last_error() == CLE_ERROR_UNSUPPORTED &&
            strstr(cle_last_error_message(), "colour.png: a RGB PNG; only grey PNG images are read"),
        "colour: %s", cle_last_error_message());
  CHECK(img.data == NULL, "colour: data left allocated");

  /* not a PNG, and a PNG cut short: errors naming the file, nothing leaked (LSan) */
  snprintf(path, sizeof path, "%s/text.png", tmp);
  FILE *f = fopen(path, "w");
  fputs("not a picture at all", f);
  fclose(f);
  CHECK(cle_png_read_host(path, &img) == -1 && cle_last_error() == CLE_ERROR_IO &&
            strstr(cle_last_error_message(), "text.png: not a PNG file"),
        "text: %s", cle_last_error_message());
  snprintf(path, sizeof path, "%s/grey8.png", tmp);
  size_t size = 0;
  f = fopen(path, "rb");
  unsigned char buf[4096];
  size = fread(buf, 1, sizeof buf, f);
  fclose(f);
  snprintf(path, sizeof path, "%s/cut.png", tmp);
  f = fopen(path, "wb");
  fwrite(buf, 1, size / 2, f);
  fclose(f);
  CHECK(cle_png_read_host(path, &img) == -1 && cle_last_error() == CLE_ERROR_IO &&
            strstr(cle_last_error_message(), "cut.png: not a readable PNG file"),
        "cut: %s", cle_last_error_message());
  CHECK(img.data == NULL, "cut: data left allocated");
  snprintf(path, sizeof path, "%s/missing.png", tmp);
  CHECK(cle_png_read_host(path, &img) == -1 && cle_last_error() == CLE_ERROR_IO &&
            strstr(cle_last_error_message(), "missing.png: cannot open"),
        "missing: %s", cle_last_error_message());
}

int main(void)
{
  char *dir = tu_make_temp_dir("png");
  if (!dir)
    return 2;
  tmp = dir;
  test_grey(CLE_UINT8, 31, 17, 1);
  test_grey(CLE_INT16, 40, 30, 1);
  test_grey(CLE_FLOAT32, 25, 20, 6);
  test_labels();
  test_lut();
  test_constant_and_errors();
  test_read();
  tu_remove_tree(dir);
  free(dir);
  if (tu_failures)
    fprintf(stderr, "%d check(s) failed\n", tu_failures);
  else
    printf("test_png_io: all checks passed\n");
  return tu_failures ? 1 : 0;
}
