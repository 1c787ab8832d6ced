__kernel void a_kernel(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst)
{
}
