__kernel void a_floats(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, float matrix, float other, float sigma, float third)
{
}
