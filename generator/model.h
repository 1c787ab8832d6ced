/* cle-gen — the in-memory model of every operation of spec/ops.
 *
 * parse.c fills it from YAML (structure and scalar types), validate.c checks
 * it as a whole, the emit_*.c files turn it into outputs. Every node keeps
 * the line:col it came from so each problem can point at the spec text.
 */
#ifndef CLE_GEN_MODEL_H
#define CLE_GEN_MODEL_H

#include <stdbool.h>
#include <stddef.h>

/* 1-based position in a spec file; line 0 means "unknown". */
typedef struct gen_pos {
  int line, col;
} gen_pos;

/* Dtypes in the runtime's order (cle_dtype); masks use bit (1u << dtype). */
enum { GEN_INT8, GEN_UINT8, GEN_INT16, GEN_UINT16, GEN_INT32, GEN_UINT32, GEN_FLOAT32, GEN_DTYPE_COUNT };
#define GEN_DTYPES_ALL 0x7fu
#define GEN_DTYPES_INTEGER 0x3fu
#define GEN_DTYPES_FLOAT (1u << GEN_FLOAT32)
/* A creator's dtype that follows the input's: int8/16/32 -> int32,
 * uint8/16/32 -> uint32, float32 -> float32 (sums, as pyclesperanto gives them). */
#define GEN_DTYPE_WIDENED (-2)
/* A creator's dtype from all the op's inputs, promoted as numpy's result_type
 * does, with a 64-bit integer result as float32 (pyclesperanto's rule for
 * add_images_weighted and the like). */
#define GEN_DTYPE_PROMOTED (-3)

/* GEN_T_FLOAT_LIST: a list of numbers (a flattened matrix), C `const float *NAME, size_t NAME_count`. */
typedef enum gen_type { GEN_T_FLOAT, GEN_T_INT, GEN_T_BOOL, GEN_T_STRING, GEN_T_FLOAT_LIST } gen_type;
#define GEN_TYPE_COUNT 5

/* A typed scalar from the spec. text is the normalised spelling
 * ("0", "1e-05", "nan", "-inf", "true", "box"). */
typedef struct gen_value {
  bool present;
  gen_type type;
  double number; /* float, int (integral), bool (0/1) */
  char *text;
  double *items; /* GEN_T_FLOAT_LIST: the numbers ([..] in YAML); text is "[1, 0, 2.5]" */
  int n_items;
  gen_pos pos;
} gen_value;

typedef struct gen_input {
  char *name;
  char *doc;
  unsigned dtypes;   /* mask of accepted dtypes */
  char *dtypes_text; /* as written: "any", "integer", "float" or "uint8, uint16" */
  bool written;      /* written: true -- the op writes into this image too (a flag): required, never copied */
  bool optional;     /* optional: true -- NULL (Python's None) is a value the impl c gives a meaning */
  gen_pos pos, doc_pos, written_pos, optional_pos;
} gen_input;

typedef enum gen_creator {
  GEN_C_LIKE,
  GEN_C_BINARY,
  GEN_C_LABELS,
  GEN_C_XY,
  GEN_C_XZ,
  GEN_C_YZ,
  GEN_C_VECTOR,
  GEN_C_SCALAR,
  GEN_C_INPLACE,
  GEN_C_SIZE,
  GEN_C_MATRIX,
  GEN_C_IMPL,  /* impl: the impl c creates the output (sizes that depend on the pixels) */
  GEN_C_TABLE, /* table: a cle_statistics table of named double columns (impl c only) */
  GEN_C_SHAPE  /* shape(X, Y, Z, DTYPE): sized by the params alone, for an op without inputs */
} gen_creator;

/* GEN_OUT_MULTI: the op has several image outputs (outputs: in the spec, gen_op.outputs); op->output
 * then only carries that kind. */
typedef enum gen_output_kind {
  GEN_OUT_ARRAY,
  GEN_OUT_SCALAR,
  GEN_OUT_INPLACE,
  GEN_OUT_TABLE,
  GEN_OUT_MULTI
} gen_output_kind;

