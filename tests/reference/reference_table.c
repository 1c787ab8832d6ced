/* Op name -> reference function. */
#include <string.h>

#include "ref_common.h"

/* More ops, one `X(NAME) \` line each above the closing comment line
 * (the labeling ops: connected_components_labeling, relabel_sequential). */
#define REF_EXTRA_OPS(X) \
  X(connected_components_labeling) \
  X(relabel_sequential) \
  /* end of REF_EXTRA_OPS */
REF_EXTRA_OPS(REF_DECLARE)

typedef struct ref_entry {
  const char *name;
  ref_fn fn;
} ref_entry;

#define REF_ENTRY(NAME) {#NAME, ref_op_##NAME},
static const ref_entry ref_table[] = {REF_OPS(REF_ENTRY) REF_EXTRA_OPS(REF_ENTRY)};

ref_fn ref_lookup(const char *op)
{
  if (!op)
    return NULL;
  for (size_t i = 0; i < sizeof ref_table / sizeof ref_table[0]; i++)
    if (strcmp(ref_table[i].name, op) == 0)
      return ref_table[i].fn;
  return NULL;
}
