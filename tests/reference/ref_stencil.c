/* The stencil ops, naively: numpy.gradient's differences, clij's Sobel
 * kernels built as explicit 3 x 3 x 3 weight tables, Laplace as n times the
 * pixel minus its neighbours, binary edges, and local extrema of a mean
 * filter (ref_neighbourhood.c's mean, via ref_op_mean_filter). */
#include <math.h>
#include <string.h>

#include "ref_common.h"

typedef struct {
  const ref_image *img;
  long w, h, d;
} grid;

static grid grid_of(const ref_image *img)
{
  return (grid){img, (long)img->width, (long)img->height, (long)img->depth};
}

static long clampl(long v, long n)
{
  return v < 0 ? 0 : v >= n ? n - 1 : v;
}

/* the pixel at (x, y, z), clamped into the image, as float */
static float at(const grid *g, long x, long y, long z)
{
  return (float)ref_get(g->img, (size_t)((clampl(z, g->d) * g->h + clampl(y, g->h)) * g->w + clampl(x, g->w)));
}

static int gradient(const ref_image *src, ref_image *out, int axis)
{
  const grid g = grid_of(src);
  const long n = axis == 0 ? g.w : axis == 1 ? g.h : g.d;
  for (long z = 0; z < g.d; z++)
    for (long y = 0; y < g.h; y++)
      for (long x = 0; x < g.w; x++) {
        const long i = axis == 0 ? x : axis == 1 ? y : z;
        const long ax = axis == 0, ay = axis == 1, az = axis == 2;
        float v = 0.0f;
        if (n > 1 && i == 0)
          v = at(&g, x + ax, y + ay, z + az) - at(&g, x, y, z);
        else if (n > 1 && i == n - 1)
          v = at(&g, x, y, z) - at(&g, x - ax, y - ay, z - az);
        else if (n > 1)
          v = (at(&g, x + ax, y + ay, z + az) - at(&g, x - ax, y - ay, z - az)) / 2.0f;
        ref_set(out, (size_t)((z * g.h + y) * g.w + x), v);
      }
  return 0;
}

int ref_op_gradient_x(const ref_image *input_image, ref_image *output_image)
{
  return gradient(input_image, output_image, 0);
}

int ref_op_gradient_y(const ref_image *input_image, ref_image *output_image)
{
  return gradient(input_image, output_image, 1);
}

int ref_op_gradient_z(const ref_image *input_image, ref_image *output_image)
{
  return gradient(input_image, output_image, 2);
}

int ref_op_sobel(const ref_image *input_image, ref_image *output_image)
{
  static const float smooth[3] = {1, 2, 1}, derive[3] = {1, 0, -1}; /* at offsets -1, 0, 1 */
  const grid g = grid_of(input_image);
  const int r[3] = {g.w > 1, g.h > 1, g.d > 1};
  for (long z = 0; z < g.d; z++)
    for (long y = 0; y < g.h; y++)
      for (long x = 0; x < g.w; x++) {
        float sum[3] = {0, 0, 0};
        for (int k = -r[2]; k <= r[2]; k++)
          for (int n = -r[1]; n <= r[1]; n++)
            for (int m = -r[0]; m <= r[0]; m++) {
              const float v = at(&g, x + m, y + n, z + k);
              const float sx = r[0] ? smooth[m + 1] : 1, sy = r[1] ? smooth[n + 1] : 1, sz = r[2] ? smooth[k + 1] : 1;
              sum[0] += derive[m + 1] * sy * sz * v;
              sum[1] += sx * derive[n + 1] * sz * v;
              sum[2] += sx * sy * derive[k + 1] * v;
            }
        ref_set(output_image, (size_t)((z * g.h + y) * g.w + x),
                sqrtf(sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]));
      }
  return 0;
}

int ref_op_laplace(const ref_image *input_image, ref_image *output_image, const char *connectivity)
{
  const bool faces = !strcmp(connectivity, "sphere");
  const grid g = grid_of(input_image);
  const int r[3] = {g.w > 1, g.h > 1, g.d > 1};
  for (long z = 0; z < g.d; z++)
    for (long y = 0; y < g.h; y++)
      for (long x = 0; x < g.w; x++) {
        float sum = 0.0f;
        int count = 0;
        for (int k = -r[2]; k <= r[2]; k++)
          for (int n = -r[1]; n <= r[1]; n++)
            for (int m = -r[0]; m <= r[0]; m++) {
              const int dist = m * m + n * n + k * k;
              if (dist && (!faces || dist == 1)) {
                sum += at(&g, x + m, y + n, z + k);
                count++;
              }
            }
        ref_set(output_image, (size_t)((z * g.h + y) * g.w + x), (float)count * at(&g, x, y, z) - sum);
      }
  return 0;
}

