/* Affine transforms of images: the matrix algebra (double), the inverse
 * mapping kernel (kernels/affine_transform.cl) and the deskew kernel
 * (kernels/deskew.cl). See affine.h. */
#include "affine.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cle_private.h"
#include "ops_util.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

void cle_affine_identity(cle_affine *a)
{
  memset(a, 0, sizeof *a);
  for (int i = 0; i < 4; i++)
    a->m[i][i] = 1.0;
}

/* a = step * a */
static void then(cle_affine *a, const cle_affine *step)
{
  cle_affine r;
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++) {
      double s = 0.0;
      for (int k = 0; k < 4; k++)
        s += step->m[i][k] * a->m[k][j];
      r.m[i][j] = s;
    }
  *a = r;
}

void cle_affine_translate(cle_affine *a, double x, double y, double z)
{
  cle_affine t;
  cle_affine_identity(&t);
  t.m[0][3] = x, t.m[1][3] = y, t.m[2][3] = z;
  then(a, &t);
}

void cle_affine_scale(cle_affine *a, double x, double y, double z)
{
  cle_affine s;
  cle_affine_identity(&s);
  s.m[0][0] = x, s.m[1][1] = y, s.m[2][2] = z;
  then(a, &s);
}

void cle_affine_rotate(cle_affine *a, int axis, double degrees)
{
  const double rad = degrees * (M_PI / 180.0);
  double c = cos(rad), s = sin(rad);
  c = fabs(c) < FLT_EPSILON ? 0.0 : c;
  s = fabs(s) < FLT_EPSILON ? 0.0 : s;
  const int u = axis == 0 ? 1 : axis == 1 ? 2 : 0; /* the plane (u, v) turns u toward v */
  const int v = axis == 0 ? 2 : axis == 1 ? 0 : 1;
  cle_affine r;
  cle_affine_identity(&r);
  r.m[u][u] = c, r.m[u][v] = -s;
  r.m[v][u] = s, r.m[v][v] = c;
  then(a, &r);
}

void cle_affine_center(cle_affine *a, const cle_array *img, bool undo)
{
  const size_t size[3] = {cle_array_width(img), cle_array_height(img), cle_array_depth(img)};
  double t[3];
  for (int i = 0; i < 3; i++)
    t[i] = size[i] == 1 ? 0.0 : (undo ? 0.5 : -0.5) * (double)size[i];
  cle_affine_translate(a, t[0], t[1], t[2]);
}

/* inv = a^-1 by Gauss-Jordan elimination with partial pivoting; -1 when a
 * has no (finite) inverse. */
static int invert(const cle_affine *a, cle_affine *inv)
{
  double m[4][8];
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++) {
      m[i][j] = a->m[i][j];
      m[i][j + 4] = i == j ? 1.0 : 0.0;
    }
  for (int col = 0; col < 4; col++) {
    int pivot = col;
    for (int r = col + 1; r < 4; r++)
      if (fabs(m[r][col]) > fabs(m[pivot][col]))
        pivot = r;
    if (!(fabs(m[pivot][col]) > 0.0) || !isfinite(m[pivot][col]))
      return -1;
    if (pivot != col)
      for (int j = 0; j < 8; j++) {
        const double t = m[col][j];
        m[col][j] = m[pivot][j];
        m[pivot][j] = t;
      }
    const double p = m[col][col];
    for (int j = 0; j < 8; j++)
      m[col][j] /= p;
    for (int r = 0; r < 4; r++)
      if (r != col && m[r][col] != 0.0) {
        const double f = m[r][col];
        for (int j = 0; j < 8; j++)
          m[r][j] -= f * m[col][j];
      }
  }
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++) {
      inv->m[i][j] = m[i][j + 4];
      if (!isfinite(inv->m[i][j]))
        return -1;
    }
  return 0;
}

static int run_affine(cle_array *src, cle_array *dst, const cle_affine *inv, bool interpolate)
{
  static const char *const names[12] = {"m00", "m01", "m02", "m03", "m10", "m11",
                                        "m12", "m13", "m20", "m21", "m22", "m23"};
  cle_param params[14];
  params[0] = cle_param_array("src", src);
  params[1] = cle_param_array("dst", dst);
  for (int i = 0; i < 12; i++)
    params[2 + i] = cle_param_float(names[i], (float)inv->m[i / 4][i % 4]);
  const size_t range[3] = {cle_array_width(dst), cle_array_height(dst), cle_array_depth(dst)};
  return cle_run_kernel(cle_array_device(dst), "affine_transform", "affine_transform", params, 14, range, NULL,
                        interpolate ? "#define CLE_AFFINE_LINEAR 1\n" : NULL);
}

