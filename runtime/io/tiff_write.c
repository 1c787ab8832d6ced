/* TIFF writing: uncompressed, one page per z slice, incrementally
 * (cle_tiff_writer: a few slices at a time; cle_tiff_write_host is the
 * writer given every slice at once, so both write the same bytes). A 2D
 * image and a stack beyond classic TIFF's 4 GB go through libtiff, strip by
 * strip; a stack below it is laid out as ImageJ writes one (imagej_begin,
 * imagej_end): a header whose first-page offset follows from the shape,
 * every slice's pixels in one contiguous run, then the pages, the first carrying the ImageJ description
 * that makes Fiji open the file as a z stack. ImageJ reads such a file from
 * the first page alone (it skips the other pages of a file whose description
 * announces images=N and reads the N slices one after the other), so the
 * pixels must be contiguous: libtiff puts each page's directory between one
 * slice and the next. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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

/* A file being written: the shape, which layout, how far it got. Slices
 * are z planes of a stack, rows of a 2D image; rows are the whole stack's
 * (z * height + y). */
struct cle_tiff_writer {
  cle_io_tmp t;
  bool guarded;          /* holds a signal guard (the temporary goes on SIGINT/SIGTERM/SIGHUP) */
  bool imagej;           /* ImageJ's layout by hand, else libtiff's */
  bool fd_owned_by_tiff; /* TIFFClose closes t.fd */
  cle_host_image shape;  /* data NULL */
  char description[160];
  size_t row_bytes, slice_bytes, slices, slices_done;
  /* libtiff's layout */
  TIFF *tif;
  cle_tiff_messages msgs;
  uint32_t rows_per_strip;
  size_t rows_done;       /* rows in strips written */
  unsigned char *pending; /* a strip cut by the end of an append */
  size_t pending_rows;
};

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

/* The ImageJ header: byte order, 42, the first IFD's offset, which lies past
 * every slice's pixels and the description (all known from the shape). */
static void imagej_layout(const cle_tiff_writer *w, uint64_t *pixels_end, uint32_t *desc_at, uint32_t *desc_len,
                          uint32_t *ifd0)
{
  *pixels_end = 8 + (uint64_t)w->slice_bytes * w->slices;
  *desc_at = (uint32_t)((*pixels_end + 1) & ~(uint64_t)1); /* word-aligned */
  *desc_len = (uint32_t)strlen(w->description) + 1;        /* with its NUL */
  *ifd0 = (*desc_at + *desc_len + 1) & ~(uint32_t)1;
}

static bool imagej_begin(cle_tiff_writer *w)
{
  uint64_t pixels_end;
  uint32_t desc_at, desc_len, ifd0;
  imagej_layout(w, &pixels_end, &desc_at, &desc_len, &ifd0);
  const uint16_t probe = 1, magic = 42;
  unsigned char header[8];
  memcpy(header, *(const unsigned char *)&probe ? "II" : "MM", 2);
  memcpy(header + 2, &magic, 2);
  memcpy(header + 4, &ifd0, 4);
  return write_all(w->t.fd, header, 8);
}

/* After the pixels: the description, then one page per slice, each pointing
 * into the pixels; only the first carries the description. */
static bool imagej_end(cle_tiff_writer *w)
{
  const cle_host_image *img = &w->shape;
  uint16_t format, bits;
  cle_tiff_format_of(img->dtype, &format, &bits);
  const uint32_t plane = (uint32_t)w->slice_bytes;
  uint64_t pixels_end;
  uint32_t desc_at, desc_len, ifd0;
  imagej_layout(w, &pixels_end, &desc_at, &desc_len, &ifd0);
  static const unsigned char zeros[2] = {0, 0};
  if (!write_all(w->t.fd, zeros, desc_at - pixels_end) || !write_all(w->t.fd, w->description, desc_len) ||
      !write_all(w->t.fd, zeros, ifd0 - desc_at - desc_len))
    return false;
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
    if (!write_all(w->t.fd, ifd, size))
      return false;
  }
  return true;
}

/* ---- libtiff's layout: strips of rows, page by page ---- */