int ref_op_binary_edge_detection(const ref_image *input_image, ref_image *output_image)
{
  const grid g = grid_of(input_image);
  for (long z = 0; z < g.d; z++)
    for (long y = 0; y < g.h; y++)
      for (long x = 0; x < g.w; x++) {
        int edge = 0;
        if (at(&g, x, y, z) != 0)
          edge = at(&g, x + 1, y, z) == 0 || at(&g, x - 1, y, z) == 0 || at(&g, x, y + 1, z) == 0 ||
                 at(&g, x, y - 1, z) == 0 || at(&g, x, y, z + 1) == 0 || at(&g, x, y, z - 1) == 0;
        ref_set(output_image, (size_t)((z * g.h + y) * g.w + x), edge);
      }
  return 0;
}

static int extrema(const ref_image *src, ref_image *out, float rx, float ry, float rz, const char *connectivity,
                   int maxima)
{
  ref_image smooth = {0};
  if (ref_image_like(&smooth, src, src->dtype) || ref_op_mean_filter(src, &smooth, rx, ry, rz, connectivity)) {
    ref_image_free(&smooth);
    return -1;
  }
  const grid g = grid_of(&smooth);
  for (long z = 0; z < g.d; z++)
    for (long y = 0; y < g.h; y++)
      for (long x = 0; x < g.w; x++) {
        const float c = at(&g, x, y, z);
        int extreme = !isnan(c);
        for (long k = z - 1; k <= z + 1; k++)
          for (long n = y - 1; n <= y + 1; n++)
            for (long m = x - 1; m <= x + 1; m++) {
              if ((k == z && n == y && m == x) || k < 0 || k >= g.d || n < 0 || n >= g.h || m < 0 || m >= g.w)
                continue;
              const float v = at(&g, m, n, k);
              if (!isnan(v) && (maxima ? v >= c : v <= c))
                extreme = 0;
            }
        ref_set(out, (size_t)((z * g.h + y) * g.w + x), extreme);
      }
  ref_image_free(&smooth);
  return 0;
}

int ref_op_detect_maxima(const ref_image *input_image, ref_image *output_image, float radius_x, float radius_y,
                         float radius_z, const char *connectivity)
{
  return extrema(input_image, output_image, radius_x, radius_y, radius_z, connectivity, 1);
}

int ref_op_detect_minima(const ref_image *input_image, ref_image *output_image, float radius_x, float radius_y,
                         float radius_z, const char *connectivity)
{
  return extrema(input_image, output_image, radius_x, radius_y, radius_z, connectivity, 0);
}

void ref_symmetric_eigenvalues3(double a[3][3], double out[3])
{
  for (int sweep = 0; sweep < 50; sweep++) {
    const double off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2];
    if (off < 1e-30)
      break;
    for (int p = 0; p < 2; p++)
      for (int q = p + 1; q < 3; q++) {
        if (a[p][q] == 0)
          continue;
        const double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const double t = (theta >= 0 ? 1 : -1) / (fabs(theta) + sqrt(theta * theta + 1));
        const double c = 1 / sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < 3; k++) { /* columns p, q */
          const double akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < 3; k++) { /* rows p, q */
          const double apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
      }
  }
  double e[3] = {a[0][0], a[1][1], a[2][2]};
  for (int i = 0; i < 3; i++)
    for (int j = i + 1; j < 3; j++)
      if (e[j] < e[i]) {
        const double t = e[i];
        e[i] = e[j];
        e[j] = t;
      }
  out[0] = e[0], out[1] = e[1], out[2] = e[2];
}

/* The finite-difference Hessian (clamped reads) and its eigenvalues: the smallest into eig[0], the middle
 * (3D only) into eig[1], the largest into eig[2]; each may be NULL. */
static int hessian_eigenvalues(const ref_image *src, ref_image *const *eig)
{
  const grid g = grid_of(src);
  for (long z = 0; z < g.d; z++)
    for (long y = 0; y < g.h; y++)
      for (long x = 0; x < g.w; x++) {
        const double c = at(&g, x, y, z);
        const double xx = at(&g, x + 1, y, z) - 2 * c + at(&g, x - 1, y, z);
        const double yy = at(&g, x, y + 1, z) - 2 * c + at(&g, x, y - 1, z);
        const double xy = ((double)at(&g, x + 1, y + 1, z) - at(&g, x + 1, y - 1, z) - at(&g, x - 1, y + 1, z) +
                           at(&g, x - 1, y - 1, z)) /
                          4;
        double e[3];
        if (g.d == 1) {
          const double r = sqrt((xx - yy) * (xx - yy) / 4 + xy * xy);
          e[0] = (xx + yy) / 2 - r;
          e[2] = (xx + yy) / 2 + r;
        } else {
          const double zz = at(&g, x, y, z + 1) - 2 * c + at(&g, x, y, z - 1);
          const double xz = ((double)at(&g, x + 1, y, z + 1) - at(&g, x + 1, y, z - 1) - at(&g, x - 1, y, z + 1) +
                             at(&g, x - 1, y, z - 1)) /
                            4;
          const double yz = ((double)at(&g, x, y + 1, z + 1) - at(&g, x, y + 1, z - 1) - at(&g, x, y - 1, z + 1) +
                             at(&g, x, y - 1, z - 1)) /
                            4;
          double m[3][3] = {{xx, xy, xz}, {xy, yy, yz}, {xz, yz, zz}};
          ref_symmetric_eigenvalues3(m, e);
        }
        for (int k = 0; k < 3; k++)
          if (eig[k] && (k != 1 || g.d > 1))
            ref_set(eig[k], (size_t)((z * g.h + y) * g.w + x), e[k]);
      }
  return 0;
}

