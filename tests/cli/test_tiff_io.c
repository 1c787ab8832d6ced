/* TIFF reading and writing (runtime/io) on the host, no device needed:
 * - round trips of every dtype, 2D and 3D, through cle_tiff_write_host;
 * - files written here with libtiff itself (both byte orders, strips, tiles,
 *   deflate, LZW with predictor, ImageJ stacks) read back pixel for pixel;
 * - the bundled data compared with a naive TIFF parser written in this test;
 * - hostile and broken files: one-line CLE_ERROR_IO naming the file, nothing
 *   on stderr, a forged 100000^3 header rejected fast;
 * - failed writes leave no file behind;
 * - streaming (cle_tiff_reader, cle_tiff_writer): any range of slices read
 *   equals that part of the whole read, from every layout; slices appended
 *   in uneven pieces make the bytes of the whole write; a failed or
 *   unfinished stream leaves nothing.
 * Usage: test_tiff_io DATA_DIR */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <tiffio.h>

#include "cesperanto/cle_io.h"
#include "io_test_util.h"

static const char *tmp;

/* ---- pixel data -------------------------------------------------------- */

static void *make_pixels(cle_dtype dtype, size_t n, uint32_t seed)
{
  size_t es = cle_dtype_size(dtype);
  unsigned char *p = malloc(n * es);
  uint32_t s = seed;
  for (size_t i = 0; p && i < n; i++) {
    uint32_t r = tu_rand(&s);
    if (dtype == CLE_FLOAT32) {
      float f = (float)((int32_t)r) / 65536.0f; /* negative, fractional and large values */
      if (i == 3)
        f = NAN; /* must survive bit for bit */
      memcpy(p + i * es, &f, 4);
    } else {
      memcpy(p + i * es, &r, es); /* the low bytes: the full range of every integer type */
    }
  }
  return p;
}

static bool same_image(const cle_host_image *got, cle_dtype dtype, int ndim, size_t w, size_t h, size_t d,
                       const void *pixels)
{
  return got->data && got->dtype == dtype && got->ndim == ndim && got->width == w && got->height == h &&
         got->depth == d && memcmp(got->data, pixels, w * h * d * cle_dtype_size(dtype)) == 0;
}

/* Slices [first, first + count) read by a cle_tiff_reader equal that part of
 * the whole read, for a few ranges (forward, backward, single slices, all). */
static void check_ranges(const char *path, const char *what)
{
  cle_host_image whole, info;
  if (cle_tiff_read_host(path, &whole) != 0)
    return; /* the caller checks the whole read */
  cle_tiff_reader *r = cle_tiff_reader_open(path, &info);
  CHECK(r && info.dtype == whole.dtype && info.ndim == whole.ndim && info.width == whole.width &&
            info.height == whole.height && info.depth == whole.depth && !info.data,
        "%s: the reader describes another image: %s", what, r ? "" : cle_last_error_message());
  const size_t slices = whole.depth > 1 ? whole.depth : whole.height;
  const size_t slice = cle_host_image_nbytes(&whole) / slices;
  unsigned char *buf = malloc(cle_host_image_nbytes(&whole));
  uint32_t state = 77;
  for (int k = 0; r && buf && k < 12; k++) {
    size_t first = k == 0 ? 0 : tu_rand(&state) % slices;
    size_t count = k == 0 ? slices : 1 + tu_rand(&state) % (slices - first);
    int rc = cle_tiff_reader_read(r, first, count, buf);
    CHECK(rc == 0 && memcmp(buf, (unsigned char *)whole.data + first * slice, count * slice) == 0,
          "%s: slices %zu..%zu differ from the whole read: %s", what, first, first + count,
          rc ? cle_last_error_message() : "");
  }
  if (r)
    CHECK(cle_tiff_reader_read(r, slices, 1, buf) == -1 && cle_last_error() == CLE_ERROR_INVALID_ARGUMENT &&
              strstr(cle_last_error_message(), path),
          "%s: a slice beyond the image: %s", what, cle_last_error_message());
  free(buf);
  cle_tiff_reader_close(r);
  cle_host_image_free(&whole);
}

/* ---- round trips through our own writer ---------------------------------- */

