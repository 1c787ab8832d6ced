/* onlyzero_overwrite_maximum: one step of label growth, shared by
 * dilate_labels, extend_labeling_via_voronoi and masked_voronoi_labeling
 * (runtime/ops/label_util.c runs the steps).
 *
 * A pixel that is 0 takes the largest positive value among its neighbours
 * (box: all 3^ndim - 1 of them; sphere: the 2 ndim face neighbours; only
 * along axes longer than 1, inside the image), or stays 0 if there is none;
 * every other pixel keeps its value (negative pixels are never overwritten
 * and never spread: barriers). A step that changes a pixel sets
 * flags[step]. Several steps run between two reads of the flags on the
 * host: a step whose predecessor in the batch (flags[step - 1]) changed
 * nothing only copies src to dst, so the batch ends in the state of the
 * first step that changed nothing. src and dst have one dtype (the work
 * arrays). One work-item per pixel. */
#ifdef IMAGE_src_TYPE /* the runtime defines IMAGE_x_TYPE only for the arrays of the kernel being run */
__kernel void onlyzero_overwrite_maximum(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, __global uint *flags, int step,
                                         int box)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  const int w = GET_IMAGE_WIDTH(src), h = GET_IMAGE_HEIGHT(src), d = GET_IMAGE_DEPTH(src);
  if (x >= w || y >= h || z >= d)
    return;
  const long i = ((long)z * h + y) * w + x;
  const IMAGE_src_PIXEL_TYPE value = src[i];
  if (value != 0 || (step > 0 && flags[step - 1] == 0)) {
    dst[i] = value;
    return;
  }
  IMAGE_src_PIXEL_TYPE found = 0;
  const int rx = w > 1, ry = h > 1, rz = d > 1;
  if ((!rx || (x > 0 && x < w - 1)) && (!ry || (y > 0 && y < h - 1)) && (!rz || (z > 0 && z < d - 1))) {
    /* inside: every neighbour exists, so the loads are unrolled without checks and issued together
     * (a stride is 0 along an axis of size 1: the pixel itself, 0 here, changes nothing) */
    const long sx = rx, sy = ry ? (long)w : 0, sz = rz ? (long)w * h : 0;
#define OOM_TAKE(offset)                               \
  do {                                                 \
    const IMAGE_src_PIXEL_TYPE v_ = src[i + (offset)]; \
    found = v_ > found ? v_ : found;                   \
  } while (0)
    if (!box) {
      OOM_TAKE(-sx);
      OOM_TAKE(sx);
      OOM_TAKE(-sy);
      OOM_TAKE(sy);
      OOM_TAKE(-sz);
      OOM_TAKE(sz);
    } else if (rz) {
#pragma unroll
      for (int dz = -1; dz <= 1; dz++)
#pragma unroll
        for (int dy = -1; dy <= 1; dy++)
#pragma unroll
          for (int dx = -1; dx <= 1; dx++)
            OOM_TAKE(dz * sz + dy * sy + dx * sx);
    } else {
#pragma unroll
      for (int dy = -1; dy <= 1; dy++)
#pragma unroll
        for (int dx = -1; dx <= 1; dx++)
          OOM_TAKE(dy * sy + dx * sx);
    }
#undef OOM_TAKE
  } else { /* at a border: the neighbours inside the image */
    for (int dz = -rz; dz <= rz; dz++) {
      const int nz = z + dz;
      if (nz < 0 || nz >= d)
        continue;
      for (int dy = -ry; dy <= ry; dy++) {
        const int ny = y + dy;
        if (ny < 0 || ny >= h)
          continue;
        for (int dx = -rx; dx <= rx; dx++) {
          const int nx = x + dx;
          if (nx < 0 || nx >= w || (!box && (dx != 0) + (dy != 0) + (dz != 0) > 1))
            continue;
          const IMAGE_src_PIXEL_TYPE v = src[((long)nz * h + ny) * w + nx];
          found = v > found ? v : found;
        }
      }
    }
  }
  if (found > 0 && flags[step] == 0u) /* read first: millions of stores to one word serialize on a GPU */
    flags[step] = 1u;
  dst[i] = found;
}
#endif

/* masked_voronoi_labeling's seeds: the labels inside the mask, -1 (a
 * barrier) outside it. work is int32. */
#ifdef IMAGE_labels_TYPE
__kernel void masked_voronoi_seed(IMAGE_labels_TYPE labels, IMAGE_mask_TYPE mask, IMAGE_work_TYPE work, int n)
{
  if (get_global_id(0) >= (size_t)n)
    return;
  const int i = (int)get_global_id(0);
  work[i] = mask[i] != 0 ? labels[i] : -1;
}
#endif

/* masked_voronoi_labeling's result: the grown labels, 0 outside the mask. */
#if defined(IMAGE_work_TYPE) && defined(IMAGE_dst_TYPE)
__kernel void masked_voronoi_finish(IMAGE_work_TYPE work, IMAGE_dst_TYPE dst, int n)
{
  if (get_global_id(0) >= (size_t)n)
    return;
  const int i = (int)get_global_id(0);
  dst[i] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, max(work[i], 0));
}
#endif
