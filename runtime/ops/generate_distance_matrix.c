/* generate_distance_matrix: distances between two point lists
 * (kernels/generate_distance_matrix.cl). */
#include "cle_ops_impl.h"
#include "cle_private.h"

int cle_impl_generate_distance_matrix(cle_array *coordinate_list1, cle_array *coordinate_list2,
                                      cle_array *distance_matrix_destination)
{
  if (cle_array_depth(coordinate_list1) != 1 || cle_array_depth(coordinate_list2) != 1)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "coordinate_list1 and coordinate_list2 must be 2D point lists (a row per coordinate, a "
                         "column per point), got depths %zu and %zu",
                         cle_array_depth(coordinate_list1), cle_array_depth(coordinate_list2));
  if (cle_array_height(coordinate_list1) != cle_array_height(coordinate_list2))
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "coordinate_list1 and coordinate_list2 must have as many rows (dimensions), got %zu and %zu",
                         cle_array_height(coordinate_list1), cle_array_height(coordinate_list2));
  if (distance_matrix_destination == coordinate_list1 || distance_matrix_destination == coordinate_list2)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "distance_matrix_destination must be another image than the point lists");
  const cle_param params[] = {cle_param_array("coordinate_list1", coordinate_list1),
                              cle_param_array("coordinate_list2", coordinate_list2),
                              cle_param_array("distance_matrix_destination", distance_matrix_destination)};
  const size_t range[3] = {cle_array_width(distance_matrix_destination), cle_array_height(distance_matrix_destination),
                           1};
  return cle_run_kernel(cle_array_device(distance_matrix_destination), "generate_distance_matrix",
                        "generate_distance_matrix", params, 3, range, NULL, NULL);
}
