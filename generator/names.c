/* cle-gen — name rules and vocabularies (see names.h). */
#include "names.h"

#include <ctype.h>
#include <string.h>

#include "util.h"

bool gen_is_identifier(const char *s)
{
  if (!s || !(isalpha((unsigned char)*s) || *s == '_'))
    return false;
  for (s++; *s; s++)
    if (!(isalnum((unsigned char)*s) || *s == '_'))
      return false;
  return true;
}

bool gen_is_snake_case(const char *s)
{
  if (!s || !(*s >= 'a' && *s <= 'z'))
    return false;
  for (const char *p = s; *p; p++) {
    bool lower_or_digit = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
    /* An underscore must sit between two word characters. */
    if (*p == '_' && p[1] && p[1] != '_')
      continue;
    if (!lower_or_digit)
      return false;
  }
  return true;
}

static bool in_list(const char *const *list, const char *s)
{
  for (; *list; list++)
    if (!strcmp(*list, s))
      return true;
  return false;
}

/* C11 keywords and the stdbool/math names generated code relies on. */
static const char *const c_words[] = {"auto",    "break",  "case",     "char",     "const",    "continue", "default",
                                      "do",      "double", "else",     "enum",     "extern",   "float",    "for",
                                      "goto",    "if",     "inline",   "int",      "long",     "register", "restrict",
                                      "return",  "short",  "signed",   "sizeof",   "static",   "struct",   "switch",
                                      "typedef", "union",  "unsigned", "void",     "volatile", "while",    "bool",
                                      "true",    "false",  "isnan",    "isfinite", "strcmp",   NULL};
static const char *const cpp_words[] = {"alignas",
                                        "alignof",
                                        "and",
                                        "and_eq",
                                        "asm",
                                        "bitand",
                                        "bitor",
                                        "catch",
                                        "char8_t",
                                        "char16_t",
                                        "char32_t",
                                        "class",
                                        "compl",
                                        "concept",
                                        "consteval",
                                        "constexpr",
                                        "constinit",
                                        "const_cast",
                                        "co_await",
                                        "co_return",
                                        "co_yield",
                                        "decltype",
                                        "delete",
                                        "dynamic_cast",
                                        "explicit",
                                        "export",
                                        "friend",
                                        "mutable",
                                        "namespace",
                                        "new",
                                        "noexcept",
                                        "not",
                                        "not_eq",
                                        "nullptr",
                                        "operator",
                                        "or",
                                        "or_eq",
                                        "private",
                                        "protected",
                                        "public",
                                        "reinterpret_cast",
                                        "requires",
                                        "static_assert",
                                        "static_cast",
                                        "template",
                                        "this",
                                        "thread_local",
                                        "throw",
                                        "try",
                                        "typeid",
                                        "typename",
                                        "using",
                                        "virtual",
                                        "wchar_t",
                                        "xor",
                                        "xor_eq",
                                        NULL};
static const char *const python_words[] = {
    "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
    "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
    "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
    "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield",    NULL};
static const char *const java_words[] = {
    "abstract",  "assert",   "boolean",  "break",    "byte",    "case",         "catch",     "char",       "class",
    "const",     "continue", "default",  "do",       "double",  "else",         "enum",      "extends",    "final",
    "finally",   "float",    "for",      "goto",     "if",      "implements",   "import",    "instanceof", "int",
    "interface", "long",     "native",   "new",      "package", "private",      "protected", "public",     "return",
    "short",     "static",   "strictfp", "super",    "switch",  "synchronized", "this",      "throw",      "throws",
    "transient", "try",      "void",     "volatile", "while",   "true",         "false",     "null",       "var",
    "yield",     "record",   "sealed",   "permits",  NULL};
static const char *const csharp_words[] = {
    "abstract", "as",      "base",    "bool",       "break",    "byte",     "case",      "catch",     "char",
    "checked",  "class",   "const",   "continue",   "decimal",  "default",  "delegate",  "do",        "double",
    "else",     "enum",    "event",   "explicit",   "extern",   "false",    "finally",   "fixed",     "float",
    "for",      "foreach", "goto",    "if",         "implicit", "in",       "int",       "interface", "internal",
    "is",       "lock",    "long",    "namespace",  "new",      "null",     "object",    "operator",  "out",
    "override", "params",  "private", "protected",  "public",   "readonly", "ref",       "return",    "sbyte",
    "sealed",   "short",   "sizeof",  "stackalloc", "static",   "string",   "struct",    "switch",    "this",
    "throw",    "true",    "try",     "typeof",     "uint",     "ulong",    "unchecked", "unsafe",    "ushort",
    "using",    "virtual", "void",    "volatile",   "while",    "var",      "dynamic",   NULL};

const char *gen_reserved_in(const char *s)
{
  if (in_list(c_words, s))
    return "C";
  if (in_list(cpp_words, s))
    return "C++";
  if (in_list(python_words, s))
    return "Python";
  if (in_list(java_words, s))
    return "Java";
  if (in_list(csharp_words, s))
    return "C#";
  return NULL;
}