static void test_round_trips(void)
{
  for (int t = 0; t < CLE_DTYPE_COUNT; t++) {
    for (int three = 0; three <= 1; three++) {
      size_t w = 37, h = 23, d = three ? 5 : 1;
      void *pixels = make_pixels((cle_dtype)t, w * h * d, 17u + (uint32_t)t);
      cle_host_image img = {(cle_dtype)t, three ? 3 : 2, w, h, d, pixels};
      const char *path = tu_path(tmp, "round.tif");
      CHECK(cle_tiff_write_host(path, &img) == 0, "write %s: %s", cle_dtype_name(t), cle_last_error_message());
      cle_host_image got;
      CHECK(cle_tiff_read_host(path, &got) == 0, "read %s: %s", cle_dtype_name(t), cle_last_error_message());
      check_ranges(path, "round trip");
      CHECK(same_image(&got, (cle_dtype)t, three ? 3 : 2, w, h, d, pixels), "%s %dD round trip differs",
            cle_dtype_name(t), three ? 3 : 2);
      if (three) { /* Fiji must see a z stack */
        TIFF *tif = TIFFOpen(path, "r");
        const char *desc = NULL;
        CHECK(tif && TIFFGetField(tif, TIFFTAG_IMAGEDESCRIPTION, &desc) && desc && strstr(desc, "ImageJ=") == desc &&
                  strstr(desc, "\nimages=5\n") && strstr(desc, "\nslices=5\n"),
              "3D file lacks the ImageJ description: %s", desc ? desc : "(none)");
        /* ImageJ reads only the first page of such a file and the 5 slices one after the other from its
         * pixels: they must be contiguous (and in the host's byte order, as the header says) */
        uint64_t *offsets = NULL;
        CHECK(tif && TIFFGetField(tif, TIFFTAG_STRIPOFFSETS, &offsets) && offsets, "no strip offsets");
        size_t nbytes = w * h * d * cle_dtype_size((cle_dtype)t);
        unsigned char *run = malloc(nbytes);
        FILE *f = fopen(path, "rb");
        CHECK(run && f && offsets && fseek(f, (long)offsets[0], SEEK_SET) == 0 && fread(run, 1, nbytes, f) == nbytes &&
                  memcmp(run, pixels, nbytes) == 0,
              "%s 3D: the slices are not contiguous from the first page's pixels, as ImageJ reads them",
              cle_dtype_name(t));
        if (f)
          fclose(f);
        free(run);
        if (tif)
          TIFFClose(tif);
      }
      cle_host_image_free(&got);
      free(pixels);
    }
  }
  CHECK(tu_count_entries(tmp, ".tmp-") == 0, "temporary files left behind");
}

/* ---- files written by libtiff ------------------------------------------- */

enum layout { STRIPS, TILES, DEFLATE, LZW_PREDICTOR, N_LAYOUTS };
static const char *layout_name[] = {"strips", "tiles", "deflate", "lzw+predictor"};

static int libtiff_write(const char *path, const char *mode, const void *pixels, cle_dtype dtype, size_t w, size_t h,
                         size_t d, enum layout layout, const char *description)
{
  TIFF *tif = TIFFOpen(path, mode);
  if (!tif)
    return -1;
  size_t es = cle_dtype_size(dtype);
  uint16_t format = dtype == CLE_FLOAT32                                              ? SAMPLEFORMAT_IEEEFP
                    : (dtype == CLE_INT8 || dtype == CLE_INT16 || dtype == CLE_INT32) ? SAMPLEFORMAT_INT
                                                                                      : SAMPLEFORMAT_UINT;
  int rc = 0;
  for (size_t z = 0; z < d && rc == 0; z++) {
    const unsigned char *plane = (const unsigned char *)pixels + z * w * h * es;
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, (uint32_t)w);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, (uint32_t)h);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, (uint16_t)(8 * es));
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, (uint16_t)1);
    TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, format);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    if (z == 0 && description)
      TIFFSetField(tif, TIFFTAG_IMAGEDESCRIPTION, description);
    if (layout == DEFLATE)
      TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
    if (layout == LZW_PREDICTOR) {
      TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_LZW);
      /* libtiff 4.5 swaps bytes before applying the floating-point predictor when
       * writing big-endian, so its own reader gets other floats back: no
       * predictor for big-endian floats. */
      if (dtype != CLE_FLOAT32)
        TIFFSetField(tif, TIFFTAG_PREDICTOR, PREDICTOR_HORIZONTAL);
      else if (strchr(mode, 'b') == NULL)
        TIFFSetField(tif, TIFFTAG_PREDICTOR, PREDICTOR_FLOATINGPOINT);
    }
    if (layout == TILES) {
      TIFFSetField(tif, TIFFTAG_TILEWIDTH, 16u);
      TIFFSetField(tif, TIFFTAG_TILELENGTH, 16u);
      unsigned char *tile = calloc(16 * 16, es);
      for (size_t ty = 0; ty < h && rc == 0; ty += 16)
        for (size_t tx = 0; tx < w && rc == 0; tx += 16) {
          memset(tile, 0, 16 * 16 * es);
          for (size_t y = ty; y < h && y < ty + 16; y++)
            for (size_t x = tx; x < w && x < tx + 16; x++)
              memcpy(tile + ((y - ty) * 16 + (x - tx)) * es, plane + (y * w + x) * es, es);
          if (TIFFWriteTile(tif, tile, (uint32_t)tx, (uint32_t)ty, 0, 0) < 0)
            rc = -1;
        }
      free(tile);
    } else {
      TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, 7u);
      unsigned char *row = malloc(w * es); /* libtiff swaps and predicts in place */
      for (size_t y = 0; y < h && rc == 0; y++) {
        memcpy(row, plane + y * w * es, w * es);
        if (TIFFWriteScanline(tif, row, (uint32_t)y, 0) < 0)
          rc = -1;
      }
      free(row);
    }
    if (rc == 0 && !TIFFWriteDirectory(tif))
      rc = -1;
  }
  TIFFClose(tif);
  return rc;
}

