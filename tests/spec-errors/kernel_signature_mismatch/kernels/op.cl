/* takes src, dst and a stray param but not sigma */
__kernel void op(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, const int radius)
{
}
