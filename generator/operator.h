/* cle-gen — the spec's `operator:` field: how numpy writes what an op
 * computes, so the Python Array can map its operators and numpy's ufuncs to
 * ops from a generated table (spec/README.md, "operator"). */
#ifndef CLE_GEN_OPERATOR_H
#define CLE_GEN_OPERATOR_H

#include "model.h"

/* Check every op's operator: entries (syntax, names, the op's shape) and that
 * no two ops claim the same ufunc for the same operand kinds. Call once the
 * ops are sorted; problems go to diag. */
void gen_check_operators(gen_model *m);

/* "AA", "AS", "SA" or "A": the operand kinds of o (A an array input, S a scalar param). */
void gen_operator_kinds(const gen_operator *o, char out[3]);

#endif