static void test_libtiff_files(void)
{
  const char *modes[] = {"wl", "wb"};
  for (int t = 0; t < CLE_DTYPE_COUNT; t++)
    for (int m = 0; m < 2; m++)
      for (int l = 0; l < N_LAYOUTS; l++)
        for (int three = 0; three <= 1; three++) {
          size_t w = 41, h = 35, d = three ? 3 : 1;
          void *pixels = make_pixels((cle_dtype)t, w * h * d, 99u + (uint32_t)(t * 8 + m * 4 + l));
          const char *path = tu_path(tmp, "libtiff.tif");
          if (libtiff_write(path, modes[m], pixels, (cle_dtype)t, w, h, d, (enum layout)l, NULL) != 0) {
            CHECK(0, "libtiff could not write the test file");
            free(pixels);
            continue;
          }
          check_ranges(path, layout_name[l]);
          cle_host_image got;
          int rc = cle_tiff_read_host(path, &got);
          CHECK(rc == 0, "%s %s %s %dD: %s", cle_dtype_name(t), m ? "big-endian" : "little-endian", layout_name[l],
                three ? 3 : 2, cle_last_error_message());
          CHECK(rc != 0 || same_image(&got, (cle_dtype)t, three ? 3 : 2, w, h, d, pixels),
                "%s %s %s %dD: pixels differ", cle_dtype_name(t), m ? "big-endian" : "little-endian", layout_name[l],
                three ? 3 : 2);
          cle_host_image_free(&got);
          free(pixels);
        }
}

/* Fiji's default: big-endian, one page per slice, the stack described on page 0. */
static void test_imagej_hyperstack(void)
{
  size_t w = 20, h = 12, d = 4;
  void *pixels = make_pixels(CLE_UINT16, w * h * d, 5);
  const char *path = tu_path(tmp, "fiji.tif");
  const char *desc = "ImageJ=1.54f\nimages=4\nslices=4\nunit=micron\nspacing=0.5\nloop=false\nmin=0.0\nmax=65535.0\n";
  CHECK(libtiff_write(path, "wb", pixels, CLE_UINT16, w, h, d, STRIPS, desc) == 0, "write");
  cle_host_image got;
  CHECK(cle_tiff_read_host(path, &got) == 0, "%s", cle_last_error_message());
  CHECK(same_image(&got, CLE_UINT16, 3, w, h, d, pixels), "ImageJ stack differs");
  cle_host_image_free(&got);
  /* axes left implicit: tifffile's imwrite(a, imagej=True) of a 3D array names them channels (this is
   * tifffile 2026.3's description, verbatim), a time series says frames, an old ImageJ only images:
   * one axis beyond y and x in each, read as z */
  const char *implicit[] = {
      "ImageJ=1.11a\nimages=4\nchannels=4\nhyperstack=true\nmode=grayscale",
      "ImageJ=1.54f\nimages=4\nframes=4\nloop=false\n",
      "ImageJ=1.11a\nimages=4\n",
  };
  for (size_t k = 0; k < sizeof implicit / sizeof implicit[0]; k++) {
    CHECK(libtiff_write(path, "wb", pixels, CLE_UINT16, w, h, d, STRIPS, implicit[k]) == 0, "write");
    CHECK(cle_tiff_read_host(path, &got) == 0, "implicit axes %zu: %s", k, cle_last_error_message());
    CHECK(same_image(&got, CLE_UINT16, 3, w, h, d, pixels), "implicit axes %zu: not read as a z stack", k);
    cle_host_image_free(&got);
  }
  /* two channels cannot become one 3D array: refused, not silently mixed into z */
  desc = "ImageJ=1.54f\nimages=4\nchannels=2\nslices=2\nhyperstack=true\nloop=false\n";
  CHECK(libtiff_write(path, "wb", pixels, CLE_UINT16, w, h, d, STRIPS, desc) == 0, "write");
  CHECK(cle_tiff_read_host(path, &got) == -1 && cle_last_error() == CLE_ERROR_UNSUPPORTED &&
            strstr(cle_last_error_message(), "2 channels"),
        "channels not refused: %s", cle_last_error_message());
  free(pixels);
}

/* ---- hand-built TIFFs: the >4 GB ImageJ layout and forged headers --------- */

typedef struct entry {
  uint16_t tag, type;
  uint32_t count, value;
} entry;

