/* cesperanto — umbrella header: the runtime, the registry, every operation,
 * image files, pipelines and per-label statistics tables. */
#ifndef CESPERANTO_H
#define CESPERANTO_H
#include "cle.h"
#include "cle_registry.h"
#include "cesperanto/cle_ops.h" /* generated from spec/ops by cle-gen (in the build tree) */
#include "cle_io.h"
#include "cle_pipeline.h"
#include "cle_statistics.h"
#include "cle_tiled.h"
#endif
