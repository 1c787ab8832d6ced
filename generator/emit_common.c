/* cle-gen — helpers shared by the emitters (see emit.h). */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "creator.h"
#include "emit.h"
#include "family.h"
#include "names.h"

const char *gen_c_type(gen_type t)
{
  static const char *const types[] = {"float", "int", "bool", "const char *", "const float *"};
  return types[t];
}

void gen_literal(gen_buf *b, const gen_value *v, gen_type t, const gen_literal_style *style)
{
  char num[40];
  switch (t) {
  case GEN_T_FLOAT:
    if (isnan(v->number))
      gen_buf_puts(b, style->nan);
    else if (isinf(v->number))
      gen_buf_puts(b, v->number < 0 ? style->neg_inf : style->pos_inf);
    else {
      gen_format_c_double(v->number, num);
      gen_buf_printf(b, "%s%s", num, style->float_suffix);
    }
    break;
  case GEN_T_INT: gen_buf_printf(b, "%ld", (long)v->number); break;
  case GEN_T_BOOL: gen_buf_puts(b, v->number != 0 ? style->true_word : style->false_word); break;
  case GEN_T_STRING: style->quote(b, v->text); break;
  case GEN_T_FLOAT_LIST: gen_buf_puts(b, "NULL"); break; /* only None: validate.c allows no other default */
  }
}

void gen_c_literal(gen_buf *b, const gen_value *v, gen_type t)
{
  static const gen_literal_style c = {"NAN", "INFINITY", "-INFINITY", "f", "true", "false", gen_buf_c_string};
  gen_literal(b, v, t, &c);
}

void gen_c_cle_value(gen_buf *b, const gen_value *v, gen_type t)
{
  static const char *const types[] = {"CLE_TYPE_FLOAT", "CLE_TYPE_INT", "CLE_TYPE_BOOL", "CLE_TYPE_STRING",
                                      "CLE_TYPE_FLOAT_LIST"};
  /* .number is a double whatever the type: a float literal without suffix. */
  static const gen_literal_style number = {"NAN", "INFINITY", "-INFINITY", "", "", "", NULL};
  if (t == GEN_T_FLOAT_LIST) { /* None: NULL, 0 */
    gen_buf_printf(b, "{.type = %s, .image = NULL, .number = 0.0, .string = NULL, .list = ", types[t]);
    if (!v->items)
      gen_buf_puts(b, "NULL, .count = 0}");
    else {
      gen_buf_puts(b, "(const float[]){");
      for (int k = 0; k < v->n_items; k++) {
        char num[40];
        gen_format_c_double(v->items[k], num);
        gen_buf_printf(b, "%s%sf", k ? ", " : "", num);
      }
      gen_buf_printf(b, "}, .count = %d}", v->n_items);
    }
    return;
  }
  gen_buf_printf(b, "{.type = %s, .image = NULL, .number = ", types[t]);
  if (t == GEN_T_STRING)
    gen_buf_puts(b, "0.0");
  else
    gen_literal(b, v, GEN_T_FLOAT, &number);
  gen_buf_puts(b, ", .string = ");
  if (t == GEN_T_STRING)
    gen_buf_c_string(b, v->text);
  else
    gen_buf_puts(b, "NULL");
  gen_buf_puts(b, "}");
}

void gen_buf_enum_type(gen_buf *b, const gen_op *op, const gen_param *p)
{
  gen_buf_printf(b, "cle_%s_%s", op->name, p->name);
}

void gen_buf_enum_value(gen_buf *b, const gen_op *op, const gen_param *p, const char *choice)
{
  char *name = gen_printf("CLE_%s_%s_%s", op->name, p->name, choice);
  for (char *c = name; *c; c++)
    *c = (char)toupper((unsigned char)*c);
  gen_buf_puts(b, name);
  free(name);
}

