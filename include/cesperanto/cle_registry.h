/* cesperanto — the operation registry: every op of spec/ops as data.
 *
 * The table itself is generated from the spec (build/gen/cle_registry.c).
 * The CLI, the pipeline runner and the language bindings use it to list,
 * document, validate and call operations by name.
 */
#ifndef CESPERANTO_CLE_REGISTRY_H
#define CESPERANTO_CLE_REGISTRY_H

#include <stdbool.h>
#include "cle.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cle_value_type {
  CLE_TYPE_IMAGE = 0,
  CLE_TYPE_FLOAT = 1,
  CLE_TYPE_INT = 2,
  CLE_TYPE_BOOL = 3,
  CLE_TYPE_STRING = 4,    /* one of the parameter's choices */
  CLE_TYPE_FLOAT_LIST = 5 /* numbers (a flattened matrix); list NULL and count 0 for None */
} cle_value_type;

/* A typed value, for calling ops by name. */
typedef struct cle_value {
  cle_value_type type;
  cle_array *image;   /* CLE_TYPE_IMAGE (borrowed) */
  double number;      /* CLE_TYPE_FLOAT, CLE_TYPE_INT (integral), CLE_TYPE_BOOL (0/1) */
  const char *string; /* CLE_TYPE_STRING (borrowed) */
  const float *list;  /* CLE_TYPE_FLOAT_LIST (borrowed): count numbers, or NULL for None */
  size_t count;
} cle_value;

typedef struct cle_input_desc {
  const char *name; /* e.g. "src" */
  const char *doc;
  unsigned dtype_mask; /* bit (1u << cle_dtype) set for each accepted dtype */
  bool written;        /* the op writes into it too (a flag): callers keep it, never a copy */
  bool optional;       /* NULL is allowed (pyclesperanto's None): the op gives it a meaning */
} cle_input_desc;

typedef struct cle_param_desc {
  const char *name;
  cle_value_type type; /* never CLE_TYPE_IMAGE */
  const char *doc;
  bool has_default;
  cle_value default_value;  /* valid when has_default */
  const char *default_text; /* the default as written in the spec, e.g. "0", "box", "nan" */
  bool has_min, has_max;
  double min, max;            /* inclusive bounds, valid when has_min / has_max */
  const char *const *choices; /* CLE_TYPE_STRING: allowed values */
  int n_choices;
  /* CLE_TYPE_STRING: other spellings accepted, each standing for
   * choices[choice_alias_targets[i]] (pyclesperanto's "diamond" for "sphere") */
  const char *const *choice_aliases;
  const int *choice_alias_targets;
  int n_choice_aliases;
  bool optional; /* None is a value (the default): CLE_NONE for an int, a NULL list for a float list */
  /* CLE_TYPE_FLOAT_LIST: the numbers of items a value may have (9, 12 or 16: a 3x3, 3x4 or 4x4 matrix) */
  const int *lengths;
  int n_lengths;
} cle_param_desc;

/* Another name of an op (upstream's old names): every language exposes it,
 * marked deprecated where it is. */
typedef struct cle_alias_desc {
  const char *name;
  const char *op; /* the op it stands for */
  bool deprecated;
} cle_alias_desc;

typedef enum cle_output_kind {
  CLE_OUTPUT_ARRAY = 0,   /* a new or given dst array */
  CLE_OUTPUT_SCALAR = 1,  /* a double returned to the caller (e.g. sum_of_all_pixels) */
  CLE_OUTPUT_INPLACE = 2, /* the first input, modified (e.g. set) */
  CLE_OUTPUT_TABLE = 3,   /* a cle_statistics table (statistics_of_labelled_pixels) */
  CLE_OUTPUT_ARRAYS = 4   /* several new arrays (hessian_eigenvalues): the op's outputs[] */
} cle_output_kind;

/* The most outputs an op has (CLE_OUTPUT_ARRAYS). */
#define CLE_MAX_OUTPUTS 4

/* One of the outputs of a CLE_OUTPUT_ARRAYS op. */
typedef struct cle_output_desc {
  const char *name;    /* e.g. "small_eigenvalue" */
  const char *creator; /* the rule as written in the spec, e.g. "like(input_image, float32)" */
  const char *doc;
  bool only_3d; /* made only for a 3D input (spec: when: 3d); NULL in the result otherwise */
} cle_output_desc;