static void start_page(cle_tiff_writer *w, size_t z)
{
  const cle_host_image *img = &w->shape;
  TIFF *tif = w->tif;
  uint16_t format, bits;
  cle_tiff_format_of(img->dtype, &format, &bits);
  TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, (uint32_t)img->width);
  TIFFSetField(tif, TIFFTAG_IMAGELENGTH, (uint32_t)img->height);
  TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, (uint16_t)1);
  TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, bits);
  TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, format);
  TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
  TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_NONE);
  TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, w->rows_per_strip);
  if (z == 0 && img->depth > 1)
    TIFFSetField(tif, TIFFTAG_IMAGEDESCRIPTION, w->description);
}

/* Rows of the whole stack (z * height + y) from data, strip by strip: a
 * strip the data holds whole is written from it, a strip cut by the end of
 * one append is gathered in w->pending first. */
static bool libtiff_rows(cle_tiff_writer *w, const unsigned char *data, size_t rows)
{
  const size_t height = w->shape.height;
  while (rows > 0) {
    const size_t z = w->rows_done / height, strip_row0 = w->rows_done % height;
    if (strip_row0 == 0 && w->pending_rows == 0)
      start_page(w, z);
    const size_t s = strip_row0 / w->rows_per_strip;
    const size_t strip_rows = height - strip_row0 < w->rows_per_strip ? height - strip_row0 : w->rows_per_strip;
    const size_t want = strip_rows - w->pending_rows, take = rows < want ? rows : want;
    const unsigned char *strip = data;
    if (w->pending_rows > 0 || take < strip_rows) {
      if (!w->pending && !(w->pending = malloc(w->rows_per_strip * w->row_bytes))) {
        errno = ENOMEM;
        return false;
      }
      memcpy(w->pending + w->pending_rows * w->row_bytes, data, take * w->row_bytes);
      w->pending_rows += take;
      strip = w->pending;
    }
    data += take * w->row_bytes;
    rows -= take;
    if (w->pending_rows > 0 && w->pending_rows < strip_rows)
      return true; /* the strip's other rows come with the next append */
    w->pending_rows = 0;
    w->rows_done += strip_rows;
    const tmsize_t n = (tmsize_t)(strip_rows * w->row_bytes);
    /* libtiff's write API takes a non-const buffer; it changes it only to swap
     * bytes or apply a predictor, and we write native order, uncompressed. */
    if (TIFFWriteEncodedStrip(w->tif, (uint32_t)s, (void *)strip, n) != n)
      return false;
    if (strip_row0 + strip_rows == height && !TIFFWriteDirectory(w->tif))
      return false;
  }
  return true;
}

/* ---- the writer ---- */

static int writer_fail(cle_tiff_writer *w, int err)
{
  const char *path = w->t.path;
  char why[400];
  if (w->msgs.error[0] && err)
    snprintf(why, sizeof why, "%s (libtiff: %s)", strerror(err), w->msgs.error);
  else if (w->msgs.error[0])
    snprintf(why, sizeof why, "libtiff: %s", w->msgs.error);
  else
    snprintf(why, sizeof why, "%s", strerror(err ? err : EIO));
  cle_tiff_writer_abort(w);
  return cle_set_error(CLE_ERROR_IO, "%s: %s: cannot write: %s", WHO, path, why);
}

