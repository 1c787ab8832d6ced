/* cesperanto — image files: TIFF in and out (libtiff), PNG in (grey) and pictures out (libpng).
 *
 * TIFF: one page is a 2D image; several pages of the same size and sample
 * type are a 3D stack (z = page). Samples: 8/16/32-bit signed or unsigned
 * integers and 32-bit floats, one sample per pixel, any byte order, strips
 * or tiles, any compression libtiff decodes. ImageJ stacks as Fiji writes
 * them (one page per slice, or the >4 GB form with a single page followed by
 * the other slices) are read; 3D stacks are written with an ImageJ
 * description so Fiji opens them as stacks. Files are checked against their
 * own size before any allocation, so hostile or truncated files fail with
 * CLE_ERROR_IO and a message naming the file and the problem; libtiff's own
 * messages go into that message, never to stderr.
 *
 * PNG out: a picture of an array for people to look at, never data to read
 * back: intensities are stretched from min..max to 0..255 (grey), label
 * images are coloured with a glasbey-style lookup table (background 0 black),
 * 3D arrays are shown as their maximum projection along z.
 * PNG in: grey images only, 8-bit as uint8, 16-bit as uint16, 1/2/4-bit grey
 * expanded to 8 bits (scaled as libpng does: 1-bit gives 0 and 255); colour,
 * palette and alpha PNGs are refused with CLE_ERROR_UNSUPPORTED.
 *
 * Every writer writes a temporary file next to the target and renames it, so
 * a failure never leaves a partial file under the target's name.
 */
#ifndef CESPERANTO_CLE_IO_H
#define CESPERANTO_CLE_IO_H

#include <stdint.h>
#include "cle.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Pixels in host memory: width*height*depth elements of dtype, x fastest. */
typedef struct cle_host_image {
  cle_dtype dtype;
  int ndim; /* 2 for one page, 3 for a stack (1 only for arrays written from 1D) */
  size_t width, height, depth;
  void *data; /* malloc'ed; free with cle_host_image_free */
} cle_host_image;

/* Free img->data and zero the struct. NULL-safe. */
CLE_API void cle_host_image_free(cle_host_image *img);
/* Bytes of pixel data: width*height*depth*dtype size. */
CLE_API size_t cle_host_image_nbytes(const cle_host_image *img);

/* Read a TIFF file into *out (zeroed first; freed with cle_host_image_free).
 * Returns 0, or -1 with CLE_ERROR_IO (bad file), CLE_ERROR_UNSUPPORTED (valid
 * TIFF of a kind not handled, e.g. RGB), CLE_ERROR_OUT_OF_MEMORY. */
CLE_API int cle_tiff_read_host(const char *path, cle_host_image *out);
/* Read a TIFF file into a new array on dev (NULL: the default device). */
CLE_API cle_array *cle_tiff_read(cle_device *dev, const char *path);

/* Write pixels as an uncompressed TIFF (host byte order; BigTIFF beyond 4 GB);
 * depth > 1 gives one page per z slice and an ImageJ description, the slices'
 * pixels contiguous as ImageJ reads them (below 4 GB). Returns 0 or -1. */
CLE_API int cle_tiff_write_host(const char *path, const cle_host_image *img);
/* Pull arr and write it as cle_tiff_write_host does. Returns 0 or -1. */
CLE_API int cle_tiff_write(const cle_array *arr, const char *path);

/* Streaming: an image read and written a few slices at a time, never whole
 * in memory. A slice is a z plane of a stack (depth > 1), a row of a 2D
 * image: the slowest axis. */
typedef struct cle_tiff_reader cle_tiff_reader;
/* Open a TIFF file and check every page as cle_tiff_read_host does, decoding
 * no pixel. *info gets the dtype, ndim and sizes cle_tiff_read_host would
 * give (its data stays NULL). Returns NULL with the error set. */
