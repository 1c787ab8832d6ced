/* cle-gen — what names may be: identifiers, snake_case, words reserved in
 * the languages we generate for, runtime functions; dtype, type and
 * category vocabularies. */
#ifndef CLE_GEN_NAMES_H
#define CLE_GEN_NAMES_H

#include <stdbool.h>
#include "model.h"

bool gen_is_identifier(const char *s);
/* Lowercase words joined by single underscores: [a-z][a-z0-9]*(_[a-z0-9]+)* */
bool gen_is_snake_case(const char *s);
/* The language that reserves s ("C", "C++", "Python", "Java", "C#"), or NULL. */
const char *gen_reserved_in(const char *s);
/* True if cle_NAME is a runtime function (cle_push, cle_release, ...) or
 * otherwise taken by the library (cle_impl_*). */
bool gen_is_runtime_name(const char *name);
/* True if name is a Python builtin function or type (range, round, set, ...):
 * the SWIG module names such an op NAME_, as a module-level NAME would hide the
 * builtin from the module's own code (cesperanto_core.py's Array uses range). */
bool gen_is_python_builtin(const char *name);

/* dtype by name ("float" is float32); -1 if unknown. */
int gen_dtype_from_name(const char *name);
const char *gen_dtype_name(int dtype);
const char *gen_dtype_enum(int dtype); /* "CLE_UINT8" */
/* "int8, uint8" style list of the dtypes in mask. */
char *gen_dtype_list(unsigned mask);
extern const char *const gen_dtype_names_list; /* for messages */

const char *gen_type_name(gen_type t); /* "float", "int", "bool", "string" */
bool gen_type_from_name(const char *name, gen_type *out);

extern const char *const gen_categories[];
extern const int gen_n_categories;
int gen_category_index(const char *name); /* -1 if unknown */
char *gen_category_list(void);            /* "'filter', 'denoise', ..." */

#endif
