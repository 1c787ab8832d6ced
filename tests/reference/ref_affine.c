/* rigid_transform, scale (and through rigid_transform rotate and
 * translate), make_isotropic, make_anisotropic, deskew_x, deskew_y: naive
 * references.
 *
 * The affine ones map each output pixel's center back into the input with
 * the inverse written out by hand (a rotation's transpose, a scaling's
 * reciprocal), in double, and sample there: the containing pixel, or a
 * linear interpolation between pixel centers with pixels outside counting
 * as 0 and taps of weight 0 skipped. Axes where the input has size 1 are
 * not sampled. The deskew ones follow clEsperanto's orthogonal
 * interpolation step by step in float32, as the kernel does. */
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "ref_common.h"

#define DEG (3.14159265358979323846 / 180.0)

/* The input's value at position p (x, y, z), nearest or linear, as a double. */
static double sample(const ref_image *in, const double p[3], bool linear)
{
  const size_t n[3] = {in->width, in->height, in->depth};
  if (!linear) {
    size_t at[3];
    for (int a = 0; a < 3; a++) {
      if (n[a] == 1) {
        at[a] = 0;
        continue;
      }
      const double f = floor(p[a]);
      if (!(f >= 0 && f < (double)n[a]))
        return 0.0;
      at[a] = (size_t)f;
    }
    return ref_get(in, (at[2] * in->height + at[1]) * in->width + at[0]);
  }
  long first[3];
  double t[3];
  for (int a = 0; a < 3; a++) {
    if (n[a] == 1) {
      first[a] = 0, t[a] = 0.0;
      continue;
    }
    const double u = p[a] - 0.5;
    if (!(u > -1.0 && u < (double)n[a]))
      return 0.0;
    first[a] = (long)floor(u);
    t[a] = u - floor(u);
  }
  double sum = 0.0;
  for (int c = 0; c < 8; c++) {
    double weight = 1.0;
    long at[3];
    bool inside = true;
    for (int a = 0; a < 3; a++) {
      const int second = (c >> a) & 1;
      at[a] = first[a] + second;
      weight *= second ? t[a] : 1.0 - t[a];
      inside = inside && at[a] >= 0 && at[a] < (long)n[a];
    }
    if (weight != 0.0 && inside)
      sum += weight * ref_get(in, ((size_t)at[2] * in->height + (size_t)at[1]) * in->width + (size_t)at[0]);
  }
  return sum;
}

/* The rotation R = Rz Ry Rx by degrees, written out; sines and cosines
 * below float32's epsilon are 0 (clEsperanto's rule). */
static double cleaned(double v)
{
  return fabs(v) < FLT_EPSILON ? 0.0 : v;
}

static void rotation(double ax, double ay, double az, double r[3][3])
{
  const double cx = cleaned(cos(ax * DEG)), sx = cleaned(sin(ax * DEG));
  const double cy = cleaned(cos(ay * DEG)), sy = cleaned(sin(ay * DEG));
  const double cz = cleaned(cos(az * DEG)), sz = cleaned(sin(az * DEG));
  const double m[3][3] = {{cy * cz, sx * sy * cz - cx * sz, cx * sy * cz + sx * sz},
                          {cy * sz, sx * sy * sz + cx * cz, cx * sy * sz - sx * cz},
                          {-sy, sx * cy, cx * cy}};
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      r[i][j] = m[i][j];
}

static double half_size(size_t n)
{
  return n == 1 ? 0.0 : (double)n / 2.0;
}

int ref_op_rigid_transform(const ref_image *input_image, ref_image *output_image, float translate_x, float translate_y,
                           float translate_z, float angle_x, float angle_y, float angle_z, bool centered,
                           bool interpolate, bool resize)
{
  const ref_image *in = input_image;
  ref_image *out = output_image;
  double r[3][3];
  rotation(angle_x, angle_y, angle_z, r);
  const double size[3] = {(double)in->width, (double)in->height, (double)in->depth};
  double c[3] = {0, 0, 0};
  if (centered)
    c[0] = half_size(in->width), c[1] = half_size(in->height), c[2] = half_size(in->depth);
  const double t[3] = {translate_x, translate_y, translate_z};
  /* forward: q = R (p - c) + c + t; with resize the output starts at the box's low corner */
  double low[3] = {0, 0, 0};
  if (resize)
    for (int a = 0; a < 3; a++) {
      low[a] = INFINITY;
      for (int corner = 0; corner < 8; corner++) {
        double q = c[a] + t[a];
        for (int b = 0; b < 3; b++)
          q += r[a][b] * (((corner >> b) & 1 ? size[b] : 0.0) - c[b]);
        low[a] = fmin(low[a], q);
      }
    }
  for (size_t z = 0; z < out->depth; z++)
    for (size_t y = 0; y < out->height; y++)
      for (size_t x = 0; x < out->width; x++) {
        const double q[3] = {x + 0.5 + low[0], y + 0.5 + low[1], z + 0.5 + low[2]};
        double p[3]; /* p = R^T (q - c - t) + c */
        for (int a = 0; a < 3; a++) {
          p[a] = c[a];
          for (int b = 0; b < 3; b++)
            p[a] += r[b][a] * (q[b] - c[b] - t[b]);
        }
        ref_set(out, (z * out->height + y) * out->width + x, sample(in, p, interpolate));
      }
  return 0;
}

