/* Naive references of the point-list ops: flag_existing_labels,
 * labelled_spots_to_pointlist, read_values_from_positions and
 * block_enumerate (spec/ops/NAME.yaml). */
#include <math.h>

#include "cle_reference_ops.h"

int ref_op_flag_existing_labels(const ref_image *input_image, ref_image *output_image)
{
  if (isnan(ref_max_label(input_image)))
    return -1;
  for (size_t i = 0; i < ref_image_size(input_image); i++)
    ref_set(output_image, (size_t)ref_get(input_image, i), 1);
  return 0;
}

int ref_op_labelled_spots_to_pointlist(const ref_image *label, ref_image *dspointlistt)
{
  if (isnan(ref_max_label(label)))
    return -1;
  const size_t n = dspointlistt->width, rows = dspointlistt->height;
  /* raster order: a later pixel of a label overwrites an earlier one */
  for (size_t z = 0; z < label->depth; z++)
    for (size_t y = 0; y < label->height; y++)
      for (size_t x = 0; x < label->width; x++) {
        const size_t l = (size_t)ref_get(label, (z * label->height + y) * label->width + x);
        if (l == 0)
          continue;
        const size_t coord[3] = {x, y, z};
        for (size_t r = 0; r < rows && r < 3; r++)
          ref_set(dspointlistt, r * n + (l - 1), (double)coord[r]);
      }
  return 0;
}

/* Row r of column i of the list: truncated toward zero, NaN as 0, clamped into [0, size - 1]. */
static size_t coordinate(const ref_image *list, size_t i, size_t r, size_t size)
{
  double v = ref_get(list, r * list->width + i);
  v = isnan(v) ? 0 : trunc(v);
  if (v < 0)
    v = 0;
  if (v > (double)(size - 1))
    v = (double)(size - 1);
  return (size_t)v;
}

int ref_op_read_values_from_positions(const ref_image *input_image, const ref_image *list, ref_image *output_image)
{
  const int ndim = input_image->ndim;
  if (list->depth != 1 || list->height < (size_t)ndim)
    return -1;
  for (size_t i = 0; i < list->width; i++) {
    const size_t x = coordinate(list, i, 0, input_image->width);
    const size_t y = ndim > 1 ? coordinate(list, i, 1, input_image->height) : 0;
    const size_t z = ndim > 2 ? coordinate(list, i, 2, input_image->depth) : 0;
    ref_set(output_image, i, ref_get(input_image, (z * input_image->height + y) * input_image->width + x));
  }
  return 0;
}

int ref_op_block_enumerate(const ref_image *input_image0, const ref_image *input_image1, ref_image *output_image,
                           int blocksize)
{
  const size_t w = input_image0->width, bs = (size_t)blocksize, blocks = (w + bs - 1) / bs;
  if (input_image1->width < blocks || input_image1->height != input_image0->height ||
      input_image1->depth != input_image0->depth)
    return -1;
  const size_t rows = input_image0->height * input_image0->depth;
  for (size_t row = 0; row < rows; row++) {
    /* one running float32 sum per block: the sums of the blocks before, then the block's nonzero values */
    for (size_t b = 0; b < blocks; b++) {
      float sum = 0.0f;
      for (size_t s = 0; s < b; s++)
        sum += (float)ref_get(input_image1, row * input_image1->width + s);
      for (size_t x = b * bs; x < w && x < (b + 1) * bs; x++) {
        const float v = (float)ref_get(input_image0, row * w + x);
        if (v != 0.0f)
          sum += v;
        ref_set(output_image, row * w + x, v != 0.0f ? sum : 0.0f);
      }
    }
  }
  return 0;
}

/* 1 + the largest coordinate of each of the first ndim rows (1 for the
 * others), truncated toward zero; -1 when a coordinate is negative, NaN or
 * too large (the op's error). */
static int extent(const ref_image *list, int ndim, size_t size[3])
{
  for (int k = 0; k < 3; k++) {
    double largest = 0;
    for (size_t i = 0; k < ndim && i < list->width; i++) {
      const double v = trunc(ref_get(list, (size_t)k * list->width + i));
      if (!(v >= 0 && v <= 2147483646.0))
        return -1;
      largest = v > largest ? v : largest;
    }
    size[k] = (size_t)largest + 1;
  }
  return 0;
}

/* Draw the points of list (rows 0..ndim-1) into a new zeroed image of dtype:
 * point i gets row ndim (values) or i + 1; later points overwrite earlier ones. */
static int draw(const ref_image *list, int ndim, cle_dtype dtype, int values, ref_image *out)
{
  size_t size[3];
  if (list->depth != 1 || extent(list, ndim, size) != 0 ||
      ref_image_alloc(out, dtype, ndim, size[0], size[1], size[2]) != 0)
    return -1;
  const size_t n = list->width;
  for (size_t i = 0; i < n; i++) {
    size_t c[3] = {0, 0, 0};
    for (int k = 0; k < ndim; k++)
      c[k] = (size_t)trunc(ref_get(list, (size_t)k * n + i));
    const size_t p = (c[2] * size[1] + c[1]) * size[0] + c[0];
    ref_set(out, p, values ? ref_get(list, (size_t)ndim * n + i) : (double)(i + 1));
  }
  return 0;
}

int ref_op_pointlist_to_labelled_spots(const ref_image *input_image, ref_image *output_image)
{
  if (input_image->height > 3)
    return -1;
  return draw(input_image, (int)input_image->height, CLE_UINT32, 0, output_image);
}

int ref_op_write_values_to_positions(const ref_image *input_image, ref_image *output_image)
{
  if (input_image->height < 2 || input_image->height > 4)
    return -1;
  return draw(input_image, (int)input_image->height - 1, input_image->dtype, 1, output_image);
}

int ref_op_spots_to_pointlist(const ref_image *input_image, ref_image *output_image)
{
  const size_t w = input_image->width, h = input_image->height, d = input_image->depth;
  const size_t rows = d > 1 ? 3 : h > 1 ? 2 : 1;
  size_t spots = 0;
  for (size_t i = 0; i < ref_image_size(input_image); i++)
    spots += ref_get(input_image, i) != 0; /* NaN too */
  const size_t n = spots ? spots : 1;
  if (ref_image_alloc(output_image, CLE_UINT32, 2, n, rows, 1) != 0)
    return -1;
  size_t k = 0;
  for (size_t z = 0; z < d; z++)
    for (size_t y = 0; y < h; y++)
      for (size_t x = 0; x < w; x++) {
        if (ref_get(input_image, (z * h + y) * w + x) == 0)
          continue;
        const size_t coord[3] = {x, y, z};
        for (size_t r = 0; r < rows; r++)
          ref_set(output_image, r * n + k, (double)coord[r]);
        k++;
      }
  return 0;
}
