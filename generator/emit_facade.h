/* cle-gen — the per-language facades over the SWIG layer: Python functions
 * with keyword defaults (_ops.py), Java overloads (Cle.java), C# optional
 * parameters (Cle.cs), Ruby keyword arguments (ops.rb). SWIG in C mode
 * gives Java, C# and Ruby only the full signature, so these thin files give
 * every language the spec's names, order and defaults; each calls the SWIG
 * function cle_NAME wrapped as NAME.
 *
 * One rule for defaults in every language: a param's default can be left
 * out only if every param after it has a default too ("trailing defaults"),
 * and dst may be left out (None / null) only if every param can be. */
#ifndef CLE_GEN_EMIT_FACADE_H
#define CLE_GEN_EMIT_FACADE_H

#include <stdbool.h>
#include "model.h"
#include "util.h"

void gen_emit_python(const gen_model *m, gen_buf *out); /* cesperanto/_ops.py */
void gen_emit_java(const gen_model *m, gen_buf *out);   /* net/cesperanto/Cle.java */
/* net/cesperanto/CleArrayOps.java: CleArray's fluent methods from the spec's operator table */
void gen_emit_java_array_ops(const gen_model *m, gen_buf *out);
void gen_emit_csharp(const gen_model *m, gen_buf *out); /* Cle.cs */
void gen_emit_ruby(const gen_model *m, gen_buf *out);   /* cesperanto/ops.rb */

/* Shared by the facade emitters (emit_facade_common.c). */

/* Index of the first param from which all params have defaults (n_params if none do). */
int gen_first_optional_param(const gen_op *op);
/* emit(b, op, NULL) for every op, each followed by emit(b, op, alias) for its
 * aliases, with separator (NULL: none) between any two. */
typedef void (*gen_op_emitter)(gen_buf *b, const gen_op *op, const gen_op_alias *alias);
void gen_each_op_and_alias(gen_buf *b, const gen_model *m, gen_op_emitter emit, const char *separator);
/* Whether dst (array outputs only) may be left out. */
bool gen_dst_optional(const gen_op *op);
/* sigma_x -> sigmaX (lower) or SigmaX (upper). Caller frees. */
char *gen_camel(const char *snake, bool upper_first);
/* Appends gen_camel(snake, upper_first). */
void gen_buf_camel(gen_buf *b, const char *snake, bool upper_first);
/* gen_buf_quoted() (util.h) writes a string literal valid in Python, Java and C#. */
/* Appends text with every line prefixed, after escaping for the language's doc syntax:
 * mode 'p' (Python docstring: backslashes and triple quotes), 'j' (Javadoc: HTML and
 * comment end), 'c' (C# XML doc: XML). Empty lines carry the prefix without trailing spaces. */
void gen_doc_lines(gen_buf *b, const char *prefix, const char *text, char mode);

#endif
