/* Lookup in the embedded kernel table (binary search: the table is sorted). */
#include <stdlib.h>
#include <string.h>

#include "cle_private.h"
#include "kernel_table.h"

static int compare_name(const void *key, const void *entry)
{
  return strcmp(key, ((const cle_embedded_kernel *)entry)->name);
}

const cle_embedded_kernel *cle_embedded_kernel_find(const char *name)
{
  if (!name || cle_embedded_kernel_count == 0)
    return NULL;
  return bsearch(name, cle_embedded_kernels, cle_embedded_kernel_count, sizeof cle_embedded_kernels[0], compare_name);
}

const char *cle_kernel_source(const char *file)
{
  const cle_embedded_kernel *k = cle_embedded_kernel_find(file);
  return k ? k->source : NULL;
}