/* enum_strings: string params as their choice enum (implementations) instead of const char *. */
static void c_params(gen_buf *b, const gen_op *op, bool *first, bool enum_strings)
{
  for (int i = 0; i < op->n_params; i++) {
    const gen_param *p = &op->params[i];
    gen_buf_puts(b, *first ? "" : ", ");
    if (enum_strings && p->type == GEN_T_STRING) {
      gen_buf_enum_type(b, op, p);
      gen_buf_printf(b, " %s", p->name);
    } else if (p->type == GEN_T_FLOAT_LIST) {
      gen_buf_printf(b, "const float *%s, size_t %s_count", p->name, p->name);
    } else {
      const char *t = gen_c_type(p->type);
      gen_buf_printf(b, "%s%s%s", t, t[strlen(t) - 1] == '*' ? "" : " ", p->name);
    }
    *first = false;
  }
}

/* "(inputs, dst, params)" of a prototype; scalar_out adds "double *NAME" for
 * an op whose result is a number (the impl's out-parameter). */
static void c_args(gen_buf *b, const gen_op *op, bool scalar_out)
{
  const gen_output *out = &op->output;
  bool first = true;
  if (op->n_inputs == 0 && !scalar_out) { /* an op without inputs: its device first (NULL: the default) */
    gen_buf_puts(b, "cle_device *device");
    first = false;
  }
  for (int i = 0; i < op->n_inputs; i++, first = false)
    gen_buf_printf(b, "%scle_array *%s", first ? "" : ", ", op->inputs[i].name);
  if (out->kind == GEN_OUT_MULTI) {
    /* several outputs: the op takes each one's address (*NAME given or NULL: created and stored there);
       the impl gets the arrays, created or checked, NULL for one the input's ndim does not make (when: 3d) */
    for (int k = 0; k < op->n_outputs; k++)
      gen_buf_printf(b, "%scle_array *%s%s", first ? "" : ", ", scalar_out ? "" : "*", op->outputs[k].name);
    first = false;
  } else if (out->kind == GEN_OUT_ARRAY) {
    /* the impl of a creator impl op gets the output's address: NULL there, it creates it */
    gen_buf_printf(b, "%scle_array *%s%s", first ? "" : ", ", scalar_out && out->creator == GEN_C_IMPL ? "*" : "",
                   out->name);
    first = false;
  } else if (scalar_out && out->kind == GEN_OUT_SCALAR) {
    gen_buf_printf(b, "%sdouble *%s", first ? "" : ", ", out->name);
    first = false;
  } else if (scalar_out && out->kind == GEN_OUT_TABLE) {
    gen_buf_printf(b, "%scle_statistics **%s", first ? "" : ", ", out->name);
    first = false;
  }
  c_params(b, op, &first, scalar_out);
  if (first)
    gen_buf_puts(b, "void");
  gen_buf_putc(b, ')');
}

void gen_c_prototype(gen_buf *b, const gen_op *op)
{
  gen_c_prototype_named(b, op, op->name);
}

void gen_c_prototype_named(gen_buf *b, const gen_op *op, const char *name)
{
  gen_buf_printf(b, "%scle_%s(",
                 op->output.kind == GEN_OUT_SCALAR  ? "double "
                 : op->output.kind == GEN_OUT_TABLE ? "cle_statistics *"
                 : op->output.kind == GEN_OUT_MULTI ? "int "
                                                    : "cle_array *",
                 name);
  c_args(b, op, false);
}

void gen_c_impl_prototype(gen_buf *b, const gen_op *op)
{
  gen_buf_printf(b, "int cle_impl_%s(", op->impl.c_name);
  c_args(b, op, true);
}

static void add_kernel_file(char ***files, int *n, const char *file)
{
  for (int i = 0; i < *n; i++)
    if (!strcmp((*files)[i], file))
      return;
  *(char **)gen_push(files, n, sizeof(char *)) = gen_strdup(file);
}

