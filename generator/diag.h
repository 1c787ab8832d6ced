/* cle-gen — problems found in the spec, collected so that one run reports
 * all of them, sorted by file and position: "FILE:LINE:COL: what is wrong". */
#ifndef CLE_GEN_DIAG_H
#define CLE_GEN_DIAG_H

#include "model.h"

/* Record a problem at pos in file (display path). pos.line 0 prints "FILE: msg". */
void gen_diag(const char *file, gen_pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int gen_diag_count(void);
/* Forget every problem without printing (a fuzz target reuses the process). */
void gen_diag_discard(void);
/* Print every problem to stderr in order (file, line, column, then as found) and forget them. */
void gen_diag_flush(void);

#endif
