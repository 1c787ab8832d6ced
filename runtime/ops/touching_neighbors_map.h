/* The *_of_touching_neighbors_map ops' shared steps (touching_neighbors_map.c). */
#ifndef CESPERANTO_OPS_TOUCHING_NEIGHBORS_MAP_H
#define CESPERANTO_OPS_TOUCHING_NEIGHBORS_MAP_H

#include <stdbool.h>

#include "cesperanto/cle.h"

/* One of the *_of_touching_neighbors ops (vector, matrix, output). */
typedef cle_array *(*cle_touching_neighbors_op)(cle_array *vector, cle_array *matrix, cle_array *output_image);

/* output = each label of labels replaced by op over the map's values of the
 * labels within radius touches of it (the background left out of the graph
 * with ignore_background), the background 0; radius 0 copies map. 0 or -1
 * with the error set. */
int cle_touching_neighbors_map(cle_array *map, cle_array *labels, cle_array *output_image, int radius,
                               bool ignore_background, cle_touching_neighbors_op op);

#endif
