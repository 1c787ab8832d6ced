/* TIFF reading with libtiff: 2D pages and multi-page stacks.
 *
 * Two passes: the first walks every page, checks its layout and where its
 * data lies against the file's size, so a forged header fails before any
 * pixel buffer is allocated; the second decodes into one buffer.
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

typedef struct reader {
  const char *path;
  /* What the pixels may take, checked from the headers before any is read
   * (0: no limit); limit_who names what sets it (a device). */
  uint64_t max_bytes;
  const char *limit_who;
  int fd; /* ours until TIFFFdOpenExt succeeds, then libtiff's */
  uint64_t file_size;
  TIFF *tif;
  cle_tiff_messages msgs;
} reader;

/* Layout of one page, checked against the file. */
typedef struct page {
  uint32_t width, height;
  cle_dtype dtype;
  uint16_t compression;
  bool tiled;
  uint32_t rows_per_strip;
  uint32_t tile_width, tile_height;
  size_t row_bytes, plane_bytes;
  bool contiguous; /* uncompressed strips back to back from first_offset */
  uint64_t first_offset;
} page;

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
  /* "c": no strip chopping; we read whole strips straight into our buffer. */
  r->tif = TIFFFdOpenExt(r->fd, r->path, "rc", opts);
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

static int read_strips(reader *r, int index, const page *p, unsigned char *dst)
{
  uint32_t n = TIFFNumberOfStrips(r->tif);
  for (uint32_t s = 0; s < n; s++) {
    size_t row0 = (size_t)s * p->rows_per_strip;
    if (row0 >= p->height)
      break;
    size_t rows = p->height - row0 < p->rows_per_strip ? p->height - row0 : p->rows_per_strip;
    if (decode_checked(r, index, p, s, dst + row0 * p->row_bytes, (tmsize_t)(rows * p->row_bytes)) != 0)
      return -1;
  }
  return 0;
}

static int read_tiles(reader *r, int index, const page *p, unsigned char *dst)
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
  for (uint32_t ty = 0; ty < p->height; ty += p->tile_height) {
    for (uint32_t tx = 0; tx < p->width; tx += p->tile_width) {
      uint32_t t = TIFFComputeTile(r->tif, tx, ty, 0, 0);
      if (decode_checked(r, index, p, t, buf, tile_bytes) != 0) {
        free(buf);
        return -1;
      }
      uint32_t rows = p->height - ty < p->tile_height ? p->height - ty : p->tile_height;
      uint32_t cols = p->width - tx < p->tile_width ? p->width - tx : p->tile_width;
      for (uint32_t y = 0; y < rows; y++)
        memcpy(dst + (size_t)(ty + y) * p->row_bytes + (size_t)tx * es, buf + (size_t)y * p->tile_width * es,
               cols * es);
    }
  }
  free(buf);
  return 0;
}

/* ImageJ beyond 4 GB: one page, the other slices follow its data unannounced. */
static int read_contiguous(reader *r, const page *p, size_t depth, unsigned char *dst, size_t total)
{
  int fd = TIFFFileno(r->tif);
  size_t done = 0;
  while (done < total) {
    ssize_t got = pread(fd, dst + done, total - done, (off_t)(p->first_offset + done));
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      return fail(r, CLE_ERROR_IO, "cannot read the ImageJ stack data: %s", got < 0 ? strerror(errno) : "end of file");
    done += (size_t)got;
  }
  size_t count = p->plane_bytes / cle_dtype_size(p->dtype) * depth;
  if (TIFFIsByteSwapped(r->tif)) {
    if (cle_dtype_size(p->dtype) == 2)
      TIFFSwabArrayOfShort((uint16_t *)(void *)dst, (tmsize_t)count);
    if (cle_dtype_size(p->dtype) == 4)
      TIFFSwabArrayOfLong((uint32_t *)(void *)dst, (tmsize_t)count);
  }
  return 0;
}

