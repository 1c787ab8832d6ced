/* The ops of kernels/copy_region.cl: every output pixel is one input pixel
 * (or pad's value), found here by plain index arithmetic over the output. */
#include "ref_common.h"

/* v clamped into [0, n - 1] */
static size_t clamp_index(long long v, size_t n)
{
  return v < 0 ? 0 : v >= (long long)n ? n - 1 : (size_t)v;
}

/* v modulo n in [0, n - 1] */
static size_t wrap_index(long long v, size_t n)
{
  long long r = v % (long long)n;
  return (size_t)(r < 0 ? r + (long long)n : r);
}

static size_t at(const ref_image *img, size_t x, size_t y, size_t z)
{
  return (z * img->height + y) * img->width + x;
}

/* out(x, y, z) = in(src(x, y, z)) over the whole output */
typedef void (*source_fn)(const ref_image *in, size_t x, size_t y, size_t z, const long long *args, size_t *src);

static int gather(const ref_image *in, ref_image *out, source_fn source, const long long *args)
{
  for (size_t z = 0; z < out->depth; z++)
    for (size_t y = 0; y < out->height; y++)
      for (size_t x = 0; x < out->width; x++) {
        size_t s[3];
        source(in, x, y, z, args, s);
        ref_set(out, at(out, x, y, z), ref_get(in, at(in, s[0], s[1], s[2])));
      }
  return 0;
}

static void src_transpose_xy(const ref_image *in, size_t x, size_t y, size_t z, const long long *a, size_t *s)
{
  (void)in, (void)a;
  s[0] = y, s[1] = x, s[2] = z;
}

static void src_transpose_xz(const ref_image *in, size_t x, size_t y, size_t z, const long long *a, size_t *s)
{
  (void)in, (void)a;
  s[0] = z, s[1] = y, s[2] = x;
}

static void src_transpose_yz(const ref_image *in, size_t x, size_t y, size_t z, const long long *a, size_t *s)
{
  (void)in, (void)a;
  s[0] = x, s[1] = z, s[2] = y;
}

int ref_op_transpose_xy(const ref_image *input_image, ref_image *output_image)
{
  return gather(input_image, output_image, src_transpose_xy, NULL);
}

int ref_op_transpose_xz(const ref_image *input_image, ref_image *output_image)
{
  return gather(input_image, output_image, src_transpose_xz, NULL);
}

int ref_op_transpose_yz(const ref_image *input_image, ref_image *output_image)
{
  return gather(input_image, output_image, src_transpose_yz, NULL);
}

/* a: flip x, y, z (0/1) */
static void src_flip(const ref_image *in, size_t x, size_t y, size_t z, const long long *a, size_t *s)
{
  s[0] = a[0] ? in->width - 1 - x : x;
  s[1] = a[1] ? in->height - 1 - y : y;
  s[2] = a[2] ? in->depth - 1 - z : z;
}

int ref_op_flip(const ref_image *input_image, ref_image *output_image, bool flip_x, bool flip_y, bool flip_z)
{
  const long long a[3] = {flip_x, flip_y, flip_z};
  return gather(input_image, output_image, src_flip, a);
}

/* a: shift x, y, z */
static void src_circular_shift(const ref_image *in, size_t x, size_t y, size_t z, const long long *a, size_t *s)
{
  s[0] = wrap_index((long long)x - a[0], in->width);
  s[1] = wrap_index((long long)y - a[1], in->height);
  s[2] = wrap_index((long long)z - a[2], in->depth);
}

int ref_op_circular_shift(const ref_image *input_image, ref_image *output_image, int shift_x, int shift_y, int shift_z)
{
  const long long a[3] = {shift_x, shift_y, shift_z};
  return gather(input_image, output_image, src_circular_shift, a);
}

/* a: the box's start x, y, z; positions clamped into the input */
static void src_offset(const ref_image *in, size_t x, size_t y, size_t z, const long long *a, size_t *s)
{
  s[0] = clamp_index((long long)x + a[0], in->width);
  s[1] = clamp_index((long long)y + a[1], in->height);
  s[2] = clamp_index((long long)z + a[2], in->depth);
}

int ref_op_crop_border(const ref_image *input_image, ref_image *output_image, int border_size)
{
  const long long a[3] = {border_size, border_size, border_size};
  return gather(input_image, output_image, src_offset, a);
}

