/* affine_transform: a matrix given by the caller (3 x 3, 3 x 4 or 4 x 4,
 * row-major, acting on (x, y[, z], 1) in pixel units), applied by the affine
 * kernel (affine.c). The output's size is the input's, or with resize the
 * transformed input's bounding box: the impl creates the output (creator
 * impl), as the size depends on the matrix's numbers. The generated wrapper
 * has checked the count (9, 12 or 16) and that every number is finite. */
#include <math.h>
#include <stdio.h>

#include "affine.h"
#include "cle_ops_impl.h"
#include "cle_private.h"
#include "ops_util.h"

/* The 4 x 4 matrix of the caller's numbers; -1 with the error set unless the
 * last row is (0, 0, 1) or (0, 0, 0, 1): a projective matrix is no affine
 * transform. */
static int read_matrix(const float *m, size_t count, cle_affine *a)
{
  cle_affine_identity(a);
  if (!m)
    return 0;
  if (count == 9) { /* (x, y, 1): z is left alone */
    if (m[6] != 0.0f || m[7] != 0.0f || m[8] != 1.0f)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                           "transform_matrix's last row must be 0, 0, 1 (an affine transform), got %g, %g, %g",
                           (double)m[6], (double)m[7], (double)m[8]);
    a->m[0][0] = m[0], a->m[0][1] = m[1], a->m[0][3] = m[2];
    a->m[1][0] = m[3], a->m[1][1] = m[4], a->m[1][3] = m[5];
    return 0;
  }
  if (count == 16 && (m[12] != 0.0f || m[13] != 0.0f || m[14] != 0.0f || m[15] != 1.0f))
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "transform_matrix's last row must be 0, 0, 0, 1 (an affine transform), got %g, %g, %g, %g",
                         (double)m[12], (double)m[13], (double)m[14], (double)m[15]);
  for (int r = 0; r < 3; r++) /* 12: the top three rows; 16: the last row checked above */
    for (int c = 0; c < 4; c++)
      a->m[r][c] = m[r * 4 + c];
  return 0;
}

/* round(v + 1e-6) as rigid_transform's creator rounds a resized extent, at least 1 */
static size_t box_size(double v)
{
  const double r = round(v + 0.000001);
  return r < 1.0 ? 1 : r > 2147483647.0 ? 0 : (size_t)r;
}

int cle_impl_affine_transform(cle_array *input_image, cle_array **output_image, const float *transform_matrix,
                              size_t transform_matrix_count, bool interpolate, bool resize)
{
  cle_affine a;
  if (read_matrix(transform_matrix, transform_matrix_count, &a) != 0)
    return -1;
  const double(*m)[4] = a.m;
  const double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
                     m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
                     m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  if (det == 0.0)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "transform_matrix has no inverse (its determinant is 0)");
  size_t size[3] = {cle_array_width(input_image), cle_array_height(input_image), cle_array_depth(input_image)};
  if (resize) { /* the extent of the transformed input's corners along each axis */
    double low[3] = {INFINITY, INFINITY, INFINITY}, high[3] = {-INFINITY, -INFINITY, -INFINITY};
    const double in[3] = {(double)size[0], (double)size[1], (double)size[2]};
    for (int corner = 0; corner < 8; corner++) {
      const double p[3] = {corner & 1 ? in[0] : 0.0, corner & 2 ? in[1] : 0.0, corner & 4 ? in[2] : 0.0};
      for (int r = 0; r < 3; r++) {
        const double q = a.m[r][0] * p[0] + a.m[r][1] * p[1] + a.m[r][2] * p[2] + a.m[r][3];
        low[r] = fmin(low[r], q);
        high[r] = fmax(high[r], q);
      }
    }
    static const char *const axis[3] = {"width", "height", "depth"};
    for (int r = 0; r < 3; r++) {
      size[r] = box_size(high[r] - low[r]);
      if (!size[r])
        return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                             "the resized output's %s would be %g, beyond 2^31 - 1 (a scale that large?)", axis[r],
                             high[r] - low[r]);
    }
  }
  /* numpy's ndim: the input's, or more where the size reaches along a further axis */
  int ndim = cle_array_ndim(input_image);
  if (size[1] > 1 && ndim < 2)
    ndim = 2;
  if (size[2] > 1)
    ndim = 3;
  return cle_affine_apply_sized(input_image, output_image, &a, interpolate, resize, size, ndim);
}
