/* TIFF reading with libtiff: 2D pages and multi-page stacks, whole
 * (cle_tiff_read_host) or a range of slices at a time (cle_tiff_reader).
 *
 * Two passes: the first (scan) walks every page, checks its layout and where
 * its data lies against the file's size, so a forged header fails before any
 * pixel buffer is allocated, and notes each slice's directory; the second
 * (read_rows) decodes rows of the stack (z * height + y) into the caller's
 * buffer, only the strips or tiles those rows lie in.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cle_private.h"
#include "io_private.h"
#include "tiff_common.h"

#define WHO "cle_tiff_read"

/* Compressed data may decode to at most this many times its stored size
 * (above deflate's and LZW's practical worst cases)... */
#define MAX_EXPANSION 4096u
/* ...unless the page is small enough that believing its header costs little. */
#define SMALL_PAGE_BYTES ((uint64_t)64 << 20)
/* libtiff's buffer for one tile; real tiles are a few hundred KB. */
#define MAX_TILE_BYTES ((uint64_t)1 << 30)

/* Layout of one page, checked against the file. */
typedef struct page {
  uint32_t width, height;
  cle_dtype dtype;
  uint16_t compression;
  bool tiled;
  uint32_t rows_per_strip;
  uint32_t tile_width, tile_height;
  size_t row_bytes, plane_bytes;
  bool contiguous; /* uncompressed strips back to back from first_offset, row y at first_offset + y * row_bytes */
  uint64_t first_offset;
} page;

typedef struct cle_tiff_reader {
  const char *path;
  /* What the pixels may take, checked from the headers before any is read
   * (0: no limit); limit_who names what sets it (a device). */
  uint64_t max_bytes;
  const char *limit_who;
  int fd; /* ours until TIFFFdOpenExt succeeds, then libtiff's */
  uint64_t file_size;
  TIFF *tif;
  cle_tiff_messages msgs;
  /* what scan found */
  page first;      /* page 0's layout: every slice's */
  size_t depth;    /* slices */
  bool contiguous; /* ImageJ beyond 4 GB: one page, the slices' pixels back to back */
  tdir_t *dirs;    /* each slice's directory number (pages that are not slices skipped) */
  char *path_copy; /* cle_tiff_reader_open's own copy of the path */
} reader;

/* ImageJ's description: how many images the file holds and how they are arranged. */
typedef struct imagej_info {
  bool present;
  unsigned long images, channels, slices, frames;
} imagej_info;