cle_tiff_writer *cle_tiff_writer_open(const char *path, const cle_host_image *shape)
{
  cle_host_image check = {0};
  if (shape) {
    check = *shape;
    check.data = (void *)shape; /* any non-NULL: only the shape is checked */
  }
  if (cle_io_check_host_image(shape ? &check : NULL, WHO) != 0)
    return NULL;
  cle_tiff_writer *w = calloc(1, sizeof *w);
  if (!w)
    return cle_fail_null(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory", WHO);
  w->shape = *shape;
  w->shape.data = NULL;
  w->t.fd = -1;
  w->row_bytes = shape->width * cle_dtype_size(shape->dtype);
  const bool stack = shape->depth > 1;
  w->slices = stack ? shape->depth : shape->height;
  w->slice_bytes = stack ? w->row_bytes * shape->height : w->row_bytes;
  snprintf(w->description, sizeof w->description, "ImageJ=1.11a\nimages=%zu\nslices=%zu\nloop=false\n", shape->depth,
           shape->depth);
  if (cle_io_tmp_open(&w->t, path, WHO) != 0) {
    free(w);
    return NULL;
  }
  cle_io_signal_guard_enter();
  w->guarded = true;
  /* the pixels, the description and the pages within classic TIFF's 4 GB: ImageJ's layout */
  const uint64_t nbytes = cle_host_image_nbytes(shape);
  w->imagej = stack && nbytes + (uint64_t)shape->depth * IJ_IFD_BYTES + 4096 < ((uint64_t)1 << 32);
  if (w->imagej) {
    if (!imagej_begin(w)) {
      writer_fail(w, errno);
      return NULL;
    }
    return w;
  }
  size_t rps = STRIP_BYTES / w->row_bytes;
  if (rps == 0)
    rps = 1;
  if (rps > shape->height)
    rps = shape->height;
  w->rows_per_strip = (uint32_t)rps;
  TIFFOpenOptions *opts = cle_tiff_options(&w->msgs, WHO);
  if (!opts) {
    cle_tiff_writer_abort(w);
    return NULL;
  }
  w->tif = TIFFFdOpenExt(w->t.fd, w->t.tmp_path, nbytes > CLASSIC_LIMIT ? "w8" : "w", opts);
  TIFFOpenOptionsFree(opts);
  if (!w->tif) {
    char said[sizeof w->msgs.error];
    memcpy(said, w->msgs.error, sizeof said);
    cle_tiff_writer_abort(w);
    return cle_fail_null(CLE_ERROR_IO, "%s: %s: cannot start a TIFF (libtiff: %s)", WHO, path, said);
  }
  w->fd_owned_by_tiff = true;
  return w;
}

int cle_tiff_writer_append(cle_tiff_writer *w, const void *slices, size_t count)
{
  if (!w)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: writer must not be NULL", WHO);
  if (count > 0 && !slices) {
    const char *path = w->t.path;
    cle_tiff_writer_abort(w);
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s: slices must not be NULL", WHO, path);
  }
  if (count > w->slices - w->slices_done) {
    const char *path = w->t.path;
    const size_t total = w->slices, done = w->slices_done;
    cle_tiff_writer_abort(w);
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s: %zu more slices given, but %zu of %zu remain", WHO, path,
                         count, total - done, total);
  }
  errno = 0;
  const bool ok = w->imagej ? write_all(w->t.fd, slices, count * w->slice_bytes)
                            : libtiff_rows(w, slices, count * (w->slice_bytes / w->row_bytes));
  if (!ok || w->msgs.error[0])
    return writer_fail(w, errno);
  w->slices_done += count;
  return 0;
}

int cle_tiff_writer_close(cle_tiff_writer *w)
{
  if (!w)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: writer must not be NULL", WHO);
  if (w->slices_done != w->slices) {
    const char *path = w->t.path;
    const size_t total = w->slices, done = w->slices_done;
    cle_tiff_writer_abort(w);
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s: only %zu of %zu slices were given; nothing was written",
                         WHO, path, done, total);
  }
  errno = 0;
  if (w->imagej) {
    if (!imagej_end(w))
      return writer_fail(w, errno);
    const int rc = close(w->t.fd);
    w->t.fd = -1;
    if (rc != 0)
      return writer_fail(w, errno);
  } else {
    const bool flushed = TIFFFlush(w->tif);
    const int err = errno;
    TIFFClose(w->tif);
    w->tif = NULL;
    w->t.fd = -1; /* closed by TIFFClose */
    if (!flushed || w->msgs.error[0])
      return writer_fail(w, err);
  }
  const int rc = cle_io_tmp_commit(&w->t, WHO); /* renamed, or removed: either way t holds nothing */
  cle_tiff_writer_abort(w);
  return rc;
}

void cle_tiff_writer_abort(cle_tiff_writer *w)
{
  if (!w)
    return;
  if (w->tif) {
    TIFFClose(w->tif); /* closes the fd */
    w->t.fd = -1;
  } else if (w->fd_owned_by_tiff) {
    w->t.fd = -1;
  }
  cle_io_tmp_abort(&w->t);
  if (w->guarded)
    cle_io_signal_guard_leave();
  free(w->pending);
  free(w);
}

int cle_tiff_write_host(const char *path, const cle_host_image *img)
{
  if (cle_io_check_host_image(img, WHO) != 0)
    return -1;
  cle_tiff_writer *w = cle_tiff_writer_open(path, img);
  if (!w)
    return -1;
  if (cle_tiff_writer_append(w, img->data, img->depth > 1 ? img->depth : img->height) != 0)
    return -1;
  return cle_tiff_writer_close(w);
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
