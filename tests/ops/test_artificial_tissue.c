/* artificial_tissue, the op without inputs, through the C API and the
 * registry: a seed repeats its image bit for bit and another seed changes
 * it; the labels are 1..N without gaps and background, each one region
 * connected through its 8 (2D) or 26 (3D) neighbours (a host flood fill);
 * the device argument, a given output and the registry's invoke (no inputs,
 * the default device) agree; bad params are refused with a message naming
 * the op, the param and the value, and nothing leaks. (The spec tests
 * compare the pixels with the naive reference in tests/reference; the
 * Python tests compare counts and sizes with pyclesperanto.) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cesperanto/cesperanto.h"

static int failures = 0;

static void expect(bool ok, const char *what)
{
  printf("%s %s\n", ok ? "PASS" : "FAIL", what);
  failures += !ok;
}

static uint32_t *pull_labels(cle_array *a, size_t *n)
{
  *n = cle_array_width(a) * cle_array_height(a) * cle_array_depth(a);
  uint32_t *v = malloc(*n * sizeof *v);
  if (v && cle_pull(a, v, *n * sizeof *v) != 0) {
    free(v);
    v = NULL;
  }
  return v;
}

/* Labels 1..N, every pixel labelled, each label one 8/26-connected region: N, or -1. */
static long check_tessellation(const uint32_t *v, size_t w, size_t h, size_t d)
{
  const size_t n = w * h * d;
  uint32_t max = 0;
  for (size_t i = 0; i < n; i++) {
    if (v[i] == 0)
      return -1;
    max = v[i] > max ? v[i] : max;
  }
  unsigned char *seen_label = calloc((size_t)max + 1, 1), *visited = calloc(n, 1);
  size_t *stack = malloc(n * sizeof *stack);
  long result = seen_label && visited && stack ? (long)max : -1;
  for (size_t start = 0; result > 0 && start < n; start++) {
    if (visited[start])
      continue;
    const uint32_t l = v[start];
    if (seen_label[l]) { /* a second region of label l */
      result = -1;
      break;
    }
    seen_label[l] = 1;
    size_t top = 0;
    stack[top++] = start;
    visited[start] = 1;
    while (top) {
      const size_t i = stack[--top];
      const long x = (long)(i % w), y = (long)(i / w % h), z = (long)(i / w / h);
      for (long dz = -1; dz <= 1; dz++)
        for (long dy = -1; dy <= 1; dy++)
          for (long dx = -1; dx <= 1; dx++) {
            const long X = x + dx, Y = y + dy, Z = z + dz;
            if (X < 0 || Y < 0 || Z < 0 || X >= (long)w || Y >= (long)h || Z >= (long)d)
              continue;
            const size_t j = ((size_t)Z * h + (size_t)Y) * w + (size_t)X;
            if (!visited[j] && v[j] == l) {
              visited[j] = 1;
              stack[top++] = j;
            }
          }
    }
  }
  for (uint32_t l = 1; result > 0 && l <= max; l++)
    if (!seen_label[l]) /* a gap in the numbering */
      result = -1;
  free(seen_label);
  free(visited);
  free(stack);
  return result;
}

static bool same_pixels(cle_array *a, cle_array *b)
{
  size_t na, nb;
  uint32_t *va = pull_labels(a, &na), *vb = pull_labels(b, &nb);
  bool same = va && vb && na == nb && !memcmp(va, vb, na * sizeof *va);
  free(va);
  free(vb);
  return same;
}

static void properties(cle_device *dev, int w, int h, int d, float dx, float dy, float dz, float s, int seed)
{
  char what[160];
  cle_array *a = cle_artificial_tissue(dev, NULL, w, h, d, dx, dy, dz, s, s, d > 1 ? s : 0, seed);
  cle_array *b = cle_artificial_tissue(dev, NULL, w, h, d, dx, dy, dz, s, s, d > 1 ? s : 0, seed);
  cle_array *c = cle_artificial_tissue(dev, NULL, w, h, d, dx, dy, dz, s, s, d > 1 ? s : 0, seed + 1);
  snprintf(what, sizeof what, "%dx%dx%d seed %d: created", w, h, d, seed);
  expect(a && b && c, what);
  if (a && b && c) {
    const int ndim = d > 1 ? 3 : h > 1 ? 2 : 1;
    snprintf(what, sizeof what, "%dx%dx%d: uint32, ndim %d", w, h, d, ndim);
    expect(cle_array_dtype(a) == CLE_UINT32 && cle_array_ndim(a) == ndim, what);
    snprintf(what, sizeof what, "%dx%dx%d seed %d: the same seed gives the same pixels", w, h, d, seed);
    expect(same_pixels(a, b), what);
    snprintf(what, sizeof what, "%dx%dx%d seed %d: seed %d gives other pixels", w, h, d, seed, seed + 1);
    expect(!same_pixels(a, c), what);
    size_t n;
    uint32_t *v = pull_labels(a, &n);
    const long labels = v ? check_tessellation(v, (size_t)w, (size_t)h, (size_t)d) : -1;
    snprintf(what, sizeof what, "%dx%dx%d seed %d: labels 1..%ld, no background, each one connected region", w, h, d,
             seed, labels);
    expect(labels > 0, what);
    free(v);
  }
  cle_release(a);
  cle_release(b);
  cle_release(c);
}

