/* merge_touching_labels: union-find over the labels (runtime/ops/
 * merge_touching_labels.c). parent[] is a forest over label values 0..M:
 * parent[l] = l at first; two labels whose pixels are face neighbours are
 * united, the larger root hung under the smaller one (lock-free, as
 * connected_component_labeling's unions: atomic_min links, retried when
 * another link won), and present[l] = 1 for every label with a pixel.
 *
 * A pixel's label is its value rounded toward zero; 0, negative values and
 * NaN are background. */

#define LABEL_IS_FLOAT(T) ((T)0.5f != (T)0)

inline long label_of_float(float v)
{
  return v >= 1.0f ? (v < 4294967296.0f ? (long)v : 4294967295L) : 0L; /* NaN fails v >= 1 */
}

#define LABEL_OF(T, v) (LABEL_IS_FLOAT(T) ? label_of_float((float)(v)) : (long)(v))

inline int merge_find(volatile __global int *forest, int node)
{
  for (;;) {
    const int up = forest[node];
    if (up == node)
      return node;
    const int upup = forest[up];
    if (upup == up)
      return up;
    atomic_min(&forest[node], upup); /* path halving: only ever lowers a parent, within the set */
    node = upup;
  }
}

inline void merge_union(volatile __global int *forest, int a, int b)
{
  for (;;) {
    a = merge_find(forest, a);
    b = merge_find(forest, b);
    if (a == b)
      return;
    if (a < b) {
      const int t = a;
      a = b;
      b = t;
    }
    const int old = atomic_min(&forest[a], b);
    if (old == a)
      return;
    a = old;
  }
}

__kernel void merge_touching_init(__global int *parent, int n)
{
  if (get_global_id(0) >= (size_t)n)
    return;
  const int l = (int)get_global_id(0);
  parent[l] = l;
}

/* One work-item per pixel: its label is present, and united with the
 * labels of its next neighbours along x, y and z (each pair of face
 * neighbours once). */
#ifdef IMAGE_src_TYPE
__kernel void merge_touching_union(IMAGE_src_TYPE src, __global int *parent, __global uchar *present)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  const int w = GET_IMAGE_WIDTH(src), h = GET_IMAGE_HEIGHT(src), d = GET_IMAGE_DEPTH(src);
  if (x >= w || y >= h || z >= d)
    return;
  const long i = ((long)z * h + y) * w + x;
  const long label = LABEL_OF(IMAGE_src_PIXEL_TYPE, src[i]);
  if (label <= 0)
    return;
  present[label] = 1;
  const long next[3] = {x + 1 < w ? i + 1 : -1, y + 1 < h ? i + w : -1, z + 1 < d ? i + (long)w * h : -1};
  for (int k = 0; k < 3; k++) {
    if (next[k] < 0)
      continue;
    const long other = LABEL_OF(IMAGE_src_PIXEL_TYPE, src[next[k]]);
    if (other > 0 && other != label)
      merge_union(parent, (int)label, (int)other);
  }
}
#endif
