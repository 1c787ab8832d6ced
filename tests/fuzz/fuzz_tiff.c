/* libFuzzer target: the TIFF reader (cle_tiff_read_host, and cle_tiff_reader
 * reading the last slice, then the first: a backward seek) on arbitrary bytes.
 * Any input may be refused with an error; none may crash, leak or read out
 * of bounds (the sanitizers decide). The bytes go through a file because the
 * reader's contract is a path. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cesperanto/cle.h"
#include "cesperanto/cle_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char path[] = "/tmp/cle-fuzz-tiff-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0)
    return 0;
  const ssize_t written = write(fd, data, size);
  close(fd);
  if (written == (ssize_t)size) {
    cle_host_image img;
    if (cle_tiff_read_host(path, &img) == 0)
      cle_host_image_free(&img);
    cle_clear_error();
    cle_tiff_reader *r = cle_tiff_reader_open(path, &img);
    const size_t slices = img.depth > 1 ? img.depth : img.height;
    const size_t slice = img.width * cle_dtype_size(img.dtype) * (img.depth > 1 ? img.height : 1);
    void *buf = r && slice <= ((size_t)64 << 20) ? malloc(slice) : NULL;
    if (buf) {
      (void)cle_tiff_reader_read(r, slices - 1, 1, buf);
      (void)cle_tiff_reader_read(r, 0, 1, buf);
    }
    free(buf);
    cle_tiff_reader_close(r);
    cle_clear_error();
  }
  unlink(path);
  return 0;
}
