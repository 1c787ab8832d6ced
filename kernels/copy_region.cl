/* copy_region: the ops whose every output pixel is one input pixel (or a
 * constant): transposes, flips, shifts, slices, sub-stacks, borders and
 * pads. One work-item per output pixel (the transposes on GPUs: tiles and
 * row copies, at the end of the file); the value is stored in the output's
 * dtype with CLE_SAT (exact for the same dtype, saturated and rounded toward
 * zero into a narrower integer dtype). Every kernel here names its images
 * input_image and output_image, so the file compiles for any of them. */

/* Pixel (x, y, z) of an image, as an lvalue; positions must be inside. */
#define CLE_AT(image, x, y, z) \
  image[((long)(z)*GET_IMAGE_HEIGHT(image) + (long)(y)) * GET_IMAGE_WIDTH(image) + (long)(x)]

/* The work-item's output pixel; returns from the kernel when it is past the output. */
#define CLE_OUTPUT_PIXEL                                                                                               \
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);                                          \
  if (x >= GET_IMAGE_WIDTH(output_image) || y >= GET_IMAGE_HEIGHT(output_image) || z >= GET_IMAGE_DEPTH(output_image)) \
    return;

/* Store input pixel (sx, sy, sz) (each inside the input) at the work-item's output pixel. */
#define CLE_COPY_FROM(sx, sy, sz) \
  CLE_AT(output_image, x, y, z) = CLE_SAT(IMAGE_output_image_PIXEL_TYPE, CLE_AT(input_image, sx, sy, sz))

/* A position clamped into [0, n - 1] (the edge pixel repeats). */
inline long cle_clamp_to(long v, long n)
{
  return clamp(v, 0L, n - 1);
}

/* v modulo n in [0, n - 1], also for a negative v. */
inline long cle_wrap(long v, long n)
{
  const long r = v % n;
  return r < 0 ? r + n : r;
}

__kernel void transpose_xy(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image)
{
  CLE_OUTPUT_PIXEL
  CLE_COPY_FROM(y, x, z);
}

__kernel void transpose_xz(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image)
{
  CLE_OUTPUT_PIXEL
  CLE_COPY_FROM(z, y, x);
}

__kernel void transpose_yz(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image)
{
  CLE_OUTPUT_PIXEL
  CLE_COPY_FROM(x, z, y);
}

__kernel void flip(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int flip_x, int flip_y,
                   int flip_z)
{
  CLE_OUTPUT_PIXEL
  const int sx = flip_x ? GET_IMAGE_WIDTH(input_image) - 1 - x : x;
  const int sy = flip_y ? GET_IMAGE_HEIGHT(input_image) - 1 - y : y;
  const int sz = flip_z ? GET_IMAGE_DEPTH(input_image) - 1 - z : z;
  CLE_COPY_FROM(sx, sy, sz);
}

/* numpy's roll: output(x) = input((x - shift) mod size) */
__kernel void circular_shift(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int shift_x,
                             int shift_y, int shift_z)
{
  CLE_OUTPUT_PIXEL
  const long sx = cle_wrap((long)x - shift_x, GET_IMAGE_WIDTH(input_image));
  const long sy = cle_wrap((long)y - shift_y, GET_IMAGE_HEIGHT(input_image));
  const long sz = cle_wrap((long)z - shift_z, GET_IMAGE_DEPTH(input_image));
  CLE_COPY_FROM(sx, sy, sz);
}

__kernel void crop_border(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int border_size)
{
  CLE_OUTPUT_PIXEL
  const long sx = cle_clamp_to((long)x + border_size, GET_IMAGE_WIDTH(input_image));
  const long sy = cle_clamp_to((long)y + border_size, GET_IMAGE_HEIGHT(input_image));
  const long sz = cle_clamp_to((long)z + border_size, GET_IMAGE_DEPTH(input_image));
  CLE_COPY_FROM(sx, sy, sz);
}

/* end_z only sizes the output (its depth is end_z - start_z + 1) */
__kernel void sub_stack(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int start_z,
                        int end_z)
{
  CLE_OUTPUT_PIXEL(void) end_z;
  CLE_COPY_FROM(x, y, cle_clamp_to((long)start_z + z, GET_IMAGE_DEPTH(input_image)));
}

__kernel void reduce_stack(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image,
                           int reduction_factor, int offset)
{
  CLE_OUTPUT_PIXEL
  CLE_COPY_FROM(x, y, cle_clamp_to((long)z * reduction_factor + offset, GET_IMAGE_DEPTH(input_image)));
}

