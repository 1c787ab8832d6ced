/* Program source assembly. Image sizes are not in the text: IMAGE_x_TYPE
 * declares a hidden `int4 cle_shape_x` argument before the buffer and the
 * size macros read it, so the source (and the program) depends only on each
 * array's dtype and dimensionality. */
#include <stdlib.h>
#include <string.h>

#include "kernel_signature.h"
#include "kernel_table.h"
#include "program_source.h"
#include "text.h"

static void array_defines(cle_text *t, const char *name, const cle_array *arr)
{
  static const char *const pos_type[3] = {"int", "int2", "int4"};
  static const char *const pos_value[3] = {"(int)(pos0)", "(int2)(pos0, pos1)", "(int4)(pos0, pos1, pos2, 0)"};
  const int dim = cle_array_kernel_dim(arr);
  const char *type = cle_dtype_cl_name(arr->dtype), *suffix = cle_dtype_cl_suffix(arr->dtype);
  cle_text_appendf(t, "#define CLE_DTYPE_%s\n", type); /* the preamble's functions for it (repeats are allowed) */
  cle_text_appendf(t, "#define CONVERT_%s_PIXEL_TYPE clij_convert_%s_sat\n", name, type);
  cle_text_appendf(t, "#define IMAGE_%s_PIXEL_TYPE %s\n", name, type);
  cle_text_appendf(t, "#define POS_%s_TYPE %s\n", name, pos_type[dim - 1]);
  cle_text_appendf(t, "#define POS_%s_INSTANCE(pos0, pos1, pos2, pos3) %s\n", name, pos_value[dim - 1]);
  cle_text_appendf(t, "#define IMAGE_%s_TYPE int4 cle_shape_%s, __global %s *\n", name, name, type);
  cle_text_appendf(t, "#define IMAGE_SIZE_%s_WIDTH (cle_shape_%s.x)\n", name, name);
  cle_text_appendf(t, "#define IMAGE_SIZE_%s_HEIGHT (cle_shape_%s.y)\n", name, name);
  cle_text_appendf(t, "#define IMAGE_SIZE_%s_DEPTH (cle_shape_%s.z)\n", name, name);
  cle_text_appendf(t,
                   "#define READ_%s_IMAGE(a, b, c) read_buffer%dd%s(GET_IMAGE_WIDTH(a), GET_IMAGE_HEIGHT(a), "
                   "GET_IMAGE_DEPTH(a), a, b, c)\n",
                   name, dim, suffix);
  cle_text_appendf(t,
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
static void line_directive(cle_text *t, const char *name)
{
  cle_text_append_str(t, "#line 1 \"");
  for (const char *c = name; *c; c++)
    cle_text_append(t, *c == '"' || *c == '\\' || *c == '\n' || *c == '\r' ? "_" : c, 1);
  cle_text_append_str(t, "\"\n");
}

char *cle_program_source(const char *who, const cle_param *params, size_t n_params, const char *defines,
                         const char *source, size_t source_len, cle_source_origin *origin, size_t *len)
{
  const cle_embedded_kernel *preamble = cle_embedded_kernel_find("preamble");
  if (!preamble)
    return cle_fail_null(CLE_ERROR_UNSUPPORTED, "%s: the clij preamble (kernels/preamble.cl) is not embedded", who);
  cle_text t = {0};
  cle_text_append_str(&t, "/* cesperanto: per-array definitions */\n");
  for (size_t i = 0; i < n_params; i++)
    if (params[i].kind == CLE_PARAM_ARRAY)
      array_defines(&t, params[i].name, params[i].array);
  if (cle_source_declares_sampler(source, source_len))
    cle_text_append_str(&t, "#define CLE_KERNEL_DECLARES_SAMPLER\n");
  if (defines && *defines) {
    cle_text_append_str(&t, defines);
    cle_text_append_str(&t, "\n");
  }
  origin->preamble_at = t.len;
  origin->preamble_len = preamble->length;
  cle_text_append(&t, preamble->source, preamble->length);
  cle_text_append_str(&t, "\n");
  line_directive(&t, origin->name);
  origin->first_line = t.failed ? 0 : count_lines(t.s, t.len) + 1;
  cle_text_append(&t, source, source_len);
  cle_text_append_str(&t, "\n");
  if (t.failed) {
    free(t.s);
    return cle_fail_null(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory assembling the program source", who);
  }
  *len = t.len;
  return t.s;
}
