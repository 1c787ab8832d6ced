/* "Did you mean" for op names, shared by the pipeline parser and the `cle`
 * command (internal: the CLI links libcesperanto and sees runtime/). */
#ifndef CLE_OP_SUGGEST_H
#define CLE_OP_SUGGEST_H

/* Levenshtein distance between a and b; 99 when either is over 64 chars. */
int cle_edit_distance(const char *a, const char *b);
/* The registered op closest to name, if within 3 edits (a typo); NULL otherwise. */
const char *cle_closest_op_name(const char *name);

#endif
