/* z_projection: the z projections (maximum, minimum, sum, mean), whose
 * per-pixel rule the op supplies as defines (runtime/ops/z_projection.c):
 *   CLE_Z_ACC_T             accumulator type (the pixel type, or float)
 *   CLE_Z_COMBINE(acc, v)   the next plane's value v, converted to the
 *                           accumulator type
 *   CLE_Z_FINISH(acc)       the value written (before saturation to dst's type)
 * Every pixel starts from z = 0 and combines z = 1, 2, ... in order, in both
 * layouts, so both give the same bits.
 *
 * z_projection_columns (GPUs): one work-item per pixel of the plane walks
 * z; each z step of a work-group is one coalesced row read. (On the H200,
 * 16 pixels per item with 16-byte loads left too few work-items for a
 * 512 x 512 plane: 8-bit 512^3 took 1.8x as long; 4 gained nothing for
 * float32.)
 * z_projection_slab (CPU devices): work-item g owns one contiguous run of
 * the plane and walks it in tiles of CLE_Z_TILE pixels, z outermost, so each
 * z step reads one contiguous run (sequential, vectorizable) into a private
 * tile; one item per pixel read one pixel per plane per step, which pocl
 * ran at 2.6 GB/s.
 * Bytes moved: n * sizeof src + (n / depth) * sizeof dst. */

#if !defined(CLE_Z_ACC_T) || !defined(CLE_Z_COMBINE) || !defined(CLE_Z_FINISH)
#error "z_projection needs CLE_Z_ACC_T, CLE_Z_COMBINE and CLE_Z_FINISH"
#endif

/* One pixel's column, from z = 0 upwards (the scalar form of either layout). */
#define CLE_Z_COLUMN(i)                                          \
  do {                                                           \
    CLE_Z_ACC_T acc_ = (CLE_Z_ACC_T)src[i];                      \
    for (size_t z_ = 1; z_ < depth; z_++) {                      \
      const CLE_Z_ACC_T v_ = (CLE_Z_ACC_T)src[z_ * plane + (i)]; \
      acc_ = CLE_Z_COMBINE(acc_, v_);                            \
    }                                                            \
    dst[i] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, CLE_Z_FINISH(acc_));  \
  } while (0)

__kernel void z_projection_columns(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst)
{
  const size_t plane = (size_t)GET_IMAGE_WIDTH(src) * GET_IMAGE_HEIGHT(src);
  const size_t depth = GET_IMAGE_DEPTH(src);
  const size_t i = get_global_id(0);
  if (i < plane)
    CLE_Z_COLUMN(i);
}

#ifdef CLE_Z_TILE
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
#endif
