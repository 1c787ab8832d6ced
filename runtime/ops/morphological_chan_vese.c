/* morphological_chan_vese as CLIc's morphological_chan_vese_func composes it
 * (Marquez-Neila et al.'s morphological active contours without edges): the
 * contour (output_image) starts as the given output_image's pixels > 0, or,
 * when none is given, as a checkerboard of 5-pixel squares ((x / 5 + y / 5 +
 * z / 5) % 2); then num_iter times:
 *   c1 = -(sum of the image inside) / (pixels inside + 1e-8), c0 likewise
 *   outside (sums in double; c in float32);
 *   g = sum over the image's axes of |gradient| of the contour (float32);
 *   e = g * (lambda1 (image + c1)^2 - lambda2 (image + c0)^2) (float32);
 *   the contour becomes 1 where e < 0, 0 where e > 0, stays where e is 0 or
 *   NaN;
 *   smoothing times: supinf then infsup (even turns), infsup then supinf
 *   (odd turns), restarting at the even turn every iteration (CLIc's). */
#include <stdlib.h>

#include "cle_ops_impl.h"
#include "cesperanto/cle_ops.h"
#include "cle_internal.h"
#include "cle_private.h"

/* An output the caller passed holds the caller's reference besides the one
 * the generated wrapper took; one it created has only that one. */
static int output_given(cle_array *output_image)
{
  return atomic_load(&output_image->refs) > 1;
}

static int checkerboard(cle_array *dst)
{
  const size_t w = cle_array_width(dst), h = cle_array_height(dst), d = cle_array_depth(dst);
  unsigned char *board = malloc(w * h * d);
  if (!board)
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "out of host memory for a %zu x %zu x %zu checkerboard", w, h, d);
  for (size_t z = 0; z < d; z++)
    for (size_t y = 0; y < h; y++)
      for (size_t x = 0; x < w; x++)
        board[(z * h + y) * w + x] = (unsigned char)((x / 5 + y / 5 + z / 5) % 2);
  int rc;
  if (cle_array_dtype(dst) == CLE_UINT8) {
    rc = cle_array_write(dst, board, w * h * d);
  } else {
    cle_array *pushed = cle_push(cle_array_device(dst), board, CLE_UINT8, w, h, d);
    cle_array *copied = pushed ? cle_copy(pushed, dst) : NULL;
    rc = copied ? 0 : -1;
    cle_release(pushed);
    cle_release(copied);
  }
  free(board);
  return rc;
}

/* -(sum of image where contour is set) / (sum of contour + 1e-8) */
static int contour_score(cle_array *image, cle_array *contour, float *c)
{
  cle_array *masked = cle_mask(image, contour, NULL);
  if (!masked)
    return -1;
  cle_clear_error(); /* a NaN sum is an answer (NaN pixels) unless an error comes with it */
  const double inside = cle_sum_of_all_pixels(masked);
  cle_release(masked);
  const double count = cle_sum_of_all_pixels(contour);
  if ((inside != inside || count != count) && cle_last_error() != CLE_OK)
    return -1;
  *c = (float)(-inside / (count + 1e-8));
  return 0;
}

/* out = op(in, out): release the returned reference, 0 or -1 */
static int done_with(cle_array *result)
{
  cle_release(result);
  return result ? 0 : -1;
}

static int iterate(cle_array *image, cle_array *contour, cle_array *outside, cle_array *grad, cle_array *temp,
                   int smoothing, float lambda1, float lambda2)
{
  typedef cle_array *(*gradient_fn)(cle_array *, cle_array *);
  static const gradient_fn gradients[3] = {cle_gradient_x, cle_gradient_y, cle_gradient_z};
  float c0, c1;
  if (contour_score(image, contour, &c1) != 0 || done_with(cle_binary_not(contour, outside)) != 0 ||
      contour_score(image, outside, &c0) != 0 || done_with(cle_set(grad, 0)) != 0)
    return -1;
  for (int a = 0; a < cle_array_ndim(contour); a++) {
    cle_array *g = gradients[a](contour, NULL);
    cle_array *abs_g = g ? cle_absolute(g, NULL) : NULL;
    const int rc = abs_g ? done_with(cle_add_images_weighted(abs_g, grad, grad, 1, 1)) : -1;
    cle_release(g);
    cle_release(abs_g);
    if (rc != 0)
      return -1;
  }
  cle_array *inside_evo = cle_add_image_and_scalar(image, NULL, c1);
  cle_array *outside_evo = cle_add_image_and_scalar(image, NULL, c0);
  int rc = inside_evo && outside_evo && done_with(cle_power(inside_evo, inside_evo, 2)) == 0 &&
                   done_with(cle_power(outside_evo, outside_evo, 2)) == 0
               ? 0
               : -1;
  cle_array *merged = rc == 0 ? cle_add_images_weighted(inside_evo, outside_evo, NULL, lambda1, -lambda2) : NULL;
  cle_release(inside_evo);
  cle_release(outside_evo);
  if (!merged || done_with(cle_multiply_images(merged, grad, grad)) != 0) {
    cle_release(merged);
    return -1;
  }
  cle_release(merged);
  cle_array *pos = cle_greater_constant(grad, NULL, 0);
  cle_array *neg = pos ? cle_smaller_constant(grad, NULL, 0) : NULL;
  cle_array *either = neg ? cle_binary_or(pos, neg, NULL) : NULL;
  cle_array *keep = either ? cle_binary_not(either, NULL) : NULL;
  cle_array *kept = keep ? cle_mask(contour, keep, NULL) : NULL;
  rc = kept ? done_with(cle_add_images_weighted(kept, neg, contour, 1, 1)) : -1;
  cle_release(pos);
  cle_release(neg);
  cle_release(either);
  cle_release(keep);
  cle_release(kept);
  for (int i = 0; rc == 0 && i < smoothing; i++)
    if (i % 2 == 0)
      rc = done_with(cle_binary_supinf(contour, temp)) || done_with(cle_binary_infsup(temp, contour)) ? -1 : 0;
    else
      rc = done_with(cle_binary_infsup(contour, temp)) || done_with(cle_binary_supinf(temp, contour)) ? -1 : 0;
  return rc;
}

int cle_impl_morphological_chan_vese(cle_array *input_image, cle_array *output_image, int num_iter, int smoothing,
                                     float lambda1, float lambda2)
{
  if (!output_given(output_image) && checkerboard(output_image) != 0)
    return -1;
  if (done_with(cle_greater_constant(output_image, output_image, 0)) != 0)
    return -1;
  cle_array *outside = cle_create_like(output_image);
  cle_array *grad = cle_create_like_dtype(output_image, CLE_FLOAT32);
  cle_array *temp = cle_create_like(output_image);
  int rc = outside && grad && temp ? 0 : -1;
  for (int i = 0; rc == 0 && i < num_iter; i++)
    rc = iterate(input_image, output_image, outside, grad, temp, smoothing, lambda1, lambda2);
  cle_release(outside);
  cle_release(grad);
  cle_release(temp);
  return rc;
}
