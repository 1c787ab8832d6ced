/* extended_depth_of_focus_sobel_projection: clEsperanto's composition with
 * its loop over the planes. Each plane z of the input gets a 2D Sobel
 * (copy_slice, sobel) and a 2D Gaussian blur (sigma along x and y), stored
 * into plane z of a float32 stack; the stack's first z of the maximum per
 * (x, y) (z_position_of_maximum_z_projection) picks the input's pixel
 * (z_position_projection). No kernel of its own: the planes are placed by
 * buffer copies. */
#include "cesperanto/cle_ops.h"
#include "cle_internal.h"
#include "cle_ops_impl.h"
#include "cle_private.h"

int cle_impl_extended_depth_of_focus_sobel_projection(cle_array *input_image, cle_array *output_image, float sigma)
{
  cle_device *dev = cle_array_device(input_image);
  const size_t width = cle_array_width(input_image), height = cle_array_height(input_image),
               depth = cle_array_depth(input_image);
  const int ndim = cle_array_ndim(input_image);
  const size_t shape[3] = {depth, height, width};
  cle_array *stack = cle_create_nd(dev, CLE_FLOAT32, ndim, shape + (3 - ndim));
  if (!stack)
    return -1;
  const size_t plane_bytes = width * height * sizeof(float);
  int rc = 0;
  for (size_t z = 0; z < depth && rc == 0; z++) {
    cle_array *plane = cle_copy_slice(input_image, NULL, (int)z);
    cle_array *edges = plane ? cle_sobel(plane, NULL) : NULL;
    cle_array *blurred = edges ? cle_gaussian_blur(edges, NULL, sigma, sigma, 0.0f) : NULL;
    if (!blurred) {
      rc = -1;
    } else {
      const cl_int err =
          clEnqueueCopyBuffer(dev->queue, blurred->mem, stack->mem, 0, z * plane_bytes, plane_bytes, 0, NULL, NULL);
      if (err != CL_SUCCESS)
        rc = cle_set_error(cle_cl_error_code(err), "copying plane %zu into the stack failed (%s)", z,
                           cle_cl_error_name(err));
    }
    cle_release(blurred);
    cle_release(edges);
    cle_release(plane);
  }
  cle_array *altitude = rc == 0 ? cle_z_position_of_maximum_z_projection(stack, NULL, false) : NULL;
  cle_release(stack);
  if (!altitude)
    return -1;
  cle_array *result = cle_z_position_projection(input_image, altitude, output_image);
  cle_release(altitude);
  if (!result)
    return -1;
  cle_release(result);
  return 0;
}