static void put16(unsigned char *p, uint16_t v)
{
  p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8);
}
static void put32(unsigned char *p, uint32_t v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (unsigned char)(v >> (8 * i));
}

/* Little-endian classic TIFF: header, one IFD at 8, then tail bytes at offset
 * 8 + 2 + 12n + 4 (entries may point there). Returns the file size. */
static size_t forge(unsigned char *buf, const entry *e, int n, const void *tail, size_t tail_len, uint32_t next_ifd)
{
  memcpy(buf, "II*\0", 4);
  put32(buf + 4, 8);
  put16(buf + 8, (uint16_t)n);
  for (int i = 0; i < n; i++) {
    unsigned char *p = buf + 10 + 12 * i;
    put16(p, e[i].tag);
    put16(p + 2, e[i].type);
    put32(p + 4, e[i].count);
    if (e[i].type == 3 && e[i].count == 1)
      put16(p + 8, (uint16_t)e[i].value), put16(p + 10, 0);
    else
      put32(p + 8, e[i].value);
  }
  size_t tail_at = 10 + 12 * (size_t)n;
  put32(buf + tail_at, next_ifd);
  tail_at += 4;
  if (tail_len)
    memcpy(buf + tail_at, tail, tail_len);
  return tail_at + tail_len;
}

static uint32_t tail_offset(int n_entries)
{
  return 8 + 2 + 12 * (uint32_t)n_entries + 4;
}

/* One IFD announcing `images` slices stored contiguously after its strip. */
static size_t forge_imagej_contiguous(unsigned char *buf, uint32_t w, uint32_t h, uint32_t images, const char *desc,
                                      const unsigned char *pixels, size_t pixel_len, uint16_t compression)
{
  enum { N = 10 };
  size_t desc_len = strlen(desc) + 1;
  uint32_t tail = tail_offset(N);
  entry e[N] = {{256, 4, 1, w},
                {257, 4, 1, h},
                {258, 3, 1, 8},
                {259, 3, 1, compression},
                {262, 3, 1, 1},
                {270, 2, (uint32_t)desc_len, tail},
                {273, 4, 1, tail + (uint32_t)desc_len},
                {277, 3, 1, 1},
                {278, 4, 1, h},
                {279, 4, 1, compression == 1 ? w * h : (uint32_t)pixel_len}};
  (void)images;
  unsigned char *tail_bytes = malloc(desc_len + pixel_len);
  memcpy(tail_bytes, desc, desc_len);
  if (pixel_len)
    memcpy(tail_bytes + desc_len, pixels, pixel_len);
  size_t n = forge(buf, e, N, tail_bytes, desc_len + pixel_len, 0);
  free(tail_bytes);
  return n;
}

static void test_imagej_contiguous(void)
{
  uint32_t w = 9, h = 7, images = 3;
  unsigned char pixels[9 * 7 * 3];
  for (size_t i = 0; i < sizeof pixels; i++)
    pixels[i] = (unsigned char)(i * 7 + 3);
  static unsigned char buf[4096];
  size_t n = forge_imagej_contiguous(buf, w, h, images, "ImageJ=1.54f\nimages=3\nslices=3\nloop=false\n", pixels,
                                     sizeof pixels, 1);
  const char *path = tu_path(tmp, "ij_contiguous.tif");
  tu_write_file(path, buf, n);
  cle_host_image got;
  CHECK(cle_tiff_read_host(path, &got) == 0, "%s", cle_last_error_message());
  CHECK(same_image(&got, CLE_UINT8, 3, w, h, images, pixels), "contiguous ImageJ stack differs");
  cle_host_image_free(&got);
  check_ranges(path, "contiguous ImageJ");
  /* the same layout with the axis left implicit (tifffile says channels): z as well */
  n = forge_imagej_contiguous(buf, w, h, images, "ImageJ=1.11a\nimages=3\nchannels=3\nhyperstack=true\n", pixels,
                              sizeof pixels, 1);
  tu_write_file(path, buf, n);
  CHECK(cle_tiff_read_host(path, &got) == 0, "implicit contiguous: %s", cle_last_error_message());
  CHECK(same_image(&got, CLE_UINT8, 3, w, h, images, pixels), "implicit contiguous ImageJ stack differs");
  cle_host_image_free(&got);
}

/* ---- a naive parser for the bundled (uncompressed) files ----------------- */

typedef struct naive {
  const unsigned char *b;
  size_t n;
  bool big;
} naive;

static uint32_t rd(const naive *t, size_t at, int bytes)
{
  uint32_t v = 0;
  if (at + (size_t)bytes > t->n)
    return 0;
  for (int i = 0; i < bytes; i++)
    v |= (uint32_t)t->b[at + (size_t)(t->big ? bytes - 1 - i : i)] << (8 * i);
  return v;
}