CLE_API cle_tiff_reader *cle_tiff_reader_open(const char *path, cle_host_image *info);
/* Decode slices [first, first + count) into dst (count slices of
 * width*dtype size bytes, times height for a stack): the bytes of
 * cle_tiff_read_host's buffer from that slice on. Any order, any overlap.
 * Returns 0, or -1 with CLE_ERROR_IO naming the file (a slice beyond the
 * image: CLE_ERROR_INVALID_ARGUMENT). */
CLE_API int cle_tiff_reader_read(cle_tiff_reader *reader, size_t first, size_t count, void *dst);
/* Close the file. NULL-safe. */
CLE_API void cle_tiff_reader_close(cle_tiff_reader *reader);

typedef struct cle_tiff_writer cle_tiff_writer;
/* Start a TIFF of shape's dtype, ndim and sizes (its data is not read) under
 * a temporary name next to path. Given every slice in order, it is the file
 * cle_tiff_write_host writes, byte for byte: a stack's ImageJ header names
 * its slice count up front. Holds no more than one strip (about 1 MB) of
 * pixels. Returns NULL with the error set. */
CLE_API cle_tiff_writer *cle_tiff_writer_open(const char *path, const cle_host_image *shape);
/* Append the next count slices. On failure (a write error: CLE_ERROR_IO
 * naming the file and why, e.g. no space left; more slices than the shape
 * has) the writer is aborted and freed: the temporary is gone, path as it
 * was. Returns 0 or -1. */
CLE_API int cle_tiff_writer_append(cle_tiff_writer *writer, const void *slices, size_t count);
/* After the last slice: finish the file and rename it to path; frees writer
 * either way. Fewer slices than the shape has is an error, nothing written.
 * Returns 0 or -1. */
CLE_API int cle_tiff_writer_close(cle_tiff_writer *writer);
/* Give up: remove the temporary and free writer. NULL-safe. */
CLE_API void cle_tiff_writer_abort(cle_tiff_writer *writer);

typedef enum cle_png_mode {
  CLE_PNG_AUTO = 0,      /* uint32 arrays are labels, everything else intensities */
  CLE_PNG_INTENSITY = 1, /* 8-bit grey, min..max stretched to 0..255 (a constant image is black) */
  CLE_PNG_LABELS = 2     /* 8-bit RGB, each label value its glasbey colour, 0 black */
} cle_png_mode;

/* Write an 8-bit PNG picture of the pixels (3D: maximum projection along z). Returns 0 or -1. */
CLE_API int cle_png_write_host(const char *path, const cle_host_image *img, cle_png_mode mode);
/* Pull arr and write it as cle_png_write_host does. Returns 0 or -1. */
CLE_API int cle_png_write(const cle_array *arr, const char *path, cle_png_mode mode);

/* The colour of a label in the glasbey-style lookup table: 0 is black; labels
 * 1..255 have 255 colours chosen greedily to be as far as possible from each
 * other and from black in CIELAB; larger labels repeat them (label l uses
 * the colour of 1 + (l - 1) % 255). */
CLE_API void cle_label_color(uint32_t label, uint8_t rgb[3]);

/* Read a grey PNG into *out (2D, uint8 or uint16); 0 or -1 as cle_tiff_read_host. */
CLE_API int cle_png_read_host(const char *path, cle_host_image *out);
/* Read a grey PNG into a new array on dev (NULL: the default device). */
CLE_API cle_array *cle_png_read(cle_device *dev, const char *path);

/* Read an image by file name: .tif / .tiff / .png (case-insensitive). Returns NULL with an error otherwise. */
CLE_API cle_array *cle_image_read(cle_device *dev, const char *path);
/* Write by file name: .tif / .tiff as TIFF, .png as a picture (mode as given). Returns 0 or -1. */
CLE_API int cle_image_write(const cle_array *arr, const char *path, cle_png_mode png_mode);
/* The same in host memory (tiling: cle_tiled.h): *out zeroed first, freed with cle_host_image_free. 0 or -1. */
CLE_API int cle_image_read_host(const char *path, cle_host_image *out);
CLE_API int cle_image_write_host(const cle_host_image *img, const char *path, cle_png_mode png_mode);

#ifdef __cplusplus
}
#endif
#endif /* CESPERANTO_CLE_IO_H */