/* plane z = slice_index: output (x, y) = input (x, y, slice_index) */
__kernel void copy_slice(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int slice_index)
{
  CLE_OUTPUT_PIXEL
  CLE_COPY_FROM(x, y, cle_clamp_to(slice_index, GET_IMAGE_DEPTH(input_image)));
}

/* row y = slice_index of every plane: output (x, z) = input (x, slice_index, z) */
__kernel void copy_horizontal_slice(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image,
                                    int slice_index)
{
  CLE_OUTPUT_PIXEL
  CLE_COPY_FROM(x, cle_clamp_to(slice_index, GET_IMAGE_HEIGHT(input_image)), y);
}

/* column x = slice_index of every plane: output (y, z) = input (slice_index, y, z) */
__kernel void copy_vertical_slice(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image,
                                  int slice_index)
{
  CLE_OUTPUT_PIXEL
  CLE_COPY_FROM(cle_clamp_to(slice_index, GET_IMAGE_WIDTH(input_image)), x, y);
}

/* pad (runtime/ops/pad.c): the input at offset, value elsewhere */
__kernel void pad(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int offset_x, int offset_y,
                  int offset_z, float value)
{
  CLE_OUTPUT_PIXEL
  const long sx = (long)x - offset_x, sy = (long)y - offset_y, sz = (long)z - offset_z;
  if (sx >= 0 && sx < GET_IMAGE_WIDTH(input_image) && sy >= 0 && sy < GET_IMAGE_HEIGHT(input_image) && sz >= 0 &&
      sz < GET_IMAGE_DEPTH(input_image))
    CLE_COPY_FROM(sx, sy, sz);
  else
    CLE_AT(output_image, x, y, z) = CLE_SAT(IMAGE_output_image_PIXEL_TYPE, value);
}

/* paste: the input at the destination; the output's pixels it does not cover keep their values */
__kernel void paste(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int destination_x,
                    int destination_y, int destination_z)
{
  CLE_OUTPUT_PIXEL
  const long sx = (long)x - destination_x, sy = (long)y - destination_y, sz = (long)z - destination_z;
  if (sx >= 0 && sx < GET_IMAGE_WIDTH(input_image) && sy >= 0 && sy < GET_IMAGE_HEIGHT(input_image) && sz >= 0 &&
      sz < GET_IMAGE_DEPTH(input_image))
    CLE_COPY_FROM(sx, sy, sz);
}

/* unpad (runtime/ops/unpad.c): the box at offset, which lies inside the input */
__kernel void unpad(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int offset_x,
                    int offset_y, int offset_z)
{
  CLE_OUTPUT_PIXEL
  CLE_COPY_FROM((long)x + offset_x, (long)y + offset_y, (long)z + offset_z);
}

#ifdef CLE_T_TILE
/* The GPU transposes (runtime/ops/transpose.c; CPU devices run the
 * element-wise kernels above). The host reduces each one to a swap of two
 * axes of a (P, B, Q, A, R) layout (outermost first) into (P, A, Q, B, R),
 * with size-1 axes dropped, and picks:
 *
 * transpose_tiles (R = 1, P or Q = 1): the classic local-memory tile
 * transpose. A group of CLE_T_GROUP items moves one CLE_T_TILE x CLE_T_TILE
 * tile of the (b, a) plane c: it reads CLE_T_TILE rows along a (the input's
 * contiguous axis) and writes CLE_T_TILE rows along b (the output's), each
 * item CLE_T_TILE^2 / CLE_T_GROUP pixels, both sides coalesced. A tile row
 * is CLE_T_TILE pixels plus 4 bytes: the column reads then touch every local
 * memory bank once (CLE_T_TILE x sizeof = 256, 128 or 64 bytes, so a row is an
 * odd number of 4-byte words). The groups run along one axis (no limit on
 * the number of groups along the others): group g is tile (g mod ta) along
 * a, ((g / ta) mod tb) along b, of plane g / (ta tb).
 *   input  (a, b, c) at a + A (middle ? c + C b : b + B c)
 *   output (a, b, c) at b + B (middle ? c + C a : a + A c)
 * (transpose_xy: a x, b y, c z; transpose_xz: a x, b z, c y in the middle.)
 *
 * transpose_rows (R > 1, P = Q = 1, or the identity: B = 1): whole rows of
 * the input's width move, row (b, a) of the input to row (a, b) of the
 * output; each item copies CLE_T_VEC pixels with one vector load and store
 * (16 bytes where the row length allows and the dtypes match).
 *
 * CLE_T_IDX is uint where the host knows the divided counts fit, else ulong
 * (64-bit division costs several times as much on GPUs). */