static int read_file(reader *r, cle_host_image *out)
{
  if (open_checked(r) != 0)
    return -1;
  page first, other;
  imagej_info ij;
  if (read_imagej(r, &ij) != 0 || describe_page(r, 0, &first) != 0)
    return -1;
  /* Pass 1: every slice agrees with the first and lies inside the file. */
  size_t depth = 1;
  while (next_slice(r)) {
    if (describe_page(r, (int)depth, &other) != 0)
      return -1;
    if (!same_layout(&first, &other))
      return fail(r, CLE_ERROR_IO,
                  "page %zu is %" PRIu32 "x%" PRIu32 " %s but page 0 is %" PRIu32 "x%" PRIu32
                  " %s: the pages of a stack must agree",
                  depth, other.width, other.height, dtype_label(other.dtype), first.width, first.height,
                  dtype_label(first.dtype));
    depth++;
  }
  if (r->msgs.error[0]) {
    char doing[64];
    snprintf(doing, sizeof doing, "cannot read page %zu", depth);
    return fail_tiff(r, doing);
  }
  bool contiguous = depth == 1 && ij.images > 1;
  if (contiguous) {
    if (!first.contiguous)
      return fail(r, CLE_ERROR_UNSUPPORTED,
                  "ImageJ description announces %lu images in one compressed or scattered page", ij.images);
    size_t total_bytes;
    if (!cle_io_mul(first.plane_bytes, ij.images, &total_bytes) || first.first_offset > r->file_size ||
        total_bytes > r->file_size - first.first_offset)
      return fail(r, CLE_ERROR_IO,
                  "truncated: ImageJ header claims %lu slices of %" PRIu32 "x%" PRIu32 " %s pixels from byte %" PRIu64
                  ", more than the file's %" PRIu64 " bytes",
                  ij.images, first.width, first.height, dtype_label(first.dtype), first.first_offset, r->file_size);
    depth = ij.images;
  }
  size_t total;
  if (!cle_io_mul(first.plane_bytes, depth, &total))
    return fail(r, CLE_ERROR_IO, "%zu pages of %zu bytes are too many to address", depth, first.plane_bytes);
  /* The headers' word against what the pixels may take, before any is read. */
  if (r->max_bytes && total > r->max_bytes)
    return fail(r, CLE_ERROR_OUT_OF_MEMORY,
                "%" PRIu32 "x%" PRIu32 "x%zu %s pixels need %zu bytes; %s allows at most %" PRIu64
                " bytes in one array (nothing was decoded)",
                first.width, first.height, depth, dtype_label(first.dtype), total, r->limit_who, r->max_bytes);
  if (r->max_bytes && (first.width > INT_MAX || first.height > INT_MAX || depth > INT_MAX))
    return fail(r, CLE_ERROR_OUT_OF_MEMORY,
                "%" PRIu32 "x%" PRIu32 "x%zu pixels: each size must be <= %d (nothing was decoded)", first.width,
                first.height, depth, INT_MAX);
  /* Zeroed: whatever a decoder might leave unwritten is never old heap bytes. */
  unsigned char *data = calloc(1, total ? total : 1);
  if (!data)
    return fail(r, CLE_ERROR_OUT_OF_MEMORY,
                "out of host memory: cannot allocate %zu bytes for %" PRIu32 "x%" PRIu32 "x%zu %s pixels", total,
                first.width, first.height, depth, dtype_label(first.dtype));
  /* Pass 2: decode. */
  int rc = 0;
  if (contiguous) {
    rc = read_contiguous(r, &first, depth, data, total);
  } else {
    if (!TIFFSetDirectory(r->tif, 0))
      rc = fail_tiff(r, "cannot return to page 0");
    for (size_t z = 0; rc == 0 && z < depth; z++) {
      if (z > 0 && !next_slice(r)) {
        rc = fail_tiff(r, "cannot re-read a page");
        break;
      }
      /* Each page has its own tiles or strips and compression: decode it
       * with its own layout, once it agrees with what the buffer holds. */
      page cur;
      if (describe_page(r, (int)z, &cur) != 0) {
        rc = -1;
        break;
      }
      if (!same_layout(&first, &cur) || cur.plane_bytes != first.plane_bytes) {
        rc = fail(r, CLE_ERROR_IO,
                  "page %zu changed between reads (%" PRIu32 "x%" PRIu32 " %s, expected %" PRIu32 "x%" PRIu32 " %s)", z,
                  cur.width, cur.height, dtype_label(cur.dtype), first.width, first.height, dtype_label(first.dtype));
        break;
      }
      unsigned char *plane = data + z * first.plane_bytes;
      rc = cur.tiled ? read_tiles(r, (int)z, &cur, plane) : read_strips(r, (int)z, &cur, plane);
    }
  }
  if (rc != 0) {
    free(data);
    return -1;
  }
  out->dtype = first.dtype;
  out->ndim = depth > 1 ? 3 : 2;
  out->width = first.width;
  out->height = first.height;
  out->depth = depth;
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
  if (r.tif)
    TIFFClose(r.tif);
  if (r.fd >= 0)
    close(r.fd);
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
