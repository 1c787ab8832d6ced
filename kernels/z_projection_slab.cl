/* z_projection_slab: the z projections on CPU devices (runtime/ops/z_projection.c).
 * Work-item g owns one contiguous run of the plane and walks it in tiles of
 * CLE_Z_TILE pixels, z outermost, so each z step reads one contiguous run
 * (sequential, vectorizable) into a private tile of accumulators; one work
 * item per output pixel (kernels/OP_z_projection.cl, the GPU layout) reads
 * one pixel per plane per step instead, which pocl ran at 2.6 GB/s.
 * The op supplies, as defines, the same per-pixel operations in the same
 * order as its own kernel:
 *   CLE_Z_ACC_T             accumulator type (the pixel type, or float)
 *   CLE_Z_COMBINE(acc, v)   the next plane's value v, converted to CLE_Z_ACC_T
 *   CLE_Z_FINISH(acc)       the value written (before saturation to dst's type)
 * Bytes moved: n * sizeof src + (n / depth) * sizeof dst. */

#if !defined(CLE_Z_TILE) || !defined(CLE_Z_ACC_T) || !defined(CLE_Z_COMBINE) || !defined(CLE_Z_FINISH)
#error "z_projection_slab needs CLE_Z_TILE, CLE_Z_ACC_T, CLE_Z_COMBINE and CLE_Z_FINISH"
#endif

__kernel void z_projection_slab(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst)
{
  const size_t plane = (size_t)GET_IMAGE_WIDTH(src) * GET_IMAGE_HEIGHT(src);
  const size_t depth = GET_IMAGE_DEPTH(src), items = get_global_size(0);
  const size_t per = (plane + items - 1) / items;
  const size_t begin = min(plane, get_global_id(0) * per), end = min(plane, begin + per);
  CLE_Z_ACC_T acc[CLE_Z_TILE];
  for (size_t t0 = begin; t0 < end; t0 += CLE_Z_TILE) {
    const int len = (int)min((size_t)CLE_Z_TILE, end - t0);
    for (int t = 0; t < len; t++)
      acc[t] = (CLE_Z_ACC_T)src[t0 + t];
    for (size_t z = 1; z < depth; z++) {
      const __global IMAGE_src_PIXEL_TYPE *row = src + z * plane + t0;
      for (int t = 0; t < len; t++) {
        const CLE_Z_ACC_T value = (CLE_Z_ACC_T)row[t];
        acc[t] = CLE_Z_COMBINE(acc[t], value);
      }
    }
    for (int t = 0; t < len; t++)
      dst[t0 + t] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, CLE_Z_FINISH(acc[t]));
  }
}
