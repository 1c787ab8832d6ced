/* The label-processing ops, naively: label edges, spots, dilation and
 * erosion of labels step by step, Voronoi growth, label removal and the
 * merging of touching labels, each written from its rule in the spec,
 * pixel by pixel in double (exact for every dtype), independently of the
 * kernels. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ref_common.h"

/* ---- helpers ---- */

static size_t at3(const ref_image *img, long x, long y, long z)
{
  return (size_t)((z * (long)img->height + y) * (long)img->width + x);
}

/* The neighbours of a box (all 3^ndim - 1) or a sphere (the faces) step
 * along the axes longer than 1, inside the image (clamped neighbours are
 * the pixel itself or another neighbour, so leaving them out changes no
 * minimum or maximum). Fills off[][3], returns their number. */
static int step_offsets(const ref_image *img, int box, long off[26][3])
{
  const long rx = img->width > 1, ry = img->height > 1, rz = img->depth > 1;
  int n = 0;
  for (long dz = -rz; dz <= rz; dz++)
    for (long dy = -ry; dy <= ry; dy++)
      for (long dx = -rx; dx <= rx; dx++) {
        const long nonzero = (dx != 0) + (dy != 0) + (dz != 0);
        if (nonzero == 0 || (!box && nonzero > 1))
          continue;
        off[n][0] = dx, off[n][1] = dy, off[n][2] = dz;
        n++;
      }
  return n;
}

static int inside(const ref_image *img, long x, long y, long z)
{
  return x >= 0 && y >= 0 && z >= 0 && x < (long)img->width && y < (long)img->height && z < (long)img->depth;
}

/* ---- detect_label_edges ---- */

int ref_op_detect_label_edges(const ref_image *input_image, ref_image *output_image)
{
  const ref_image *in = input_image;
  long off[26][3];
  const int n_off = step_offsets(in, 0, off);
  for (long z = 0; z < (long)in->depth; z++)
    for (long y = 0; y < (long)in->height; y++)
      for (long x = 0; x < (long)in->width; x++) {
        const double c = ref_get(in, at3(in, x, y, z));
        int edge = 0;
        for (int k = 0; k < n_off; k++) {
          long nx = x + off[k][0], ny = y + off[k][1], nz = z + off[k][2];
          if (!inside(in, nx, ny, nz))
            nx = x, ny = y, nz = z; /* clamped: the pixel itself */
          if (ref_get(in, at3(in, nx, ny, nz)) != c)
            edge = 1;
        }
        ref_set(output_image, at3(in, x, y, z), edge);
      }
  return 0;
}

/* ---- label_spots ---- */

int ref_op_label_spots(const ref_image *input_image, ref_image *output_image)
{
  double count = 0;
  for (size_t i = 0; i < ref_image_size(input_image); i++)
    ref_set(output_image, i, ref_get(input_image, i) != 0 ? ++count : 0);
  return 0;
}

/* ---- growth of labels into the background (onlyzero_overwrite_maximum) ---- */

/* One step on v (n pixels of img's shape) into out: a pixel that is 0 takes
 * the largest positive neighbour (box or sphere); returns whether any pixel
 * changed. */
static int grow_step(const ref_image *img, const double *v, double *out, int box)
{
  long off[26][3];
  const int n_off = step_offsets(img, box, off);
  int changed = 0;
  for (long z = 0; z < (long)img->depth; z++)
    for (long y = 0; y < (long)img->height; y++)
      for (long x = 0; x < (long)img->width; x++) {
        const size_t i = at3(img, x, y, z);
        out[i] = v[i];
        if (v[i] != 0)
          continue;
        double found = 0;
        for (int k = 0; k < n_off; k++) {
          const long nx = x + off[k][0], ny = y + off[k][1], nz = z + off[k][2];
          if (inside(img, nx, ny, nz) && v[at3(img, nx, ny, nz)] > found)
            found = v[at3(img, nx, ny, nz)];
        }
        if (found > 0) {
          out[i] = found;
          changed = 1;
        }
      }
  return changed;
}

/* Steps (box only, or box, sphere, ... when alternate) on v until one
 * changes nothing or max_steps (< 0: no limit) ran; the result is in v. */
static int grow(const ref_image *img, double *v, long max_steps, int alternate)
{
  const size_t n = ref_image_size(img);
  double *next = malloc(n * sizeof *next);
  if (!next)
    return -1;
  for (long step = 0; max_steps < 0 || step < max_steps; step++) {
    const int changed = grow_step(img, v, next, alternate ? step % 2 == 0 : 1);
    memcpy(v, next, n * sizeof *v);
    if (!changed)
      break;
  }
  free(next);
  return 0;
}