static void collect_kernel_files(const gen_op *op, char ***files, int *n, int depth)
{
  const gen_impl *im = &op->impl;
  if (depth > 64)
    return;
  switch (im->kind) {
  case GEN_IMPL_KERNEL: add_kernel_file(files, n, im->kernel_file); break;
  case GEN_IMPL_FAMILY:
    if (gen_family_kernel(im->family))
      add_kernel_file(files, n, gen_family_kernel(im->family));
    break;
  case GEN_IMPL_C:
    for (int k = 0; k < im->n_kernels; k++)
      add_kernel_file(files, n, im->kernels[k]);
    break;
  case GEN_IMPL_COMPOSITE:
    for (int s = 0; s < im->n_steps; s++)
      if (im->steps[s].callee)
        collect_kernel_files(im->steps[s].callee, files, n, depth + 1);
    break;
  case GEN_IMPL_NONE: break;
  }
}

const char *const gen_promoted_dtype_c =
    "\n"
    "/* The creator dtype 'promoted': numpy's result_type of the inputs' dtypes,\n"
    " * a 64-bit integer result as float32 (pyclesperanto 0.25.1's rule). */\n"
    "static CLE_UNUSED cle_dtype cle_promoted_dtype(const cle_dtype *types, int n)\n"
    "{\n"
    "  size_t signed_size = 0, unsigned_size = 0;\n"
    "  for (int i = 0; i < n; i++) {\n"
    "    const cle_dtype t = types[i];\n"
    "    const size_t size = t == CLE_INT8 || t == CLE_UINT8 ? 1 : t == CLE_INT16 || t == CLE_UINT16 ? 2 : 4;\n"
    "    if (t == CLE_FLOAT32)\n"
    "      return CLE_FLOAT32;\n"
    "    if (t == CLE_INT8 || t == CLE_INT16 || t == CLE_INT32)\n"
    "      signed_size = size > signed_size ? size : signed_size;\n"
    "    else\n"
    "      unsigned_size = size > unsigned_size ? size : unsigned_size;\n"
    "  }\n"
    "  if (!signed_size)\n"
    "    return unsigned_size == 1 ? CLE_UINT8 : unsigned_size == 2 ? CLE_UINT16 : CLE_UINT32;\n"
    "  const size_t size = signed_size > unsigned_size ? signed_size : 2 * unsigned_size;\n"
    "  return size == 1 ? CLE_INT8 : size == 2 ? CLE_INT16 : size == 4 ? CLE_INT32 : CLE_FLOAT32;\n"
    "}\n";

char *gen_promoted_dtype_call(const gen_op *op, const char *function, const char *dtype_of)
{
  gen_buf b = {0};
  gen_buf_printf(&b, "%s((const cle_dtype[]){", function);
  for (int i = 0; i < op->n_inputs; i++) {
    char *one = gen_printf(dtype_of, op->inputs[i].name);
    gen_buf_printf(&b, "%s%s", i ? ", " : "", one);
    free(one);
  }
  gen_buf_printf(&b, "}, %d)", op->n_inputs);
  return gen_buf_take(&b);
}

char **gen_op_kernel_files(const gen_op *op, int *n)
{
  char **files = NULL;
  *n = 0;
  collect_kernel_files(op, &files, n, 0);
  if (*n)
    qsort(files, (size_t)*n, sizeof *files, gen_strcmp_ptr);
  return files;
}

void gen_free_strings(char **list, int n)
{
  for (int i = 0; i < n; i++)
    free(list[i]);
  free(list);
}

char *gen_output_words(const gen_op *op)
{
  if (op->output.kind == GEN_OUT_MULTI) {
    gen_buf b = {0};
    gen_buf_printf(&b, "%d images (", op->n_outputs);
    for (int k = 0; k < op->n_outputs; k++)
      gen_buf_printf(&b, "%s%s%s", k ? ", " : "", op->outputs[k].name, op->outputs[k].only_3d ? " for 3D input" : "");
    gen_buf_puts(&b, "), returned as a list in the order ");
    for (int k = 0; k < op->n_output_order; k++)
      gen_buf_printf(&b, "%s%s", k ? ", " : "", op->output_order_names[k]);
    return gen_buf_take(&b);
  }
  return gen_output_words_of(op, &op->output);
}

