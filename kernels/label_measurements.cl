/* label_measurements: the small kernels of the label measurements that do
 * not need label_statistics.cl's tables: read_map_values, jaccard_index,
 * generate_touch_matrix, generate_binary_overlap_matrix and
 * reduce_labels_to_centroids. Labels arrive checked (non-negative whole
 * numbers below the tables' sizes, runtime/ops/label_statistics.c), so
 * (uint)pixel is the label. Every result is the same on every run: stores of
 * one value from many work-items (the matrices), integer atomics (whose
 * order does not matter) and per-item writes. Host define JC_WG: the
 * work-group size of jaccard_counts (a power of two). */

#if defined(IMAGE_last_TYPE) && defined(IMAGE_label_TYPE)
/* last[l] = 1 + the index of the last pixel of label l in raster order (x
 * fastest), 0 where label l has no pixel (last zeroed by the host). One
 * atomic per run of equal labels: only the run's last pixel competes. */
__kernel void map_last_index(IMAGE_label_TYPE label, IMAGE_last_TYPE last, int n)
{
  const int i = (int)get_global_id(0);
  if (i >= n)
    return;
  const uint l = (uint)label[i];
  if (i + 1 == n || (uint)label[i + 1] != l)
    atomic_max(&last[l], (uint)i + 1u);
}
#endif

#if defined(IMAGE_last_TYPE) && defined(IMAGE_map_TYPE)
/* dst[l] = map's pixel at label l's last pixel (as float32, then dst's
 * dtype), 0 for a label without pixels. */
__kernel void map_gather(IMAGE_map_TYPE map, IMAGE_last_TYPE last, IMAGE_dst_TYPE dst, int n_labels)
{
  const int l = (int)get_global_id(0);
  if (l >= n_labels)
    return;
  const uint k = last[l];
  const float v = k ? (float)map[k - 1] : 0.0f;
  dst[l] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, v);
}
#endif

#if defined(IMAGE_counts_TYPE)
/* counts[0] += pixels nonzero in both a and b, counts[1] += pixels nonzero
 * in either (counts zeroed by the host): grid-stride loop, a tree in local
 * memory, one atomic add per work-group (integers: any order). */
__kernel void jaccard_counts(IMAGE_a_TYPE a, IMAGE_b_TYPE b, IMAGE_counts_TYPE counts, int n)
{
  __local uint both[JC_WG];
  __local uint either[JC_WG];
  uint nb = 0, ne = 0;
  for (uint i = (uint)get_global_id(0); i < (uint)n; i += (uint)get_global_size(0)) {
    const int sa = a[i] != 0, sb = b[i] != 0;
    nb += (uint)(sa && sb);
    ne += (uint)(sa || sb);
  }
  const int t = (int)get_local_id(0);
  both[t] = nb;
  either[t] = ne;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int step = JC_WG / 2; step > 0; step >>= 1) {
    if (t < step) {
      both[t] += both[t + step];
      either[t] += either[t + step];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (t == 0) {
    atomic_add(&counts[0], both[0]);
    atomic_add(&counts[1], either[0]);
  }
}
#endif

#if defined(IMAGE_labels_TYPE)
/* dst[m][l] = dst[l][m] = 1 where a pixel of label l and its neighbour of
 * label m != l along +x, +y or +z share a face (dst zeroed by the host).
 * One work-item per pixel. */
__kernel void touch_matrix(IMAGE_labels_TYPE labels, IMAGE_dst_TYPE dst)
{
  const int x = (int)get_global_id(0), y = (int)get_global_id(1), z = (int)get_global_id(2);
  const int w = GET_IMAGE_WIDTH(labels), h = GET_IMAGE_HEIGHT(labels), d = GET_IMAGE_DEPTH(labels);
  if (x >= w || y >= h || z >= d)
    return;
  const long W = GET_IMAGE_WIDTH(dst);
  const long i = ((long)z * h + y) * w + x;
  const long l = (long)(uint)labels[i];
  const IMAGE_dst_PIXEL_TYPE one = (IMAGE_dst_PIXEL_TYPE)1;
  if (x + 1 < w) {
    const long m = (long)(uint)labels[i + 1];
    if (m != l) {
      dst[m * W + l] = one;
      dst[l * W + m] = one;
    }
  }
  if (y + 1 < h) {
    const long m = (long)(uint)labels[i + w];
    if (m != l) {
      dst[m * W + l] = one;
      dst[l * W + m] = one;
    }
  }
  if (z + 1 < d) {
    const long m = (long)(uint)labels[i + (long)w * h];
    if (m != l) {
      dst[m * W + l] = one;
      dst[l * W + m] = one;
    }
  }
}
#endif

#if defined(IMAGE_src0_TYPE)
/* dst[b][a] = 1 for the labels a (of src0) and b (of src1) of every pixel
 * (dst zeroed by the host). */
__kernel void overlap_matrix(IMAGE_src0_TYPE src0, IMAGE_src1_TYPE src1, IMAGE_dst_TYPE dst, int n)
{
  const int i = (int)get_global_id(0);
  if (i >= n)
    return;
  const long W = GET_IMAGE_WIDTH(dst);
  dst[(long)(uint)src1[i] * W + (long)(uint)src0[i]] = (IMAGE_dst_PIXEL_TYPE)1;
}
#endif

#if defined(IMAGE_positions_TYPE)
/* dst[positions[k]] = values[k] (dst's dtype, saturated): the host gives
 * each position once. */
__kernel void scatter_labels(IMAGE_positions_TYPE positions, IMAGE_values_TYPE values, IMAGE_dst_TYPE dst, int n)
{
  const int k = (int)get_global_id(0);
  if (k >= n)
    return;
  dst[positions[k]] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, values[k]);
}
#endif
