/* cle-gen — reading libyaml document nodes: positions, scalar typing by the
 * YAML 1.2 core schema, and mappings checked against a list of valid keys. */
#ifndef CLE_GEN_YAML_NODE_H
#define CLE_GEN_YAML_NODE_H

#include <yaml.h>
#include "model.h"

/* One file being read. */
typedef struct gen_yaml {
  yaml_document_t *doc;
  const char *file; /* display path for messages */
} gen_yaml;

gen_pos gen_node_pos(const yaml_node_t *node);
/* The scalar's text, or NULL (with a problem "WHAT must be a single value") when node is not a scalar. */
const char *gen_node_text(gen_yaml *y, yaml_node_t *node, const char *what);
/* The scalar as a typed value (int, float, bool, string; plain scalars are
 * typed by the YAML 1.2 core schema plus nan/inf/-inf; quoted ones are
 * strings). Null or a non-scalar gives a problem and present = false. */
gen_value gen_node_value(gen_yaml *y, yaml_node_t *node, const char *what);
/* An int scalar into *out; 0, or -1 after a problem "WHAT must be an integer, got X". */
int gen_node_int(gen_yaml *y, yaml_node_t *node, const char *what, long *out);
/* Items of a sequence (count in *n), or NULL with a problem "WHAT must be a list" if it is not one. */
yaml_node_item_t *gen_node_items(gen_yaml *y, yaml_node_t *node, const char *what, int *n);
yaml_node_t *gen_node_get(gen_yaml *y, yaml_node_item_t item);

/* A mapping read against its valid keys: values[i] is the node of valid[i]
 * (NULL if absent), key_pos[i] where its key stands. Unknown keys, repeated
 * keys and absent required keys are problems named after WHAT (e.g. "param
 * 'sigma_x'"). Returns -1 (after a problem) when node is not a mapping. */
int gen_node_fields(gen_yaml *y, yaml_node_t *node, const char *what, const char *const *valid,
                    const char *const *required, yaml_node_t **values, gen_pos *key_pos);

/* Human spelling of a value for messages: "'abc'", "1.5", "true". */
char *gen_value_repr(const gen_value *v);
void gen_value_free(gen_value *v);

#endif