int cle_affine_apply(cle_array *src, cle_array *dst, const cle_affine *a, bool interpolate, bool resize)
{
  cle_affine forward = *a, inv;
  if (resize) {
    /* the output's origin at the bounding box's low corner */
    const double size[3] = {(double)cle_array_width(src), (double)cle_array_height(src), (double)cle_array_depth(src)};
    double low[3] = {INFINITY, INFINITY, INFINITY};
    for (int corner = 0; corner < 8; corner++) {
      const double p[3] = {corner & 1 ? size[0] : 0.0, corner & 2 ? size[1] : 0.0, corner & 4 ? size[2] : 0.0};
      for (int r = 0; r < 3; r++) {
        const double q = forward.m[r][0] * p[0] + forward.m[r][1] * p[1] + forward.m[r][2] * p[2] + forward.m[r][3];
        low[r] = fmin(low[r], q);
      }
    }
    cle_affine_translate(&forward, -low[0], -low[1], -low[2]);
  }
  if (invert(&forward, &inv) != 0)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "the transform has no inverse (a scale factor of 0?)");
  if (src != dst)
    return run_affine(src, dst, &inv, interpolate);
  /* in place: every output pixel may read any input pixel */
  cle_array *tmp = cle_create_like(dst);
  if (!tmp)
    return -1;
  int rc = run_affine(src, tmp, &inv, interpolate);
  if (rc == 0)
    rc = cle_array_copy(tmp, dst);
  cle_release(tmp);
  return rc;
}

int cle_affine_check_finite(const char *name, float v)
{
  if (!isfinite(v))
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s must be finite, got %g", name, (double)v);
  return 0;
}

static int run_deskew(cle_array *src, cle_array *dst, int axis, float angle, float pixel_step)
{
  /* the angle's functions as pyclesperanto 0.25.1 gives them to its kernel: double, then float */
  const double rad = (double)angle * M_PI / 180.0;
  const cle_param params[] = {cle_param_array("src", src),
                              cle_param_array("dst", dst),
                              cle_param_float("pixel_step", pixel_step),
                              cle_param_float("tantheta", (float)tan(rad)),
                              cle_param_float("costheta", (float)cos(rad)),
                              cle_param_float("sintheta", (float)sin(rad))};
  const size_t range[3] = {cle_array_width(dst), cle_array_height(dst), cle_array_depth(dst)};
  char defines[40];
  snprintf(defines, sizeof defines, "#define CLE_DESKEW_AXIS %d\n", axis);
  return cle_run_kernel(cle_array_device(dst), "deskew", "deskew", params, 6, range, NULL, defines);
}

/* round(v + 1e-6) as the creator rule of deskew_x/y rounds its sizes, at least 1 */
static size_t deskew_size(double v)
{
  const double r = round(v + 0.000001);
  return r < 1.0 ? 1 : (size_t)r;
}

