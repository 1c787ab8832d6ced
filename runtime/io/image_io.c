/* Reading and writing arrays by file name: the extension picks the format. */
#include <string.h>

#include "cle_private.h"
#include "io_private.h"

cle_array *cle_image_read(cle_device *dev, const char *path)
{
  if (!path)
    return cle_fail_null(CLE_ERROR_INVALID_ARGUMENT, "cle_image_read: path must not be NULL");
  if (cle_io_has_extension(path, ".tif") || cle_io_has_extension(path, ".tiff"))
    return cle_tiff_read(dev, path);
  if (cle_io_has_extension(path, ".png"))
    return cle_png_read(dev, path);
  return cle_fail_null(CLE_ERROR_UNSUPPORTED,
                       "cle_image_read: %s: unknown file type; images are read from .tif, .tiff or .png", path);
}

int cle_image_write(const cle_array *arr, const char *path, cle_png_mode png_mode)
{
  if (!path)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_image_write: path must not be NULL");
  if (cle_io_has_extension(path, ".tif") || cle_io_has_extension(path, ".tiff"))
    return cle_tiff_write(arr, path);
  if (cle_io_has_extension(path, ".png"))
    return cle_png_write(arr, path, png_mode);
  return cle_set_error(CLE_ERROR_UNSUPPORTED,
                       "cle_image_write: %s: unknown file type; images are written as .tif, .tiff or .png", path);
}

int cle_image_read_host(const char *path, cle_host_image *out)
{
  if (!out)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_image_read_host: out must not be NULL");
  memset(out, 0, sizeof *out);
  if (!path)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_image_read_host: path must not be NULL");
  if (cle_io_has_extension(path, ".tif") || cle_io_has_extension(path, ".tiff"))
    return cle_tiff_read_host(path, out);
  if (cle_io_has_extension(path, ".png"))
    return cle_png_read_host(path, out);
  return cle_set_error(CLE_ERROR_UNSUPPORTED,
                       "cle_image_read_host: %s: unknown file type; images are read from .tif, .tiff or .png", path);
}

int cle_image_write_host(const cle_host_image *img, const char *path, cle_png_mode png_mode)
{
  if (!path)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_image_write_host: path must not be NULL");
  if (cle_io_has_extension(path, ".tif") || cle_io_has_extension(path, ".tiff"))
    return cle_tiff_write_host(path, img);
  if (cle_io_has_extension(path, ".png"))
    return cle_png_write_host(path, img, png_mode);
  return cle_set_error(CLE_ERROR_UNSUPPORTED,
                       "cle_image_write_host: %s: unknown file type; images are written as .tif, .tiff or .png", path);
}
