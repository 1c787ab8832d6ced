__kernel void op(IMAGE_src_TYPE src, const float sigma) {}
