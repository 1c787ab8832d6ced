/* maximum_z_projection: one work item per output pixel (x, y) walks z.
 * Neighbouring work items read neighbouring x, so every z step is one
 * coalesced row read. Bytes moved: n * sizeof src + (n / depth) * sizeof dst. */

__kernel void maximum_z_projection(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst)
{
  const size_t width = GET_IMAGE_WIDTH(src), height = GET_IMAGE_HEIGHT(src);
  const size_t depth = GET_IMAGE_DEPTH(src);
  const size_t plane = width * height;
  const size_t i = get_global_id(1) * width + get_global_id(0);
  IMAGE_src_PIXEL_TYPE best = src[i];
  for (size_t z = 1; z < depth; z++) {
    const IMAGE_src_PIXEL_TYPE value = src[z * plane + i];
    best = value > best ? value : best;
  }
  dst[i] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, best);
}

/* maximum_z_projection_slab (CPU devices, runtime/ops/z_projection.c): work-item g owns
 * one contiguous run of the plane and walks it in tiles of CLE_Z_TILE
 * pixels, z outermost, so each z step reads one contiguous CLE_Z_TILE run
 * (sequential, vectorizable) into a private tile of the largest so far;
 * one work item per pixel read one pixel per plane per step instead.
 * Same operations per pixel, in the same order, as maximum_z_projection. */
#ifdef CLE_Z_TILE
__kernel void maximum_z_projection_slab(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst)
{
  const size_t plane = (size_t)GET_IMAGE_WIDTH(src) * GET_IMAGE_HEIGHT(src);
  const size_t depth = GET_IMAGE_DEPTH(src), items = get_global_size(0);
  const size_t per = (plane + items - 1) / items;
  const size_t begin = min(plane, get_global_id(0) * per), end = min(plane, begin + per);
  IMAGE_src_PIXEL_TYPE acc[CLE_Z_TILE];
  for (size_t t0 = begin; t0 < end; t0 += CLE_Z_TILE) {
    const int len = (int)min((size_t)CLE_Z_TILE, end - t0);
    for (int t = 0; t < len; t++)
      acc[t] = src[t0 + t];
    for (size_t z = 1; z < depth; z++) {
      const __global IMAGE_src_PIXEL_TYPE *row = src + z * plane + t0;
      for (int t = 0; t < len; t++) {
        const IMAGE_src_PIXEL_TYPE value = row[t];
        acc[t] = value > acc[t] ? value : acc[t];
      }
    }
    for (int t = 0; t < len; t++)
      dst[t0 + t] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, acc[t]);
  }
}
#endif