static int fail(reader *r, cle_error code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(reader *r, cle_error code, const char *fmt, ...)
{
  char what[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  return cle_set_error(code, "%s: %s: %s", WHO, r->path, what);
}

/* A libtiff call failed: say what we were doing and what libtiff said. */
static int fail_tiff(reader *r, const char *doing)
{
  const char *said = r->msgs.error[0] ? r->msgs.error : r->msgs.warning;
  if (said[0])
    return fail(r, CLE_ERROR_IO, "%s (libtiff: %s)", doing, said);
  return fail(r, CLE_ERROR_IO, "%s", doing);
}

static int open_checked(reader *r)
{
  r->fd = open(r->path, O_RDONLY | O_CLOEXEC);
  if (r->fd < 0)
    return fail(r, CLE_ERROR_IO, "cannot open: %s", strerror(errno));
  struct stat st;
  if (fstat(r->fd, &st) != 0)
    return fail(r, CLE_ERROR_IO, "cannot stat: %s", strerror(errno));
  if (S_ISDIR(st.st_mode))
    return fail(r, CLE_ERROR_IO, "is a directory, not a TIFF file");
  if (!S_ISREG(st.st_mode))
    return fail(r, CLE_ERROR_IO, "is not a regular file");
  r->file_size = (uint64_t)st.st_size;
  unsigned char head[4] = {0};
  ssize_t got = pread(r->fd, head, sizeof head, 0);
  if (got < 0)
    return fail(r, CLE_ERROR_IO, "cannot read: %s", strerror(errno));
  if (r->file_size < 8)
    return fail(r, CLE_ERROR_IO, "not a TIFF file (only %" PRIu64 " bytes)", r->file_size);
  bool classic = (head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0) ||
                 (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42);
  bool big = (head[0] == 'I' && head[1] == 'I' && head[2] == 43 && head[3] == 0) ||
             (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 43);
  if (!classic && !big)
    return fail(r, CLE_ERROR_IO, "not a TIFF file (starts with bytes %02x %02x %02x %02x)", head[0], head[1], head[2],
                head[3]);
  TIFFOpenOptions *opts = cle_tiff_options(&r->msgs, WHO);
  if (!opts)
    return -1;
  /* "c": no strip chopping; we read whole strips straight into our buffer.
   * "m": no memory map: read() into that buffer, so a stream read a slab at
   * a time never has the whole file mapped into the process. */
  r->tif = TIFFFdOpenExt(r->fd, r->path, "rcm", opts);
  TIFFOpenOptionsFree(opts);
  if (!r->tif)
    return fail_tiff(r, "not a readable TIFF file");
  r->fd = -1; /* TIFFClose closes it */
  return 0;
}

static const char *dtype_label(cle_dtype t)
{
  return cle_dtype_name(t);
}

/* Where the page's strips or tiles lie: inside the file, and (uncompressed)
 * as long as the pixels they must hold. */
static int check_extents(reader *r, int index, page *p)
{
  TIFF *tif = r->tif;
  uint32_t n = p->tiled ? TIFFNumberOfTiles(tif) : TIFFNumberOfStrips(tif);
  const char *kind = p->tiled ? "tile" : "strip";
  if (n == 0)
    return fail(r, CLE_ERROR_IO, "page %d has no image data (no %ss)", index, kind);
  bool raw = p->compression == COMPRESSION_NONE;
  uint64_t tile_bytes = p->tiled ? TIFFTileSize64(tif) : 0;
  uint64_t stored = 0, next = 0;
  p->contiguous = raw && !p->tiled;
  for (uint32_t i = 0; i < n; i++) {
    int err = 0;
    uint64_t off = TIFFGetStrileOffsetWithErr(tif, i, &err);
    uint64_t cnt = err ? 0 : TIFFGetStrileByteCountWithErr(tif, i, &err);
    if (err)
      return fail_tiff(r, "cannot read the data offsets");
    if (off > r->file_size || cnt > r->file_size - off)
      return fail(r, CLE_ERROR_IO,
                  "truncated: page %d %s %" PRIu32 " (bytes %" PRIu64 "..%" PRIu64
                  ") ends beyond the end of the file (%" PRIu64 " bytes)",
                  index, kind, i, off, off + cnt, r->file_size);
    if (raw) {
      uint64_t need = tile_bytes;
      if (!p->tiled) {
        uint64_t row0 = (uint64_t)i * p->rows_per_strip;
        uint64_t rows = row0 >= p->height ? 0 : p->height - row0;
        if (rows > p->rows_per_strip)
          rows = p->rows_per_strip;
        need = rows * p->row_bytes;
      }
      if (cnt < need)
        return fail(r, CLE_ERROR_IO, "truncated: page %d %s %" PRIu32 " holds %" PRIu64 " bytes, needs %" PRIu64, index,
                    kind, i, cnt, need);
      if (cnt != need && i + 1 < n)
        p->contiguous = false; /* padded strips: row y is not at first_offset + y * row_bytes */
    }
    if (i == 0)
      p->first_offset = off;
    else if (off != next)
      p->contiguous = false;
    next = off + cnt;
    stored += cnt;
  }
  if (!raw && p->plane_bytes > SMALL_PAGE_BYTES && p->plane_bytes / MAX_EXPANSION > stored)
    return fail(r, CLE_ERROR_IO,
                "page %d claims %" PRIu32 "x%" PRIu32 " %s pixels (%zu bytes) from only %" PRIu64
                " compressed bytes: not plausible",
                index, p->width, p->height, dtype_label(p->dtype), p->plane_bytes, stored);
  return 0;
}

/* Read the current directory's layout and check it. */
static int describe_page(reader *r, int index, page *p)
{
  TIFF *tif = r->tif;
  memset(p, 0, sizeof *p);
  uint16_t spp = 1, bits = 1, format = SAMPLEFORMAT_UINT, compression = COMPRESSION_NONE;
  uint32_t image_depth = 1;
  TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &p->width);
  TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &p->height);
  TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
  TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits);
  TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &format);
  TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &compression);
  TIFFGetField(tif, TIFFTAG_IMAGEDEPTH, &image_depth);
  if (p->width == 0 || p->height == 0)
    return fail(r, CLE_ERROR_IO, "page %d has no size (%" PRIu32 "x%" PRIu32 ")", index, p->width, p->height);
  if (spp != 1)
    return fail(r, CLE_ERROR_UNSUPPORTED,
                "page %d has %u samples per pixel (RGB or multi-channel); only single-channel images are supported",
                index, spp);
  if (!cle_tiff_dtype_of(format, bits, &p->dtype))
    return fail(r, CLE_ERROR_UNSUPPORTED,
                "page %d has %u-bit samples of format %u; supported are 8/16/32-bit integers and 32-bit floats", index,
                bits, format);
  if (image_depth > 1)
    return fail(r, CLE_ERROR_UNSUPPORTED,
                "page %d is a volumetric (ImageDepth %" PRIu32 ") TIFF, which is not supported", index, image_depth);
  if (!TIFFIsCODECConfigured(compression))
    return fail(r, CLE_ERROR_UNSUPPORTED, "page %d uses compression %u, which this libtiff cannot decode", index,
                compression);
  p->compression = compression;
  size_t es = cle_dtype_size(p->dtype);
  if (!cle_io_mul(p->width, es, &p->row_bytes) || !cle_io_mul(p->row_bytes, p->height, &p->plane_bytes))
    return fail(r, CLE_ERROR_IO, "page %d claims %" PRIu32 "x%" PRIu32 " pixels, too many to address", index, p->width,
                p->height);
  /* Uncompressed pixels must be in the file: the cheapest test of a forged size. */
  if (compression == COMPRESSION_NONE && p->plane_bytes > r->file_size)
    return fail(r, CLE_ERROR_IO,
                "truncated or forged: header claims %" PRIu32 "x%" PRIu32
                " %s pixels on page %d (%zu bytes), more than the whole file (%" PRIu64 " bytes)",
                p->width, p->height, dtype_label(p->dtype), index, p->plane_bytes, r->file_size);
  p->tiled = TIFFIsTiled(tif);
  if (p->tiled) {
    TIFFGetField(tif, TIFFTAG_TILEWIDTH, &p->tile_width);
    TIFFGetField(tif, TIFFTAG_TILELENGTH, &p->tile_height);
    uint64_t tile_bytes = TIFFTileSize64(tif);
    if (p->tile_width == 0 || p->tile_height == 0 || tile_bytes == 0 || tile_bytes > MAX_TILE_BYTES ||
        tile_bytes != (uint64_t)p->tile_width * p->tile_height * es)
      return fail(r, CLE_ERROR_IO, "page %d has an implausible tile size %" PRIu32 "x%" PRIu32, index, p->tile_width,
                  p->tile_height);
  } else {
    uint32_t rps = UINT32_MAX;
    TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rps);
    if (rps == 0)
      return fail(r, CLE_ERROR_IO, "page %d has RowsPerStrip 0", index);
    p->rows_per_strip = rps > p->height ? p->height : rps;
  }
  return check_extents(r, index, p);
}