int ref_op_sub_stack(const ref_image *input_image, ref_image *output_image, int start_z, int end_z)
{
  (void)end_z; /* the output's depth */
  const long long a[3] = {0, 0, start_z};
  return gather(input_image, output_image, src_offset, a);
}

/* a: factor, offset */
static void src_reduce_stack(const ref_image *in, size_t x, size_t y, size_t z, const long long *a, size_t *s)
{
  s[0] = x, s[1] = y, s[2] = clamp_index((long long)z * a[0] + a[1], in->depth);
}

int ref_op_reduce_stack(const ref_image *input_image, ref_image *output_image, int reduction_factor, int offset)
{
  const long long a[2] = {reduction_factor, offset};
  return gather(input_image, output_image, src_reduce_stack, a);
}

/* The slices: output (u, v) of the slice's plane; a: the index */
static void src_slice(const ref_image *in, size_t x, size_t y, size_t z, const long long *a, size_t *s)
{
  (void)z;
  s[0] = x, s[1] = y, s[2] = clamp_index(a[0], in->depth);
}

static void src_horizontal_slice(const ref_image *in, size_t x, size_t y, size_t z, const long long *a, size_t *s)
{
  (void)z;
  s[0] = x, s[1] = clamp_index(a[0], in->height), s[2] = y;
}

static void src_vertical_slice(const ref_image *in, size_t x, size_t y, size_t z, const long long *a, size_t *s)
{
  (void)z;
  s[0] = clamp_index(a[0], in->width), s[1] = x, s[2] = y;
}

int ref_op_copy_slice(const ref_image *input_image, ref_image *output_image, int slice_index)
{
  const long long a[1] = {slice_index};
  return gather(input_image, output_image, src_slice, a);
}

int ref_op_copy_horizontal_slice(const ref_image *input_image, ref_image *output_image, int slice_index)
{
  const long long a[1] = {slice_index};
  return gather(input_image, output_image, src_horizontal_slice, a);
}

int ref_op_copy_vertical_slice(const ref_image *input_image, ref_image *output_image, int slice_index)
{
  const long long a[1] = {slice_index};
  return gather(input_image, output_image, src_vertical_slice, a);
}

/* pad, unpad: the box's offset along one axis (ceil of half the difference when centered) */
static long long box_offset(size_t big, size_t small, bool center)
{
  return center ? (long long)((big - small + 1) / 2) : 0;
}

int ref_op_pad(const ref_image *input_image, ref_image *output_image, int size_x, int size_y, int size_z, float value,
               bool center)
{
  const ref_image *in = input_image;
  ref_image *out = output_image;
  if ((size_x && (size_t)size_x < in->width) || (size_y && (size_t)size_y < in->height) ||
      (size_z && (size_t)size_z < in->depth))
    return -1; /* the op refuses to shrink */
  const long long ox = box_offset(out->width, in->width, center), oy = box_offset(out->height, in->height, center),
                  oz = box_offset(out->depth, in->depth, center);
  for (size_t z = 0; z < out->depth; z++)
    for (size_t y = 0; y < out->height; y++)
      for (size_t x = 0; x < out->width; x++) {
        const long long sx = (long long)x - ox, sy = (long long)y - oy, sz = (long long)z - oz;
        const bool inside = sx >= 0 && sx < (long long)in->width && sy >= 0 && sy < (long long)in->height && sz >= 0 &&
                            sz < (long long)in->depth;
        ref_set(out, at(out, x, y, z),
                inside ? ref_get(in, at(in, (size_t)sx, (size_t)sy, (size_t)sz)) : (double)value);
      }
  return 0;
}

int ref_op_unpad(const ref_image *input_image, ref_image *output_image, int size_x, int size_y, int size_z, bool center)
{
  const ref_image *in = input_image;
  ref_image *out = output_image;
  if ((size_t)size_x > in->width || (size_t)size_y > in->height || (size_t)size_z > in->depth)
    return -1; /* the op refuses to grow */
  const long long a[3] = {box_offset(in->width, out->width, center), box_offset(in->height, out->height, center),
                          box_offset(in->depth, out->depth, center)};
  return gather(in, out, src_offset, a);
}
