/* Helpers of the label-processing ops: see label_util.h. */
#include "label_util.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "cesperanto/cle_ops.h"
#include "ops_util.h"

/* Steps between two reads of the flags: 1, 1, 2, 4, ... (the steps done so
 * far), at most this many, so that at most as many steps as already ran
 * are spent copying after the growth stopped. */
enum { GROW_BATCH_MAX = 16 };

int label_grow(cle_array *a, cle_array *b, long max_steps, int alternate, cle_array **result)
{
  cle_device *dev = cle_array_device(a);
  *result = a;
  cle_array *flags = cle_create(dev, CLE_UINT32, GROW_BATCH_MAX, 1, 1);
  if (!flags)
    return -1;
  const size_t range[3] = {cle_array_width(a), cle_array_height(a), cle_array_depth(a)};
  long done = 0;
  int rc = 0;
  while (rc == 0 && (max_steps < 0 || done < max_steps)) {
    long batch = done < 1 ? 1 : (done < GROW_BATCH_MAX ? done : GROW_BATCH_MAX);
    if (max_steps >= 0 && batch > max_steps - done)
      batch = max_steps - done;
    rc = cle_array_fill(flags, 0);
    for (long s = 0; rc == 0 && s < batch; s++) {
      const long step = done + s;
      cle_array *src = step % 2 == 0 ? a : b, *dst = step % 2 == 0 ? b : a;
      const cle_param params[] = {cle_param_array("src", src), cle_param_array("dst", dst),
                                  cle_param_array("flags", flags), cle_param_int("step", (int)s),
                                  cle_param_int("box", alternate ? step % 2 == 0 : 1)};
      rc =
          cle_run_kernel(dev, "onlyzero_overwrite_maximum", "onlyzero_overwrite_maximum", params, 5, range, NULL, NULL);
    }
    uint32_t changed[GROW_BATCH_MAX];
    if (rc == 0)
      rc = cle_pull(flags, changed, sizeof changed);
    if (rc != 0)
      break;
    done += batch;
    *result = done % 2 == 0 ? a : b;
    int stopped = 0;
    for (long s = 0; s < batch; s++)
      stopped |= changed[s] == 0;
    if (stopped)
      break;
  }
  cle_release(flags);
  return rc;
}

cle_array *label_work_copy(cle_array *src, cle_dtype dtype)
{
  cle_array *work = cle_create_like_dtype(src, dtype);
  if (!work)
    return NULL;
  cle_array *copied = cle_copy(src, work);
  if (!copied) {
    cle_release(work);
    return NULL;
  }
  cle_release(copied);
  return work;
}

int label_largest(cle_array *src, uint32_t *largest)
{
  const double m = cle_maximum_of_all_pixels(src);
  if (isnan(m)) {
    /* an all-NaN image: no label; an error from the reduction: fail */
    if (cle_last_error() != CLE_OK)
      return -1;
    *largest = 0;
    return 0;
  }
  if (m >= (double)INT_MAX - 1)
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "input_image's largest label is %.0f; at most %d is supported", m,
                         INT_MAX - 2);
  *largest = m >= 1 ? (uint32_t)m : 0;
  return 0;
}

int label_apply_lookup(cle_array *src, cle_array *dst, const uint32_t *lookup, size_t n_lookup, uint32_t shift)
{
  cle_device *dev = cle_array_device(src);
  if (n_lookup > INT_MAX)
    return cle_set_error(CLE_ERROR_UNSUPPORTED, "a label table of %zu entries is too large", n_lookup);
  cle_array *table = cle_push(dev, lookup, CLE_UINT32, n_lookup, 1, 1);
  if (!table)
    return -1;
  const size_t range[3] = {cle_array_size(src), 1, 1};
  const cle_param params[] = {cle_param_array("src", src), cle_param_array("lookup", table),
                              cle_param_array("dst", dst), cle_param_int("n_lookup", (int)n_lookup),
                              cle_param_int("shift", (int)shift)};
  int rc = cle_run_kernel(dev, "remove_labels", "remove_labels_lookup", params, 5, range, NULL, NULL);
  cle_release(table);
  return rc;
}

void label_removal_table(const uint8_t *flags, size_t n, uint32_t *lookup, uint32_t *shift)
{
  uint32_t count = 0, removed = 0;
  for (size_t i = 0; i < n; i++) {
    if (i == 0) {
      lookup[i] = 0;
    } else if (flags[i]) {
      lookup[i] = 0;
      removed++;
    } else {
      lookup[i] = ++count;
    }
  }
  *shift = removed;
}

/* Minimum (or binary erosion, binary != 0) filters of radius 1, sphere and
 * box alternating, sphere first, `steps` times, from *img, which is
 * replaced by the result (the old one released). After (w - 1) + (h - 1) +
 * (d - 1) steps every pixel's neighbourhood holds the whole image, so no
 * later step changes anything: the steps are capped there. */
int label_erode_steps(cle_array **img, long steps, int binary)
{
  const long cap = (long)cle_array_width(*img) + (long)cle_array_height(*img) + (long)cle_array_depth(*img) - 3;
  if (steps > cap)
    steps = cap;
  for (long i = 0; i < steps; i++) {
    const char *connectivity = i % 2 == 0 ? "sphere" : "box";
    cle_array *next = binary ? cle_binary_erode(*img, NULL, 1, 1, 1, connectivity)
                             : cle_minimum_filter(*img, NULL, 1, 1, 1, connectivity);
    if (!next)
      return -1;
    cle_release(*img);
    *img = next;
  }
  return 0;
}