#define CLE_T_ROWS (CLE_T_GROUP / CLE_T_TILE)
#define CLE_T_STRIDE (CLE_T_TILE + 4 / (int)sizeof(IMAGE_input_image_PIXEL_TYPE))

__kernel void transpose_tiles(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int size_a,
                              int size_b, int size_c, int middle)
{
  __local IMAGE_input_image_PIXEL_TYPE tile[CLE_T_TILE * CLE_T_STRIDE];
  const CLE_T_IDX ta = ((CLE_T_IDX)size_a + CLE_T_TILE - 1) / CLE_T_TILE;
  const CLE_T_IDX tb = ((CLE_T_IDX)size_b + CLE_T_TILE - 1) / CLE_T_TILE;
  const CLE_T_IDX g = (CLE_T_IDX)get_group_id(0), gab = g / ta, c = gab / tb;
  const long a0 = (long)(g - gab * ta) * CLE_T_TILE, b0 = (long)(gab - c * tb) * CLE_T_TILE;
  const int lid = (int)get_local_id(0), lx = lid % CLE_T_TILE, ly = lid / CLE_T_TILE;
  const long A = size_a, B = size_b, C = size_c;
  /* the plane's origin in the input and the output */
  const long in_c = middle ? A * (long)c : A * B * (long)c;
  const long out_c = middle ? B * (long)c : A * B * (long)c;
  const long in_b = middle ? A * C : A;  /* input stride along b */
  const long out_a = middle ? B * C : B; /* output stride along a */
  if (c < (CLE_T_IDX)size_c) {
    const long a = a0 + lx;
    if (a < A) {
#pragma unroll
      for (int k = 0; k < CLE_T_TILE / CLE_T_ROWS; k++) {
        const int r = ly + k * CLE_T_ROWS;
        if (b0 + r < B)
          tile[r * CLE_T_STRIDE + lx] = input_image[in_c + in_b * (b0 + r) + a];
      }
    }
  }
  barrier(CLK_LOCAL_MEM_FENCE);
  if (c < (CLE_T_IDX)size_c) {
    const long b = b0 + lx;
    if (b < B) {
#pragma unroll
      for (int k = 0; k < CLE_T_TILE / CLE_T_ROWS; k++) {
        const int r = ly + k * CLE_T_ROWS;
        if (a0 + r < A)
          output_image[out_c + out_a * (a0 + r) + b] =
              CLE_SAT(IMAGE_output_image_PIXEL_TYPE, tile[lx * CLE_T_STRIDE + r]);
      }
    }
  }
}

#define CLE_T_VT_(T, n) T##n
#define CLE_T_VT(T, n) CLE_T_VT_(T, n)
#if CLE_T_VEC == 1
#define CLE_T_IN_VT IMAGE_input_image_PIXEL_TYPE
#define CLE_T_OUT_VT IMAGE_output_image_PIXEL_TYPE
#define CLE_T_CONVERT(v) CLE_SAT(IMAGE_output_image_PIXEL_TYPE, v)
#else /* the host vectorises only copies into the same dtype */
#define CLE_T_IN_VT CLE_T_VT(IMAGE_input_image_PIXEL_TYPE, CLE_T_VEC)
#define CLE_T_OUT_VT CLE_T_VT(IMAGE_output_image_PIXEL_TYPE, CLE_T_VEC)
#define CLE_T_CONVERT(v) (v)
#endif

__kernel void transpose_rows(IMAGE_input_image_TYPE input_image, IMAGE_output_image_TYPE output_image, int size_a,
                             int size_b)
{
  const CLE_T_IDX per_row = (CLE_T_IDX)GET_IMAGE_WIDTH(input_image) / CLE_T_VEC;
  const CLE_T_IDX g = (CLE_T_IDX)get_global_id(0), o = g / per_row; /* o: the output row */
  if (o >= (CLE_T_IDX)size_a * (CLE_T_IDX)size_b)
    return;
  const CLE_T_IDX a = o / (CLE_T_IDX)size_b, b = o - a * (CLE_T_IDX)size_b, v = g - o * per_row;
  const ulong from = ((ulong)b * (ulong)size_a + a) * per_row + v;
  ((__global CLE_T_OUT_VT *)output_image)[g] = CLE_T_CONVERT(((const __global CLE_T_IN_VT *)input_image)[from]);
}
#endif