/* What the language facades give back where pyclesperanto gives a Python
 * list or bool: C keeps the vector array or the double. */
typedef enum gen_returns { GEN_RETURNS_DEFAULT, GEN_RETURNS_LIST, GEN_RETURNS_BOOL } gen_returns;

typedef struct gen_output {
  char *name;         /* "dst" unless the spec says otherwise ("result" for scalars) */
  char *creator_text; /* as written, e.g. "like(src, float32)" */
  gen_creator creator;
  gen_output_kind kind;
  char *of;           /* the input the rule refers to (like/binary/labels/xy/xz/yz/inplace) */
  int of_index;       /* index of that input, -1 until validated */
  int dtype;          /* explicit dtype of the result, -1 = same as the input, GEN_DTYPE_WIDENED */
  long length;        /* vector(N): literal N, or -1 when N is a param */
  char *length_param; /* vector(N): the int param giving N */
  int length_index;   /* index of that param, -1 until validated */
  unsigned dtypes;    /* what a given dst may be */
  char *keep_dims;    /* xy/xz/yz: the bool param that keeps a 3D result 3D (depth 1), or NULL */
  char *size[3];      /* size(IN, X, Y, Z) and shape(X, Y, Z, DTYPE): the width, height and depth expressions;
                         matrix(W, H): W and H;
                         vector(N) with N an expression: N (else NULL) */
  gen_pos size_pos[3];
  int keep_dims_index; /* index of that param, -1 until validated */
  char *dtype_if;      /* "DTYPE if PARAM": the bool param that selects dtype (else the input's), or NULL */
  int dtype_if_index;  /* index of that param, -1 until validated */
  gen_pos dtype_if_pos;
  gen_returns returns; /* list: a vector(N) float32 as a list; bool: a scalar as a bool */
  bool shape_by_impl;  /* shape_check: impl -- a given output's shape is the impl c's to check, not the rule's */
  bool init_zeros;     /* init: zeros -- a created output is zeroed before the work (which writes part of it) */
  gen_pos init_pos;
  bool parsed;  /* creator_text was understood */
  char *doc;    /* outputs: (several outputs) only: what this output holds */
  bool only_3d; /* outputs: only, when: 3d -- made only for a 3D input (its creator's; depth > 1), else absent */
  gen_pos doc_pos, when_pos;
  gen_pos pos, creator_pos, of_pos, length_pos, dtypes_pos, keep_dims_pos, returns_pos, shape_check_pos;
} gen_output;

/* Another spelling a string param accepts for one of its choices
 * (pyclesperanto's connectivity "diamond" for "sphere"). */
typedef struct gen_choice_alias {
  char *alias, *target;
  int target_index; /* in choices, -1 until validated */
  gen_pos pos;
} gen_choice_alias;

typedef struct gen_param {
  char *name;
  gen_type type;
  bool type_ok;
  char *doc;
  gen_value def, min, max;
  char **choices;
  int n_choices;
  gen_choice_alias *choice_aliases;
  int n_choice_aliases;
  /* optional: true (int params only) -- Python's None is a value: the default, text "None";
     it reaches C as CLE_NONE (INT_MIN), number GEN_NONE below. */
  bool optional;
  /* lengths: [9, 12, 16] (float_list params only) -- the numbers of items a value may have */
  int *lengths;
  int n_lengths;
  /* aliases: [OLD, ...] -- deprecated keyword names of the param (Python warns and takes the value) */
  char **aliases;
  int n_aliases;
  gen_pos pos, type_pos, doc_pos, choices_pos, optional_pos, lengths_pos, aliases_pos;
} gen_param;
/* What an optional int param's None is in C (CLE_NONE, cle.h). */
#define GEN_NONE (-2147483648.0)
/* The most outputs an op may have (outputs:). */
#define GEN_MAX_OUTPUTS 4

