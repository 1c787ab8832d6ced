/* kuwahara_filter: a generalized Kuwahara filter, pyclesperanto 0.25.1's
 * arithmetic (CLIc's kuwahara kernel) in float32: the window reaches `reach`
 * pixels from the centre along x and y (and z when the image has depth > 1),
 * clamped reads; each tap (dx, dy, dz) has the weight weights[dx^2 + dy^2 +
 * dz^2] (exp(-d^2 / (2 sigma^2)), computed on the host: kuwahara_filter.c)
 * and counts in every quadrant (octant) q whose side it is on (dx <= 0 for q
 * bit 0 clear, dx >= 0 for it set; likewise y with bit 1, z with bit 2). Per
 * region the weighted mean and variance (fmax(0, E[v^2] - mean^2)); the
 * result is the regions' means weighted by 1 / (variance + 1e-6), normalised,
 * in region order. Taps are visited z, y, x from -reach, regions in order:
 * every sum has one order, so the bits are the reference's. One work-item
 * per pixel. */

__kernel void kuwahara_filter(IMAGE_input_image_TYPE input_image, IMAGE_weights_TYPE weights,
                              IMAGE_output_image_TYPE output_image, int reach)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  const int w = GET_IMAGE_WIDTH(input_image), h = GET_IMAGE_HEIGHT(input_image), d = GET_IMAGE_DEPTH(input_image);
  if (x >= w || y >= h || z >= d)
    return;
  const int regions = d > 1 ? 8 : 4, reach_z = d > 1 ? reach : 0;
  float mean[8], sum_sq[8], weight_sum[8];
  for (int q = 0; q < 8; q++)
    mean[q] = sum_sq[q] = weight_sum[q] = 0.0f;
  for (int dz = -reach_z; dz <= reach_z; dz++) {
    const long pz = clamp(z + dz, 0, d - 1);
    for (int dy = -reach; dy <= reach; dy++) {
      const long py = clamp(y + dy, 0, h - 1);
      for (int dx = -reach; dx <= reach; dx++) {
        const long px = clamp(x + dx, 0, w - 1);
        const float wt = weights[dx * dx + dy * dy + dz * dz];
        const float v = (float)input_image[(pz * h + py) * w + px];
        const float wv = wt * v;
        for (int q = 0; q < regions; q++)
          if ((q & 1 ? dx >= 0 : dx <= 0) && (q & 2 ? dy >= 0 : dy <= 0) && (q & 4 ? dz >= 0 : dz <= 0)) {
            mean[q] += wv;
            sum_sq[q] += wv * v;
            weight_sum[q] += wt;
          }
      }
    }
  }
  float inv_var[8], total = 0.0f;
  for (int q = 0; q < regions; q++) {
    float variance = 0.0f;
    if (weight_sum[q] > 0.0f) {
      mean[q] /= weight_sum[q];
      variance = fmax(0.0f, sum_sq[q] / weight_sum[q] - mean[q] * mean[q]);
    }
    inv_var[q] = 1.0f / (variance + 1e-6f);
    total += inv_var[q];
  }
  float result = 0.0f;
  for (int q = 0; q < regions; q++)
    result += mean[q] * (inv_var[q] / total);
  output_image[((long)z * h + y) * w + x] = CLE_SAT(IMAGE_output_image_PIXEL_TYPE, result);
}
