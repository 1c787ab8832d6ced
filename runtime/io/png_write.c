/* PNG pictures with libpng: intensities stretched to 8-bit grey, labels in
 * glasbey colours, 3D arrays as their maximum projection along z. */
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cle_private.h"
#include "io_private.h"
#include "png_jump.h"

#define WHO "cle_png_write"

static double element(const cle_host_image *img, size_t i)
{
  const void *d = img->data;
  switch (img->dtype) {
  case CLE_INT8: return ((const int8_t *)d)[i];
  case CLE_UINT8: return ((const uint8_t *)d)[i];
  case CLE_INT16: return ((const int16_t *)d)[i];
  case CLE_UINT16: return ((const uint16_t *)d)[i];
  case CLE_INT32: return ((const int32_t *)d)[i];
  case CLE_UINT32: return ((const uint32_t *)d)[i];
  default: return ((const float *)d)[i];
  }
}

/* The picture's values: the image itself, or its maximum along z (NaN ignored). */
static double *project(const cle_host_image *img)
{
  size_t plane = img->width * img->height;
  double *v = malloc(plane * sizeof *v);
  if (!v)
    return cle_fail_null(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory: cannot allocate a %zux%zu picture", WHO,
                         img->width, img->height);
  for (size_t i = 0; i < plane; i++)
    v[i] = element(img, i);
  for (size_t z = 1; z < img->depth; z++)
    for (size_t i = 0; i < plane; i++) {
      double e = element(img, z * plane + i);
      if (e > v[i] || isnan(v[i]))
        v[i] = e;
    }
  return v;
}

/* Grey: finite min..max to 0..255, rounded; a constant image (or no finite value) is black. */
static void to_grey(const double *v, size_t n, uint8_t *out)
{
  double lo = INFINITY, hi = -INFINITY;
  for (size_t i = 0; i < n; i++)
    if (isfinite(v[i])) {
      if (v[i] < lo)
        lo = v[i];
      if (v[i] > hi)
        hi = v[i];
    }
  for (size_t i = 0; i < n; i++) {
    double x = v[i];
    if (!(hi > lo) || isnan(x))
      out[i] = 0;
    else if (x <= lo)
      out[i] = 0;
    else if (x >= hi)
      out[i] = 255;
    else
      out[i] = (uint8_t)floor((x - lo) * 255.0 / (hi - lo) + 0.5);
  }
}

/* Labels: negative or NaN values count as background; fractions are truncated. */
static void to_rgb(const double *v, size_t n, uint8_t *out)
{
  for (size_t i = 0; i < n; i++) {
    double x = v[i];
    uint32_t label = !(x >= 1.0) ? 0 : x >= 4294967295.0 ? UINT32_MAX : (uint32_t)x;
    cle_label_color(label, out + 3 * i);
  }
}

/* Encode pixels (channels 1 or 3) into an open FILE. Returns 0 or -1 with ctx->message. */
static int encode(FILE *f, const uint8_t *pixels, size_t width, size_t height, int channels, png_ctx *ctx)
{
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, ctx, cle_png_on_error, cle_png_on_warning);
  if (!png) {
    snprintf(ctx->message, sizeof ctx->message, "out of host memory");
    return -1;
  }
  png_infop info = png_create_info_struct(png);
  if (!info || setjmp(ctx->jump)) {
    if (!info)
      snprintf(ctx->message, sizeof ctx->message, "out of host memory");
    png_destroy_write_struct(&png, info ? &info : NULL);
    return -1;
  }
  png_init_io(png, f);
  png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8,
               channels == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (size_t y = 0; y < height; y++)
    png_write_row(png, pixels + y * width * (size_t)channels);
  png_write_end(png, NULL);
  png_destroy_write_struct(&png, &info);
  return 0;
}

int cle_png_write_host(const char *path, const cle_host_image *img, cle_png_mode mode)
{
  if (cle_io_check_host_image(img, WHO) != 0)
    return -1;
  if (mode != CLE_PNG_AUTO && mode != CLE_PNG_INTENSITY && mode != CLE_PNG_LABELS)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: mode must be a cle_png_mode, got %d", WHO, (int)mode);
  if (img->width > PNG_UINT_31_MAX || img->height > PNG_UINT_31_MAX)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %zux%zu is larger than PNG allows", WHO, img->width,
                         img->height);
  bool labels = mode == CLE_PNG_LABELS || (mode == CLE_PNG_AUTO && img->dtype == CLE_UINT32);
  int channels = labels ? 3 : 1;
  size_t n = img->width * img->height, bytes;
  if (!cle_io_mul(n, (size_t)channels, &bytes))
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %zux%zu picture is too large", WHO, img->width, img->height);
  double *values = project(img);
  if (!values)
    return -1;
  uint8_t *pixels = malloc(bytes);
  if (!pixels) {
    free(values);
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory: cannot allocate a %zux%zu picture", WHO,
                         img->width, img->height);
  }
  if (labels)
    to_rgb(values, n, pixels);
  else
    to_grey(values, n, pixels);
  free(values);

  cle_io_tmp t;
  if (cle_io_tmp_open(&t, path, WHO) != 0) {
    free(pixels);
    return -1;
  }
  FILE *f = fdopen(t.fd, "wb");
  if (!f) {
    free(pixels);
    cle_io_tmp_abort(&t);
    return cle_set_error(CLE_ERROR_IO, "%s: %s: cannot open for writing", WHO, path);
  }
  t.fd = -1; /* fclose closes it */
  png_ctx ctx = {.message = ""};
  int rc = encode(f, pixels, img->width, img->height, channels, &ctx);
  free(pixels);
  if (fclose(f) != 0 && rc == 0) {
    snprintf(ctx.message, sizeof ctx.message, "write failed");
    rc = -1;
  }
  if (rc != 0) {
    cle_io_tmp_abort(&t);
    return cle_set_error(CLE_ERROR_IO, "%s: %s: cannot write (libpng: %s)", WHO, path, ctx.message);
  }
  return cle_io_tmp_commit(&t, WHO);
}

int cle_png_write(const cle_array *arr, const char *path, cle_png_mode mode)
{
  cle_host_image img;
  if (cle_io_pull_host(arr, &img, WHO) != 0)
    return -1;
  int rc = cle_png_write_host(path, &img, mode);
  cle_host_image_free(&img);
  return rc;
}