int ref_op_scale(const ref_image *input_image, ref_image *output_image, float factor_x, float factor_y, float factor_z,
                 bool centered, bool interpolate, bool resize)
{
  const ref_image *in = input_image;
  ref_image *out = output_image;
  const double f[3] = {factor_x, factor_y, factor_z};
  const double size[3] = {(double)in->width, (double)in->height, (double)in->depth};
  if (f[0] == 0 || f[1] == 0 || f[2] == 0)
    return -1;
  /* forward: q = f (p - c) + c around the center, or q = f p - low resized */
  double c[3] = {0, 0, 0}, low[3] = {0, 0, 0};
  for (int a = 0; a < 3; a++) {
    if (resize)
      low[a] = fmin(0.0, f[a] * size[a]);
    else if (centered)
      c[a] = half_size(a == 0 ? in->width : a == 1 ? in->height : in->depth);
  }
  for (size_t z = 0; z < out->depth; z++)
    for (size_t y = 0; y < out->height; y++)
      for (size_t x = 0; x < out->width; x++) {
        const double q[3] = {x + 0.5, y + 0.5, z + 0.5};
        double p[3];
        for (int a = 0; a < 3; a++)
          p[a] = (q[a] + low[a] - c[a]) / f[a] + c[a];
        ref_set(out, (z * out->height + y) * out->width + x, sample(in, p, interpolate));
      }
  return 0;
}

/* The deskewed stack at scale 1 into out (any size), as kernels/deskew.cl. */
static void deskew_plain(const ref_image *in, ref_image *out, int axis, float angle, float step)
{
  const double rad = (double)angle * 3.14159265358979323846 / 180.0;
  const float tan_a = (float)tan(rad), cos_a = (float)cos(rad), sin_a = (float)sin(rad);
  const long w = (long)in->width, h = (long)in->height, d = (long)in->depth;
  const long n = axis == 0 ? w : h;
  for (long z = 0; z < (long)out->depth; z++)
    for (long y = 0; y < (long)out->height; y++)
      for (long x = 0; x < (long)out->width; x++) {
        float value = 0.0f;
        const float v = (float)(axis == 0 ? x : y) - (float)z / tan_a;
        const float fp = floorf(v / step);
        if (fp >= 0.0f && fp + 1.0f < (float)d) {
          const long p0 = (long)fp;
          const float l0 = v - (float)p0 * step, l1 = step - l0;
          const float za = (float)z / sin_a;
          const float q0 = za + l0 * cos_a, q1 = za - l1 * cos_a;
          const float f0 = floorf(q0), f1 = floorf(q1);
          if (f0 >= 0.0f && f1 >= 0.0f && f0 < (float)(n - 1) && f1 < (float)(n - 1)) {
            const long a0 = (long)f0, a1 = (long)f1;
            const float t0 = q0 - (float)a0, t1 = q1 - (float)a1;
            const long other = axis == 0 ? (y < h ? y : h - 1) : (x < w ? x : w - 1);
            float px[4];
            const long along[4] = {a1 + 1, a1, a0 + 1, a0}, plane[4] = {p0 + 1, p0 + 1, p0, p0};
            for (int k = 0; k < 4; k++) {
              const long xx = axis == 0 ? along[k] : other, yy = axis == 0 ? other : along[k];
              px[k] = (float)ref_get(in, (size_t)((plane[k] * h + yy) * w + xx));
            }
            const float s1 = l0 * t1 * px[0], s2 = l0 * (1.0f - t1) * px[1];
            const float s3 = l1 * t0 * px[2], s4 = l1 * (1.0f - t0) * px[3];
            value = (s1 + s2 + s3 + s4) / step;
          }
        }
        ref_set(out, (size_t)(((long)out->depth - 1 - z) * (long)out->height + y) * out->width + (size_t)x, value);
      }
}

