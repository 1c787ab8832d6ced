/* cesperanto — umbrella header: the runtime, the registry and every operation. */
#ifndef CESPERANTO_H
#define CESPERANTO_H
#include "cle.h"
#include "cle_registry.h"
#include "cle_ops.h" /* generated from spec/ops/*.yaml */
#endif
