// op_x only in a comment
__kernel void op(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, const float sigma) {}