/* Another name of the op in every language (upstream's deprecated names). */
typedef struct gen_op_alias {
  char *name;
  bool deprecated;
  gen_pos pos;
} gen_op_alias;

/* operator: how numpy writes what the op computes ("input_image0 + input_image1",
 * "scalar - input_image", "sqrt(input_image)"); checked by operator.c, read by
 * the Python Array's operators and ufuncs through _ops.py's table. */
typedef struct gen_operator {
  char *text;        /* as written */
  const char *ufunc; /* numpy's ufunc name ("add", "absolute", ...), NULL until validated */
  char *args[2];     /* the op's inputs and number param it names, in numpy's argument order */
  bool is_param[2];  /* args[i] is a param (a scalar operand), else an input (an array operand) */
  int n_args;
  gen_pos pos;
} gen_operator;

/* A param whose Python signature deliberately differs from pyclesperanto's. */
typedef struct gen_signature_difference {
  char *param, *why;
  gen_pos pos;
} gen_signature_difference;

typedef enum gen_impl_kind {
  GEN_IMPL_NONE,
  GEN_IMPL_KERNEL,
  GEN_IMPL_C,
  GEN_IMPL_COMPOSITE,
  GEN_IMPL_FAMILY
} gen_impl_kind;

/* A key of a family impl ({family: pixelwise, rule: ...}) as written. */
typedef struct gen_family_field {
  char *key, *text;
  gen_pos pos;
} gen_family_field;

/* One argument of a composite step. */
typedef enum gen_arg_kind {
  GEN_ARG_UNRESOLVED, /* not (yet) understood; a problem was reported */
  GEN_ARG_INPUT,      /* one of the op's inputs (index) */
  GEN_ARG_PARAM,      /* one of the op's params (index) */
  GEN_ARG_TEMP,       /* an earlier step's result (index of that step) */
  GEN_ARG_DST,        /* the op's output */
  GEN_ARG_LITERAL     /* a typed value */
} gen_arg_kind;

typedef struct gen_arg {
  char *name;      /* the callee's input, output or param name */
  gen_value value; /* as written (type from YAML) */
  gen_arg_kind kind;
  int index;
  gen_pos pos; /* of the key */
} gen_arg;

typedef struct gen_step {
  char *op;
  struct gen_op *callee; /* resolved by validate.c */
  gen_arg *args;
  int n_args;
  char *as;
  int last_use; /* index of the last step that reads this step's result */
  gen_pos pos, op_pos, as_pos;
} gen_step;

typedef struct gen_impl {
  gen_impl_kind kind;
  char *kernel_file; /* kernel: kernels/FILE.cl */
  char *kernel_name; /* kernel: __kernel function (default FILE) */
  char *c_name;      /* c: cle_impl_NAME */
  char **kernels;    /* c: the kernel files (kernels/NAME.cl) the implementation runs */
  gen_pos *kernel_pos;
  int n_kernels;
  gen_step *steps; /* composite */
  int n_steps;
  char *family_name;        /* family: as written */
  int family;               /* family: a gen_family_id (family.h), -1 if unknown */
  gen_family_field *fields; /* family: its keys besides 'family' */
  int n_fields;
  /* family: what validation derived from the fields (family.c) */
  char *rule;   /* the rule translated to OpenCL C / C (pixelwise, projection combine) */
  char *finish; /* projection: the finishing expression, translated */
  char *where;  /* pixelwise: where the rule applies (elsewhere the first input is copied), translated */
  int variant; /* reduce_all: 0 minimum, 1 maximum, 2 sum, 3 mean, 4 standard_deviation, 5 variance, 6 product; pixelwise: 1 native compute; projection: 0/1 pixel/float
                  accumulator, 2 maximum_position, 3 minimum_position, 4 standard_deviation, 5 variance */
  int axis;    /* projection: 0 x, 1 y, 2 z */
  bool uses_coords; /* pixelwise: the rule reads x, y or z */
  gen_pos pos, value_pos, kernel_name_pos, kernels_pos;
} gen_impl;

