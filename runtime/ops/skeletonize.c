/* skeletonize: pyclesperanto 0.25.1's thinning (spec/ops/skeletonize.yaml).
 * A uint8 state (the output itself when it is uint8) gets input != 0, then
 * iterations of passes: per direction (-x, +x, -y, +y, and -z, +z when the
 * depth exceeds 1) the state is copied into start, then the 8 subfields run
 * one launch each (kernels/skeletonize.cl), x offset fastest. Iterations run
 * in batches of 1, 1, 2, 4, ... up to 16, each setting its own flag on a
 * deletion; the loop ends after the batch holding an iteration that deleted
 * nothing (the iterations after it change nothing either). */
#include <stdint.h>

#include "cle_ops_impl.h"
#include "cesperanto/cle_ops.h"
#include "cle_private.h"

enum { SKELETON_BATCH_MAX = 16 };

static int one_iteration(cle_array *state, cle_array *start, cle_array *flags, int slot)
{
  cle_device *dev = cle_array_device(state);
  const size_t size[3] = {cle_array_width(state), cle_array_height(state), cle_array_depth(state)};
  const int directions = size[2] > 1 ? 6 : 4;
  for (int direction = 0; direction < directions; direction++) {
    cle_array *copied = cle_copy(state, start);
    if (!copied)
      return -1;
    cle_release(copied);
    for (int sub = 0; sub < 8; sub++) {
      const int offset[3] = {sub & 1, sub >> 1 & 1, sub >> 2 & 1};
      size_t range[3];
      for (int a = 0; a < 3; a++)
        range[a] = size[a] > (size_t)offset[a] ? (size[a] - (size_t)offset[a] + 1) / 2 : 0;
      if (range[0] == 0 || range[1] == 0 || range[2] == 0)
        continue;
      const cle_param params[] = {cle_param_array("state", state),       cle_param_array("start", start),
                                  cle_param_array("flags", flags),       cle_param_int("ox", offset[0]),
                                  cle_param_int("oy", offset[1]),        cle_param_int("oz", offset[2]),
                                  cle_param_int("direction", direction), cle_param_int("slot", slot)};
      if (cle_run_kernel(dev, "skeletonize", "skeletonize_subfield", params, 8, range, NULL, NULL) != 0)
        return -1;
    }
  }
  return 0;
}

int cle_impl_skeletonize(cle_array *input_image, cle_array *output_image)
{
  cle_device *dev = cle_array_device(input_image);
  const int own_state = cle_array_dtype(output_image) != CLE_UINT8;
  cle_array *state = own_state ? cle_create_like_dtype(output_image, CLE_UINT8) : output_image;
  cle_array *start = state ? cle_create_like_dtype(output_image, CLE_UINT8) : NULL;
  cle_array *flags = start ? cle_create(dev, CLE_UINT32, SKELETON_BATCH_MAX, 1, 1) : NULL;
  int rc = flags ? 0 : -1;
  if (rc == 0) {
    const size_t range[3] = {cle_array_size(input_image), 1, 1};
    const cle_param params[] = {cle_param_array("input_image", input_image), cle_param_array("state", state)};
    rc = cle_run_kernel(dev, "skeletonize", "skeletonize_init", params, 2, range, NULL, NULL);
  }
  for (long done = 0; rc == 0;) {
    const long batch = done < 1 ? 1 : done < SKELETON_BATCH_MAX ? done : SKELETON_BATCH_MAX;
    rc = cle_array_fill(flags, 0);
    for (long s = 0; rc == 0 && s < batch; s++)
      rc = one_iteration(state, start, flags, (int)s);
    uint32_t deleted[SKELETON_BATCH_MAX];
    if (rc == 0)
      rc = cle_pull(flags, deleted, sizeof deleted);
    if (rc != 0)
      break;
    done += batch;
    int stopped = 0;
    for (long s = 0; s < batch; s++)
      stopped |= deleted[s] == 0;
    if (stopped)
      break;
  }
  if (rc == 0 && own_state) {
    cle_array *copied = cle_copy(state, output_image);
    rc = copied ? 0 : -1;
    cle_release(copied);
  }
  if (own_state)
    cle_release(state);
  cle_release(start);
  cle_release(flags);
  return rc;
}