/* Appends each page's pixels (native byte order) to *out; returns the page count or -1. */
static int naive_read(const char *path, uint32_t *w, uint32_t *h, int *bits, unsigned char **out)
{
  size_t n;
  unsigned char *b = (unsigned char *)tu_read_file(path, &n);
  if (!b)
    return -1;
  naive t = {b, n, b[0] == 'M'};
  int pages = 0;
  size_t used = 0;
  *out = NULL;
  for (uint32_t ifd = rd(&t, 4, 4); ifd && pages < 1000; ifd = rd(&t, ifd + 2 + 12 * rd(&t, ifd, 2), 4)) {
    uint32_t count = rd(&t, ifd, 2), strips = 0, offs_at = 0, cnts_at = 0;
    int offs_sz = 4, cnts_sz = 4;
    for (uint32_t i = 0; i < count; i++) {
      size_t e = ifd + 2 + 12 * i;
      uint32_t tag = rd(&t, e, 2), type = rd(&t, e + 2, 2), cnt = rd(&t, e + 4, 4);
      uint32_t val = type == 3 ? rd(&t, e + 8, 2) : rd(&t, e + 8, 4);
      int sz = type == 3 ? 2 : 4;
      if (tag == 256)
        *w = val;
      if (tag == 257)
        *h = val;
      if (tag == 258)
        *bits = (int)val;
      if (tag == 273)
        strips = cnt, offs_sz = sz, offs_at = cnt * (uint32_t)sz <= 4 ? (uint32_t)e + 8 : rd(&t, e + 8, 4);
      if (tag == 279)
        cnts_sz = sz, cnts_at = cnt * (uint32_t)sz <= 4 ? (uint32_t)e + 8 : rd(&t, e + 8, 4);
    }
    for (uint32_t s = 0; s < strips; s++) {
      uint32_t off = rd(&t, offs_at + s * (uint32_t)offs_sz, offs_sz),
               len = rd(&t, cnts_at + s * (uint32_t)cnts_sz, cnts_sz);
      *out = realloc(*out, used + len);
      for (uint32_t i = 0; i < len; i += (uint32_t)*bits / 8) { /* to native order, sample by sample */
        uint32_t v = rd(&t, off + i, *bits / 8);
        memcpy(*out + used + i, &v, (size_t)*bits / 8);
      }
      used += len;
    }
    pages++;
  }
  free(b);
  return pages;
}

static void test_bundled(const char *data_dir)
{
  struct {
    const char *file;
    cle_dtype dtype;
    int ndim;
    size_t w, h, d;
  } want[] = {
      {"blobs.tif", CLE_UINT8, 2, 256, 254, 1},
      {"mini_blobs.tif", CLE_UINT8, 2, 70, 70, 1},
      {"mini-t1-head.tif", CLE_UINT16, 3, 32, 32, 32},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    const char *path = tu_path(data_dir, want[i].file);
    cle_host_image got;
    CHECK(cle_tiff_read_host(path, &got) == 0, "%s: %s", want[i].file, cle_last_error_message());
    uint32_t w = 0, h = 0;
    int bits = 0;
    unsigned char *pixels = NULL;
    int pages = naive_read(path, &w, &h, &bits, &pixels);
    CHECK(pages == (int)want[i].d && w == want[i].w && h == want[i].h, "%s: naive parser saw %d pages of %ux%u",
          want[i].file, pages, w, h);
    CHECK(same_image(&got, want[i].dtype, want[i].ndim, want[i].w, want[i].h, want[i].d, pixels),
          "%s: pixels differ from the naive parser's", want[i].file);
    cle_host_image_free(&got);
    free(pixels);
  }
}

/* ---- broken and hostile files --------------------------------------------- */

typedef struct bad_call {
  const char *path;
  int rc;
} bad_call;

static void call_read(void *arg)
{
  bad_call *c = arg;
  cle_host_image img;
  c->rc = cle_tiff_read_host(c->path, &img);
  cle_host_image_free(&img);
}

/* Reading path fails with code, a one-line message naming the file and
 * containing `says`, nothing on stderr, within a second. */
static void expect_bad(const char *what, const char *path, cle_error code, const char *says)
{
  bad_call c = {path, 0};
  double t0 = tu_now();
  char *printed = tu_capture_stderr(call_read, &c);
  double took = tu_now() - t0;
  const char *msg = cle_last_error_message();
  CHECK(c.rc == -1, "%s: read succeeded", what);
  CHECK(cle_last_error() == code, "%s: error %s, wanted %s (%s)", what, cle_error_name(cle_last_error()),
        cle_error_name(code), msg);
  CHECK(strstr(msg, path) != NULL, "%s: message does not name the file: %s", what, msg);
  CHECK(strstr(msg, says) != NULL, "%s: message lacks '%s': %s", what, says, msg);
  CHECK(strchr(msg, '\n') == NULL, "%s: message is not one line: %s", what, msg);
  CHECK(printed && printed[0] == 0, "%s: printed to stderr: %s", what, printed ? printed : "?");
  CHECK(took < 1.0, "%s: took %.2f s", what, took);
  free(printed);
}