static bool same_layout(const page *a, const page *b)
{
  return a->width == b->width && a->height == b->height && a->dtype == b->dtype;
}

/* Thumbnails and pyramid levels are not slices of the stack. */
static bool is_reduced(TIFF *tif)
{
  uint32_t type = 0;
  return TIFFGetField(tif, TIFFTAG_SUBFILETYPE, &type) && (type & FILETYPE_REDUCEDIMAGE);
}

/* Next page that is a slice; false at the end or on error (error in msgs). */
static bool next_slice(reader *r)
{
  while (TIFFReadDirectory(r->tif))
    if (!is_reduced(r->tif))
      return true;
  return false;
}

static unsigned long imagej_value(const char *desc, const char *key)
{
  size_t k = strlen(key);
  const char *line = desc;
  while (line && *line) {
    if (strncmp(line, key, k) == 0 && line[k] == '=')
      return strtoul(line + k + 1, NULL, 10);
    line = strchr(line, '\n');
    if (line)
      line++;
  }
  return 0;
}

static int read_imagej(reader *r, imagej_info *ij)
{
  memset(ij, 0, sizeof *ij);
  const char *desc = NULL;
  if (!TIFFGetField(r->tif, TIFFTAG_IMAGEDESCRIPTION, &desc) || !desc || strncmp(desc, "ImageJ=", 7) != 0)
    return 0;
  ij->present = true;
  ij->images = imagej_value(desc, "images");
  ij->channels = imagej_value(desc, "channels");
  ij->slices = imagej_value(desc, "slices");
  ij->frames = imagej_value(desc, "frames");
  /* A stack along one axis maps to 3D, its planes as z: a z stack, a time
   * series, or a stack whose axis was never named (tifffile's
   * imwrite(..., imagej=True) of a 3D array says "channels"). Two or more
   * axes beyond y and x do not fit 3D. */
  int axes = (ij->channels > 1) + (ij->slices > 1) + (ij->frames > 1);
  if (axes > 1)
    return fail(r, CLE_ERROR_UNSUPPORTED,
                "ImageJ hyperstack with %lu channels x %lu slices x %lu frames; only one axis beyond y and x "
                "is supported (it is read as z)",
                ij->channels ? ij->channels : 1, ij->slices ? ij->slices : 1, ij->frames ? ij->frames : 1);
  return 0;
}

