/* cle-gen — the output creator rule ("like(src, float32)", "vector(num_bins, uint32)", ...). */
#ifndef CLE_GEN_CREATOR_H
#define CLE_GEN_CREATOR_H

#include "model.h"
#include "yaml_node.h"

/* Parse the rule's syntax into out (names are resolved by validate.c). */
void gen_parse_creator(gen_yaml *y, yaml_node_t *node, gen_output *out);
/* Name of the rule's function ("like", "xy", "scalar", ...). */
const char *gen_creator_name(gen_creator c);

#endif
