/* TIFF writing with libtiff: uncompressed, one page per z slice, with the
 * ImageJ description that makes Fiji open a multi-page file as a z stack. */
#include <stdio.h>
#include <string.h>

#include "cle_private.h"
#include "io_private.h"
#include "tiff_common.h"

#define WHO "cle_tiff_write"

/* Strips of about this size: small enough for any reader, few enough to be cheap. */
#define STRIP_BYTES ((size_t)1 << 20)
/* Classic TIFF addresses 4 GB; leave room for the directories. */
#define CLASSIC_LIMIT (((uint64_t)1 << 32) - ((uint64_t)1 << 24))

static int write_page(TIFF *tif, const cle_host_image *img, size_t z, const char *description)
{
  uint16_t format, bits;
  cle_tiff_format_of(img->dtype, &format, &bits);
  size_t row_bytes = img->width * cle_dtype_size(img->dtype);
  uint32_t rows_per_strip = (uint32_t)(STRIP_BYTES / row_bytes);
  if (rows_per_strip == 0)
    rows_per_strip = 1;
  if (rows_per_strip > img->height)
    rows_per_strip = (uint32_t)img->height;
  TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, (uint32_t)img->width);
  TIFFSetField(tif, TIFFTAG_IMAGELENGTH, (uint32_t)img->height);
  TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, (uint16_t)1);
  TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, bits);
  TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, format);
  TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
  TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_NONE);
  TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, rows_per_strip);
  if (description)
    TIFFSetField(tif, TIFFTAG_IMAGEDESCRIPTION, description);
  const unsigned char *plane = (const unsigned char *)img->data + z * img->height * row_bytes;
  for (size_t row0 = 0, s = 0; row0 < img->height; row0 += rows_per_strip, s++) {
    size_t rows = img->height - row0 < rows_per_strip ? img->height - row0 : rows_per_strip;
    tmsize_t n = (tmsize_t)(rows * row_bytes);
    /* libtiff's write API takes a non-const buffer; it changes it only to swap
     * bytes or apply a predictor, and we write native order, uncompressed. */
    if (TIFFWriteEncodedStrip(tif, (uint32_t)s, (void *)(plane + row0 * row_bytes), n) != n)
      return -1;
  }
  return TIFFWriteDirectory(tif) ? 0 : -1;
}

int cle_tiff_write_host(const char *path, const cle_host_image *img)
{
  if (cle_io_check_host_image(img, WHO) != 0)
    return -1;
  cle_io_tmp t;
  if (cle_io_tmp_open(&t, path, WHO) != 0)
    return -1;
  cle_tiff_messages msgs;
  TIFFOpenOptions *opts = cle_tiff_options(&msgs, WHO);
  if (!opts) {
    cle_io_tmp_abort(&t);
    return -1;
  }
  bool big = (uint64_t)cle_host_image_nbytes(img) > CLASSIC_LIMIT;
  TIFF *tif = TIFFFdOpenExt(t.fd, t.tmp_path, big ? "w8" : "w", opts);
  TIFFOpenOptionsFree(opts);
  if (!tif) {
    cle_io_tmp_abort(&t);
    return cle_set_error(CLE_ERROR_IO, "%s: %s: cannot start a TIFF (libtiff: %s)", WHO, path, msgs.error);
  }
  t.fd = -1; /* TIFFClose closes it */
  char description[160];
  snprintf(description, sizeof description, "ImageJ=1.11a\nimages=%zu\nslices=%zu\nloop=false\n", img->depth,
           img->depth);
  int rc = 0;
  for (size_t z = 0; rc == 0 && z < img->depth; z++)
    rc = write_page(tif, img, z, z == 0 && img->depth > 1 ? description : NULL);
  if (rc == 0 && !TIFFFlush(tif))
    rc = -1;
  TIFFClose(tif);
  if (rc != 0 || msgs.error[0]) {
    cle_io_tmp_abort(&t);
    return cle_set_error(CLE_ERROR_IO, "%s: %s: cannot write (libtiff: %s)", WHO, path,
                         msgs.error[0] ? msgs.error : "write failed");
  }
  return cle_io_tmp_commit(&t, WHO);
}

int cle_tiff_write(const cle_array *arr, const char *path)
{
  cle_host_image img;
  if (cle_io_pull_host(arr, &img, WHO) != 0)
    return -1;
  int rc = cle_tiff_write_host(path, &img);
  cle_host_image_free(&img);
  return rc;
}
