/* relabel_sequential: the flag pass before the shared prefix count
 * (label_scan.cl numbers the flags it sets; the labels were checked and the
 * largest found by label_statistics.cl's label_max). */

/* flags[v] = 1 for every label v > 0 present (flags zeroed by the host).
 * Many pixels set the same byte: plain stores of one value, no atomics. */
__kernel void relabel_flag(IMAGE_src_TYPE src, __global uchar *flags, int n)
{
  if (get_global_id(0) >= (size_t)n) /* before the int cast: the range is rounded up */
    return;
  const int i = (int)get_global_id(0);
  const uint v = (uint)src[i];
  if (v && !flags[v]) /* read first: every pixel of a label storing to one byte serializes on a GPU */
    flags[v] = 1;
}