static void test_bad_files(void)
{
  static unsigned char buf[1 << 16];
  expect_bad("missing file", tu_path(tmp, "does-not-exist.tif"), CLE_ERROR_IO, "No such file");
  expect_bad("directory", tmp, CLE_ERROR_IO, "is a directory");
  const char *text = tu_path(tmp, "notes.tif");
  tu_write_file(text, "these are notes, not pixels\n", 28);
  expect_bad("text file", text, CLE_ERROR_IO, "not a TIFF");
  const char *empty = tu_path(tmp, "empty.tif");
  tu_write_file(empty, "", 0);
  expect_bad("empty file", empty, CLE_ERROR_IO, "not a TIFF");

  /* a valid file cut short */
  size_t w = 64, h = 64;
  void *pixels = make_pixels(CLE_UINT16, w * h, 3);
  cle_host_image img = {CLE_UINT16, 2, w, h, 1, pixels};
  const char *whole = tu_path(tmp, "whole.tif");
  CHECK(cle_tiff_write_host(whole, &img) == 0, "%s", cle_last_error_message());
  size_t n;
  char *bytes = tu_read_file(whole, &n);
  const char *cut = tu_path(tmp, "cut.tif");
  tu_write_file(cut, bytes, n / 2); /* ours puts the directory last: libtiff cannot find it */
  expect_bad("truncated (directory lost)", cut, CLE_ERROR_IO, "not a readable TIFF");
  free(bytes);
  /* cut inside the pixel data of a file whose directory comes first */
  unsigned char pix[64 * 64];
  memset(pix, 7, sizeof pix);
  n = forge_imagej_contiguous(buf, 64, 64, 1, "ImageJ=1.54f\n", pix, sizeof pix, 1);
  tu_write_file(cut, buf, n - 100);
  expect_bad("truncated (pixels lost)", cut, CLE_ERROR_IO, "ends beyond the end of the file");
  tu_write_file(cut, buf, n - 1000);
  expect_bad("truncated (most pixels lost)", cut, CLE_ERROR_IO, "truncated or forged");
  free(pixels);

  /* 100000 x 100000 x 100000: one page, ImageJ announcing the other slices */
  const char *forged = tu_path(tmp, "forged.tif");
  n = forge_imagej_contiguous(buf, 100000, 100000, 100000, "ImageJ=1.54f\nimages=100000\nslices=100000\n", pix, 256, 1);
  tu_write_file(forged, buf, n);
  expect_bad("forged 100000^3 header", forged, CLE_ERROR_IO, "100000x100000");
  /* the same claim with deflate compression: no size to compare with, so the expansion bound */
  n = forge_imagej_contiguous(buf, 100000, 100000, 1, "ImageJ=1.54f\n", pix, 256, 8);
  tu_write_file(forged, buf, n);
  expect_bad("forged compressed header", forged, CLE_ERROR_IO, "not plausible");
  /* contiguous slices running past the end of the file */
  n = forge_imagej_contiguous(buf, 16, 16, 100000, "ImageJ=1.54f\nimages=100000\nslices=100000\n", pix, 256, 1);
  tu_write_file(forged, buf, n);
  expect_bad("forged slice count", forged, CLE_ERROR_IO, "100000 slices");

  /* strip pointing beyond the end of the file */
  {
    enum { N = 8 };
    entry e[N] = {{256, 4, 1, 16}, {257, 4, 1, 16},       {258, 3, 1, 8},  {259, 3, 1, 1},
                  {262, 3, 1, 1},  {273, 4, 1, 1u << 30}, {278, 4, 1, 16}, {279, 4, 1, 256}};
    n = forge(buf, e, N, pix, 256, 0);
    tu_write_file(forged, buf, n);
    expect_bad("strip beyond the end", forged, CLE_ERROR_IO, "beyond the end");
  }
  /* first directory beyond the end of the file */
  {
    unsigned char head[16] = {'I', 'I', 42, 0};
    put32(head + 4, 1u << 30);
    tu_write_file(forged, head, sizeof head);
    expect_bad("directory beyond the end", forged, CLE_ERROR_IO, "not a readable TIFF");
  }
  /* RGB: valid, but not an image cesperanto holds */
  {
    enum { N = 8 };
    entry e[N] = {{256, 4, 1, 4}, {257, 4, 1, 4}, {258, 3, 1, 8},
                  {259, 3, 1, 1}, {262, 3, 1, 2}, {273, 4, 1, tail_offset(N)},
                  {277, 3, 1, 3}, {279, 4, 1, 48}};
    n = forge(buf, e, N, pix, 48, 0);
    tu_write_file(forged, buf, n);
    expect_bad("RGB", forged, CLE_ERROR_UNSUPPORTED, "samples per pixel");
  }
  /* 64-bit floats */
  {
    enum { N = 8 };
    entry e[N] = {{256, 4, 1, 4},   {257, 4, 1, 4}, {258, 3, 1, 64},
                  {259, 3, 1, 1},   {262, 3, 1, 1}, {273, 4, 1, tail_offset(N)},
                  {279, 4, 1, 128}, {339, 3, 1, 3}};
    n = forge(buf, e, N, pix, 128, 0);
    tu_write_file(forged, buf, n);
    expect_bad("float64", forged, CLE_ERROR_UNSUPPORTED, "64-bit");
  }
  /* a directory whose next-directory pointer is itself */
  {
    enum { N = 8 };
    entry e[N] = {{256, 4, 1, 4}, {257, 4, 1, 4}, {258, 3, 1, 8},
                  {259, 3, 1, 1}, {262, 3, 1, 1}, {273, 4, 1, tail_offset(N)},
                  {278, 4, 1, 4}, {279, 4, 1, 16}};
    n = forge(buf, e, N, pix, 16, 8);
    tu_write_file(forged, buf, n);
    bad_call c = {forged, 0};
    char *printed = tu_capture_stderr(call_read, &c);
    /* libtiff stops at the loop; either a 4x4 image or a clean error is fine, chatter is not */
    CHECK(c.rc == 0 || (cle_last_error() == CLE_ERROR_IO && !strchr(cle_last_error_message(), '\n')), "IFD loop: %s",
          cle_last_error_message());
    CHECK(printed && !printed[0], "IFD loop printed: %s", printed ? printed : "?");
    free(printed);
  }
  /* pages of different sizes */
  {
    const char *mixed = tu_path(tmp, "mixed.tif");
    TIFF *tif = TIFFOpen(mixed, "w");
    for (uint32_t page = 0; tif && page < 2; page++) {
      uint32_t side = page ? 8 : 4;
      TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, side);
      TIFFSetField(tif, TIFFTAG_IMAGELENGTH, side);
      TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 8);
      TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
      for (uint32_t y = 0; y < side; y++)
        TIFFWriteScanline(tif, pix, y, 0);
      TIFFWriteDirectory(tif);
    }
    if (tif)
      TIFFClose(tif);
    expect_bad("pages of different sizes", mixed, CLE_ERROR_IO, "must agree");
  }
}