static tmsize_t decode(reader *r, const page *p, uint32_t num, unsigned char *buf, tmsize_t size)
{
  return p->tiled ? TIFFReadEncodedTile(r->tif, num, buf, size) : TIFFReadEncodedStrip(r->tif, num, buf, size);
}

/* Decode strip or tile num of page index into buf, size bytes, all of which
 * its header says it holds. A libtiff error is a failure even when the call
 * reports success. Some decoders (libtiff's libdeflate path, on data that
 * decodes to more than the header says) stop early yet report success and
 * leave the rest of buf as it was: the last byte is set to a mark first, and
 * when the mark survives, the data is decoded again with another mark. */
static int decode_checked(reader *r, int index, const page *p, uint32_t num, unsigned char *buf, tmsize_t size)
{
  static const unsigned char marks[2] = {0x5a, 0xa5};
  const char *kind = p->tiled ? "tile" : "strip";
  for (int attempt = 0; attempt < 2; attempt++) {
    buf[size - 1] = marks[attempt];
    tmsize_t got = decode(r, p, num, buf, size);
    if (got != size || r->msgs.error[0]) {
      char doing[128];
      if (got >= 0 && got < size && !r->msgs.error[0])
        snprintf(doing, sizeof doing, "cannot decode page %d %s %" PRIu32 ": %td of %td bytes", index, kind, num,
                 (ptrdiff_t)got, (ptrdiff_t)size);
      else
        snprintf(doing, sizeof doing, "cannot decode page %d %s %" PRIu32, index, kind, num);
      return fail_tiff(r, doing);
    }
    if (p->compression == COMPRESSION_NONE || buf[size - 1] != marks[attempt])
      return 0;
  }
  return fail(r, CLE_ERROR_IO,
              "cannot decode page %d %s %" PRIu32 ": its data does not decode to the %td bytes its header claims "
              "(short or corrupt %s)",
              index, kind, num, (ptrdiff_t)size, kind);
}