#define EXPECT_REFUSED(call, fragment)                                                                      \
  do {                                                                                                      \
    cle_array *r_ = (call);                                                                                 \
    const bool ok_ = !r_ && cle_last_error() == CLE_ERROR_INVALID_ARGUMENT &&                               \
                     strstr(cle_last_error_message(), "artificial_tissue: ") == cle_last_error_message() && \
                     strstr(cle_last_error_message(), fragment);                                            \
    printf("%s %s -> %s\n", ok_ ? "PASS" : "FAIL", #call, cle_last_error_message());                        \
    failures += !ok_;                                                                                       \
    cle_release(r_);                                                                                        \
  } while (0)

int main(void)
{
  cle_device *dev = cle_device_default();
  if (!dev) {
    printf("FAIL no device: %s\n", cle_last_error_message());
    return 1;
  }
  properties(dev, 64, 48, 1, 10, 10, 0, 3, 0);
  properties(dev, 31, 29, 9, 7, 6, 3, 2, 5);
  properties(dev, 97, 1, 1, 5, 0, 0, 1.5f, -7);
  properties(dev, 40, 30, 1, 1.5f, 2, 0, 6, 99); /* dense: many seeds fall on taken pixels */

  /* NULL device: the default; a given output (uint16: the labels converted) on its device */
  cle_array *on_dev = cle_artificial_tissue(dev, NULL, 20, 10, 1, 4, 4, 0, 1, 1, 0, 3);
  cle_array *by_default = cle_artificial_tissue(NULL, NULL, 20, 10, 1, 4, 4, 0, 1, 1, 0, 3);
  expect(on_dev && by_default && same_pixels(on_dev, by_default), "device NULL is the default device");
  cle_array *out16 = cle_create(dev, CLE_UINT16, 20, 10, 1);
  cle_array *into = out16 ? cle_artificial_tissue(NULL, out16, 20, 10, 1, 4, 4, 0, 1, 1, 0, 3) : NULL;
  cle_array *wide = cle_create(dev, CLE_UINT32, 20, 10, 1);
  cle_array *back = into && wide ? cle_copy(into, wide) : NULL;
  expect(into == out16 && back && on_dev && same_pixels(back, on_dev), "a given uint16 output gets the labels");
  cle_release(back);
  cle_release(wide);
  cle_release(into);

  /* the registry: no inputs, params in spec order */
  const cle_op_desc *op = cle_op_find("artificial_tissue");
  expect(op && op->n_inputs == 0 && op->inputs == NULL && op->n_params == 10, "registry: no inputs, 10 params");
  if (op) {
    cle_value p[10];
    const double values[10] = {20, 10, 1, 4, 4, 0, 1, 1, 0, 3};
    for (int i = 0; i < 10; i++)
      p[i] = (cle_value){.type = op->params[i].type, .number = values[i]};
    cle_op_result r = {0};
    const int rc = op->invoke(NULL, NULL, p, &r);
    expect(rc == 0 && r.array && on_dev && same_pixels(r.array, on_dev), "registry invoke equals the C call");
    cle_release(r.array);
  }

  /* bad params: refused, naming the op, the param and the value */
  EXPECT_REFUSED(cle_artificial_tissue(dev, NULL, 30, 20, 5, 10, 10, 0, 3, 3, 0, 0),
                 "delta_z must be > 0 where the depth (5) exceeds 1");
  EXPECT_REFUSED(cle_artificial_tissue(dev, NULL, 30, 20, 1, 0, 10, 0, 3, 3, 0, 0),
                 "delta_x must be > 0 where the width (30) exceeds 1");
  EXPECT_REFUSED(cle_artificial_tissue(dev, NULL, 30, 20, 1, 10, 0, 0, 3, 3, 0, 0),
                 "delta_y must be > 0 where the height (20) exceeds 1");
  EXPECT_REFUSED(cle_artificial_tissue(dev, NULL, 30, 20, 1, 0.01f, 0.01f, 0, 3, 3, 0, 0),
                 "more than the image's 600 pixels");
  EXPECT_REFUSED(cle_artificial_tissue(dev, NULL, 30, 20, 1, 1e-30f, 1e-30f, 0, 3, 3, 0, 0),
                 "more than the image's 600 pixels");
  EXPECT_REFUSED(cle_artificial_tissue(dev, NULL, 30, 20, 1, -1, 10, 0, 3, 3, 0, 0), "delta_x must be >= 0, got -1");
  EXPECT_REFUSED(cle_artificial_tissue(dev, NULL, 30, 20, 1, 10, 10, 0, 3, -2, 0, 0), "sigma_y must be >= 0, got -2");
  EXPECT_REFUSED(cle_artificial_tissue(dev, NULL, 30, 20, 1, 10, 10, 0, 3, 3, (float)INFINITY, 0),
                 "sigma_z must be finite, got inf");
  EXPECT_REFUSED(cle_artificial_tissue(dev, NULL, 0, 20, 1, 10, 10, 0, 3, 3, 0, 0), "width must be >= 1, got 0");
  EXPECT_REFUSED(cle_artificial_tissue(dev, out16, 30, 20, 1, 10, 10, 0, 3, 3, 0, 0),
                 "output_image has shape (10, 20), expected (20, 30)");
  cle_release(out16);
  cle_release(on_dev);
  cle_release(by_default);

  printf("%d failed; %ld arrays still alive\n", failures, cle_live_array_count());
  return failures || cle_live_array_count() != 0;
}