static double *values_of(const ref_image *img)
{
  const size_t n = ref_image_size(img);
  double *v = malloc((n ? n : 1) * sizeof *v);
  if (v)
    for (size_t i = 0; i < n; i++)
      v[i] = ref_get(img, i);
  return v;
}

/* clij's conversion of a value to uint32 (saturated, toward zero, NaN 0). */
static double to_uint32(double v)
{
  return !(v > 0) ? 0 : v >= 4294967295.0 ? 4294967295.0 : floor(v);
}

int ref_op_dilate_labels(const ref_image *input_image, ref_image *output_image, int radius)
{
  double *v = values_of(input_image);
  if (!v || grow(input_image, v, radius, 1) != 0) {
    free(v);
    return -1;
  }
  for (size_t i = 0; i < ref_image_size(input_image); i++)
    ref_set(output_image, i, v[i]);
  free(v);
  return 0;
}

int ref_op_extend_labeling_via_voronoi(const ref_image *input_image, ref_image *output_image)
{
  double *v = values_of(input_image);
  if (!v)
    return -1;
  for (size_t i = 0; i < ref_image_size(input_image); i++)
    v[i] = to_uint32(v[i]);
  if (grow(input_image, v, -1, 1) != 0) {
    free(v);
    return -1;
  }
  for (size_t i = 0; i < ref_image_size(input_image); i++)
    ref_set(output_image, i, v[i]);
  free(v);
  return 0;
}

int ref_op_masked_voronoi_labeling(const ref_image *input_image, const ref_image *mask, ref_image *output_image)
{
  ref_image labels;
  if (ref_image_like(&labels, input_image, CLE_UINT32) != 0)
    return -1;
  double *v = NULL;
  int rc = ref_op_connected_component_labeling(input_image, &labels, "box");
  if (rc == 0)
    v = values_of(&labels);
  rc = v ? 0 : -1;
  if (rc == 0) {
    for (size_t i = 0; i < ref_image_size(input_image); i++)
      v[i] = ref_get(mask, i) != 0 ? v[i] : -1; /* a barrier */
    rc = grow(input_image, v, -1, 1);
  }
  if (rc == 0)
    for (size_t i = 0; i < ref_image_size(input_image); i++)
      ref_set(output_image, i, v[i] > 0 ? v[i] : 0);
  free(v);
  ref_image_free(&labels);
  return rc;
}

/* ---- erosion of labels ---- */

/* Minimum over the pixel and its in-image box or sphere neighbours (the
 * edge pixel repeated outside is one of them), of v into out. */
static void minimum_step(const ref_image *img, const double *v, double *out, int box)
{
  long off[26][3];
  const int n_off = step_offsets(img, box, off);
  for (long z = 0; z < (long)img->depth; z++)
    for (long y = 0; y < (long)img->height; y++)
      for (long x = 0; x < (long)img->width; x++) {
        const size_t i = at3(img, x, y, z);
        double m = v[i];
        for (int k = 0; k < n_off; k++) {
          const long nx = x + off[k][0], ny = y + off[k][1], nz = z + off[k][2];
          if (inside(img, nx, ny, nz) && v[at3(img, nx, ny, nz)] < m)
            m = v[at3(img, nx, ny, nz)];
        }
        out[i] = m;
      }
}

/* steps minimum steps, sphere first, then box, sphere, ... on v in place. */
static int erode_steps(const ref_image *img, double *v, long steps)
{
  const size_t n = ref_image_size(img);
  double *next = malloc(n * sizeof *next);
  if (!next)
    return -1;
  for (long s = 0; s < steps; s++) {
    minimum_step(img, v, next, s % 2 != 0);
    memcpy(v, next, n * sizeof *v);
  }
  free(next);
  return 0;
}

static int copy_labels(const ref_image *in, ref_image *out)
{
  for (size_t i = 0; i < ref_image_size(in); i++)
    ref_set(out, i, ref_get(in, i));
  return 0;
}