static void test_bad_writes(void)
{
  unsigned char px[4] = {1, 2, 3, 4};
  cle_host_image img = {CLE_UINT8, 2, 2, 2, 1, px};
  const char *nodir = tu_path(tmp, "no-such-folder/out.tif");
  CHECK(cle_tiff_write_host(nodir, &img) == -1 && cle_last_error() == CLE_ERROR_IO &&
            strstr(cle_last_error_message(), nodir),
        "write into a missing folder: %s", cle_last_error_message());
  CHECK(!tu_file_exists(nodir), "file appeared");
  CHECK(cle_tiff_write_host(tmp, &img) == -1, "writing over a directory succeeded");
  cle_host_image bad = {CLE_UINT8, 2, 0, 2, 1, px};
  CHECK(cle_tiff_write_host(tu_path(tmp, "zero.tif"), &bad) == -1 && cle_last_error() == CLE_ERROR_INVALID_ARGUMENT &&
            strstr(cle_last_error_message(), "cle_tiff_write"),
        "zero width accepted: %s", cle_last_error_message());
  CHECK(!tu_file_exists(tu_path(tmp, "zero.tif")), "file appeared");
  cle_host_image none;
  CHECK(cle_tiff_read_host(NULL, &none) == -1 && cle_last_error() == CLE_ERROR_INVALID_ARGUMENT, "NULL path");
  CHECK(tu_count_entries(tmp, ".tmp-") == 0, "temporary files left behind");
  /* a failed rewrite keeps the old file intact */
  const char *keep = tu_path(tmp, "keep.tif");
  CHECK(cle_tiff_write_host(keep, &img) == 0, "%s", cle_last_error_message());
  CHECK(cle_tiff_write_host(keep, &bad) == -1, "bad image written");
  cle_host_image got;
  CHECK(cle_tiff_read_host(keep, &got) == 0 && same_image(&got, CLE_UINT8, 2, 2, 2, 1, px), "old file damaged");
  cle_host_image_free(&got);
}

/* A stream of slices in uneven pieces writes the bytes of the whole write:
 * 2D images (strips cut by the pieces), ImageJ stacks. */