static int deskew(const ref_image *in, ref_image *out, int axis, float angle, float vx, float vy, float vz, float sf)
{
  if (in->depth < 2 || !(angle > 0 && angle <= 90) || !(vx > 0) || !(vy > 0) || !(vz > 0) || !(sf > 0))
    return -1;
  const float step = vz / (axis == 0 ? vx : vy);
  if (sf == 1.0f) {
    deskew_plain(in, out, axis, angle, step);
    return 0;
  }
  /* at scale 1 (the sizes of the creator rule with scale_factor 1), then scaled linearly around the origin */
  const double ratio = (double)vz / (double)(axis == 0 ? vx : vy);
  const size_t along = axis == 0 ? in->width : in->height;
  const double skew = round(fabs(cos(angle * DEG)) * (double)along + ratio * (double)in->depth + 1e-6);
  const double depth = round(fabs(sin(angle * DEG)) * (double)along + 1e-6);
  ref_image plain;
  if (ref_image_alloc(&plain, CLE_FLOAT32, 3, axis == 0 ? (size_t)fmax(skew, 1) : in->width,
                      axis == 0 ? in->height : (size_t)fmax(skew, 1), (size_t)fmax(depth, 1)) != 0)
    return -1;
  deskew_plain(in, &plain, axis, angle, step);
  for (size_t z = 0; z < out->depth; z++)
    for (size_t y = 0; y < out->height; y++)
      for (size_t x = 0; x < out->width; x++) {
        const double p[3] = {(x + 0.5) / sf, (y + 0.5) / sf, (z + 0.5) / sf};
        ref_set(out, (z * out->height + y) * out->width + x, sample(&plain, p, true));
      }
  ref_image_free(&plain);
  return 0;
}

int ref_op_deskew_x(const ref_image *input_image, ref_image *output_image, float angle, float voxel_size_x,
                    float voxel_size_y, float voxel_size_z, float scale_factor)
{
  return deskew(input_image, output_image, 0, angle, voxel_size_x, voxel_size_y, voxel_size_z, scale_factor);
}

int ref_op_deskew_y(const ref_image *input_image, ref_image *output_image, float angle, float voxel_size_x,
                    float voxel_size_y, float voxel_size_z, float scale_factor)
{
  return deskew(input_image, output_image, 1, angle, voxel_size_x, voxel_size_y, voxel_size_z, scale_factor);
}

/* affine_transform: the caller's matrix (9: (x, y, 1) leaving z alone; 12:
 * the top rows of a 4 x 4; 16: a 4 x 4), its linear part inverted by
 * cofactors in double; with resize the output starts at the transformed
 * corners' low corner and has their rounded extent. */
int ref_op_affine_transform(const ref_image *input_image, ref_image *output_image, const float *transform_matrix,
                            size_t transform_matrix_count, bool interpolate, bool resize)
{
  const ref_image *in = input_image;
  double a[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, t[3] = {0, 0, 0};
  const float *m = transform_matrix;
  if (m && transform_matrix_count == 9) {
    if (m[6] != 0 || m[7] != 0 || m[8] != 1)
      return -1;
    a[0][0] = m[0], a[0][1] = m[1], t[0] = m[2];
    a[1][0] = m[3], a[1][1] = m[4], t[1] = m[5];
  } else if (m && (transform_matrix_count == 12 || transform_matrix_count == 16)) {
    if (transform_matrix_count == 16 && (m[12] != 0 || m[13] != 0 || m[14] != 0 || m[15] != 1))
      return -1;
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++)
        a[r][c] = m[r * 4 + c];
      t[r] = m[r * 4 + 3];
    }
  } else if (m)
    return -1;
  /* inverse of a: the adjugate over the determinant */
  double inv[3][3];
  for (int r = 0; r < 3; r++)
    for (int c = 0; c < 3; c++) {
      const int r1 = (c + 1) % 3, r2 = (c + 2) % 3, c1 = (r + 1) % 3, c2 = (r + 2) % 3;
      inv[r][c] = a[r1][c1] * a[r2][c2] - a[r1][c2] * a[r2][c1];
    }
  const double det = a[0][0] * inv[0][0] + a[0][1] * inv[1][0] + a[0][2] * inv[2][0];
  if (det == 0)
    return -1;
  const double size[3] = {(double)in->width, (double)in->height, (double)in->depth};
  double low[3] = {0, 0, 0};
  size_t n[3] = {in->width, in->height, in->depth};
  if (resize)
    for (int r = 0; r < 3; r++) {
      double lo = INFINITY, hi = -INFINITY;
      for (int corner = 0; corner < 8; corner++) {
        double q = t[r];
        for (int c = 0; c < 3; c++)
          q += a[r][c] * ((corner >> c) & 1 ? size[c] : 0.0);
        lo = fmin(lo, q), hi = fmax(hi, q);
      }
      low[r] = lo;
      const double e = round(hi - lo + 1e-6);
      n[r] = e < 1 ? 1 : (size_t)e;
    }
  const int ndim = n[2] > 1 || in->ndim == 3 ? 3 : n[1] > 1 || in->ndim == 2 ? 2 : 1;
  if (ref_image_alloc(output_image, interpolate ? CLE_FLOAT32 : in->dtype, ndim, n[0], n[1], n[2]) != 0)
    return -1;
  ref_image *out = output_image;
  for (size_t z = 0; z < out->depth; z++)
    for (size_t y = 0; y < out->height; y++)
      for (size_t x = 0; x < out->width; x++) {
        const double q[3] = {x + 0.5 + low[0] - t[0], y + 0.5 + low[1] - t[1], z + 0.5 + low[2] - t[2]};
        double p[3];
        for (int r = 0; r < 3; r++)
          p[r] = (inv[r][0] * q[0] + inv[r][1] * q[1] + inv[r][2] * q[2]) / det;
        ref_set(out, (z * out->height + y) * out->width + x, sample(in, p, interpolate));
      }
  return 0;
}

