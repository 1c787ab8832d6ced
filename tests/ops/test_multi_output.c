/* The C contract of the ops with several outputs (spec: outputs), on
 * hessian_eigenvalues and hessian_gaussian_eigenvalues: each output is a
 * cle_array ** -- NULL in *p: created and stored there; given: written, the
 * caller's reference untouched; middle_eigenvalue only for a 3D input (a 2D
 * one leaves *p as it is); bad arguments fail with the op, the argument and
 * the value named and leave every *p as given; nothing leaks. Also: small and
 * large equal small_hessian_eigenvalue and large_hessian_eigenvalue bit for
 * bit (one solver, kernels/preamble.cl). */
#include <stdio.h>
#include <string.h>

#include "cesperanto/cle_ops.h"
#include "test_util.h"

static int failures;
#define CHECK(cond, ...)                  \
  do {                                    \
    if (!(cond)) {                        \
      printf("FAIL line %d: ", __LINE__); \
      printf(__VA_ARGS__);                \
      printf("\n");                       \
      failures++;                         \
    }                                     \
  } while (0)

static cle_array *random_image(cle_device *dev, cle_dtype dtype, int ndim, size_t w, size_t h, size_t d,
                               const char *seed)
{
  ref_image img = {0};
  test_rng rng;
  test_rng_seed(&rng, seed, 0);
  if (ref_image_alloc(&img, dtype, ndim, w, h, d) != 0 || test_fill(&img, "random", &rng) != 0)
    return NULL;
  cle_array *a = test_push(dev, &img);
  ref_image_free(&img);
  return a;
}

/* got and want hold the same float32 bits. */
static int same_pixels(const cle_array *got, const cle_array *want)
{
  ref_image g = {0}, w = {0};
  double diff = 0;
  char why[256] = "";
  int same = test_pull(got, &g) == 0 && test_pull(want, &w) == 0 && test_compare(&g, &w, true, 0, &diff, why, 256);
  if (!same)
    printf("  %s\n", why);
  ref_image_free(&g);
  ref_image_free(&w);
  return same;
}

static void expect_error(int rc, const char *message)
{
  CHECK(rc == -1, "expected -1 for: %s", message);
  CHECK(cle_last_error() == CLE_ERROR_INVALID_ARGUMENT, "error code %d for: %s", (int)cle_last_error(), message);
  CHECK(!strcmp(cle_last_error_message(), message), "message\n  got:      %s\n  expected: %s", cle_last_error_message(),
        message);
}

static void created(cle_device *dev)
{
  cle_array *img2 = random_image(dev, CLE_UINT8, 2, 23, 17, 1, "multi/2d");
  cle_array *img3 = random_image(dev, CLE_FLOAT32, 3, 13, 11, 7, "multi/3d");
  /* 2D: small and large created, middle left NULL */
  cle_array *s = NULL, *m = NULL, *l = NULL;
  CHECK(cle_hessian_eigenvalues(img2, &s, &m, &l) == 0, "2D: %s", cle_last_error_message());
  CHECK(s && l && !m, "2D: small and large created, middle not (%p %p %p)", (void *)s, (void *)m, (void *)l);
  if (s && l) {
    CHECK(cle_array_dtype(s) == CLE_FLOAT32 && cle_array_ndim(s) == 2 && cle_array_width(s) == 23 &&
              cle_array_height(s) == 17,
          "2D: small is float32 (17, 23)");
    cle_array *s1 = cle_small_hessian_eigenvalue(img2, NULL), *l1 = cle_large_hessian_eigenvalue(img2, NULL);
    CHECK(same_pixels(s, s1) && same_pixels(l, l1), "2D: equal to small/large_hessian_eigenvalue bit for bit");
    cle_release(s1);
    cle_release(l1);
  }
  cle_release(s);
  cle_release(l);
  /* 3D: all three, ordered small <= middle <= large */
  s = m = l = NULL;
  CHECK(cle_hessian_eigenvalues(img3, &s, &m, &l) == 0, "3D: %s", cle_last_error_message());
  CHECK(s && m && l, "3D: three outputs created");
  if (s && m && l) {
    ref_image hs = {0}, hm = {0}, hl = {0};
    test_pull(s, &hs);
    test_pull(m, &hm);
    test_pull(l, &hl);
    size_t bad = 0;
    for (size_t i = 0; i < ref_image_size(&hs); i++)
      bad += !(ref_get(&hs, i) <= ref_get(&hm, i) && ref_get(&hm, i) <= ref_get(&hl, i));
    CHECK(bad == 0, "3D: %zu pixels with small <= middle <= large broken", bad);
    ref_image_free(&hs);
    ref_image_free(&hm);
    ref_image_free(&hl);
    cle_array *s1 = cle_small_hessian_eigenvalue(img3, NULL), *l1 = cle_large_hessian_eigenvalue(img3, NULL);
    CHECK(same_pixels(s, s1) && same_pixels(l, l1), "3D: equal to small/large_hessian_eigenvalue bit for bit");
    cle_release(s1);
    cle_release(l1);
  }
  cle_release(s);
  cle_release(m);
  cle_release(l);
  /* the Gaussian one: 3D gives three, equal to a second call into given outputs */
  s = m = l = NULL;
  CHECK(cle_hessian_gaussian_eigenvalues(img3, &s, &m, &l, 1.5f) == 0, "gaussian 3D: %s", cle_last_error_message());
  CHECK(s && m && l, "gaussian 3D: three outputs created");
  cle_array *gs = cle_create_like_dtype(img3, CLE_FLOAT32), *gm = cle_create_like_dtype(img3, CLE_FLOAT32),
            *gl = cle_create_like_dtype(img3, CLE_FLOAT32);
  cle_array *ps = gs, *pm = gm, *pl = gl;
  CHECK(cle_hessian_gaussian_eigenvalues(img3, &ps, &pm, &pl, 1.5f) == 0, "gaussian given: %s",
        cle_last_error_message());
  CHECK(ps == gs && pm == gm && pl == gl, "given outputs stay where they were");
  if (s && m && l)
    CHECK(same_pixels(gs, s) && same_pixels(gm, m) && same_pixels(gl, l), "given outputs get the same pixels");
  cle_release(s);
  cle_release(m);
  cle_release(l);
  cle_release(gs);
  cle_release(gm);
  cle_release(gl);
  cle_release(img2);
  cle_release(img3);
}