static void test_stream_writes(void)
{
  const struct {
    cle_dtype dtype;
    size_t w, h, d;
  } cases[] = {{CLE_FLOAT32, 3001, 200, 1}, {CLE_UINT8, 37, 5, 1}, {CLE_UINT16, 37, 29, 9}, {CLE_INT8, 5, 3, 2}};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    cle_host_image img = {cases[c].dtype, cases[c].d > 1 ? 3 : 2, cases[c].w, cases[c].h, cases[c].d, NULL};
    img.data = make_pixels(img.dtype, img.width * img.height * img.depth, 31u + (uint32_t)c);
    const char *whole = tu_path(tmp, "whole.tif"), *pieces = tu_path(tmp, "pieces.tif");
    CHECK(cle_tiff_write_host(whole, &img) == 0, "%s", cle_last_error_message());
    remove(pieces);
    const size_t slices = img.depth > 1 ? img.depth : img.height, slice = cle_host_image_nbytes(&img) / slices;
    cle_tiff_writer *w = cle_tiff_writer_open(pieces, &img);
    CHECK(w != NULL, "%s", cle_last_error_message());
    CHECK(!tu_file_exists(pieces), "the file appeared before it was finished");
    uint32_t state = 5u + (uint32_t)c;
    for (size_t at = 0; w && at < slices;) {
      size_t n = 1 + tu_rand(&state) % (slices / 3 + 1);
      n = n < slices - at ? n : slices - at;
      if (cle_tiff_writer_append(w, (unsigned char *)img.data + at * slice, n) != 0) {
        CHECK(0, "append: %s", cle_last_error_message());
        w = NULL;
      }
      at += n;
    }
    CHECK(w && cle_tiff_writer_close(w) == 0, "close: %s", cle_last_error_message());
    size_t n1 = 0, n2 = 0;
    char *a = tu_read_file(whole, &n1), *b = tu_read_file(pieces, &n2);
    CHECK(a && b && n1 == n2 && memcmp(a, b, n1) == 0, "%zux%zux%zu %s: the streamed file differs from the whole write",
          img.width, img.height, img.depth, cle_dtype_name(img.dtype));
    free(a);
    free(b);
    free(img.data);
  }
  /* too many slices, too few, a file too large for the disk (RLIMIT_FSIZE): an error naming the file, nothing left */
  cle_host_image img = {CLE_UINT16, 3, 40, 30, 20, NULL};
  img.data = make_pixels(img.dtype, 40 * 30 * 20, 3);
  const char *out = tu_path(tmp, "stream_out.tif");
  cle_tiff_writer *w = cle_tiff_writer_open(out, &img);
  CHECK(w && cle_tiff_writer_append(w, img.data, 21) == -1 && cle_last_error() == CLE_ERROR_INVALID_ARGUMENT &&
            strstr(cle_last_error_message(), out),
        "21 of 20 slices: %s", cle_last_error_message());
  w = cle_tiff_writer_open(out, &img);
  CHECK(w && cle_tiff_writer_append(w, img.data, 19) == 0 && cle_tiff_writer_close(w) == -1 &&
            strstr(cle_last_error_message(), "only 19 of 20 slices"),
        "19 of 20 slices: %s", cle_last_error_message());
  for (int two_d = 0; two_d <= 1; two_d++) {
    cle_host_image shape = img;
    if (two_d) { /* libtiff's layout: 600 rows */
      shape.ndim = 2;
      shape.height = 600;
      shape.depth = 1;
    }
    struct rlimit old, small;
    getrlimit(RLIMIT_FSIZE, &old);
    small = old;
    small.rlim_cur = 16384;
    void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &small);
    w = cle_tiff_writer_open(out, &shape);
    int rc = 0;
    for (size_t z = 0; w && rc == 0 && z < 20; z++)
      rc = cle_tiff_writer_append(w, (unsigned char *)img.data + z * 2400, two_d ? 30 : 1);
    if (rc == 0 && w)
      rc = cle_tiff_writer_close(w);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, was);
    CHECK(w && rc == -1 && cle_last_error() == CLE_ERROR_IO && strstr(cle_last_error_message(), out) &&
              strstr(cle_last_error_message(), "too large"),
          "%s: a write beyond the file size limit: %s", two_d ? "2D" : "3D", cle_last_error_message());
  }
  CHECK(!tu_file_exists(out), "a failed stream left %s", out);
  CHECK(tu_count_entries(tmp, ".tmp-") == 0, "temporary files left behind");
  free(img.data);
}

int main(int argc, char **argv)
{
  if (argc != 2) {
    fprintf(stderr, "usage: %s DATA_DIR\n", argv[0]);
    return 2;
  }
  char *dir = tu_make_temp_dir("tiff");
  if (!dir)
    return 2;
  tmp = dir;
  test_round_trips();
  test_libtiff_files();
  test_imagej_hyperstack();
  test_imagej_contiguous();
  test_bundled(argv[1]);
  test_bad_files();
  test_bad_writes();
  test_stream_writes();
  tu_remove_tree(dir);
  free(dir);
  if (tu_failures)
    fprintf(stderr, "%d check(s) failed\n", tu_failures);
  else
    printf("test_tiff_io: all checks passed\n");
  return tu_failures ? 1 : 0;
}
