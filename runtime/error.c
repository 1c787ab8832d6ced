/* Thread-local error state: every failing call leaves a code and a message
 * naming the function, the argument and the value. */
#include <stdio.h>
#include <string.h>
#include <math.h>

#include "cle_private.h"

#ifndef CLE_VERSION_STRING
#error "CLE_VERSION_STRING must come from the build (CMake project version)"
#endif

/* Build logs can be long; longer messages are cut with a visible marker. */
#define CLE_ERROR_MESSAGE_MAX 16384

/* Two buffers so a message may be formatted from the current one
 * (cle_set_error(code, "x: %s", cle_last_error_message())). */
static _Thread_local char tl_messages[2][CLE_ERROR_MESSAGE_MAX];
static _Thread_local int tl_current;
static _Thread_local cle_error tl_code = CLE_OK;

static void mark_truncated(char *buf, int written)
{
  static const char marker[] = " ... (truncated)";
  if (written >= CLE_ERROR_MESSAGE_MAX)
    memcpy(buf + CLE_ERROR_MESSAGE_MAX - sizeof marker, marker, sizeof marker);
}

static void set_error_v(cle_error code, const char *fmt, va_list ap)
{
  int next = !tl_current;
  char *buf = tl_messages[next];
  int written = vsnprintf(buf, CLE_ERROR_MESSAGE_MAX, fmt, ap);
  if (written < 0)
    snprintf(buf, CLE_ERROR_MESSAGE_MAX, "(unformattable error message)");
  else
    mark_truncated(buf, written);
  tl_current = next;
  tl_code = code;
}

int cle_set_error(cle_error code, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  set_error_v(code, fmt, ap);
  va_end(ap);
  return -1;
}

void *cle_fail_null(cle_error code, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  set_error_v(code, fmt, ap);
  va_end(ap);
  return NULL;
}

double cle_fail_nan(cle_error code, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  set_error_v(code, fmt, ap);
  va_end(ap);
  return NAN;
}

void cle_error_add_context(const char *who)
{
  if (!who || !*who || tl_code == CLE_OK)
    return;
  cle_set_error(tl_code, "%s: %s", who, tl_messages[tl_current]);
}

cle_error cle_last_error(void)
{
  return tl_code;
}

const char *cle_last_error_message(void)
{
  return tl_code == CLE_OK ? "" : tl_messages[tl_current];
}

void cle_clear_error(void)
{
  tl_code = CLE_OK;
  tl_messages[tl_current][0] = '\0';
}

const char *cle_error_name(cle_error code)
{
  switch (code) {
  case CLE_OK: return "ok";
  case CLE_ERROR_INVALID_ARGUMENT: return "invalid argument";
  case CLE_ERROR_OUT_OF_MEMORY: return "out of memory";
  case CLE_ERROR_DEVICE: return "device error";
  case CLE_ERROR_BUILD: return "build error";
  case CLE_ERROR_IO: return "I/O error";
  case CLE_ERROR_UNSUPPORTED: return "unsupported";
  }
  return "unknown error";
}

const char *cle_version(void)
{
  return CLE_VERSION_STRING;
}