int ref_op_erode_labels(const ref_image *input_image, ref_image *output_image, int radius, bool relabel)
{
  if (radius <= 0)
    return copy_labels(input_image, output_image);
  const size_t n = ref_image_size(input_image);
  ref_image edges, work;
  if (ref_image_like(&edges, input_image, CLE_UINT8) != 0)
    return -1;
  if (ref_image_like(&work, input_image, relabel ? CLE_UINT8 : input_image->dtype) != 0) {
    ref_image_free(&edges);
    return -1;
  }
  double *v = values_of(input_image);
  int rc = v ? ref_op_detect_label_edges(input_image, &edges) : -1;
  if (rc == 0) {
    for (size_t i = 0; i < n; i++)
      if (ref_get(&edges, i) != 0)
        v[i] = 0;
    rc = erode_steps(input_image, v, (long)radius - 1);
  }
  if (rc == 0) {
    for (size_t i = 0; i < n; i++)
      ref_set(&work, i, relabel ? v[i] != 0 : v[i]);
    rc = relabel ? ref_op_connected_component_labeling(&work, output_image, "sphere")
                 : ref_op_relabel_sequential(&work, output_image, 4096);
  }
  free(v);
  ref_image_free(&edges);
  ref_image_free(&work);
  return rc;
}

int ref_op_closing_labels(const ref_image *input_image, ref_image *output_image, int radius)
{
  if (radius <= 0)
    return copy_labels(input_image, output_image);
  const size_t n = ref_image_size(input_image);
  ref_image dilated;
  if (ref_image_like(&dilated, input_image, CLE_UINT32) != 0)
    return -1;
  int rc = ref_op_dilate_labels(input_image, &dilated, radius);
  double *fg = rc == 0 ? values_of(&dilated) : NULL;
  rc = fg ? 0 : -1;
  if (rc == 0) {
    for (size_t i = 0; i < n; i++)
      fg[i] = fg[i] > 0;
    rc = erode_steps(input_image, fg, radius); /* minimum of 0/1: the binary erosion */
  }
  if (rc == 0)
    for (size_t i = 0; i < n; i++)
      ref_set(output_image, i, fg[i] != 0 ? ref_get(&dilated, i) : 0);
  free(fg);
  ref_image_free(&dilated);
  return rc;
}

int ref_op_erode_connected_labels(const ref_image *input_image, ref_image *output_image, int radius)
{
  if (radius < 1)
    return copy_labels(input_image, output_image);
  const size_t n = ref_image_size(input_image);
  ref_image fg, eroded, kept;
  int rc = ref_image_like(&fg, input_image, CLE_UINT8);
  if (rc == 0 && ref_image_like(&eroded, input_image, CLE_UINT32) != 0) {
    ref_image_free(&fg);
    rc = -1;
  }
  if (rc == 0 && ref_image_like(&kept, input_image, input_image->dtype) != 0) {
    ref_image_free(&fg);
    ref_image_free(&eroded);
    rc = -1;
  }
  if (rc != 0)
    return -1;
  for (size_t i = 0; i < n; i++)
    ref_set(&fg, i, ref_get(input_image, i) > 0);
  rc = ref_op_erode_labels(&fg, &eroded, radius, false);
  if (rc == 0) {
    for (size_t i = 0; i < n; i++)
      ref_set(&kept, i, ref_get(&eroded, i) != 0 ? ref_get(input_image, i) : 0);
    rc = ref_op_relabel_sequential(&kept, output_image, 4096);
  }
  ref_image_free(&fg);
  ref_image_free(&eroded);
  ref_image_free(&kept);
  return rc;
}

/* ---- removal and renumbering of labels ---- */

/* A pixel's label: the value rounded toward zero, 0 for background,
 * negative values and NaN, at most 2^32 - 1. */
static double label_of(double v)
{
  return !(v >= 1) ? 0 : v >= 4294967295.0 ? 4294967295.0 : floor(v);
}

/* remove_labels' rule with flags[0..n): flagged labels 0, the others
 * numbered in order, larger labels shifted down by the number flagged. */
static int apply_removal(const ref_image *in, ref_image *out, const int *flags, size_t n)
{
  double *table = malloc((n ? n : 1) * sizeof *table);
  if (!table)
    return -1;
  double kept = 0, removed = 0;
  for (size_t l = 0; l < n; l++) {
    table[l] = l == 0 || flags[l] ? 0 : ++kept;
    removed += l > 0 && flags[l];
  }
  for (size_t i = 0; i < ref_image_size(in); i++) {
    const double l = label_of(ref_get(in, i));
    ref_set(out, i, l == 0 ? 0 : l < (double)n ? table[(size_t)l] : l - removed);
  }
  free(table);
  return 0;
}

int ref_op_remove_labels(const ref_image *input_image, const ref_image *list, ref_image *output_image)
{
  const size_t n = ref_image_size(list);
  int *flags = malloc(n * sizeof *flags);
  if (!flags)
    return -1;
  for (size_t l = 0; l < n; l++)
    flags[l] = ref_get(list, l) != 0;
  const int rc = apply_removal(input_image, output_image, flags, n);
  free(flags);
  return rc;
}

