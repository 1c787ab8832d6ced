/* cle-gen — footprint expressions: "0", "radius_x", "ceil(4*sigma_x)". */
#ifndef CLE_GEN_FOOTPRINT_H
#define CLE_GEN_FOOTPRINT_H

#include "model.h"

/* Check that expr is arithmetic (numbers, + - * /, parentheses, ceil floor
 * round abs min max sqrt sind cosd) over the op's int, float and bool params. Problems
 * are reported at pos + offset. Returns true if it is well formed. */
bool gen_check_footprint(const gen_op *op, const char *expr, gen_pos pos);

/* The same language for the creators size(IN, X, Y, Z), vector(N) and
 * matrix(W, H): besides params, IN.width, IN.height and IN.depth of any
 * input, and IN.max_label, the largest label of an input that holds labels
 * (non-negative whole numbers; computed on the device before the output is
 * created). */
bool gen_check_size_expression(const gen_op *op, const char *expr, gen_pos pos);
/* A checked size expression as C over doubles (numbers and names cast to
 * double; abs/min/max as fabs/fmin/fmax): input sizes read with the runtime's
 * cle_array_width(IN) ... or, for the CPU references, IN->width. */
char *gen_size_expression_c(const gen_op *op, const char *expr, bool reference);
/* used[i] = true for each input i (of op->n_inputs) whose IN.max_label a
 * checked size expression reads; in C it is cle_max_label_IN (the runtime)
 * or ref_max_label(IN) (the references). */
void gen_size_expression_max_labels(const gen_op *op, const char *expr, bool *used);

#endif