int ref_op_small_hessian_eigenvalue(const ref_image *input_image, ref_image *output_image)
{
  ref_image *const eig[3] = {output_image, NULL, NULL};
  return hessian_eigenvalues(input_image, eig);
}

int ref_op_large_hessian_eigenvalue(const ref_image *input_image, ref_image *output_image)
{
  ref_image *const eig[3] = {NULL, NULL, output_image};
  return hessian_eigenvalues(input_image, eig);
}

int ref_op_hessian_eigenvalues(const ref_image *input_image, ref_image *small_eigenvalue, ref_image *middle_eigenvalue,
                               ref_image *large_eigenvalue)
{
  ref_image *const eig[3] = {small_eigenvalue, middle_eigenvalue, large_eigenvalue};
  return hessian_eigenvalues(input_image, eig);
}

/* clij's structuring elements through a pixel: in 2D the 4 lines of 3
 * pixels (horizontal, vertical, both diagonals), in 3D the 9 planes of 3 x 3
 * pixels spanned by (u, v): the 3 axis planes and the 6 diagonal ones. */
static const int lines2d[4][3] = {{1, 0, 0}, {0, 1, 0}, {1, 1, 0}, {-1, 1, 0}};
static const int planes3d[9][2][3] = {{{1, 0, 0}, {0, 1, 0}},  {{1, 0, 0}, {0, 0, 1}},  {{0, 1, 0}, {0, 0, 1}},
                                      {{1, 0, 0}, {0, 1, 1}},  {{0, 1, -1}, {1, 0, 0}}, {{1, 0, 1}, {0, 1, 0}},
                                      {{1, 0, -1}, {0, 1, 0}}, {{1, 1, 0}, {0, 0, 1}},  {{1, -1, 0}, {0, 0, 1}}};

/* nonzero and inside the image */
static int set_at(const grid *g, long x, long y, long z)
{
  return x >= 0 && x < g->w && y >= 0 && y < g->h && z >= 0 && z < g->d &&
         ref_get(g->img, (size_t)((z * g->h + y) * g->w + x)) != 0;
}

/* infsup: 1 where the pixel is set or every element holds a set pixel; supinf: 1 where the
 * pixel is set and some element is set throughout. */
static int inf_sup(const ref_image *src, ref_image *out, int infsup)
{
  const grid g = grid_of(src);
  const int n = g.d > 1 ? 9 : 4;
  for (long z = 0; z < g.d; z++)
    for (long y = 0; y < g.h; y++)
      for (long x = 0; x < g.w; x++) {
        const int set = set_at(&g, x, y, z);
        int every_hit = 1, some_full = 0;
        for (int e = 0; e < n; e++) {
          int hits = 0, count = 0;
          for (int a = -1; a <= 1; a++)
            for (int b = -1; b <= 1; b++) {
              if (g.d == 1 && b != 0)
                continue;
              const int *u = g.d > 1 ? planes3d[e][0] : lines2d[e], *v = planes3d[e][1];
              const long dx = a * u[0] + (g.d > 1 ? b * v[0] : 0), dy = a * u[1] + (g.d > 1 ? b * v[1] : 0),
                         dz = a * u[2] + (g.d > 1 ? b * v[2] : 0);
              hits += set_at(&g, x + dx, y + dy, z + dz);
              count++;
            }
          every_hit &= hits > 0;
          some_full |= hits == count;
        }
        ref_set(out, (size_t)((z * g.h + y) * g.w + x), infsup ? set || every_hit : set && some_full);
      }
  return 0;
}

int ref_op_binary_infsup(const ref_image *input_image, ref_image *output_image)
{
  return inf_sup(input_image, output_image, 1);
}

int ref_op_binary_supinf(const ref_image *input_image, ref_image *output_image)
{
  return inf_sup(input_image, output_image, 0);
}