char *gen_output_words_of(const gen_op *op, const gen_output *o)
{
  (void)op;
  const char *of = o->of ? o->of : "";
  const char *dt = o->dtype >= 0 ? gen_dtype_name(o->dtype) : NULL;
  char *dtype_words = dt && o->dtype_if ? gen_printf("dtype %s when %s is true, else that of %s", dt, o->dtype_if, of)
                      : dt              ? gen_printf("dtype %s", dt)
                      : o->dtype == GEN_DTYPE_WIDENED ? gen_printf("dtype of %s widened (int32, uint32 or float32)", of)
                      : o->dtype == GEN_DTYPE_PROMOTED
                          ? gen_strdup("dtype of the inputs promoted as numpy's result_type "
                                       "(a 64-bit integer result is float32)")
                          : gen_printf("dtype of %s", of);
  char *s = NULL;
  switch (o->creator) {
  case GEN_C_LIKE:
    s = o->dtype != -1 ? gen_printf("same shape as %s, %s", of, dtype_words)
                       : gen_printf("same shape and dtype as %s", of);
    break;
  case GEN_C_BINARY: s = gen_printf("same shape as %s, uint8 (0 or 1)", of); break;
  case GEN_C_LABELS: s = gen_printf("same shape as %s, uint32 labels", of); break;
  case GEN_C_XY:
  case GEN_C_XZ:
  case GEN_C_YZ: {
    static const char *const what[] = {"width x height of %s (projected along z)",
                                       "width x depth of %s (projected along y)",
                                       "height x depth of %s (projected along x)"};
    static const char *const axis[] = {"z", "y", "x"};
    const int k = o->creator - GEN_C_XY;
    char *shape = gen_printf(what[k], of);
    char *keep = o->keep_dims ? gen_printf("; with %s, %s keeps its ndim, %s of size 1 (numpy's keepdims)",
                                           o->keep_dims, of, axis[k])
                              : gen_strdup("");
    s = gen_printf("%s, %s%s", shape, dtype_words, keep);
    free(shape);
    free(keep);
    break;
  }
  case GEN_C_VECTOR:
    if (o->size[0])
      s = gen_printf("1D vector of %s elements, %s", o->size[0], dtype_words);
    else if (o->length_param)
      s = gen_printf("1D vector of %s elements, %s", o->length_param, dtype_words);
    else
      s = gen_printf("1D vector of %ld elements, %s", o->length, dtype_words);
    break;
  case GEN_C_SIZE:
    s = gen_printf("width %s, height %s, depth %s (sizes of %s's ndim, or more where a size along a further axis "
                   "exceeds 1), %s",
                   o->size[0], o->size[1], o->size[2], of, dtype_words);
    break;
  case GEN_C_MATRIX:
    s = gen_printf("2D matrix of width %s and height %s, %s", o->size[0], o->size[1], dtype_words);
    break;
  case GEN_C_SHAPE:
    s = gen_printf("width %s, height %s, depth %s (3D if the depth exceeds 1, else 2D if the height does, else 1D), %s",
                   o->size[0], o->size[1], o->size[2], dtype_words);
    break;
  case GEN_C_SCALAR: s = gen_strdup("a number (double)"); break;
  case GEN_C_TABLE: s = gen_strdup("a table of named double columns, one row per label (cle_statistics)"); break;
  case GEN_C_IMPL:
    s = gen_strdup("created by the implementation, sized by the input's pixels (see the description)");
    break;
  case GEN_C_INPLACE: s = gen_printf("%s, modified in place", of); break;
  }
  free(dtype_words);
  return s;
}

