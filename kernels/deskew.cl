/* deskew: clEsperanto's orthogonal interpolation of an oblique-plane
 * (light-sheet) stack, along x (CLE_DESKEW_AXIS 0) or y (1); the rule of
 * pyclesperanto 0.25.1's affine_transform_deskew kernels (after QI2lab's OPM
 * reconstruction), in float32, with the host's constants (runtime/ops/affine.c):
 * pixel_step, the scan step in pixels along the skew axis, and the angle's
 * tangent, cosine and sine.
 *
 * Output pixel (x, y, z), with s its coordinate along the skew axis (x or y),
 * lies on the virtual plane v = s - z / tan between the acquired planes
 * p0 = floor(v / pixel_step) and p0 + 1 (both must exist), at the distances
 * l0 = v - p0 pixel_step and l1 = pixel_step - l0. Along the skew axis it
 * reads positions q0 = z / sin + l0 cos in plane p0 and q1 = z / sin - l1 cos
 * in plane p0 + 1, each between two pixels (floor(q) and floor(q) + 1, both
 * inside), weighted by their fractions; the four taps weighted by l1 and l0
 * and divided by pixel_step. Positions without all four taps give 0. The
 * result is written at z' = depth - 1 - z (the new z runs proximal to distal
 * from the objective) in the output's dtype (saturated, rounded toward zero). */

#ifndef CLE_DESKEW_AXIS
#error "deskew needs CLE_DESKEW_AXIS"
#endif

__kernel void deskew(IMAGE_src_TYPE src, IMAGE_dst_TYPE dst, float pixel_step, float tantheta, float costheta,
                     float sintheta)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  const int ow = GET_IMAGE_WIDTH(dst), oh = GET_IMAGE_HEIGHT(dst), od = GET_IMAGE_DEPTH(dst);
  if (x >= ow || y >= oh || z >= od)
    return;
  const int w = GET_IMAGE_WIDTH(src), h = GET_IMAGE_HEIGHT(src), d = GET_IMAGE_DEPTH(src);
  const int n = CLE_DESKEW_AXIS == 0 ? w : h; /* the input's extent along the skew axis */
  /* the other in-plane coordinate, read as is (clamped, as clij's reads) */
  const long other = CLE_DESKEW_AXIS == 0 ? min(y, h - 1) : min(x, w - 1);
  float value = 0.0f;
  const float v = (float)(CLE_DESKEW_AXIS == 0 ? x : y) - (float)z / tantheta;
  const float fp = floor(v / pixel_step);
  if (fp >= 0.0f && fp + 1.0f < (float)d) {
    const long p0 = (long)fp;
    const float l0 = v - (float)p0 * pixel_step;
    const float l1 = pixel_step - l0;
    const float za = (float)z / sintheta;
    const float q0 = za + l0 * costheta, q1 = za - l1 * costheta;
    const float f0 = floor(q0), f1 = floor(q1);
    if (f0 >= 0.0f && f1 >= 0.0f && f0 < (float)(n - 1) && f1 < (float)(n - 1)) {
      const long a0 = (long)f0, a1 = (long)f1;
      const float t0 = q0 - (float)a0, t1 = q1 - (float)a1;
#if CLE_DESKEW_AXIS == 0
#define DESKEW_AT(a, p) ((((p)*h) + other) * w + (a))
#else
#define DESKEW_AT(a, p) ((((p)*h) + (a)) * w + other)
#endif
      const float v1 = (float)src[DESKEW_AT(a1 + 1, p0 + 1)], v2 = (float)src[DESKEW_AT(a1, p0 + 1)];
      const float v3 = (float)src[DESKEW_AT(a0 + 1, p0)], v4 = (float)src[DESKEW_AT(a0, p0)];
#undef DESKEW_AT
      value = (l0 * t1 * v1 + l0 * (1.0f - t1) * v2 + l1 * t0 * v3 + l1 * (1.0f - t0) * v4) / pixel_step;
    }
  }
  dst[((long)(od - 1 - z) * oh + y) * ow + x] = CLE_SAT(IMAGE_dst_PIXEL_TYPE, value);
}
