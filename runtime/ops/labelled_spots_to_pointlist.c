/* labelled_spots_to_pointlist: column l - 1 = the coordinates (x, y, z rows)
 * of label l's last pixel in raster order. The last raster index of every
 * label (kernels/label_measurements.cl: map_last_index), then one work-item
 * per column decodes it (kernels/point_lists.cl: pointlist_gather). */
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "label_statistics.h"

int cle_impl_labelled_spots_to_pointlist(cle_array *label, cle_array *dspointlistt)
{
  const size_t columns = cle_array_width(dspointlistt); /* max(largest label, 1), by the creator */
  cle_array *last = cle_label_last_index(label, columns + 1);
  int rc = last ? 0 : -1;
  if (rc == 0) {
    const cle_param params[] = {cle_param_array("last", last), cle_param_array("points", dspointlistt),
                                cle_param_int("width", (int)cle_array_width(label)),
                                cle_param_int("height", (int)cle_array_height(label))};
    const size_t range[3] = {columns, 1, 1};
    rc = cle_run_kernel(cle_array_device(label), "point_lists", "pointlist_gather", params, 4, range, NULL, NULL);
  }
  cle_release(last);
  return rc;
}
