/* libtiff message capture and dtype mapping shared by tiff_read.c and tiff_write.c. */
#include <stdio.h>
#include <string.h>

#include "cle_private.h"
#include "tiff_common.h"

/* libtiff's largest single allocation for its own buffers (strip arrays,
 * compressed strips); our pixel buffer is sized and checked separately. */
#define CLE_TIFF_MAX_SINGLE_ALLOC ((tmsize_t)1 << 30)

static void keep_first(char *slot, size_t cap, const char *module, const char *fmt, va_list ap)
{
  if (slot[0])
    return;
  int n = 0;
  if (module && *module)
    n = snprintf(slot, cap, "%s: ", module);
  if (n < 0 || (size_t)n >= cap)
    n = 0;
  vsnprintf(slot + n, cap - (size_t)n, fmt, ap);
}

/* Returning 1 stops libtiff from also calling its global (stderr) handler. */
static int on_error(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap)
{
  (void)tif;
  cle_tiff_messages *m = user;
  keep_first(m->error, sizeof m->error, module, fmt, ap);
  return 1;
}

static int on_warning(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap)
{
  (void)tif;
  cle_tiff_messages *m = user;
  keep_first(m->warning, sizeof m->warning, module, fmt, ap);
  return 1;
}

TIFFOpenOptions *cle_tiff_options(cle_tiff_messages *msgs, const char *who)
{
  memset(msgs, 0, sizeof *msgs);
  TIFFOpenOptions *opts = TIFFOpenOptionsAlloc();
  if (!opts)
    return cle_fail_null(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory", who);
  TIFFOpenOptionsSetMaxSingleMemAlloc(opts, CLE_TIFF_MAX_SINGLE_ALLOC);
  TIFFOpenOptionsSetErrorHandlerExtR(opts, on_error, msgs);
  TIFFOpenOptionsSetWarningHandlerExtR(opts, on_warning, msgs);
  return opts;
}

void cle_tiff_format_of(cle_dtype dtype, uint16_t *sample_format, uint16_t *bits)
{
  *bits = (uint16_t)(8 * cle_dtype_size(dtype));
  switch (dtype) {
  case CLE_INT8:
  case CLE_INT16:
  case CLE_INT32: *sample_format = SAMPLEFORMAT_INT; break;
  case CLE_FLOAT32: *sample_format = SAMPLEFORMAT_IEEEFP; break;
  default: *sample_format = SAMPLEFORMAT_UINT; break;
  }
}

bool cle_tiff_dtype_of(uint16_t sample_format, uint16_t bits, cle_dtype *out)
{
  /* VOID (untyped) samples are read as unsigned, as ImageJ and tifffile do. */
  if (sample_format == SAMPLEFORMAT_UINT || sample_format == SAMPLEFORMAT_VOID) {
    if (bits == 8)
      *out = CLE_UINT8;
    else if (bits == 16)
      *out = CLE_UINT16;
    else if (bits == 32)
      *out = CLE_UINT32;
    else
      return false;
    return true;
  }
  if (sample_format == SAMPLEFORMAT_INT) {
    if (bits == 8)
      *out = CLE_INT8;
    else if (bits == 16)
      *out = CLE_INT16;
    else if (bits == 32)
      *out = CLE_INT32;
    else
      return false;
    return true;
  }
  if (sample_format == SAMPLEFORMAT_IEEEFP && bits == 32) {
    *out = CLE_FLOAT32;
    return true;
  }
  return false;
}
