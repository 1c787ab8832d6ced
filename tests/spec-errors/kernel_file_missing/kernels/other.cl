__kernel void other(IMAGE_src_TYPE src) {}