/* Rows [y0, y1) of the current page into dst (row y0 first): the strips
 * those rows lie in, each decoded straight into dst when dst holds it whole,
 * else into a strip buffer the rows are copied from. */
static int read_strips(reader *r, int index, const page *p, size_t y0, size_t y1, unsigned char *dst)
{
  const size_t rps = p->rows_per_strip;
  unsigned char *buf = NULL;
  int rc = 0;
  for (size_t s = y0 / rps; rc == 0 && s * rps < y1; s++) {
    const size_t row0 = s * rps, rows = p->height - row0 < rps ? p->height - row0 : rps;
    const tmsize_t size = (tmsize_t)(rows * p->row_bytes);
    if (row0 >= y0 && row0 + rows <= y1) {
      rc = decode_checked(r, index, p, (uint32_t)s, dst + (row0 - y0) * p->row_bytes, size);
      continue;
    }
    if (!buf && !(buf = malloc(rps * p->row_bytes))) {
      rc = fail(r, CLE_ERROR_OUT_OF_MEMORY, "out of host memory: cannot allocate a %zu-byte strip", rps * p->row_bytes);
      break;
    }
    rc = decode_checked(r, index, p, (uint32_t)s, buf, size);
    const size_t a = row0 > y0 ? row0 : y0, b = row0 + rows < y1 ? row0 + rows : y1;
    if (rc == 0)
      memcpy(dst + (a - y0) * p->row_bytes, buf + (a - row0) * p->row_bytes, (b - a) * p->row_bytes);
  }
  free(buf);
  return rc;
}

/* Rows [y0, y1) of the current page from its tiles, as read_strips. */
static int read_tiles(reader *r, int index, const page *p, size_t y0, size_t y1, unsigned char *dst)
{
  /* This page's tiles (pages may differ): describe_page checked the size. */
  size_t es = cle_dtype_size(p->dtype);
  tmsize_t tile_bytes = (tmsize_t)((size_t)p->tile_width * p->tile_height * es);
  if (TIFFTileSize64(r->tif) != (uint64_t)tile_bytes)
    return fail(r, CLE_ERROR_IO, "page %d: tile size changed between reads", index);
  unsigned char *buf = calloc(1, (size_t)tile_bytes);
  if (!buf)
    return fail(r, CLE_ERROR_OUT_OF_MEMORY, "out of host memory: cannot allocate a %td-byte tile",
                (ptrdiff_t)tile_bytes);
  for (size_t ty = y0 / p->tile_height * p->tile_height; ty < y1; ty += p->tile_height) {
    for (uint32_t tx = 0; tx < p->width; tx += p->tile_width) {
      uint32_t t = TIFFComputeTile(r->tif, tx, (uint32_t)ty, 0, 0);
      if (decode_checked(r, index, p, t, buf, tile_bytes) != 0) {
        free(buf);
        return -1;
      }
      const size_t a = ty > y0 ? ty : y0, b = ty + p->tile_height < y1 ? ty + p->tile_height : y1;
      uint32_t cols = p->width - tx < p->tile_width ? p->width - tx : p->tile_width;
      for (size_t y = a; y < b; y++)
        memcpy(dst + (y - y0) * p->row_bytes + (size_t)tx * es, buf + (y - ty) * p->tile_width * es, cols * es);
    }
  }
  free(buf);
  return 0;
}

/* Uncompressed rows stored back to back from byte at: read straight into
 * dst, in the host's byte order. The ImageJ stack beyond 4 GB (one page,
 * the other slices following its data unannounced) and any page of
 * contiguous uncompressed strips are read so, only the rows asked for. */
