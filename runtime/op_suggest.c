/* "Did you mean" for op names: the closest registered op by edit distance. */
#include <string.h>

#include "cesperanto/cle_registry.h"
#include "op_suggest.h"

int cle_edit_distance(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64)
    return 99;
  int row[65]; /* one row of the DP table is enough */
  for (size_t j = 0; j <= lb; j++)
    row[j] = (int)j;
  for (size_t i = 1; i <= la; i++) {
    int diag = row[0];
    row[0] = (int)i;
    for (size_t j = 1; j <= lb; j++) {
      int up = row[j], best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      diag = up;
      row[j] = best;
    }
  }
  return row[lb];
}

const char *cle_closest_op_name(const char *name)
{
  const char *best = NULL;
  int best_d = 4; /* more edits than this is not a typo */
  for (int i = 0; i < cle_op_count(); i++) {
    const cle_op_desc *op = cle_op_info(i);
    int d = op ? cle_edit_distance(name, op->name) : 99;
    if (d < best_d) {
      best_d = d;
      best = op->name;
    }
  }
  return best;
}
