__kernel void a_kernel(IMAGE_src_TYPE src)
{
}
