/* What the TIFF reader and writer share: libtiff message capture and the
 * mapping between cle dtypes and TIFF sample formats (not installed). */
#ifndef CESPERANTO_TIFF_COMMON_H
#define CESPERANTO_TIFF_COMMON_H

#include <stdbool.h>
#include <tiffio.h>
#include "cesperanto/cle.h"

/* libtiff reports problems through handlers; these keep the first error and
 * the first warning of one TIFF handle instead of printing them to stderr. */
typedef struct cle_tiff_messages {
  char error[384];
  char warning[384];
} cle_tiff_messages;

/* Open options that route the handle's messages into msgs and cap libtiff's
 * own single allocations. NULL when out of memory (error set). */
TIFFOpenOptions *cle_tiff_options(cle_tiff_messages *msgs, const char *who);

/* (SampleFormat, BitsPerSample) of a dtype. */
void cle_tiff_format_of(cle_dtype dtype, uint16_t *sample_format, uint16_t *bits);
/* dtype of (SampleFormat, BitsPerSample); false when cesperanto has none. */
bool cle_tiff_dtype_of(uint16_t sample_format, uint16_t bits, cle_dtype *out);

#endif