static void given_and_refused(cle_device *dev)
{
  cle_array *img = random_image(dev, CLE_FLOAT32, 2, 9, 7, 1, "multi/given");
  cle_array *small = cle_create_like_dtype(img, CLE_FLOAT32), *large = cle_create_like_dtype(img, CLE_FLOAT32);
  cle_array *middle = cle_create_like_dtype(img, CLE_FLOAT32);
  cle_array_fill(middle, 7);
  cle_array *s = small, *m = middle, *l = large;
  CHECK(cle_hessian_eigenvalues(img, &s, &m, &l) == 0, "given: %s", cle_last_error_message());
  CHECK(s == small && m == middle && l == large, "given outputs stay the caller's");
  ref_image hm = {0};
  test_pull(middle, &hm);
  CHECK(ref_get(&hm, 0) == 7 && ref_get(&hm, ref_image_size(&hm) - 1) == 7, "2D: a given middle is left as it is");
  ref_image_free(&hm);
  /* NULL input, NULL address, wrong shape or dtype, an output that is the input or another output */
  cle_array *none = NULL;
  expect_error(cle_hessian_eigenvalues(NULL, &none, &none, &none), "hessian_eigenvalues: input_image must not be NULL");
  expect_error(cle_hessian_eigenvalues(img, NULL, &none, &none),
               "hessian_eigenvalues: small_eigenvalue must not be NULL (the address to store the output at)");
  cle_array *wide = cle_create(dev, CLE_FLOAT32, 10, 7, 1), *u8 = cle_create(dev, CLE_UINT8, 9, 7, 1);
  cle_array *n1 = NULL, *n2 = NULL, *w = wide, *u = u8;
  expect_error(cle_hessian_eigenvalues(img, &n1, &n2, &w),
               "hessian_eigenvalues: large_eigenvalue has shape (7, 10), expected (7, 9)");
  CHECK(n1 == NULL && n2 == NULL && w == wide, "a refused call stores nothing");
  expect_error(cle_hessian_gaussian_eigenvalues(img, &u, &n1, &n2, 1),
               "hessian_gaussian_eigenvalues: small_eigenvalue has dtype uint8, expected one of: float32");
  cle_array *same = img;
  expect_error(cle_hessian_eigenvalues(img, &same, &n1, &n2),
               "hessian_eigenvalues: small_eigenvalue must be another image than input_image (the op reads it while "
               "it writes)");
  cle_array *a = small, *b = small;
  expect_error(cle_hessian_eigenvalues(img, &a, &n1, &b),
               "hessian_eigenvalues: large_eigenvalue must be another image than small_eigenvalue (the op writes "
               "both)");
  expect_error(cle_hessian_gaussian_eigenvalues(img, &n1, &n2, &w, -1),
               "hessian_gaussian_eigenvalues: sigma must be >= 0, got -1");
  expect_error(cle_hessian_gaussian_eigenvalues(img, &n1, &n2, &n1, 5000),
               "hessian_gaussian_eigenvalues: sigma must be in [0, 2048] (the image's largest extent or 2048, "
               "whichever is larger), got 5000");
  CHECK(n1 == NULL && n2 == NULL, "a refused call stores nothing");
  cle_release(wide);
  cle_release(u8);
  cle_release(small);
  cle_release(middle);
  cle_release(large);
  cle_release(img);
}

int main(void)
{
  cle_device *dev = cle_device_default();
  if (!dev) {
    printf("no device: %s\n", cle_last_error_message());
    return 1;
  }
  created(dev);
  given_and_refused(dev);
  long live = cle_live_array_count();
  CHECK(live == 0, "%ld arrays still alive", live);
  printf("%s: %d failure(s)\n", failures ? "FAIL" : "PASS", failures);
  return failures ? 1 : 0;
}
