/* The seed workflow on data/blobs.tif: Gaussian blur (sigma 1) -> Otsu ->
 * connected components (box), on the device and through the C references;
 * the binary and label images must be identical. Prints the threshold and
 * the object count. Labeling runs once its op and reference exist. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cesperanto/cesperanto.h"
#include "ref_common.h"
#include "test_util.h"

enum { WORKFLOW_MAX_PARAMS = 16 };

static int failures = 0;

static void check(bool ok, const char *what, const char *detail)
{
  printf("%s %s%s%s\n", ok ? "PASS" : "FAIL", what, detail && *detail ? ": " : "", detail ? detail : "");
  failures += !ok;
}

/* Otsu's threshold of a host image the way threshold_otsu computes it. */
static double host_otsu_threshold(const ref_image *img)
{
  uint32_t counts[256];
  double lo, hi;
  ref_min_max(img, &lo, &hi);
  ref_histogram_counts(img, 256, (float)lo, (float)hi, counts);
  return ref_otsu_from_counts(counts, 256, (float)lo, (float)hi);
}

static void compare(const char *what, const ref_image *got, const ref_image *want)
{
  char why[512];
  double max_diff;
  bool ok = test_compare(got, want, true, 0, &max_diff, why, sizeof why);
  check(ok, what, why);
}

/* Label the device binary with connected_component_labeling (box) and the
 * host binary with its reference; compare; print the object count. */
static void run_labeling(cle_array *binary, const ref_image *ref_binary)
{
  const cle_op_desc *op = cle_op_find("connected_component_labeling");
  ref_fn reference = ref_lookup("connected_component_labeling");
  if (!op) {
    printf("SKIP connected_component_labeling is not in the registry yet; the workflow stops after Otsu\n");
    cle_clear_error();
    return;
  }
  if (!reference) {
    check(false, "labeling reference", "connected_component_labeling has no CPU reference");
    return;
  }
  cle_value params[WORKFLOW_MAX_PARAMS];
  if (op->n_params > WORKFLOW_MAX_PARAMS) {
    check(false, "labeling params", "too many parameters");
    return;
  }
  for (int k = 0; k < op->n_params; k++) {
    params[k] = op->params[k].default_value;
    if (!strcmp(op->params[k].name, "connectivity"))
      params[k].string = "box";
  }
  cle_op_result result = {0};
  cle_array *inputs[1] = {binary};
  ref_image got = {0}, want = {0};
  double unused;
  const ref_image *ref_in[1] = {ref_binary};
  if (op->invoke(inputs, NULL, params, &result) != 0) {
    check(false, "connected_component_labeling on the device", cle_last_error_message());
  } else if (reference(ref_in, params, &want, &unused) != 0) {
    check(false, "connected_component_labeling reference", "failed");
  } else if (test_pull(result.array, &got) == 0) {
    compare("labels (device pipeline) == labels (reference pipeline)", &got, &want);
    double objects = 0;
    for (size_t i = 0; i < ref_image_size(&want); i++)
      objects = fmax(objects, ref_get(&want, i));
    printf("objects: %.0f (reference), ", objects);
    objects = 0;
    for (size_t i = 0; i < ref_image_size(&got); i++)
      objects = fmax(objects, ref_get(&got, i));
    printf("%.0f (device)\n", objects);
  }
  cle_release(result.array);
  ref_image_free(&got);
  ref_image_free(&want);
}

int main(void)
{
  cle_device *dev = cle_device_default();
  if (!dev) {
    printf("no device: %s\n", cle_last_error_message());
    return 1;
  }
  printf("device: %s\n", cle_device_name(dev));
  ref_image blobs = {0}, ref_blur = {0}, ref_binary = {0}, dev_blur = {0}, dev_binary = {0}, check_binary = {0};
  cle_array *img = NULL, *blur = NULL, *binary = NULL;
  if (test_load_data("blobs.tif", CLE_UINT8, &blobs) != 0)
    return 1;
  printf("blobs: %zu x %zu uint8\n", blobs.width, blobs.height);

  /* device pipeline */
  img = test_push(dev, &blobs);
  blur = img ? cle_gaussian_blur(img, NULL, 1.0f, 1.0f, 0.0f) : NULL;
  binary = blur ? cle_threshold_otsu(blur, NULL) : NULL;
  if (!binary || test_pull(blur, &dev_blur) != 0 || test_pull(binary, &dev_binary) != 0) {
    check(false, "device pipeline", cle_last_error_message());
    goto done;
  }

  /* reference pipeline */
  if (ref_gaussian_image(&blobs, 1.0f, 1.0f, 0.0f, &ref_blur) != 0 ||
      ref_image_like(&ref_binary, &ref_blur, CLE_UINT8) != 0 || ref_op_threshold_otsu(&ref_blur, &ref_binary) != 0 ||
      ref_image_like(&check_binary, &dev_blur, CLE_UINT8) != 0 ||
      ref_op_threshold_otsu(&dev_blur, &check_binary) != 0) {
    check(false, "reference pipeline", "failed");
    goto done;
  }

  double max_diff;
  char why[512];
  bool blur_ok = test_compare(&dev_blur, &ref_blur, false, 2e-3, &max_diff, why, sizeof why);
  printf("blur: largest difference to the reference %.3g\n", max_diff);
  check(blur_ok, "blur within 2e-3 of the reference", why);
  double t_dev = host_otsu_threshold(&dev_blur), t_ref = host_otsu_threshold(&ref_blur);
  printf("Otsu threshold: %.9g (from the device blur), %.9g (reference pipeline)\n", t_dev, t_ref);
  compare("binary (device Otsu) == reference Otsu of the device blur", &dev_binary, &check_binary);
  compare("binary (device pipeline) == binary (reference pipeline)", &dev_binary, &ref_binary);
  size_t foreground = 0;
  for (size_t i = 0; i < ref_image_size(&dev_binary); i++)
    foreground += ref_get(&dev_binary, i) != 0;
  printf("foreground pixels: %zu of %zu\n", foreground, ref_image_size(&dev_binary));

  run_labeling(binary, &ref_binary);

done:
  cle_release(binary);
  cle_release(blur);
  cle_release(img);
  ref_image_free(&blobs);
  ref_image_free(&ref_blur);
  ref_image_free(&ref_binary);
  ref_image_free(&dev_blur);
  ref_image_free(&dev_binary);
  ref_image_free(&check_binary);
  long live = cle_live_array_count();
  check(live == 0, "no array leaked", live ? "arrays still alive" : NULL);
  printf("%s\n", failures ? "workflow FAILED" : "workflow passed");
  return failures ? 1 : 0;
}