static int read_span(reader *r, const page *p, uint64_t at, size_t rows, unsigned char *dst)
{
  int fd = TIFFFileno(r->tif);
  const size_t total = rows * p->row_bytes;
  size_t done = 0;
  while (done < total) {
    ssize_t got = pread(fd, dst + done, total - done, (off_t)(at + done));
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      return fail(r, CLE_ERROR_IO, "cannot read the %s data: %s", r->contiguous ? "ImageJ stack" : "image",
                  got < 0 ? strerror(errno) : "end of file");
    done += (size_t)got;
  }
  size_t count = total / cle_dtype_size(p->dtype);
  if (TIFFIsByteSwapped(r->tif)) {
    if (cle_dtype_size(p->dtype) == 2)
      TIFFSwabArrayOfShort((uint16_t *)(void *)dst, (tmsize_t)count);
    if (cle_dtype_size(p->dtype) == 4)
      TIFFSwabArrayOfLong((uint32_t *)(void *)dst, (tmsize_t)count);
  }
  return 0;
}

/* Pass 1: every slice agrees with the first and lies inside the file; each
 * slice's directory number is kept for read_rows. */
static int scan(reader *r)
{
  if (open_checked(r) != 0)
    return -1;
  page other;
  imagej_info ij;
  if (read_imagej(r, &ij) != 0 || describe_page(r, 0, &r->first) != 0)
    return -1;
  const page *first = &r->first;
  size_t depth = 1, cap = 16;
  r->dirs = malloc(cap * sizeof *r->dirs);
  if (!r->dirs)
    return fail(r, CLE_ERROR_OUT_OF_MEMORY, "out of host memory");
  r->dirs[0] = TIFFCurrentDirectory(r->tif);
  while (next_slice(r)) {
    if (describe_page(r, (int)depth, &other) != 0)
      return -1;
    if (!same_layout(first, &other))
      return fail(r, CLE_ERROR_IO,
                  "page %zu is %" PRIu32 "x%" PRIu32 " %s but page 0 is %" PRIu32 "x%" PRIu32
                  " %s: the pages of a stack must agree",
                  depth, other.width, other.height, dtype_label(other.dtype), first->width, first->height,
                  dtype_label(first->dtype));
    if (depth == cap) {
      tdir_t *more = realloc(r->dirs, 2 * cap * sizeof *r->dirs);
      if (!more)
        return fail(r, CLE_ERROR_OUT_OF_MEMORY, "out of host memory");
      r->dirs = more;
      cap *= 2;
    }
    r->dirs[depth++] = TIFFCurrentDirectory(r->tif);
  }
  if (r->msgs.error[0]) {
    char doing[64];
    snprintf(doing, sizeof doing, "cannot read page %zu", depth);
    return fail_tiff(r, doing);
  }
  r->contiguous = depth == 1 && ij.images > 1;
  if (r->contiguous) {
    if (!first->contiguous)
      return fail(r, CLE_ERROR_UNSUPPORTED,
                  "ImageJ description announces %lu images in one compressed or scattered page", ij.images);
    size_t total_bytes;
    if (!cle_io_mul(first->plane_bytes, ij.images, &total_bytes) || first->first_offset > r->file_size ||
        total_bytes > r->file_size - first->first_offset)
      return fail(r, CLE_ERROR_IO,
                  "truncated: ImageJ header claims %lu slices of %" PRIu32 "x%" PRIu32 " %s pixels from byte %" PRIu64
                  ", more than the file's %" PRIu64 " bytes",
                  ij.images, first->width, first->height, dtype_label(first->dtype), first->first_offset, r->file_size);
    depth = ij.images;
  }
  size_t total;
  if (!cle_io_mul(first->plane_bytes, depth, &total))
    return fail(r, CLE_ERROR_IO, "%zu pages of %zu bytes are too many to address", depth, first->plane_bytes);
  r->depth = depth;
  return 0;
}

/* Make slice z's page the current directory: the next one is read forward,
 * any other is found by its number. */
