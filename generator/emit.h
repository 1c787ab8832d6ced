/* cle-gen — the emitters, one per output, and what they share: C types and
 * literals of params, prototypes, and the human wording of rules. Each
 * emitter appends its whole output to a buffer; main.c writes the files. */
#ifndef CLE_GEN_EMIT_H
#define CLE_GEN_EMIT_H

#include "model.h"
#include "util.h"

#define GEN_BANNER "generated from spec/ops by cle-gen \xe2\x80\x94 do not edit"

void gen_emit_ops_header(const gen_model *m, gen_buf *out);       /* cesperanto/cle_ops.h */
void gen_emit_impl_header(const gen_model *m, gen_buf *out);      /* cle_ops_impl.h */
void gen_emit_ops_source(const gen_model *m, gen_buf *out);       /* cle_ops.c */
void gen_emit_registry(const gen_model *m, gen_buf *out);         /* cle_registry.c */
void gen_emit_spec_tests(const gen_model *m, gen_buf *out);       /* cle_spec_tests.c */
void gen_emit_json(const gen_model *m, gen_buf *out);             /* ops.json */
void gen_emit_swig(const gen_model *m, gen_buf *out);             /* cle_ops.i */
void gen_emit_docs(const gen_model *m, gen_buf *out);             /* operations.md */
void gen_emit_reference_header(const gen_model *m, gen_buf *out); /* cle_reference_ops.h (tests/reference) */
void gen_emit_reference_source(const gen_model *m, gen_buf *out); /* cle_reference_ops.c (tests/reference) */

/* Shared by the emitters (emit_common.c). */
const char *gen_c_type(gen_type t); /* "float", "int", "bool", "const char *" */
/* How a language spells a param's default: the words for NaN and the
 * infinities, the suffix of a float literal, the booleans, and how it quotes
 * a string. One gen_literal() writes every language's literals with it. */
typedef struct {
  const char *nan, *pos_inf, *neg_inf;
  const char *float_suffix; /* "f" in C, Java and C#, "" in Python */
  const char *true_word, *false_word;
  void (*quote)(gen_buf *b, const char *s);
} gen_literal_style;
/* Literal of v as a value of type t in the language of style. */
void gen_literal(gen_buf *b, const gen_value *v, gen_type t, const gen_literal_style *style);
/* C literal of v as a value of type t: "2.0f", "NAN", "3", "true", "\"box\"". */
void gen_c_literal(gen_buf *b, const gen_value *v, gen_type t);
/* A cle_value initializer of v as type t, as the registry and the spec-test
 * table write it: "{.type = CLE_TYPE_FLOAT, .image = NULL, .number = 2.0, .string = NULL}". */
void gen_c_cle_value(gen_buf *b, const gen_value *v, gen_type t);
/* "cle_array *cle_NAME(cle_array *src, cle_array *dst, float sigma_x)" (no ';'). */
void gen_c_prototype(gen_buf *b, const gen_op *op);
/* The same prototype under another name (an alias). */
void gen_c_prototype_named(gen_buf *b, const gen_op *op, const char *name);
/* The C enum of a string param's choices, for implementations:
 * type "cle_OP_PARAM", values "CLE_OP_PARAM_CHOICE" (in choices order, from 0). */
/* A string param's words as C string literals, comma-separated: every choice, then each
 * choice alias as spelled (canonical false) or as the choice it stands for (canonical true). */
void gen_c_choice_words(gen_buf *b, const gen_param *p, bool canonical);
void gen_buf_enum_type(gen_buf *b, const gen_op *op, const gen_param *p);
void gen_buf_enum_value(gen_buf *b, const gen_op *op, const gen_param *p, const char *choice);
/* "int cle_impl_NAME(cle_array *src, cle_array *dst, float sigma_x)" (no ';'); string params as their enum. */
void gen_c_impl_prototype(gen_buf *b, const gen_op *op);
/* "FUNCTION((const cle_dtype[]){DTYPE_OF(in0), DTYPE_OF(in1)}, 2)": the call that
 * computes a 'promoted' creator dtype from the op's inputs; dtype_of is a
 * printf format of one input's name ("cle_array_dtype(%s)"). */
char *gen_promoted_dtype_call(const gen_op *op, const char *function, const char *dtype_of);
/* The C definition of cle_promoted_dtype(const cle_dtype *types, int n) that
 * call uses (static; needs CLE_UNUSED), for the library and the references. */
extern const char *const gen_promoted_dtype_c;
/* The kernel files (base names, sorted) an op runs: its family's, its kernel,
 * those its impl c lists, or its callees' for a composite. Free with gen_free_strings. */
char **gen_op_kernel_files(const gen_op *op, int *n);
void gen_free_strings(char **list, int n);
/* What the output is, in words: "same shape as src, dtype float32". */
char *gen_output_words(const gen_op *op);
/* The same for one output of op (one of several: gen_op.outputs). */
char *gen_output_words_of(const gen_op *op, const gen_output *o);
/* A param's range in words: ">= 0", "in [1, 10]", "one of 'box', 'diamond'"; "" if unbounded. */
char *gen_range_words(const gen_param *p);
/* The op's result depends on where a pixel is, not only on what it reads: a
 * pixelwise rule of x, y, z, width, height or depth, or a composite calling
 * one. A tile of it would need its origin and the whole image's size, which
 * the footprint does not describe: ops.json's `uses_position` and the
 * registry's cle_op_desc.uses_position (tiling refuses such ops). */
bool gen_op_uses_position(const gen_op *op);
/* The footprint in words: "global" or "ceil(4*sigma_x), 0, 0". */
char *gen_footprint_words(const gen_op *op);
/* The accepted dtypes in words: "any", "integer", "float32" or a list. */
char *gen_dtypes_words(unsigned mask);
/* An input's doc in words: "DOC Dtypes: any." and, for a written input, that the op writes it. */
char *gen_input_words(const gen_input *in);
/* Appends text line by line: prefix, then put_line(b, line, n) (the line's n
 * chars, not NUL-terminated), trailing spaces dropped, then '\n'. */
void gen_prefixed_lines(gen_buf *b, const char *prefix, const char *text,
                        void (*put_line)(gen_buf *b, const char *line, size_t n));
/* Appends text with every line prefixed (for comments); "*" "/" pairs are broken up. */
void gen_comment_lines(gen_buf *b, const char *prefix, const char *text);

#endif
