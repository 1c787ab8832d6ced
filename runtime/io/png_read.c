/* Grey PNG files in: 8-bit as uint8, 16-bit as uint16 (PNG stores them
 * big-endian), 1/2/4-bit grey expanded to 8 bits as libpng scales them
 * (1-bit: 0 and 255). Colour, palette and alpha images are refused: they are
 * pictures, not intensities, and one image here has one channel. */
#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cle_private.h"
#include "io_private.h"
#include "png_jump.h"

#define WHO "cle_png_read"

static const char *color_words(int type)
{
  switch (type) {
  case PNG_COLOR_TYPE_RGB: return "RGB";
  case PNG_COLOR_TYPE_RGB_ALPHA: return "RGBA";
  case PNG_COLOR_TYPE_PALETTE: return "palette";
  case PNG_COLOR_TYPE_GRAY_ALPHA: return "grey with alpha";
  default: return "an unknown colour type";
  }
}

/* The decoding, apart so that nothing the caller owns lives across a longjmp. */
static int decode(FILE *f, const char *path, cle_host_image *out, png_ctx *ctx, png_bytep **rows_out)
{
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, ctx, cle_png_on_error, cle_png_on_warning);
  png_infop info = png ? png_create_info_struct(png) : NULL;
  if (!png || !info) {
    png_destroy_read_struct(png ? &png : NULL, NULL, NULL);
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: %s: out of host memory", WHO, path);
  }
  if (setjmp(ctx->jump)) {
    cle_set_error(CLE_ERROR_IO, "%s: %s: not a readable PNG file: %s", WHO, path, ctx->message);
    png_destroy_read_struct(&png, &info, NULL);
    return -1;
  }
  png_init_io(png, f);
  png_read_info(png, info);
  png_uint_32 width = png_get_image_width(png, info), height = png_get_image_height(png, info);
  int depth = png_get_bit_depth(png, info), type = png_get_color_type(png, info);
  if (type != PNG_COLOR_TYPE_GRAY) {
    cle_set_error(CLE_ERROR_UNSUPPORTED, "%s: %s: a %s PNG; only grey PNG images are read (one channel)", WHO, path,
                  color_words(type));
    png_destroy_read_struct(&png, &info, NULL);
    return -1;
  }
  if (depth < 8)
    png_set_expand_gray_1_2_4_to_8(png);
  const uint16_t probe = 1;
  if (depth == 16 && *(const uint8_t *)&probe == 1)
    png_set_swap(png); /* PNG's big-endian samples in a little-endian host's order */
  png_read_update_info(png, info);
  size_t elem = depth == 16 ? 2 : 1, nbytes;
  if (!cle_io_mul((size_t)width * elem, height, &nbytes)) {
    cle_set_error(CLE_ERROR_IO, "%s: %s: %ux%u pixels overflow the address space", WHO, path, (unsigned)width,
                  (unsigned)height);
    png_destroy_read_struct(&png, &info, NULL);
    return -1;
  }
  out->dtype = depth == 16 ? CLE_UINT16 : CLE_UINT8;
  out->ndim = 2;
  out->width = width;
  out->height = height;
  out->depth = 1;
  out->data = malloc(nbytes);
  *rows_out = malloc(height * sizeof **rows_out);
  if (!out->data || !*rows_out) {
    cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: %s: out of host memory: cannot allocate %zu bytes for %ux%u pixels",
                  WHO, path, nbytes, (unsigned)width, (unsigned)height);
    png_destroy_read_struct(&png, &info, NULL);
    return -1;
  }
  for (png_uint_32 y = 0; y < height; y++)
    (*rows_out)[y] = (png_bytep)out->data + (size_t)y * width * elem;
  png_read_image(png, *rows_out);
  png_read_end(png, NULL);
  png_destroy_read_struct(&png, &info, NULL);
  return 0;
}

int cle_png_read_host(const char *path, cle_host_image *out)
{
  if (!out)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: out must not be NULL", WHO);
  memset(out, 0, sizeof *out);
  if (!path)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: path must not be NULL", WHO);
  FILE *f = fopen(path, "rb");
  if (!f)
    return cle_set_error(CLE_ERROR_IO, "%s: %s: cannot open: %s", WHO, path, strerror(errno));
  unsigned char sig[8];
  if (fread(sig, 1, sizeof sig, f) != sizeof sig || png_sig_cmp(sig, 0, sizeof sig)) {
    fclose(f);
    return cle_set_error(CLE_ERROR_IO, "%s: %s: not a PNG file", WHO, path);
  }
  rewind(f);
  png_ctx ctx;
  ctx.message[0] = 0;
  png_bytep *rows = NULL;
  int rc = decode(f, path, out, &ctx, &rows);
  free(rows);
  fclose(f);
  if (rc != 0)
    cle_host_image_free(out);
  return rc;
}

cle_array *cle_png_read(cle_device *dev, const char *path)
{
  if (!dev && !(dev = cle_device_default())) {
    cle_error_add_context(WHO);
    return NULL;
  }
  cle_host_image img;
  if (cle_png_read_host(path, &img) != 0)
    return NULL;
  size_t shape[2] = {img.height, img.width};
  cle_array *arr = cle_push_nd(dev, img.data, img.dtype, 2, shape);
  if (!arr)
    cle_error_add_context(WHO);
  cle_host_image_free(&img);
  return arr;
}
