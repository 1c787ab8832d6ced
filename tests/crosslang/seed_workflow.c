/* The seed workflow in C: the reference the Python, Java and C# versions
 * (seed_workflow.py, SeedWorkflow.java, SeedWorkflow.cs) must match bit for bit.
 *
 *   crosslang_seed DATA_DIR OUT_FILE
 *
 * Writes one line per output: "NAME DTYPE SHAPE SHA256" (SHAPE numpy-ordered,
 * comma-separated; the hash over the raw pixel bytes as pulled). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cesperanto/cesperanto.h"
#include "sha256.h"

static int report(FILE *out, const char *name, cle_array *arr)
{
  if (!arr) {
    fprintf(stderr, "crosslang_seed: %s failed: %s\n", name, cle_last_error_message());
    return -1;
  }
  size_t nbytes = cle_array_nbytes(arr);
  void *pixels = malloc(nbytes);
  if (!pixels || cle_pull(arr, pixels, nbytes) != 0) {
    fprintf(stderr, "crosslang_seed: pulling %s failed: %s\n", name,
            pixels ? cle_last_error_message() : "out of memory");
    free(pixels);
    return -1;
  }
  unsigned char digest[CLE_SHA256_SIZE];
  char hex[2 * CLE_SHA256_SIZE + 1];
  cle_sha256(pixels, nbytes, digest);
  cle_sha256_hex(digest, hex);
  free(pixels);
  size_t shape[3];
  int ndim = cle_array_shape(arr, shape);
  fprintf(out, "%s %s ", name, cle_dtype_name(cle_array_dtype(arr)));
  for (int i = 0; i < ndim; i++)
    fprintf(out, "%s%zu", i ? "," : "", shape[i]);
  fprintf(out, " %s\n", hex);
  return 0;
}

int main(int argc, char **argv)
{
  if (argc != 3) {
    fprintf(stderr, "usage: crosslang_seed DATA_DIR OUT_FILE\n");
    return 2;
  }
  char blobs_path[4096], head_path[4096];
  snprintf(blobs_path, sizeof blobs_path, "%s/blobs.tif", argv[1]);
  snprintf(head_path, sizeof head_path, "%s/mini-t1-head.tif", argv[1]);
  FILE *out = fopen(argv[2], "w");
  if (!out) {
    perror(argv[2]);
    return 1;
  }

  cle_array *blobs = cle_image_read(NULL, blobs_path);
  cle_array *head = cle_image_read(NULL, head_path);
  cle_array *blurred = blobs ? cle_gaussian_blur(blobs, NULL, 2.0f, 2.0f, 0.0f) : NULL;
  cle_array *binary = blurred ? cle_threshold_otsu(blurred, NULL) : NULL;
  cle_array *labels = binary ? cle_connected_component_labeling(binary, NULL, "box") : NULL;
  cle_array *dog = blobs ? cle_difference_of_gaussian(blobs, NULL, 1.0f, 1.0f, 0.0f, 3.0f, 3.0f, 0.0f) : NULL;
  cle_array *head_blurred = head ? cle_gaussian_blur(head, NULL, 1.0f, 1.0f, 1.0f) : NULL;
  cle_array *head_binary = head_blurred ? cle_threshold_otsu(head_blurred, NULL) : NULL;
  cle_array *head_labels = head_binary ? cle_connected_component_labeling(head_binary, NULL, "diamond") : NULL;
  cle_array *head_mip = head ? cle_maximum_z_projection(head, NULL, false) : NULL;
  cle_array *head_dog = head ? cle_difference_of_gaussian(head, NULL, 1.0f, 1.0f, 1.0f, 2.0f, 2.0f, 2.0f) : NULL;
  /* no input: the seed alone makes it (on the default device) */
  cle_array *tissue = cle_artificial_tissue(NULL, NULL, 45, 37, 11, 7.0f, 6.0f, 4.0f, 2.5f, 2.0f, 1.5f, 42);
  /* the operator pipeline, as the languages with operators write it: op_scaled = blurred * 0.5 + -20,
   * op_mask = op_scaled > 10, op_total = blurred + op_scaled, op_inverse = 1000 / (blurred + 1) */
  cle_array *half = blurred ? cle_multiply_image_and_scalar(blurred, NULL, 0.5f) : NULL;
  cle_array *op_scaled = half ? cle_add_image_and_scalar(half, NULL, -20.0f) : NULL;
  cle_array *op_mask = op_scaled ? cle_greater_constant(op_scaled, NULL, 10.0f) : NULL;
  cle_array *op_total = op_scaled ? cle_add_images(blurred, op_scaled, NULL) : NULL;
  cle_array *plus_one = blurred ? cle_add_image_and_scalar(blurred, NULL, 1.0f) : NULL;
  cle_array *op_inverse = plus_one ? cle_divide_scalar_by_image(plus_one, NULL, 1000.0f) : NULL;

  int rc = 0;
  rc |= report(out, "blobs", blobs);
  rc |= report(out, "blobs_blurred", blurred);
  rc |= report(out, "blobs_binary", binary);
  rc |= report(out, "blobs_labels", labels);
  rc |= report(out, "blobs_dog", dog);
  rc |= report(out, "head", head);
  rc |= report(out, "head_blurred", head_blurred);
  rc |= report(out, "head_binary", head_binary);
  rc |= report(out, "head_labels", head_labels);
  rc |= report(out, "head_mip", head_mip);
  rc |= report(out, "head_dog", head_dog);
  rc |= report(out, "tissue", tissue);
  rc |= report(out, "op_scaled", op_scaled);
  rc |= report(out, "op_mask", op_mask);
  rc |= report(out, "op_total", op_total);
  rc |= report(out, "op_inverse", op_inverse);

  cle_array *all[] = {blobs,    blurred,  binary, labels, dog,       head,    head_blurred, head_binary, head_labels,
                      head_mip, head_dog, tissue, half,   op_scaled, op_mask, op_total,     plus_one,    op_inverse};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    cle_release(all[i]);
  if (fclose(out) != 0)
    rc = -1;
  if (cle_live_array_count() != 0) {
    fprintf(stderr, "crosslang_seed: %ld arrays leaked\n", cle_live_array_count());
    rc = -1;
  }
  return rc ? 1 : 0;
}
