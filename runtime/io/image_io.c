/* Reading and writing arrays by file name: the extension picks the format. */
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
