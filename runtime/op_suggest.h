/* "Did you mean" for op names: the edit distance behind cle_closest_op_name
 * (public, cle_registry.h), which the pipeline parser and the `cle` command use. */
#ifndef CLE_OP_SUGGEST_H
#define CLE_OP_SUGGEST_H

/* Levenshtein distance between a and b; 99 when either is over 64 chars. */
int cle_edit_distance(const char *a, const char *b);

#endif