/* Larger label tables than this are beyond what a reference test needs. */
#define REF_LABELS_MAX_LABEL (1 << 24)

static int largest_label(const ref_image *img, size_t *largest)
{
  double m = 0;
  for (size_t i = 0; i < ref_image_size(img); i++)
    if (label_of(ref_get(img, i)) > m)
      m = label_of(ref_get(img, i));
  if (m > REF_LABELS_MAX_LABEL)
    return -1;
  *largest = (size_t)m;
  return 0;
}

int ref_op_remove_labels_on_edges(const ref_image *input_image, ref_image *output_image, bool exclude_x, bool exclude_y,
                                  bool exclude_z)
{
  const ref_image *in = input_image;
  size_t largest;
  if (largest_label(in, &largest) != 0)
    return -1;
  int *flags = calloc(largest + 1, sizeof *flags);
  if (!flags)
    return -1;
  for (long z = 0; z < (long)in->depth; z++)
    for (long y = 0; y < (long)in->height; y++)
      for (long x = 0; x < (long)in->width; x++) {
        const int on_x = exclude_x && in->width > 1 && (x == 0 || x == (long)in->width - 1);
        const int on_y = exclude_y && in->height > 1 && (y == 0 || y == (long)in->height - 1);
        const int on_z = exclude_z && in->depth > 1 && (z == 0 || z == (long)in->depth - 1);
        if (on_x || on_y || on_z)
          flags[(size_t)label_of(ref_get(in, at3(in, x, y, z)))] = 1;
      }
  const int rc = apply_removal(in, output_image, flags, largest + 1);
  free(flags);
  return rc;
}

/* merge_touching_labels as clEsperanto computes it, round by round: the
 * touch matrix of the labels (face neighbours), each label mapped to its
 * largest touching label (itself included), the mapped values 0..M ranked
 * (relabel_sequential of the vector), until no two labels touch. */
int ref_op_merge_touching_labels(const ref_image *input_image, ref_image *output_image)
{
  const ref_image *in = input_image;
  const size_t n = ref_image_size(in);
  size_t largest;
  if (largest_label(in, &largest) != 0 || largest > 4096)
    return -1;
  double *v = malloc((n ? n : 1) * sizeof *v);
  if (!v)
    return -1;
  for (size_t i = 0; i < n; i++)
    v[i] = label_of(ref_get(in, i));
  int rc = 0;
  for (;;) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
      if (v[i] > (double)m)
        m = (size_t)v[i];
    unsigned char *touch = calloc((m + 1) * (m + 1), 1);
    double *to = malloc((m + 1) * sizeof *to);
    double *rank = calloc(m + 1, sizeof *rank);
    if (!touch || !to || !rank) {
      free(touch), free(to), free(rank);
      rc = -1;
      break;
    }
    int any = 0;
    for (long z = 0; z < (long)in->depth; z++)
      for (long y = 0; y < (long)in->height; y++)
        for (long x = 0; x < (long)in->width; x++) {
          const size_t a = (size_t)v[at3(in, x, y, z)];
          const long next[3][3] = {{x + 1, y, z}, {x, y + 1, z}, {x, y, z + 1}};
          for (int k = 0; k < 3; k++) {
            if (!inside(in, next[k][0], next[k][1], next[k][2]))
              continue;
            const size_t b = (size_t)v[at3(in, next[k][0], next[k][1], next[k][2])];
            if (a && b && a != b) {
              touch[a * (m + 1) + b] = touch[b * (m + 1) + a] = 1;
              any = 1;
            }
          }
        }
    if (any) {
      for (size_t a = 0; a <= m; a++) {
        to[a] = (double)a;
        for (size_t b = 0; b <= m; b++)
          if (a && touch[a * (m + 1) + b] && (double)b > to[a])
            to[a] = (double)b;
      }
      for (size_t a = 1; a <= m; a++)
        rank[(size_t)to[a]] = 1; /* the values present in the vector */
      double count = 0;
      for (size_t w = 1; w <= m; w++)
        rank[w] = rank[w] ? ++count : 0;
      for (size_t i = 0; i < n; i++)
        v[i] = rank[(size_t)to[(size_t)v[i]]];
    }
    free(touch), free(to), free(rank);
    if (!any)
      break;
  }
  if (rc == 0)
    for (size_t i = 0; i < n; i++)
      ref_set(output_image, i, v[i]);
  free(v);
  return rc;
}
