/* relabel_sequential: the passes before the shared prefix count
 * (label_scan.cl numbers the flags these kernels set).
 *
 * Host defines: CHECK_WG (work-group size of relabel_check, a power of two),
 * RELABEL_FLOAT (1 when src is float32, whose labels must be checked for
 * being whole numbers).
 */

/* stats[1] bits: what kind of pixel made src unusable as a label image. */
#define RELABEL_BAD_NEGATIVE 1u  /* < 0, or NaN */
#define RELABEL_BAD_FRACTION 2u  /* not a whole number */
#define RELABEL_BAD_TOO_LARGE 4u /* beyond uint32 */

/* The largest label into stats[0] and the RELABEL_BAD_* bits seen into
 * stats[1] (both zeroed by the host). Grid-stride loop, a work-group
 * reduction in local memory, then one atomic per work-group. */
__kernel void relabel_check(IMAGE_src_TYPE src, __global uint *stats, int n)
{
  __local uint local_max[CHECK_WG];
  __local uint local_bad[CHECK_WG];
  uint largest = 0, bad = 0;
  /* uint: i + the global size may pass 2^31 - 1 on the last step. */
  for (uint i = (uint)get_global_id(0); i < (uint)n; i += (uint)get_global_size(0)) {
#if RELABEL_FLOAT
    const float v = src[i];
    if (!(v >= 0.0f))
      bad |= RELABEL_BAD_NEGATIVE;
    else if (v != floor(v))
      bad |= RELABEL_BAD_FRACTION;
    else if (v >= 4294967296.0f)
      bad |= RELABEL_BAD_TOO_LARGE;
    else
      largest = max(largest, (uint)v);
#else
    /* Widened to long so the test means the same for every integer dtype. */
    const long v = (long)src[i];
    if (v < 0)
      bad |= RELABEL_BAD_NEGATIVE;
    else
      largest = max(largest, (uint)v);
#endif
  }
  const int t = (int)get_local_id(0);
  local_max[t] = largest;
  local_bad[t] = bad;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int step = CHECK_WG / 2; step > 0; step >>= 1) {
    if (t < step) {
      local_max[t] = max(local_max[t], local_max[t + step]);
      local_bad[t] |= local_bad[t + step];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (t == 0) {
    atomic_max(&stats[0], local_max[0]);
    atomic_or(&stats[1], local_bad[0]);
  }
}

/* flags[v] = 1 for every label v > 0 present (flags zeroed by the host).
 * Many pixels store the same byte: plain stores of one value, no atomics. */
__kernel void relabel_flag(IMAGE_src_TYPE src, __global uchar *flags, int n)
{
  if (get_global_id(0) >= (size_t)n) /* before the int cast: the range is rounded up */
    return;
  const int i = (int)get_global_id(0);
  const uint v = (uint)src[i];
  if (v)
    flags[v] = 1;
}
