/* cle-gen — footprint expressions: "0", "radius_x", "ceil(4*sigma_x)". */
#ifndef CLE_GEN_FOOTPRINT_H
#define CLE_GEN_FOOTPRINT_H

#include "model.h"

/* Check that expr is arithmetic (numbers, + - * /, parentheses, ceil floor
 * round abs min max sqrt) over the op's int, float and bool params. Problems
 * are reported at pos + offset. Returns true if it is well formed. */
bool gen_check_footprint(const gen_op *op, const char *expr, gen_pos pos);

#endif