static int goto_slice(reader *r, size_t z)
{
  const tdir_t want = r->dirs[z], cur = TIFFCurrentDirectory(r->tif);
  if (cur == want)
    return 0;
  if (z > 0 && cur == r->dirs[z - 1] ? next_slice(r) : TIFFSetDirectory(r->tif, want))
    if (TIFFCurrentDirectory(r->tif) == want)
      return 0;
  char doing[64];
  snprintf(doing, sizeof doing, "cannot re-read page %zu", z);
  return fail_tiff(r, doing);
}

/* Pass 2: rows [row0, row0 + rows) of the stack (z * height + y) into dst. */
static int read_rows(reader *r, size_t row0, size_t rows, unsigned char *dst)
{
  const page *first = &r->first;
  if (r->contiguous)
    return read_span(r, first, first->first_offset + (uint64_t)row0 * first->row_bytes, rows, dst);
  const size_t height = first->height, end = row0 + rows;
  for (size_t row = row0; row < end;) {
    const size_t z = row / height, y0 = row % height, y1 = end - z * height < height ? end - z * height : height;
    if (goto_slice(r, z) != 0)
      return -1;
    /* Each page has its own tiles or strips and compression: decode it with
     * its own layout, once it agrees with what the buffer holds. */
    page cur;
    if (describe_page(r, (int)z, &cur) != 0)
      return -1;
    if (!same_layout(first, &cur) || cur.plane_bytes != first->plane_bytes)
      return fail(r, CLE_ERROR_IO,
                  "page %zu changed between reads (%" PRIu32 "x%" PRIu32 " %s, expected %" PRIu32 "x%" PRIu32 " %s)", z,
                  cur.width, cur.height, dtype_label(cur.dtype), first->width, first->height,
                  dtype_label(first->dtype));
    unsigned char *at = dst + (row - row0) * first->row_bytes;
    const int rc = cur.contiguous ? read_span(r, &cur, cur.first_offset + (uint64_t)y0 * cur.row_bytes, y1 - y0, at)
                   : cur.tiled    ? read_tiles(r, (int)z, &cur, y0, y1, at)
                                  : read_strips(r, (int)z, &cur, y0, y1, at);
    if (rc != 0)
      return -1;
    row += y1 - y0;
  }
  return 0;
}

static void reader_release(reader *r)
{
  if (r->tif)
    TIFFClose(r->tif);
  if (r->fd >= 0)
    close(r->fd);
  free(r->dirs);
  free(r->path_copy);
}

static void describe_image(const reader *r, cle_host_image *info)
{
  info->dtype = r->first.dtype;
  info->ndim = r->depth > 1 ? 3 : 2;
  info->width = r->first.width;
  info->height = r->first.height;
  info->depth = r->depth;
  info->data = NULL;
}

static int read_file(reader *r, cle_host_image *out)
{
  if (scan(r) != 0)
    return -1;
  const page *first = &r->first;
  const size_t depth = r->depth, total = first->plane_bytes * depth;
  /* The headers' word against what the pixels may take, before any is read. */
  if (r->max_bytes && total > r->max_bytes)
    return fail(r, CLE_ERROR_OUT_OF_MEMORY,
                "%" PRIu32 "x%" PRIu32 "x%zu %s pixels need %zu bytes; %s allows at most %" PRIu64
                " bytes in one array (nothing was decoded)",
                first->width, first->height, depth, dtype_label(first->dtype), total, r->limit_who, r->max_bytes);
  if (r->max_bytes && (first->width > INT_MAX || first->height > INT_MAX || depth > INT_MAX))
    return fail(r, CLE_ERROR_OUT_OF_MEMORY,
                "%" PRIu32 "x%" PRIu32 "x%zu pixels: each size must be <= %d (nothing was decoded)", first->width,
                first->height, depth, INT_MAX);
  /* Zeroed: whatever a decoder might leave unwritten is never old heap bytes. */
  unsigned char *data = calloc(1, total ? total : 1);
  if (!data)
    return fail(r, CLE_ERROR_OUT_OF_MEMORY,
                "out of host memory: cannot allocate %zu bytes for %" PRIu32 "x%" PRIu32 "x%zu %s pixels", total,
                first->width, first->height, depth, dtype_label(first->dtype));
  if (read_rows(r, 0, first->height * depth, data) != 0) {
    free(data);
    return -1;
  }
  describe_image(r, out);
  out->data = data;
  return 0;
}