int cle_affine_deskew(cle_array *src, cle_array *dst, int axis, float angle, float voxel_size_x, float voxel_size_y,
                      float voxel_size_z, float scale_factor)
{
  if (!(angle > 0.0f && angle <= 90.0f))
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "angle must be in (0, 90] (the light sheet's tilt), got %g",
                         (double)angle);
  const char *const names[4] = {"voxel_size_x", "voxel_size_y", "voxel_size_z", "scale_factor"};
  const float values[4] = {voxel_size_x, voxel_size_y, voxel_size_z, scale_factor};
  for (int i = 0; i < 4; i++)
    if (!(values[i] > 0.0f && isfinite(values[i])))
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s must be finite and > 0, got %g", names[i],
                           (double)values[i]);
  if (cle_array_depth(src) < 2) {
    char shape[64];
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "input_image must be a stack (3D, depth above 1) of oblique planes, got shape %s",
                         cle_ops_shape_text(src, shape, sizeof shape));
  }
  /* the scan step in pixels along the skew axis */
  const float pixel_step = voxel_size_z / (axis == 0 ? voxel_size_x : voxel_size_y);
  if (scale_factor == 1.0f && src != dst)
    return run_deskew(src, dst, axis, angle, pixel_step);
  /* deskewed at scale 1 (the sizes of the creator rule with scale_factor 1), then scaled */
  const size_t w = cle_array_width(src), h = cle_array_height(src), d = cle_array_depth(src);
  const double c = fabs(cos((double)angle * 0.017453292519943295)), s = fabs(sin((double)angle * 0.017453292519943295));
  const size_t along = axis == 0 ? w : h;
  const double ratio = (double)voxel_size_z / (double)(axis == 0 ? voxel_size_x : voxel_size_y);
  const size_t skewed = deskew_size(c * (double)along + ratio * (double)d);
  cle_array *tmp = cle_create(cle_array_device(src), CLE_FLOAT32, axis == 0 ? skewed : w, axis == 0 ? h : skewed,
                              deskew_size(s * (double)along));
  if (!tmp)
    return -1;
  int rc = run_deskew(src, tmp, axis, angle, pixel_step);
  if (rc == 0) {
    cle_affine scaling;
    cle_affine_identity(&scaling);
    cle_affine_scale(&scaling, scale_factor, scale_factor, scale_factor);
    rc = cle_affine_apply(tmp, dst, &scaling, scale_factor != 1.0f, false);
  }
  cle_release(tmp);
  return rc;
}

int cle_affine_rescale(cle_array *src, cle_array **dst, float factor_x, float factor_y, float factor_z,
                       bool interpolate)
{
  static const char *const axes[3] = {"width", "height", "depth"};
  const size_t in[3] = {cle_array_width(src), cle_array_height(src), cle_array_depth(src)};
  float f[3] = {factor_x, factor_y, factor_z};
  size_t size[3];
  for (int a = 0; a < 3; a++) {
    if (!isfinite(f[a]) || f[a] == 0.0f)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                           "the scale factor along %s would be %g (it must be finite and not 0)",
                           a == 0   ? "x"
                           : a == 1 ? "y"
                                    : "z",
                           (double)f[a]);
    if (in[a] == 1) { /* not resampled: the axis stays of size 1 */
      f[a] = 1.0f;
      size[a] = 1;
      continue;
    }
    /* scale's resize rule: round(|factor| size), halves up with a slack of 1e-6, at least 1 */
    const double e = round(fabs((double)f[a]) * (double)in[a] + 0.000001);
    if (e > 2147483647.0)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "the output's %s would be %g, beyond 2^31 - 1", axes[a], e);
    size[a] = e < 1.0 ? 1 : (size_t)e;
  }
  cle_affine a;
  cle_affine_identity(&a);
  cle_affine_scale(&a, f[0], f[1], f[2]);
  return cle_affine_apply_sized(src, dst, &a, interpolate, true, size, cle_array_ndim(src));
}

int cle_affine_apply_sized(cle_array *src, cle_array **dst, const cle_affine *a, bool interpolate, bool resize,
                           const size_t size[3], int ndim)
{
  cle_array *out = *dst;
  if (out) {
    if (cle_array_width(out) != size[0] || cle_array_height(out) != size[1] || cle_array_depth(out) != size[2]) {
      char got[64], want[64];
      int n = 0;
      for (int k = ndim - 1; k >= 0; k--) /* numpy order */
        n += snprintf(want + n, sizeof want - (size_t)n, "%s%zu", k == ndim - 1 ? "(" : ", ", size[k]);
      snprintf(want + n, sizeof want - (size_t)n, ")");
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "output_image has shape %s, expected %s",
                           cle_ops_shape_text(out, got, sizeof got), want);
    }
  } else {
    const size_t shape3[3] = {size[2], size[1], size[0]};
    out = cle_create_nd(cle_array_device(src), interpolate ? CLE_FLOAT32 : cle_array_dtype(src), ndim,
                        shape3 + (3 - ndim));
    if (!out)
      return -1;
  }
  const int rc = cle_affine_apply(src, out, a, interpolate, resize);
  if (rc != 0 && !*dst)
    cle_release(out);
  else if (rc == 0 && !*dst)
    *dst = out;
  return rc;
}