char *gen_range_words(const gen_param *p)
{
  if (p->type == GEN_T_FLOAT_LIST) { /* "9, 12 or 16 numbers" */
    gen_buf b = {0};
    gen_buf_puts(&b, "");
    for (int i = 0; i < p->n_lengths; i++)
      gen_buf_printf(&b, "%s%d", i == 0 ? "" : i == p->n_lengths - 1 ? " or " : ", ", p->lengths[i]);
    gen_buf_puts(&b, p->n_lengths == 1 && p->lengths[0] == 1 ? " number" : " numbers");
    return b.data;
  }
  if (p->type == GEN_T_STRING) {
    gen_buf b = {0};
    gen_buf_puts(&b, "one of ");
    for (int i = 0; i < p->n_choices; i++)
      gen_buf_printf(&b, "%s'%s'", i ? ", " : "", p->choices[i]);
    for (int a = 0; a < p->n_choice_aliases; a++)
      gen_buf_printf(&b, "%s'%s' for '%s'", a ? ", " : " (or ", p->choice_aliases[a].alias,
                     p->choice_aliases[a].target);
    if (p->n_choice_aliases)
      gen_buf_putc(&b, ')');
    return b.data;
  }
  if (p->min.present && p->max.present)
    return gen_printf("in [%s, %s]", p->min.text, p->max.text);
  if (p->min.present)
    return gen_printf(">= %s", p->min.text);
  if (p->max.present)
    return gen_printf("<= %s", p->max.text);
  return gen_strdup("");
}

bool gen_op_uses_position(const gen_op *op)
{
  if (op->impl.kind == GEN_IMPL_FAMILY && op->impl.family == GEN_FAMILY_PIXELWISE)
    return op->impl.uses_coords;
  for (int s = 0; op->impl.kind == GEN_IMPL_COMPOSITE && s < op->impl.n_steps; s++)
    if (op->impl.steps[s].callee && gen_op_uses_position(op->impl.steps[s].callee))
      return true;
  return false;
}

char *gen_footprint_words(const gen_op *op)
{
  if (op->footprint_global)
    return gen_strdup("global");
  return gen_printf("%s, %s, %s", op->footprint[0], op->footprint[1], op->footprint[2]);
}

char *gen_dtypes_words(unsigned mask)
{
  if (mask == GEN_DTYPES_ALL)
    return gen_strdup("any");
  if (mask == GEN_DTYPES_INTEGER)
    return gen_strdup("integer");
  return gen_dtype_list(mask);
}

char *gen_input_words(const gen_input *in)
{
  char *dt = gen_dtypes_words(in->dtypes);
  char *s = gen_printf("%s Dtypes: %s.%s%s", in->doc, dt,
                       in->written ? " The op writes into it: an image the caller keeps, not the output." : "",
                       in->optional ? " Optional: NULL (None) is allowed." : "");
  free(dt);
  return s;
}

void gen_prefixed_lines(gen_buf *b, const char *prefix, const char *text,
                        void (*put_line)(gen_buf *b, const char *line, size_t n))
{
  const char *p = text;
  while (*p) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    gen_buf_puts(b, prefix);
    put_line(b, p, n);
    /* No trailing spaces on empty lines. */
    while (b->len && b->data[b->len - 1] == ' ')
      b->data[--b->len] = '\0';
    gen_buf_putc(b, '\n');
    p += n;
    if (*p == '\n')
      p++;
  }
}

static void comment_line(gen_buf *b, const char *p, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    gen_buf_putc(b, p[i]);
    /* Never close the comment early nor open a nested one (-Wcomment). */
    if ((p[i] == '*' || p[i] == '/') && i + 1 < n && p[i + 1] == (p[i] == '*' ? '/' : '*'))
      gen_buf_putc(b, ' ');
  }
}

void gen_comment_lines(gen_buf *b, const char *prefix, const char *text)
{
  gen_prefixed_lines(b, prefix, text, comment_line);
}

void gen_c_choice_words(gen_buf *b, const gen_param *p, bool canonical)
{
  for (int c = 0; c < p->n_choices; c++) {
    gen_buf_puts(b, c ? ", " : "");
    gen_buf_c_string(b, p->choices[c]);
  }
  for (int a = 0; a < p->n_choice_aliases; a++) {
    gen_buf_puts(b, ", ");
    gen_buf_c_string(b, canonical ? p->choice_aliases[a].target : p->choice_aliases[a].alias);
  }
}
