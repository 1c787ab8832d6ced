/* skeletonize: thinning by directional passes over subfields (the rule is
 * in spec/ops/skeletonize.yaml; the host loop in runtime/ops/skeletonize.c).
 * state holds 0/1 and is thinned in place; start is the state at the start
 * of the current pass. A pixel's 3 x 3 x 3 neighbourhood is a 27-bit mask,
 * cell (dx + 1) + 3 (dy + 1) + 9 (dz + 1), 13 the centre; cells beyond the
 * image are background. */

#define SK_ALL 0x7FFFFFFu
#define SK_X_LOW 0x1249249u  /* cells with dx = -1 */
#define SK_X_HIGH 0x4924924u /* dx = +1 */
#define SK_Y_LOW 0x01C0E07u  /* dy = -1 */
#define SK_Y_HIGH 0x70381C0u /* dy = +1 */
#define SK_N18 0x2EBDEBAu    /* the 18-neighbourhood: no corners, no centre */
#define SK_FACES 0x0415410u  /* the 6 face neighbours */

/* m with each cell's neighbours along one axis added. */
static uint sk_step_x(uint m)
{
  return m | ((m << 1) & ~SK_X_LOW & SK_ALL) | ((m >> 1) & ~SK_X_HIGH);
}
static uint sk_step_y(uint m)
{
  return m | ((m << 3) & ~SK_Y_LOW & SK_ALL) | ((m >> 3) & ~SK_Y_HIGH);
}
static uint sk_step_z(uint m)
{
  return m | ((m << 9) & SK_ALL) | (m >> 9);
}

/* m with its 26-neighbours (box) or its face neighbours added. */
static uint sk_grow(uint m, int box)
{
  return box ? sk_step_z(sk_step_y(sk_step_x(m))) : sk_step_x(m) | sk_step_y(m) | sk_step_z(m);
}

/* How many connected components of set (26-connected when box, else
 * 6-connected) hold a cell of seeds: 0, 1, or 2 for two or more. */
static int sk_components(uint set, uint seeds, int box)
{
  int found = 0;
  while (seeds != 0u && found < 2) {
    uint part = seeds & (0u - seeds); /* the lowest seed */
    for (uint last = 0u; part != last;) {
      last = part;
      part = sk_grow(part, box) & set;
    }
    seeds &= ~part;
    found++;
  }
  return found;
}

/* (26, 6) simple: one 26-component of object neighbours, one 6-component of
 * background in the 18-neighbourhood that touches a face neighbour. */
static int sk_simple(uint object)
{
  const uint background = ~object & SK_N18;
  return sk_components(object, object, 1) == 1 && sk_components(background, background & SK_FACES, 0) == 1;
}

/* state = input_image != 0 (NaN is object). One work-item per pixel. */
__kernel void skeletonize_init(IMAGE_input_image_TYPE input_image, IMAGE_state_TYPE state)
{
  const size_t i = get_global_id(0);
  state[i] = input_image[i] != 0 ? 1 : 0;
}

/* One subfield of one pass: work-item (i, j, k) is pixel (2 i + ox, 2 j +
 * oy, 2 k + oz). direction 0..5 is -x, +x, -y, +y, -z, +z. A deletion sets
 * flags[slot]. */
__kernel void skeletonize_subfield(IMAGE_state_TYPE state, IMAGE_start_TYPE start, IMAGE_flags_TYPE flags, int ox,
                                   int oy, int oz, int direction, int slot)
{
  const int x = 2 * (int)get_global_id(0) + ox, y = 2 * (int)get_global_id(1) + oy, z = 2 * (int)get_global_id(2) + oz;
  const int w = GET_IMAGE_WIDTH(state), h = GET_IMAGE_HEIGHT(state), d = GET_IMAGE_DEPTH(state);
  if (x >= w || y >= h || z >= d)
    return;
  const long at = ((long)z * h + y) * w + x;
  if (state[at] == 0)
    return;
  /* a border pixel for this direction: its face neighbour that way is background at the start */
  const int fx = x + (direction == 0 ? -1 : direction == 1 ? 1 : 0);
  const int fy = y + (direction == 2 ? -1 : direction == 3 ? 1 : 0);
  const int fz = z + (direction == 4 ? -1 : direction == 5 ? 1 : 0);
  if (fx >= 0 && fx < w && fy >= 0 && fy < h && fz >= 0 && fz < d && start[((long)fz * h + fy) * w + fx] != 0)
    return;
  uint then = 0u, now = 0u;
  int neighbours = 0;
  for (int dz = -1; dz <= 1; dz++)
    for (int dy = -1; dy <= 1; dy++)
      for (int dx = -1; dx <= 1; dx++) {
        const int nx = x + dx, ny = y + dy, nz = z + dz;
        if ((dx | dy | dz) == 0 || nx < 0 || nx >= w || ny < 0 || ny >= h || nz < 0 || nz >= d)
          continue;
        const long n = ((long)nz * h + ny) * w + nx;
        const uint cell = 1u << ((dx + 1) + 3 * (dy + 1) + 9 * (dz + 1));
        then |= start[n] != 0 ? cell : 0u;
        neighbours += start[n] != 0;
        now |= state[n] != 0 ? cell : 0u;
      }
  /* end points (one neighbour) and isolated pixels stay; simple at the start and now */
  if (neighbours < 2 || !sk_simple(then) || (now != then && !sk_simple(now)))
    return;
  state[at] = 0;
  flags[slot] = 1;
}
