/* label_spots: the first pass of runtime/ops/label_spots.c. Every nonzero
 * pixel (NaN included) becomes a root of its own in an int32 forest
 * (parent[i] = i), background -1; label_scan.cl then numbers the roots in
 * index order, i.e. the spots in raster order. One work-item per pixel. */
__kernel void label_spots_forest(IMAGE_src_TYPE src, __global int *parent, int n)
{
  if (get_global_id(0) >= (size_t)n) /* the range is rounded up */
    return;
  const int i = (int)get_global_id(0);
  parent[i] = src[i] != 0 ? i : -1;
}