static int read_host(const char *path, cle_host_image *out, uint64_t max_bytes, const char *limit_who)
{
  if (!out)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: out must not be NULL", WHO);
  memset(out, 0, sizeof *out);
  if (!path || !*path)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: path must be a file name, got %s", WHO,
                         path ? "\"\"" : "NULL");
  reader r = {.path = path, .fd = -1, .max_bytes = max_bytes, .limit_who = limit_who};
  int rc = read_file(&r, out);
  reader_release(&r);
  return rc;
}

int cle_tiff_read_host(const char *path, cle_host_image *out)
{
  return read_host(path, out, 0, NULL);
}

cle_array *cle_tiff_read(cle_device *dev, const char *path)
{
  if (!dev && !(dev = cle_device_default())) {
    cle_error_add_context(WHO);
    return NULL;
  }
  /* The device's limits, checked against the headers before any pixel is read. */
  uint64_t max_bytes = cle_device_max_allocation(dev), global = cle_device_memory_budget(dev);
  if (global && global < max_bytes)
    max_bytes = global;
  char who[300];
  snprintf(who, sizeof who, "device '%s'", cle_device_name(dev));
  cle_host_image img;
  if (read_host(path, &img, max_bytes ? max_bytes : UINT64_MAX, who) != 0)
    return NULL;
  size_t shape[3] = {img.depth, img.height, img.width};
  cle_array *arr = img.ndim == 3 ? cle_push_nd(dev, img.data, img.dtype, 3, shape)
                                 : cle_push_nd(dev, img.data, img.dtype, 2, shape + 1);
  if (!arr)
    cle_error_add_context(WHO);
  cle_host_image_free(&img);
  return arr;
}

/* ---- a range of slices at a time ---- */

cle_tiff_reader *cle_tiff_reader_open(const char *path, cle_host_image *info)
{
  if (info)
    memset(info, 0, sizeof *info);
  if (!path || !*path)
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "%s: path must be a file name, got %s", WHO,
                         path ? "\"\"" : "NULL");
  reader *r = calloc(1, sizeof *r);
  char *copy = strdup(path);
  if (!r || !copy) {
    free(r);
    free(copy);
    return cle_fail_null(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory", WHO);
  }
  r->path = r->path_copy = copy;
  r->fd = -1;
  if (scan(r) != 0) {
    reader_release(r);
    free(r);
    return NULL;
  }
  if (info)
    describe_image(r, info);
  return r;
}

int cle_tiff_reader_read(cle_tiff_reader *r, size_t first, size_t count, void *dst)
{
  if (!r)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: reader must not be NULL", WHO);
  /* a slice: a plane of a stack, a row of a 2D image */
  const size_t slices = r->depth > 1 ? r->depth : r->first.height, rows = r->depth > 1 ? r->first.height : 1;
  if (first > slices || count > slices - first)
    return fail(r, CLE_ERROR_INVALID_ARGUMENT, "slices %zu..%zu asked for, the image has %zu", first, first + count,
                slices);
  if (count > 0 && !dst)
    return fail(r, CLE_ERROR_INVALID_ARGUMENT, "dst must not be NULL");
  return count ? read_rows(r, first * rows, count * rows, dst) : 0;
}

void cle_tiff_reader_close(cle_tiff_reader *r)
{
  if (!r)
    return;
  reader_release(r);
  free(r);
}
