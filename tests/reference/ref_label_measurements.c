/* CPU references for the label measurements that are not maps: centroids,
 * reduction to centroids, map values per label, the Jaccard index, the
 * overlap and touch matrices, neighbour counts, and the label filters (by
 * size, by map value). Naive loops over all pixels in double; -1 where the
 * op refuses (a pixel that is no label, shapes that differ). */
#include <math.h>
#include <stdlib.h>
#include "ref_common.h"

static int same_size(const ref_image *a, const ref_image *b)
{
  return a->width == b->width && a->height == b->height && a->depth == b->depth;
}

/* Pixel counts of labels 0..*n-1 (*n = largest + 1) into a new array; NULL if no labels. */
static double *label_counts(const ref_image *labels, size_t *n)
{
  const double largest = ref_max_label(labels);
  if (isnan(largest) || largest > (1 << 24))
    return NULL;
  *n = (size_t)largest + 1;
  double *count = calloc(*n, sizeof *count);
  if (count)
    for (size_t i = 0; i < ref_image_size(labels); i++)
      count[(size_t)ref_get(labels, i)] += 1;
  return count;
}

/* Mean x, y, z of every label's pixels (NaN without pixels). */
static int centroids(const ref_image *labels, size_t *n, double **cx, double **cy, double **cz, double **count)
{
  *count = label_counts(labels, n);
  if (!*count)
    return -1;
  *cx = calloc(*n, sizeof **cx);
  *cy = calloc(*n, sizeof **cy);
  *cz = calloc(*n, sizeof **cz);
  if (!*cx || !*cy || !*cz) {
    free(*cx), free(*cy), free(*cz), free(*count);
    return -1;
  }
  for (size_t i = 0; i < ref_image_size(labels); i++) {
    const size_t l = (size_t)ref_get(labels, i);
    (*cx)[l] += (double)(i % labels->width);
    (*cy)[l] += (double)(i / labels->width % labels->height);
    (*cz)[l] += (double)(i / labels->width / labels->height);
  }
  for (size_t l = 0; l < *n; l++) {
    (*cx)[l] /= (*count)[l];
    (*cy)[l] /= (*count)[l];
    (*cz)[l] /= (*count)[l];
  }
  return 0;
}

int ref_op_centroids_of_labels(const ref_image *label_image, ref_image *centroids_coordinates, bool include_background)
{
  size_t n;
  double *cx, *cy, *cz, *count;
  if (centroids(label_image, &n, &cx, &cy, &cz, &count) != 0)
    return -1;
  const size_t first = include_background ? 0 : 1, columns = centroids_coordinates->width;
  for (size_t k = 0; k < columns; k++) {
    const size_t l = first + k;
    const int present = l < n && count[l] > 0; /* else 0, 0, 0 */
    ref_set(centroids_coordinates, k, present ? (float)cx[l] : 0);
    ref_set(centroids_coordinates, columns + k, present ? (float)cy[l] : 0);
    ref_set(centroids_coordinates, 2 * columns + k, present ? (float)cz[l] : 0);
  }
  free(cx), free(cy), free(cz), free(count);
  return 0;
}

int ref_op_reduce_labels_to_centroids(const ref_image *input_image, ref_image *output_image)
{
  size_t n;
  double *cx, *cy, *cz, *count;
  if (centroids(input_image, &n, &cx, &cy, &cz, &count) != 0)
    return -1;
  /* labels in increasing order: on a shared pixel the largest stays */
  for (size_t l = 1; l < n; l++)
    if (count[l] > 0) {
      const size_t x = (size_t)floor(cx[l]), y = (size_t)floor(cy[l]), z = (size_t)floor(cz[l]);
      ref_set(output_image, (z * input_image->height + y) * input_image->width + x, (double)l);
    }
  free(cx), free(cy), free(cz), free(count);
  return 0;
}

int ref_op_read_map_values(const ref_image *map, const ref_image *label, ref_image *output_image)
{
  if (!same_size(map, label) || isnan(ref_max_label(label)))
    return -1;
  /* the last pixel of each label wins */
  for (size_t i = 0; i < ref_image_size(label); i++)
    ref_set(output_image, (size_t)ref_get(label, i), (float)ref_get(map, i));
  return 0;
}

int ref_op_jaccard_index(const ref_image *input_image0, const ref_image *input_image1, double *result)
{
  if (!same_size(input_image0, input_image1))
    return -1;
  double both = 0, either = 0;
  for (size_t i = 0; i < ref_image_size(input_image0); i++) {
    const int a = ref_get(input_image0, i) != 0, b = ref_get(input_image1, i) != 0;
    both += a && b;
    either += a || b;
  }
  *result = both / either; /* 0 / 0: NaN */
  return 0;
}

