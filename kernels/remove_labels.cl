/* remove_labels and the ops that renumber labels through a table
 * (remove_labels_on_edges, merge_touching_labels; runtime/ops/label_util.c).
 *
 * A pixel's label is its value rounded toward zero; 0, negative values and
 * NaN are background. */

/* 1 when T is a floating-point pixel type (a compile-time constant). */
#define LABEL_IS_FLOAT(T) ((T)0.5f != (T)0)

inline long label_of_float(float v)
{
  return v >= 1.0f ? (v < 4294967296.0f ? (long)v : 4294967295L) : 0L; /* NaN fails v >= 1 */
}

#define LABEL_OF(T, v) (LABEL_IS_FLOAT(T) ? label_of_float((float)(v)) : (long)(v))

/* dst = lookup[label] for labels below n_lookup, label - shift for larger
 * ones, 0 for background; saturated to dst's dtype. One work-item per pixel. */
#ifdef IMAGE_lookup_TYPE
__kernel void remove_labels_lookup(IMAGE_src_TYPE src, IMAGE_lookup_TYPE lookup, IMAGE_dst_TYPE dst, int n_lookup,
                                   int shift)
{
  const size_t i = get_global_id(0);
  const long label = LABEL_OF(IMAGE_src_PIXEL_TYPE, src[i]);
  ulong value = 0;
  if (label > 0)
    value = label < n_lookup ? (ulong)lookup[label] : (ulong)(label - shift);
  dst[i] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, value);
}
#endif

/* remove_labels_on_edges: flags[label] = 1 for the labels on the first and
 * the last plane across `axis` (0: x, 1: y, 2: z); the range is that
 * plane's size along the two other axes, in order. */
#ifdef IMAGE_src_TYPE
#ifndef IMAGE_lookup_TYPE
__kernel void remove_labels_edge_flags(IMAGE_src_TYPE src, __global uchar *flags, int axis, int n_flags)
{
  const int a = get_global_id(0), b = get_global_id(1);
  const int w = GET_IMAGE_WIDTH(src), h = GET_IMAGE_HEIGHT(src), d = GET_IMAGE_DEPTH(src);
  const int extent = axis == 0 ? w : (axis == 1 ? h : d);
  for (int end = 0; end < 2; end++) {
    const int c = end ? extent - 1 : 0;
    const int x = axis == 0 ? c : a, y = axis == 1 ? c : (axis == 0 ? a : b), z = axis == 2 ? c : b;
    if (x >= w || y >= h || z >= d)
      return;
    const long label = LABEL_OF(IMAGE_src_PIXEL_TYPE, src[((long)z * h + y) * w + x]);
    if (label > 0 && label < n_flags)
      flags[label] = 1;
  }
}
#endif
#endif
