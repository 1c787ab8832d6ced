/* scatter: numpy's output_image[slices] = input_image, in place. The slices
 * are Python's over output_image's size (cle_slice_length here, the first
 * index kernels/range.cl's cle_slice_first); input_image must have the
 * slice's size along each axis, or 1 (broadcast); where it is output_image
 * itself, a copy of it is read (numpy's overlap rule). kernels/range.cl,
 * scatter: one work-item per pixel of the region. */
#include <limits.h>
#include <stdio.h>

#include "cesperanto/cle_ops.h"
#include "cle_ops_impl.h"
#include "cle_private.h"

int cle_impl_scatter(cle_array *input_image, cle_array *output_image, int start_x, int stop_x, int step_x, int start_y,
                     int stop_y, int step_y, int start_z, int stop_z, int step_z)
{
  static const char *const axis[3] = {"x", "y", "z"}, *const extent[3] = {"width", "height", "depth"};
  const int start[3] = {start_x, start_y, start_z}, stop[3] = {stop_x, stop_y, stop_z};
  const int step_in[3] = {step_x, step_y, step_z};
  const size_t n[3] = {cle_array_width(output_image), cle_array_height(output_image), cle_array_depth(output_image)};
  const size_t in[3] = {cle_array_width(input_image), cle_array_height(input_image), cle_array_depth(input_image)};
  size_t count[3];
  int step[3];
  for (int a = 0; a < 3; a++) {
    char text[3][16];
    const int *const bound[3] = {&start[a], &stop[a], &step_in[a]};
    for (int k = 0; k < 3; k++)
      if (*bound[k] == CLE_NONE)
        snprintf(text[k], sizeof text[k], "None");
      else
        snprintf(text[k], sizeof text[k], "%d", *bound[k]);
    if (step_in[a] == 0)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "step_%s must not be 0, got 0", axis[a]);
    step[a] = step_in[a] == CLE_NONE ? 1 : step_in[a];
    const double len = cle_slice_length((double)n[a], start[a], stop[a], step_in[a]);
    if (len < 1)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                           "the slice start_%s:stop_%s:step_%s = %s:%s:%s selects no pixel of output_image's %s (%zu)",
                           axis[a], axis[a], axis[a], text[0], text[1], text[2], extent[a], n[a]);
    count[a] = (size_t)len;
    if (in[a] != count[a] && in[a] != 1)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                           "input_image's %s is %zu, but the slice start_%s:stop_%s:step_%s = %s:%s:%s selects %zu "
                           "pixels of output_image's %s (%zu); it must be that or 1",
                           extent[a], in[a], axis[a], axis[a], axis[a], text[0], text[1], text[2], count[a], extent[a],
                           n[a]);
  }
  /* the same image on both sides (a[::-1] = a): numpy reads a copy; so does this */
  cle_array *source = input_image == output_image ? cle_copy(input_image, NULL) : cle_retain(input_image);
  if (!source)
    return -1;
  const cle_param params[] = {cle_param_array("input_image", source), cle_param_array("output_image", output_image),
                              cle_param_int("start_x", start[0]),     cle_param_int("step_x", step[0]),
                              cle_param_int("start_y", start[1]),     cle_param_int("step_y", step[1]),
                              cle_param_int("start_z", start[2]),     cle_param_int("step_z", step[2])};
  const int rc = cle_run_kernel(cle_array_device(output_image), "range", "scatter", params, 8, count, NULL, NULL);
  cle_release(source);
  return rc;
}