int ref_op_generate_binary_overlap_matrix(const ref_image *input_image0, const ref_image *input_image1,
                                          ref_image *output_image)
{
  if (!same_size(input_image0, input_image1))
    return -1;
  for (size_t i = 0; i < ref_image_size(input_image0); i++) {
    const size_t a = (size_t)ref_get(input_image0, i), b = (size_t)ref_get(input_image1, i);
    ref_set(output_image, b * output_image->width + a, 1);
  }
  return 0;
}

int ref_op_generate_touch_matrix(const ref_image *input_image, ref_image *output_image_matrix)
{
  const size_t w = input_image->width, h = input_image->height, d = input_image->depth;
  const size_t n = output_image_matrix->width;
  /* every pixel against its 6 face neighbours (both directions: symmetric by construction) */
  for (size_t z = 0; z < d; z++)
    for (size_t y = 0; y < h; y++)
      for (size_t x = 0; x < w; x++) {
        const size_t a = (size_t)ref_get(input_image, (z * h + y) * w + x);
        const long off[6][3] = {{-1, 0, 0}, {1, 0, 0}, {0, -1, 0}, {0, 1, 0}, {0, 0, -1}, {0, 0, 1}};
        for (int k = 0; k < 6; k++) {
          const long nx = (long)x + off[k][0], ny = (long)y + off[k][1], nz = (long)z + off[k][2];
          if (nx < 0 || ny < 0 || nz < 0 || nx >= (long)w || ny >= (long)h || nz >= (long)d)
            continue;
          const size_t b = (size_t)ref_get(input_image, ((size_t)nz * h + (size_t)ny) * w + (size_t)nx);
          if (a != b)
            ref_set(output_image_matrix, b * n + a, 1);
        }
      }
  return 0;
}

int ref_op_count_touching_neighbors(const ref_image *touch_matrix, ref_image *touching_neighbors_count_destination,
                                    bool ignore_background)
{
  const size_t w = touch_matrix->width, rows = touch_matrix->height * touch_matrix->depth;
  for (size_t x = 0; x < w; x++) {
    double count = 0;
    for (size_t y = 0; y < rows; y++) {
      if (ignore_background && (x == 0 || y == 0 || x == y))
        continue;
      count += ref_get(touch_matrix, y * w + x) > 0;
    }
    ref_set(touching_neighbors_count_destination, x, count);
  }
  return 0;
}

/* Remove the labels l with keep(l) false, renumber the rest by the number
 * of kept values in 1..l (pyclesperanto's numbering); labels from n_keep on
 * are kept. */
static int remove_labels(const ref_image *labels, const unsigned char *keep, size_t n_keep, ref_image *out)
{
  const double largest = ref_max_label(labels);
  if (isnan(largest) || largest > (1 << 24))
    return -1;
  const size_t n = (size_t)largest + 1;
  double *lut = calloc(n, sizeof *lut);
  if (!lut)
    return -1;
  double next = 0;
  for (size_t l = 1; l < n; l++)
    lut[l] = (l >= n_keep || keep[l]) ? ++next : 0;
  for (size_t i = 0; i < ref_image_size(labels); i++)
    ref_set(out, i, lut[(size_t)ref_get(labels, i)]);
  free(lut);
  return 0;
}

int ref_op_filter_label_by_size(const ref_image *input_image, ref_image *output_image, float minimum_size,
                                float maximum_size)
{
  size_t n;
  double *count = label_counts(input_image, &n);
  unsigned char *keep = count ? malloc(n) : NULL;
  int rc = -1;
  if (keep) {
    for (size_t l = 0; l < n; l++)
      keep[l] = !((float)count[l] < minimum_size || (float)count[l] > maximum_size);
    rc = remove_labels(input_image, keep, n, output_image);
  }
  free(keep);
  free(count);
  return rc;
}

static int remove_by_values(const ref_image *input_image, const ref_image *values, ref_image *output_image,
                            float min_value, float max_value, int within)
{
  const size_t n = ref_image_size(values);
  unsigned char *keep = malloc(n);
  if (!keep)
    return -1;
  for (size_t l = 0; l < n; l++) {
    const float v = (float)ref_get(values, l);
    const int inside = v >= min_value && v <= max_value, outside = v < min_value || v > max_value;
    keep[l] = within ? !inside : !outside;
  }
  const int rc = remove_labels(input_image, keep, n, output_image);
  free(keep);
  return rc;
}

int ref_op_remove_labels_with_map_values_out_of_range(const ref_image *input_image, const ref_image *values,
                                                      ref_image *output_image, float min_value, float max_value)
{
  return remove_by_values(input_image, values, output_image, min_value, max_value, 0);
}

int ref_op_remove_labels_with_map_values_within_range(const ref_image *input_image, const ref_image *values,
                                                      ref_image *output_image, float min_value, float max_value)
{
  return remove_by_values(input_image, values, output_image, min_value, max_value, 1);
}
