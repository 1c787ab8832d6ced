/* The kernel-image filters, naively: the kernel image centred at size / 2
 * per axis (scipy.ndimage's convention), clamped reads; erosion and dilation
 * over the pixel itself and the kernel's nonzero elements, opening and closing as the two in
 * turn, correlation (pyclesperanto's convolve) and its normalised form. */
#include <math.h>

#include "ref_common.h"

typedef enum { KI_MIN, KI_MAX, KI_CORRELATE, KI_NORMALIZED } ki_rule;

static size_t clamped(long v, size_t n)
{
  return v < 0 ? 0 : (size_t)v >= n ? n - 1 : (size_t)v;
}

static void apply(const ref_image *src, const ref_image *k, ref_image *out, ki_rule rule)
{
  const long cx = (long)k->width / 2, cy = (long)k->height / 2, cz = (long)k->depth / 2;
  for (size_t z = 0; z < src->depth; z++)
    for (size_t y = 0; y < src->height; y++)
      for (size_t x = 0; x < src->width; x++) {
        double best = ref_get(src, (z * src->height + y) * src->width + x); /* the pixel itself counts */
        float sum = 0.0f, pp = 0.0f, kk = 0.0f;
        for (size_t kz = 0; kz < k->depth; kz++)
          for (size_t ky = 0; ky < k->height; ky++)
            for (size_t kx = 0; kx < k->width; kx++) {
              const float w = (float)ref_get(k, (kz * k->height + ky) * k->width + kx);
              const size_t i =
                  (clamped((long)(z + kz) - cz, src->depth) * src->height + clamped((long)(y + ky) - cy, src->height)) *
                      src->width +
                  clamped((long)(x + kx) - cx, src->width);
              const double v = ref_get(src, i);
              if (rule == KI_MIN || rule == KI_MAX) {
                if (w != 0.0f && !isnan(v) && (isnan(best) || (rule == KI_MIN ? v < best : v > best)))
                  best = v;
              } else {
                sum += (float)v * w;
                pp += (float)v * (float)v;
                kk += w * w;
              }
            }
        const size_t o = (z * src->height + y) * src->width + x;
        ref_set(out, o, rule <= KI_MAX ? best : rule == KI_CORRELATE ? sum : sum / sqrtf(pp * kk));
      }
}

static int twice(const ref_image *src, const ref_image *k, ref_image *out, ki_rule first, ki_rule second)
{
  ref_image tmp = {0};
  if (ref_image_like(&tmp, src, out->dtype))
    return -1;
  apply(src, k, &tmp, first);
  apply(&tmp, k, out, second);
  ref_image_free(&tmp);
  return 0;
}

int ref_op_erosion(const ref_image *input_image, const ref_image *footprint, ref_image *output_image)
{
  apply(input_image, footprint, output_image, KI_MIN);
  return 0;
}

int ref_op_dilation(const ref_image *input_image, const ref_image *footprint, ref_image *output_image)
{
  apply(input_image, footprint, output_image, KI_MAX);
  return 0;
}

int ref_op_opening(const ref_image *input_image, const ref_image *footprint, ref_image *output_image)
{
  return twice(input_image, footprint, output_image, KI_MIN, KI_MAX);
}

int ref_op_closing(const ref_image *input_image, const ref_image *footprint, ref_image *output_image)
{
  return twice(input_image, footprint, output_image, KI_MAX, KI_MIN);
}

int ref_op_convolve(const ref_image *input_image0, const ref_image *input_image1, ref_image *output_image)
{
  apply(input_image0, input_image1, output_image, KI_CORRELATE);
  return 0;
}

int ref_op_local_cross_correlation(const ref_image *input_image, const ref_image *kernel, ref_image *output_image)
{
  apply(input_image, kernel, output_image, KI_NORMALIZED);
  return 0;
}
