/* minimum_of_touching_neighbors_map: each label replaced by the minimum of the
 * map's values of its touching neighbours within radius (touching_neighbors_map.c). */
#include <cesperanto/cle_ops.h>

#include "cle_ops_impl.h"
#include "touching_neighbors_map.h"

int cle_impl_minimum_of_touching_neighbors_map(cle_array *map, cle_array *labels, cle_array *output_image, int radius,
                                               bool ignore_background)
{
  return cle_touching_neighbors_map(map, labels, output_image, radius, ignore_background,
                                    cle_minimum_of_touching_neighbors);
}