typedef struct gen_test_input {
  char *name;
  int ndim;      /* 0 when the fill gives the shape (blobs) */
  long shape[3]; /* numpy order */
  int dtype;
  char *fill;
  gen_pos pos, shape_pos, dtype_pos, fill_pos;
} gen_test_input;

typedef struct gen_test_param {
  char *name;
  gen_value value;
  gen_pos pos;
} gen_test_param;

typedef struct gen_test {
  char *tag;
  gen_test_input *inputs;
  int n_inputs;
  gen_test_param *params;
  int n_params;
  bool exact;
  double tolerance;
  char *upstream_differs; /* why pyclesperanto's result deliberately differs (asserted to differ), or NULL */
  bool has_upstream_tolerance;
  double upstream_tolerance; /* tolerance against pyclesperanto, when not the reference's */
  char *upstream_why;        /* why that tolerance (required with it) */
  gen_pos pos, tag_pos, inputs_pos, expect_pos, upstream_pos;
} gen_test;

typedef struct gen_op {
  char *file;      /* display path, "spec/ops/NAME.yaml" */
  char *file_stem; /* NAME part of the file name */
  char *name;
  int tier;
  bool has_tier;
  char **categories;
  gen_pos *category_pos;
  int n_categories;
  char *brief;
  char *description;
  gen_input *inputs;
  int n_inputs;
  bool inputs_listed; /* inputs: was a list (maybe []): n_inputs == 0 then means an op without inputs */
  gen_output output;
  /* outputs: several image outputs (2..GEN_MAX_OUTPUTS), in C/signature order; output.kind is then GEN_OUT_MULTI */
  gen_output *outputs;
  int n_outputs;
  /* output_order: the order the bindings return them in (pyclesperanto's list), as indices into outputs;
     the outputs' order when the spec leaves it out */
  int *output_order;
  char **output_order_names;
  int n_output_order;
  gen_pos outputs_pos, output_order_pos;
  gen_param *params;
  int n_params;
  bool footprint_global;
  char *footprint[3];
  gen_pos footprint_pos[3];
  bool has_footprint;
  gen_impl impl;
  gen_op_alias *aliases;
  int n_aliases;
  gen_operator *operators; /* operator: (none when absent) */
  int n_operators;
  /* How the op relates to pyclesperanto 0.25.1 (upstream:). */
  bool upstream_absent; /* upstream: none -- pyclesperanto has no such op */
  char *upstream_name;  /* its name there (default: the op's) */
  gen_signature_difference *signature_differences;
  int n_signature_differences;
  gen_test *tests;
  int n_tests;
  bool parsed; /* the file was read as a mapping (possibly with problems) */
  gen_pos pos, name_pos, tier_pos, brief_pos, categories_pos, inputs_pos, params_pos, footprint_at, tests_pos,
      aliases_pos, upstream_pos;
} gen_op;

typedef struct gen_model {
  gen_op *ops; /* sorted by name once validated */
  int n_ops;
  char *spec_display;    /* "spec" — how the spec dir is named in messages */
  char *kernels_dir;     /* path to read kernel files from */
  char *kernels_display; /* "kernels" */
} gen_model;

/* Parse every spec/ops/NAME.yaml under spec_dir into the model; problems go to diag. */
void gen_parse_dir(gen_model *model, const char *spec_dir);
/* Check the model as a whole; problems go to diag. Sorts ops by name. */
void gen_validate(gen_model *model);
void gen_model_free(gen_model *model);

/* Display name of a directory in messages: its last path component ("spec", "kernels"). */
char *gen_dir_display(const char *dir);

/* Lookups (NULL / -1 if absent). */
gen_op *gen_find_op(const gen_model *model, const char *name);
int gen_find_input(const gen_op *op, const char *name);
int gen_find_param(const gen_op *op, const char *name);

#endif
