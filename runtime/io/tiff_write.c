/* TIFF writing: uncompressed, one page per z slice. A 2D image and a stack
 * beyond classic TIFF's 4 GB go through libtiff; a stack below it is laid
 * out as ImageJ writes one (write_imagej_stack): every slice's pixels in one
 * contiguous run, then the pages, the first carrying the ImageJ description
 * that makes Fiji open the file as a z stack. ImageJ reads such a file from
 * the first page alone (it skips the other pages of a file whose description
 * announces images=N and reads the N slices one after the other), so the
 * pixels must be contiguous: libtiff puts each page's directory between one
 * slice and the next. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

/* ---- ImageJ's layout, by hand ---- */

static bool write_all(int fd, const void *buf, size_t n)
{
  const unsigned char *p = buf;
  while (n > 0) {
    ssize_t got = write(fd, p, n > ((size_t)1 << 30) ? (size_t)1 << 30 : n);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      return false;
    p += got;
    n -= (size_t)got;
  }
  return true;
}

/* An IFD entry in the host's byte order (the header says which): a value
 * that fits (one SHORT or LONG) sits in the entry, left-justified. */
static void put_entry(unsigned char *e, uint16_t tag, uint16_t type, uint32_t count, uint32_t value)
{
  memcpy(e, &tag, 2);
  memcpy(e + 2, &type, 2);
  memcpy(e + 4, &count, 4);
  memset(e + 8, 0, 4);
  if (type == 3 && count == 1) {
    uint16_t v16 = (uint16_t)value;
    memcpy(e + 8, &v16, 2);
  } else {
    memcpy(e + 8, &value, 4);
  }
}

#define IJ_ENTRIES 12
#define IJ_IFD_BYTES (2 + 12 * IJ_ENTRIES + 4)

static int write_imagej_stack(int fd, const cle_host_image *img, const char *description)
{
  uint16_t format, bits;
  cle_tiff_format_of(img->dtype, &format, &bits);
  const uint32_t plane = (uint32_t)(img->width * img->height * cle_dtype_size(img->dtype));
  const uint64_t pixels_end = 8 + (uint64_t)plane * img->depth;
  const uint32_t desc_at = (uint32_t)((pixels_end + 1) & ~(uint64_t)1); /* word-aligned */
  const uint32_t desc_len = (uint32_t)strlen(description) + 1;          /* with its NUL */
  const uint32_t ifd0 = (desc_at + desc_len + 1) & ~(uint32_t)1;
  /* header: byte order, 42, first IFD */
  const uint16_t probe = 1, magic = 42;
  unsigned char header[8];
  memcpy(header, *(const unsigned char *)&probe ? "II" : "MM", 2);
  memcpy(header + 2, &magic, 2);
  memcpy(header + 4, &ifd0, 4);
  if (!write_all(fd, header, 8) || !write_all(fd, img->data, (size_t)plane * img->depth))
    return -1;
  static const unsigned char zeros[2] = {0, 0};
  if (!write_all(fd, zeros, desc_at - pixels_end) || !write_all(fd, description, desc_len) ||
      !write_all(fd, zeros, ifd0 - desc_at - desc_len))
    return -1;
  for (size_t z = 0; z < img->depth; z++) {
    unsigned char ifd[IJ_IFD_BYTES], *e = ifd + 2;
    const uint16_t n = z == 0 ? IJ_ENTRIES : IJ_ENTRIES - 1;
    memcpy(ifd, &n, 2);
    put_entry(e, 256, 4, 1, (uint32_t)img->width), e += 12;  /* ImageWidth */
    put_entry(e, 257, 4, 1, (uint32_t)img->height), e += 12; /* ImageLength */
    put_entry(e, 258, 3, 1, bits), e += 12;                  /* BitsPerSample */
    put_entry(e, 259, 3, 1, 1), e += 12;                     /* Compression: none */
    put_entry(e, 262, 3, 1, 1), e += 12;                     /* Photometric: min is black */
    if (z == 0)
      put_entry(e, 270, 2, desc_len, desc_at), e += 12;                    /* ImageDescription */
    put_entry(e, 273, 4, 1, (uint32_t)(8 + (uint64_t)plane * z)), e += 12; /* StripOffsets */
    put_entry(e, 277, 3, 1, 1), e += 12;                                   /* SamplesPerPixel */
    put_entry(e, 278, 4, 1, (uint32_t)img->height), e += 12;               /* RowsPerStrip: one strip */
    put_entry(e, 279, 4, 1, plane), e += 12;                               /* StripByteCounts */
    put_entry(e, 284, 3, 1, 1), e += 12;                                   /* PlanarConfiguration */
    put_entry(e, 339, 3, 1, format), e += 12;                              /* SampleFormat */
    const size_t size = (size_t)(e - ifd) + 4;
    const uint32_t here = ifd0 + (uint32_t)(z == 0 ? 0 : IJ_IFD_BYTES + (z - 1) * (IJ_IFD_BYTES - 12));
    const uint32_t next = z + 1 < img->depth ? here + (uint32_t)size : 0;
    memcpy(e, &next, 4);
    if (!write_all(fd, ifd, size))
      return -1;
  }
  return 0;
}

int cle_tiff_write_host(const char *path, const cle_host_image *img)
{
  if (cle_io_check_host_image(img, WHO) != 0)
    return -1;
  cle_io_tmp t;
  if (cle_io_tmp_open(&t, path, WHO) != 0)
    return -1;
  /* the pixels, the description and the pages within classic TIFF's 4 GB: ImageJ's layout */
  if (img->depth > 1 &&
      (uint64_t)cle_host_image_nbytes(img) + (uint64_t)img->depth * IJ_IFD_BYTES + 4096 < ((uint64_t)1 << 32)) {
    char description[160];
    snprintf(description, sizeof description, "ImageJ=1.11a\nimages=%zu\nslices=%zu\nloop=false\n", img->depth,
             img->depth);
    int rc = write_imagej_stack(t.fd, img, description);
    int err = errno;
    if (rc == 0 && close(t.fd) != 0) {
      rc = -1;
      err = errno;
    }
    t.fd = -1;
    if (rc != 0) {
      cle_io_tmp_abort(&t);
      return cle_set_error(CLE_ERROR_IO, "%s: %s: cannot write: %s", WHO, path, strerror(err));
    }
    return cle_io_tmp_commit(&t, WHO);
  }
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