/* make_isotropic / make_anisotropic: the float32 factors, the output sized
 * round(factor size) (halves up, at least 1) along each axis of size above 1
 * and allocated here (creator impl), then scale's reference with resize. */
static int rescale(const ref_image *in, ref_image *out, float fx, float fy, float fz, bool interpolate)
{
  const float f[3] = {fx, fy, fz};
  const size_t n[3] = {in->width, in->height, in->depth};
  size_t size[3];
  for (int a = 0; a < 3; a++) {
    if (!isfinite(f[a]) || f[a] == 0.0f)
      return -1;
    if (n[a] == 1) {
      size[a] = 1;
      continue;
    }
    const double e = floor(fabs((double)f[a]) * (double)n[a] + 0.5 + 1e-6);
    size[a] = e < 1 ? 1 : (size_t)e;
  }
  if (ref_image_alloc(out, interpolate ? CLE_FLOAT32 : in->dtype, in->ndim, size[0], size[1], size[2]) != 0)
    return -1;
  /* along an axis of size 1 the factor does not matter: scale's reference does not sample it */
  return ref_op_scale(in, out, n[0] == 1 ? 1.0f : fx, n[1] == 1 ? 1.0f : fy, n[2] == 1 ? 1.0f : fz, true, interpolate,
                      true);
}

int ref_op_make_isotropic(const ref_image *input_image, ref_image *output_image, float current_spacing_x,
                          float current_spacing_y, float current_spacing_z, float target_spacing, bool interpolate)
{
  if (!(current_spacing_x > 0 && current_spacing_y > 0 && current_spacing_z > 0) || !isfinite(target_spacing))
    return -1;
  float target = target_spacing;
  if (target <= 0) {
    target = current_spacing_x;
    if (current_spacing_y < target)
      target = current_spacing_y;
    if (current_spacing_z < target)
      target = current_spacing_z;
  }
  return rescale(input_image, output_image, current_spacing_x / target, current_spacing_y / target,
                 current_spacing_z / target, interpolate);
}

int ref_op_make_anisotropic(const ref_image *input_image, ref_image *output_image, float current_spacing,
                            float target_spacing_x, float target_spacing_y, float target_spacing_z, bool interpolate)
{
  const float t[3] = {target_spacing_x, target_spacing_y, target_spacing_z};
  if (!isfinite(current_spacing) || !isfinite(t[0]) || !isfinite(t[1]) || !isfinite(t[2]))
    return -1;
  float current = current_spacing;
  if (current <= 0) { /* the smallest target > 0 */
    current = -1;
    for (int a = 0; a < 3; a++)
      if (t[a] > 0 && (current < 0 || t[a] < current))
        current = t[a];
  }
  float f[3];
  for (int a = 0; a < 3; a++) /* a target <= 0: the axis is left alone */
    f[a] = t[a] > 0 ? current / t[a] : 1.0f;
  return rescale(input_image, output_image, f[0], f[1], f[2], interpolate);
}
