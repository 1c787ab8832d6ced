/* libFuzzer target: the pipeline parser (cle_pipeline_parse) on arbitrary
 * text. Every input is either a pipeline or an error at FILE:LINE:COL; none
 * may crash, leak or read out of bounds. Nothing is run. */
#include <stdint.h>
#include <stdlib.h>

#include "cesperanto/cle.h"
#include "cesperanto/cle_pipeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  cle_pipeline *p = cle_pipeline_parse((const char *)data, size, "fuzz.yaml", "/nonexistent", NULL);
  cle_pipeline_free(p);
  cle_clear_error();
  return 0;
}