/* What an op gave back when called through the registry. */
typedef struct cle_op_result {
  cle_array *array;             /* CLE_OUTPUT_ARRAY / CLE_OUTPUT_INPLACE: a new reference */
  double scalar;                /* CLE_OUTPUT_SCALAR */
  struct cle_statistics *table; /* CLE_OUTPUT_TABLE: owned by the caller (cle_statistics_free) */
  /* CLE_OUTPUT_ARRAYS: arrays[k] is output k (the op's outputs[k], new references; NULL where the
     input does not make it), n_arrays = the op's n_outputs; the caller releases each */
  cle_array *arrays[CLE_MAX_OUTPUTS];
  int n_arrays;
} cle_op_result;

typedef struct cle_op_desc {
  const char *name;
  int tier;
  const char *brief;
  const char *description;
  const char *const *categories;
  int n_categories;
  const cle_input_desc *inputs;
  int n_inputs;
  cle_output_kind output_kind;
  const char *output_name;    /* "dst" for arrays */
  const char *output_creator; /* the rule as written in the spec, e.g. "like(src, float32)" */
  const cle_param_desc *params;
  int n_params;
  bool footprint_global;    /* needs the whole image (Otsu, labeling, reductions) */
  const char *footprint[3]; /* halo per axis x, y, z as expressions of the params, e.g. "ceil(4*sigma_x)" */
  /* The footprint evaluated at params (n_params values in spec order; the numeric ones are read) into
   * halo[3] (x, y, z; not checked: NaN, negative or huge where the params make it so); NULL for a global
   * footprint. cle_op_halo (cle_tiled.h) checks the params' types and the result. */
  void (*halo)(const cle_value *params, double halo[3]);
  /* The result depends on the pixel's position (a rule of x, y, z, width, ...), not only on what the
   * footprint reads: a tile of it would need its origin, so tiling refuses it. */
  bool uses_position;
  const cle_alias_desc *aliases; /* its other names */
  int n_aliases;
  const char *const *kernels; /* the kernel files it runs, "kernels/NAME.cl" */
  int n_kernels;
  /* CLE_OUTPUT_ARRAYS only (else NULL and 0): its outputs, in C argument order (output_name is then NULL),
   * and output_order[i] the index of the output the bindings return i-th (pyclesperanto's list order) */
  const cle_output_desc *outputs;
  int n_outputs;
  const int *output_order;
  /* Call the op: inputs[n_inputs] (borrowed), dst may be NULL (must be for CLE_OUTPUT_ARRAYS: the
   * outputs are created), params[n_params] in spec order with types as in params[i].type. Returns 0
   * and fills *out, or -1 with the error set. */
  int (*invoke)(cle_array *const *inputs, cle_array *dst, const cle_value *params, cle_op_result *out);
} cle_op_desc;

/* Number of operations. */
CLE_API int cle_op_count(void);
/* Operation by index in [0, cle_op_count()), in name order; NULL (error set) otherwise. */
CLE_API const cle_op_desc *cle_op_info(int index);
/* Operation by exact name, or by one of its aliases; NULL with
 * CLE_ERROR_INVALID_ARGUMENT if there is none. */
CLE_API const cle_op_desc *cle_op_find(const char *name);
/* The alias of that name (NULL, error untouched, if name is not an alias):
 * for callers that warn about deprecated names. */
CLE_API const cle_alias_desc *cle_alias_find(const char *name);
/* Every alias, sorted by name: index in [0, cle_alias_count()). */
CLE_API int cle_alias_count(void);
CLE_API const cle_alias_desc *cle_alias_info(int index);
/* The registered op name closest to name, if within 3 edits (a typo), for
 * "did you mean" messages; NULL otherwise. */
CLE_API const char *cle_closest_op_name(const char *name);

/* Fill the program caches (in memory and on disk) of dev (NULL: the default
 * device) ahead of time: each op of ops (comma-separated names or aliases;
 * NULL or "": every op with inputs) runs once on small zero images of each
 * dtype of dtypes (comma-separated; NULL or "": float32), in 2D and in 3D,
 * with its params' defaults, and again with the float params that default to
 * 0 set to 1 (a sigma of 0 builds nothing); calls an op refuses are skipped (best effort:
 * other params may still build programs of their own). Returns the number of
 * calls that ran, or -1 with the error set for an unknown op or dtype. */
CLE_API long cle_warmup(cle_device *dev, const char *ops, const char *dtypes);

#ifdef __cplusplus
}
#endif
#endif /* CESPERANTO_CLE_REGISTRY_H */
