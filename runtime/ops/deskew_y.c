/* deskew_y: an oblique-plane light-sheet stack skewed along y made
 * orthogonal (affine.c, kernels/deskew.cl). */
#include "affine.h"
#include "cle_ops_impl.h"

int cle_impl_deskew_y(cle_array *input_image, cle_array *output_image, float angle, float voxel_size_x,
                      float voxel_size_y, float voxel_size_z, float scale_factor)
{
  return cle_affine_deskew(input_image, output_image, 1, angle, voxel_size_x, voxel_size_y, voxel_size_z, scale_factor);
}
