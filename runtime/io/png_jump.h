/* libpng reports a failure by calling its error function, which must not
 * return: the PNG reader and writer keep libpng's message and longjmp back
 * to their setjmp through this context (libpng's warnings concern ancillary
 * chunks and are dropped). Not installed. */
#ifndef CESPERANTO_PNG_JUMP_H
#define CESPERANTO_PNG_JUMP_H

#include <png.h>
#include <setjmp.h>
#include <stdio.h>

typedef struct png_ctx {
  jmp_buf jump;
  char message[256];
} png_ctx;

static inline void cle_png_on_error(png_structp png, png_const_charp msg)
{
  png_ctx *ctx = png_get_error_ptr(png);
  snprintf(ctx->message, sizeof ctx->message, "%s", msg);
  longjmp(ctx->jump, 1);
}

static inline void cle_png_on_warning(png_structp png, png_const_charp msg)
{
  (void)png;
  (void)msg;
}

#endif
