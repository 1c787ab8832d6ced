/* Hand-worked checks of the CPU references themselves, so the spec tests
 * compare the device against something known to be right. No device. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref_common.h"

static int failures = 0;

static void expect(int ok, const char *what)
{
  printf("%s %s\n", ok ? "PASS" : "FAIL", what);
  failures += !ok;
}

static void image_from(ref_image *img, cle_dtype dtype, size_t w, size_t h, size_t d, const double *v)
{
  ref_image_alloc(img, dtype, d > 1 ? 3 : h > 1 ? 2 : 1, w, h, d);
  for (size_t i = 0; i < w * h * d; i++)
    ref_set(img, i, v[i]);
}

int main(void)
{
  /* conversions saturate and round toward zero; NaN gives 0 */
  ref_image c;
  ref_image_alloc(&c, CLE_UINT8, 1, 4, 1, 1);
  ref_set(&c, 0, 3.9);
  ref_set(&c, 1, -7);
  ref_set(&c, 2, 300);
  ref_set(&c, 3, NAN);
  expect(ref_get(&c, 0) == 3 && ref_get(&c, 1) == 0 && ref_get(&c, 2) == 255 && ref_get(&c, 3) == 0,
         "uint8 conversion: 3.9 -> 3, -7 -> 0, 300 -> 255, NaN -> 0");
  ref_image_free(&c);

  /* pyclesperanto's histogram test: 1 2 4 4 2 3 / 3 3 4 4 5 5, 5 bins over [1, 5] */
  const double hv[12] = {1, 2, 4, 4, 2, 3, 3, 3, 4, 4, 5, 5};
  ref_image h;
  image_from(&h, CLE_UINT8, 6, 2, 1, hv);
  uint32_t counts[5];
  ref_histogram_counts(&h, 5, 1, 5, counts);
  expect(counts[0] == 1 && counts[1] == 2 && counts[2] == 3 && counts[3] == 4 && counts[4] == 2, "histogram 1 2 3 4 2");
  /* nearest center: with 3 bins over [1, 5] the position is (v - 1) / 2, so
   * 1 -> 0, 2 -> 1 (0.5 rounds up), 3 -> 1, 4 -> 2, 5 -> 2 */
  ref_histogram_counts(&h, 3, 1, 5, counts);
  expect(counts[0] == 1 && counts[1] == 5 && counts[2] == 6, "histogram takes the nearest center: 1 5 6");
  ref_image_free(&h);

  /* Otsu on {10 x4, 12 x4, 200 x4, 202 x4}. As uint8 (range 192 < 256) it
   * uses one bin per value: centers 10..202; every split from 12 to 199
   * gives the same classes, the first wins: threshold 12, so 10 and 12 -> 0.
   * As float32 it uses 256 bins over [10, 202]: 12 -> bin round(2.656) = 3,
   * 200 -> 252, the first best split is bin 3, center 10 + 3 * 192 / 255. */
  const double ov[16] = {10, 10, 10, 10, 12, 12, 12, 12, 200, 200, 200, 200, 202, 202, 202, 202};
  const cle_dtype otsu_types[2] = {CLE_UINT8, CLE_FLOAT32};
  const double otsu_want[2] = {12, 10 + 3.0 * 192 / 255};
  for (int k = 0; k < 2; k++) {
    ref_image o, ob;
    image_from(&o, otsu_types[k], 16, 1, 1, ov);
    double lo, hi;
    ref_min_max(&o, &lo, &hi);
    int bins = ref_otsu_bins(o.dtype, lo, hi);
    uint32_t oc[256];
    ref_histogram_counts(&o, bins, (float)lo, (float)hi, oc);
    double t = ref_otsu_from_counts(oc, bins, (float)lo, (float)hi);
    printf("  Otsu threshold (%s, %d bins): %.9g\n", k == 0 ? "uint8" : "float32", bins, t);
    expect(bins == (k == 0 ? 193 : 256) && fabs(t - otsu_want[k]) < 1e-12, "Otsu threshold of the two clusters");
    ref_image_like(&ob, &o, CLE_UINT8);
    ref_op_threshold_otsu(&o, &ob);
    int split_ok = 1;
    for (size_t i = 0; i < 16; i++)
      split_ok &= ref_get(&ob, i) == (ov[i] > 100 ? 1 : 0);
    expect(split_ok, "threshold_otsu separates the clusters");
    ref_image_free(&o);
    ref_image_free(&ob);
  }

  /* Gaussian sigma 1 of an impulse: 9 taps exp(-v^2 / 2) normalised */
  double iv[15] = {0};
  iv[7] = 1;
  ref_image imp, g;
  image_from(&imp, CLE_FLOAT32, 15, 1, 1, iv);
  ref_gaussian_image(&imp, 1, 0, 0, &g);
  double norm = 0;
  for (int v = -4; v <= 4; v++)
    norm += exp(-v * v / 2.0);
  int gauss_ok = 1;
  for (int x = 0; x < 15; x++) {
    int v = x - 7;
    double want = abs(v) <= 4 ? exp(-v * v / 2.0) / norm : 0;
    gauss_ok &= fabs(ref_get(&g, (size_t)x) - want) < 1e-7;
  }
  expect(gauss_ok, "gaussian sigma 1: 9 normalised taps");
  ref_image_free(&g);
  /* clamp to edge: a constant image stays constant; sigma 0.1 gives 1 tap */
  ref_gaussian_image(&imp, 0.1f, 0, 0, &g);
  expect(memcmp(g.data, imp.data, 15 * sizeof(float)) == 0, "sigma 0.1 (N = 1) leaves the image unchanged");
  ref_image_free(&g);
  ref_image_free(&imp);

  /* projections of a 2x1x3 stack (x 2, z 3): columns {1, 5, -2} and {4, 4, 4} */
  const double pv[6] = {1, 4, 5, 4, -2, 4};
  ref_image p, out;
  image_from(&p, CLE_INT16, 2, 1, 3, pv);
  ref_image_alloc(&out, CLE_INT16, 1, 2, 1, 1);
  ref_op_maximum_z_projection(&p, &out, false);
  expect(ref_get(&out, 0) == 5 && ref_get(&out, 1) == 4, "maximum z projection");
  ref_op_minimum_z_projection(&p, &out, false);
  expect(ref_get(&out, 0) == -2 && ref_get(&out, 1) == 4, "minimum z projection");
  ref_image_free(&out);
  ref_image_alloc(&out, CLE_FLOAT32, 1, 2, 1, 1);
  ref_op_mean_z_projection(&p, &out, false);
  expect(fabs(ref_get(&out, 0) - 4.0 / 3) < 1e-6 && ref_get(&out, 1) == 4, "mean z projection");
  ref_image_free(&out);
  /* through the generated adapter: the output allocated by the creator rule (widened for sum) */
  const cle_value keep = {.type = CLE_TYPE_BOOL, .number = 1};
  ref_fn sum = ref_lookup("sum_z_projection");
  expect(sum && sum((const ref_image *const[]){&p}, &keep, &out, NULL) == 0 && out.dtype == CLE_INT32 &&
             out.ndim == 3 && out.depth == 1 && ref_get(&out, 0) == 4 && ref_get(&out, 1) == 12,
         "sum z projection with keep_dims: int32 (1, 1, 2)");
  ref_image_free(&out);
  ref_image_free(&p);

  /* touching areas of labels apart from each other (hand-worked; pyclesperanto 0.25.1 agrees):
   * 2D  1 1 0 2 / 1 1 0 2 / 0 0 0 0 / 3 0 0 0: labels 1, 2, 3 share 4, 3, 2 faces with the
   * background, none with each other; the background's parts 4/9, 3/9, 2/9 deviate from 1/3 by
   * 1/9, 0, 1/9: (2/9) / 3. 3D (2 planes of 1 x 4)  1 0 2 2 / 1 0 0 2: 2 and 3 faces, parts 0.4,
   * 0.6, deviation (0.1 + 0.1) / 2. One label and no background: nothing touches, NaN parts. */
  {
    const double tv2[16] = {1, 1, 0, 2, 1, 1, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0};
    const double tv3[8] = {1, 0, 2, 2, 1, 0, 0, 2};
    const double tv1[6] = {1, 1, 1, 1, 1, 1};
    ref_image t2, t3, t1, m, v;
    image_from(&t2, CLE_UINT8, 4, 4, 1, tv2);
    image_from(&t3, CLE_UINT16, 4, 1, 2, tv3);
    image_from(&t1, CLE_FLOAT32, 3, 2, 1, tv1);
    const double area2[16] = {0, 4, 3, 2, 4, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0};
    ref_image_alloc(&m, CLE_UINT32, 2, 4, 4, 1);
    int ok = ref_op_generate_touching_area_matrix(&t2, &m) == 0;
    for (int i = 0; i < 16; i++)
      ok = ok && ref_get(&m, (size_t)i) == area2[i];
    expect(ok, "touching area, 2D labels apart");
    ref_image_free(&m);
    ref_image_alloc(&m, CLE_FLOAT32, 2, 4, 4, 1);
    ok = ref_op_generate_partial_touching_area_matrix(&t2, &m) == 0;
    for (int i = 0; i < 16; i++) {
      const double perimeter[4] = {9, 4, 3, 2}; /* the column sums */
      const double want = area2[i] / perimeter[i % 4];
      ok = ok && fabs(ref_get(&m, (size_t)i) - want) < 1e-7;
    }
    expect(ok, "partial touching area, 2D labels apart");
    ref_image_free(&m);
    ref_image_alloc(&v, CLE_FLOAT32, 1, 4, 1, 1);
    ok = ref_op_standard_deviation_partial_touching_area_matrix(&t2, &v) == 0;
    expect(ok && fabs(ref_get(&v, 0) - 2.0 / 27) < 1e-7 && ref_get(&v, 1) == 0 && ref_get(&v, 2) == 0 &&
               ref_get(&v, 3) == 0,
           "deviation of partial touching areas, 2D labels apart: 2/27 0 0 0");
    ref_image_free(&v);

    const double area3[9] = {0, 2, 3, 2, 0, 0, 3, 0, 0};
    ref_image_alloc(&m, CLE_UINT32, 2, 3, 3, 1);
    ok = ref_op_generate_touching_area_matrix(&t3, &m) == 0;
    for (int i = 0; i < 9; i++)
      ok = ok && ref_get(&m, (size_t)i) == area3[i];
    expect(ok, "touching area, 3D labels apart");
    ref_image_free(&m);
    ref_image_alloc(&m, CLE_FLOAT32, 2, 3, 3, 1);
    ok = ref_op_generate_partial_touching_area_matrix(&t3, &m) == 0 && fabs(ref_get(&m, 3) - 0.4) < 1e-7 &&
         fabs(ref_get(&m, 6) - 0.6) < 1e-7 && ref_get(&m, 1) == 1 && ref_get(&m, 2) == 1 && ref_get(&m, 4) == 0;
    expect(ok, "partial touching area, 3D labels apart");
    ref_image_free(&m);
    ref_image_alloc(&v, CLE_FLOAT32, 1, 3, 1, 1);
    ok = ref_op_standard_deviation_partial_touching_area_matrix(&t3, &v) == 0;
    expect(ok && fabs(ref_get(&v, 0) - 0.1) < 1e-7 && ref_get(&v, 1) == 0 && ref_get(&v, 2) == 0,
           "deviation of partial touching areas, 3D labels apart: 0.1 0 0");
    ref_image_free(&v);

    ref_image_alloc(&m, CLE_UINT32, 2, 2, 2, 1);
    ok = ref_op_generate_touching_area_matrix(&t1, &m) == 0;
    for (int i = 0; i < 4; i++)
      ok = ok && ref_get(&m, (size_t)i) == 0;
    ref_image_free(&m);
    ref_image_alloc(&m, CLE_FLOAT32, 2, 2, 2, 1);
    ok = ok && ref_op_generate_partial_touching_area_matrix(&t1, &m) == 0;
    for (int i = 0; i < 4; i++)
      ok = ok && isnan(ref_get(&m, (size_t)i));
    ref_image_free(&m);
    ref_image_alloc(&v, CLE_FLOAT32, 1, 2, 1, 1);
    ok = ok && ref_op_standard_deviation_partial_touching_area_matrix(&t1, &v) == 0 && ref_get(&v, 0) == 0 &&
         ref_get(&v, 1) == 0;
    expect(ok, "touching areas of a single label without background: 0, NaN, 0");
    ref_image_free(&v);
    ref_image_free(&t1);
    ref_image_free(&t2);
    ref_image_free(&t3);
  }

  /* lookups */
  expect(ref_lookup("gaussian_blur") != NULL && ref_lookup("no_such_op") == NULL, "ref_lookup");
  printf("%s\n", failures ? "FAILED" : "all passed");
  return failures != 0;
}