/* Public and internal runtime functions, without their cle_ prefix. */
static const char *const runtime_words[] = {"last_error",
                                            "last_error_message",
                                            "clear_error",
                                            "error_name",
                                            "dtype_size",
                                            "dtype_name",
                                            "dtype_from_name",
                                            "device_count",
                                            "device_get",
                                            "device_find",
                                            "device_default",
                                            "device_select",
                                            "device_name",
                                            "device_vendor",
                                            "device_platform",
                                            "device_type",
                                            "device_version",
                                            "device_driver_version",
                                            "device_global_memory",
                                            "device_max_allocation",
                                            "device_finish",
                                            "device_max_work_group_size",
                                            "create",
                                            "create_nd",
                                            "create_like",
                                            "create_like_dtype",
                                            "push",
                                            "push_nd",
                                            "pull",
                                            "array_copy",
                                            "array_fill",
                                            "retain",
                                            "release",
                                            "array_device",
                                            "array_dtype",
                                            "array_ndim",
                                            "array_width",
                                            "array_height",
                                            "array_depth",
                                            "array_shape",
                                            "array_size",
                                            "array_nbytes",
                                            "live_array_count",
                                            "param_array",
                                            "param_int",
                                            "param_float",
                                            "execute",
                                            "version",
                                            "op_count",
                                            "op_info",
                                            "op_find",
                                            "set_error",
                                            "fail_null",
                                            "fail_nan",
                                            "error_add_context",
                                            "run_kernel",
                                            "kernel_source",
                                            "program_build_count",
                                            "spec_tests",
                                            "spec_test_count",
                                            NULL};

bool gen_is_python_builtin(const char *name)
{
  static const char *const builtins[] = {
      "abs",    "all",      "any",       "bin",    "bool",     "bytes",      "callable",  "chr",     "dict",
      "dir",    "divmod",   "enumerate", "filter", "float",    "format",     "frozenset", "getattr", "hasattr",
      "hash",   "hex",      "id",        "input",  "int",      "isinstance", "iter",      "len",     "list",
      "map",    "max",      "min",       "next",   "object",   "oct",        "open",      "ord",     "pow",
      "print",  "property", "range",     "repr",   "reversed", "round",      "set",       "setattr", "slice",
      "sorted", "str",      "sum",       "super",  "tuple",    "type",       "vars",      "zip",     NULL};
  for (const char *const *b = builtins; *b; b++)
    if (!strcmp(*b, name))
      return true;
  return false;
}

bool gen_is_runtime_name(const char *name)
{
  return in_list(runtime_words, name) || !strncmp(name, "impl_", 5);
}

static const char *const dtype_names[GEN_DTYPE_COUNT] = {"int8",  "uint8",  "int16",  "uint16",
                                                         "int32", "uint32", "float32"};
static const char *const dtype_enums[GEN_DTYPE_COUNT] = {"CLE_INT8",  "CLE_UINT8",  "CLE_INT16",  "CLE_UINT16",
                                                         "CLE_INT32", "CLE_UINT32", "CLE_FLOAT32"};
const char *const gen_dtype_names_list = "int8, uint8, int16, uint16, int32, uint32, float32";

int gen_dtype_from_name(const char *name)
{
  for (int i = 0; i < GEN_DTYPE_COUNT; i++)
    if (!strcmp(dtype_names[i], name))
      return i;
  if (!strcmp(name, "float"))
    return GEN_FLOAT32;
  return -1;
}

const char *gen_dtype_name(int dtype)
{
  return dtype >= 0 && dtype < GEN_DTYPE_COUNT ? dtype_names[dtype] : "?";
}

const char *gen_dtype_enum(int dtype)
{
  return dtype >= 0 && dtype < GEN_DTYPE_COUNT ? dtype_enums[dtype] : "?";
}

char *gen_dtype_list(unsigned mask)
{
  gen_buf b = {0};
  gen_buf_puts(&b, "");
  for (int i = 0; i < GEN_DTYPE_COUNT; i++)
    if (mask & (1u << i))
      gen_buf_printf(&b, "%s%s", b.len ? ", " : "", dtype_names[i]);
  return b.data;
}

static const char *const type_names[] = {"float", "int", "bool", "string", "float_list"};

const char *gen_type_name(gen_type t)
{
  return type_names[t];
}

bool gen_type_from_name(const char *name, gen_type *out)
{
  for (int i = 0; i < GEN_TYPE_COUNT; i++)
    if (!strcmp(type_names[i], name)) {
      *out = (gen_type)i;
      return true;
    }
  return false;
}

/* As in clEsperanto (shared/reference/clesperanto-ops.tsv), in that order. */
const char *const gen_categories[] = {"filter",
                                      "denoise",
                                      "combine",
                                      "combine labels",
                                      "binarize",
                                      "binary processing",
                                      "edge detection",
                                      "label",
                                      "label processing",
                                      "label measurement",
                                      "map",
                                      "projection",
                                      "transform",
                                      "background removal",
                                      "in assistant",
                                      "bia-bob-suggestion"};
const int gen_n_categories = (int)(sizeof gen_categories / sizeof gen_categories[0]);

int gen_category_index(const char *name)
{
  for (int i = 0; i < gen_n_categories; i++)
    if (!strcmp(gen_categories[i], name))
      return i;
  return -1;
}

char *gen_category_list(void)
{
  gen_buf b = {0};
  for (int i = 0; i < gen_n_categories; i++)
    gen_buf_printf(&b, "%s'%s'", i ? ", " : "", gen_categories[i]);
  return b.data;
}
