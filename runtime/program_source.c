/* Program source assembly. Image sizes are not in the text: IMAGE_x_TYPE
 * declares a hidden `int4 cle_shape_x` argument before the buffer and the
 * size macros read it, so the source (and the program) depends only on each
 * array's dtype and dimensionality. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_signature.h"
#include "kernel_table.h"
#include "program_source.h"

typedef struct text {
  char *s;
  size_t len, cap;
  int failed;
} text;

static void grow(text *t, size_t extra)
{
  if (t->failed || t->len + extra + 1 <= t->cap)
    return;
  size_t cap = t->cap ? t->cap : 4096;
  while (cap < t->len + extra + 1)
    cap *= 2;
  char *s = realloc(t->s, cap);
  if (!s) {
    t->failed = 1;
    return;
  }
  t->s = s;
  t->cap = cap;
}

static void append(text *t, const char *s, size_t n)
{
  grow(t, n);
  if (t->failed)
    return;
  memcpy(t->s + t->len, s, n);
  t->len += n;
  t->s[t->len] = '\0';
}

static void append_str(text *t, const char *s)
{
  append(t, s, strlen(s));
}

static void appendf(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void appendf(text *t, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) {
    t->failed = 1;
    return;
  }
  grow(t, (size_t)n);
  if (t->failed)
    return;
  va_start(ap, fmt);
  vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  t->len += (size_t)n;
}

static void array_defines(text *t, const char *name, const cle_array *arr)
{
  static const char *const pos_type[3] = {"int", "int2", "int4"};
  static const char *const pos_value[3] = {"(int)(pos0)", "(int2)(pos0, pos1)", "(int4)(pos0, pos1, pos2, 0)"};
  const int dim = cle_array_kernel_dim(arr);
  const char *type = cle_dtype_cl_name(arr->dtype), *suffix = cle_dtype_cl_suffix(arr->dtype);
  appendf(t, "#define CONVERT_%s_PIXEL_TYPE clij_convert_%s_sat\n", name, type);
  appendf(t, "#define IMAGE_%s_PIXEL_TYPE %s\n", name, type);
  appendf(t, "#define POS_%s_TYPE %s\n", name, pos_type[dim - 1]);
  appendf(t, "#define POS_%s_INSTANCE(pos0, pos1, pos2, pos3) %s\n", name, pos_value[dim - 1]);
  appendf(t, "#define IMAGE_%s_TYPE int4 cle_shape_%s, __global %s *\n", name, name, type);
  appendf(t, "#define IMAGE_SIZE_%s_WIDTH (cle_shape_%s.x)\n", name, name);
  appendf(t, "#define IMAGE_SIZE_%s_HEIGHT (cle_shape_%s.y)\n", name, name);
  appendf(t, "#define IMAGE_SIZE_%s_DEPTH (cle_shape_%s.z)\n", name, name);
  appendf(t,
          "#define READ_%s_IMAGE(a, b, c) read_buffer%dd%s(GET_IMAGE_WIDTH(a), GET_IMAGE_HEIGHT(a), "
          "GET_IMAGE_DEPTH(a), a, b, c)\n",
          name, dim, suffix);
  appendf(t,
          "#define WRITE_%s_IMAGE(a, b, c) write_buffer%dd%s(GET_IMAGE_WIDTH(a), GET_IMAGE_HEIGHT(a), "
          "GET_IMAGE_DEPTH(a), a, b, c)\n\n",
          name, dim, suffix);
}

static int count_lines(const char *s, size_t n)
{
  int lines = 0;
  for (size_t i = 0; i < n; i++)
    lines += s[i] == '\n';
  return lines;
}

/* `#line 1 "NAME"`: compilers then report positions as NAME:LINE:COLUMN. A
 * quote, backslash or newline would end the directive early: replaced. */
static void line_directive(text *t, const char *name)
{
  append_str(t, "#line 1 \"");
  for (const char *c = name; *c; c++)
    append(t, *c == '"' || *c == '\\' || *c == '\n' || *c == '\r' ? "_" : c, 1);
  append_str(t, "\"\n");
}

char *cle_program_source(const char *who, const cle_param *params, size_t n_params, const char *defines,
                         const char *source, size_t source_len, cle_source_origin *origin, size_t *len)
{
  const cle_embedded_kernel *preamble = cle_embedded_kernel_find("preamble");
  if (!preamble)
    return cle_fail_null(CLE_ERROR_UNSUPPORTED, "%s: the clij preamble (kernels/preamble.cl) is not embedded", who);
  text t = {0};
  append_str(&t, "/* cesperanto: per-array definitions */\n");
  for (size_t i = 0; i < n_params; i++)
    if (params[i].kind == CLE_PARAM_ARRAY)
      array_defines(&t, params[i].name, params[i].array);
  if (cle_source_declares_sampler(source, source_len))
    append_str(&t, "#define CLE_KERNEL_DECLARES_SAMPLER\n");
  if (defines && *defines) {
    append_str(&t, defines);
    append_str(&t, "\n");
  }
  append(&t, preamble->source, preamble->length);
  append_str(&t, "\n");
  line_directive(&t, origin->name);
  origin->first_line = t.failed ? 0 : count_lines(t.s, t.len) + 1;
  append(&t, source, source_len);
  append_str(&t, "\n");
  if (t.failed) {
    free(t.s);
    return cle_fail_null(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory assembling the program source", who);
  }
  *len = t.len;
  return t.s;
}
