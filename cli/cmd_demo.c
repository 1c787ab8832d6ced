/* `cle demo [--out DIR]`: the seed workflow of clEsperanto's examples on the
 * bundled blobs image -- Gaussian blur (sigma 1 in x and y, as
 * pyclesperanto's blobs example), Otsu threshold, connected components
 * labeling (box) -- writing labels.tif and labels.png. The ops are called
 * through the registry, like every other command. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cesperanto/cle_io.h"
#include "cesperanto/cle_pipeline.h"
#include "cli.h"
#include "cli_data.h"

typedef struct demo_step {
  const char *op;
  const char *param[2][2]; /* name, value */
  double seconds;
} demo_step;

static int run_step(demo_step *s, cle_device *dev, cle_array *src, cle_array **dst)
{
  const cle_op_desc *op = cle_op_find(s->op);
  if (!op)
    return cli_fail(CLI_FAILED, "demo: this build has no op '%s'", s->op);
  cle_value params[32];
  if (op->n_params > 32 || op->n_inputs != 1)
    return cli_fail(CLI_FAILED, "demo: op '%s' does not have the expected signature", s->op);
  for (int p = 0; p < op->n_params; p++)
    params[p] = op->params[p].default_value;
  for (int k = 0; k < 2 && s->param[k][0]; k++) {
    int p = 0;
    while (p < op->n_params && strcmp(op->params[p].name, s->param[k][0]))
      p++;
    if (p == op->n_params)
      return cli_fail(CLI_FAILED, "demo: op '%s' has no parameter '%s'", s->op, s->param[k][0]);
    if (cle_param_parse(op, &op->params[p], s->param[k][1], &params[p]) != 0)
      return cli_fail_library();
  }
  cle_op_result out = {.array = NULL, .scalar = NAN, .table = NULL};
  double t0 = cli_now();
  int rc = op->invoke(&src, NULL, params, &out);
  if (rc == 0 && cle_device_finish(dev) != 0)
    rc = -1;
  s->seconds = cli_now() - t0;
  if (rc != 0 || !out.array) {
    cle_release(out.array);
    return cli_fail_library();
  }
  *dst = out.array;
  return CLI_OK;
}

/* Both files appear together or not at all: written under hidden names, then renamed. */
static int write_outputs(const char *dir, const cle_host_image *labels)
{
  char tif[PATH_MAX], png[PATH_MAX], tif_tmp[PATH_MAX], png_tmp[PATH_MAX];
  snprintf(tif, sizeof tif, "%s/labels.tif", dir);
  snprintf(png, sizeof png, "%s/labels.png", dir);
  snprintf(tif_tmp, sizeof tif_tmp, "%s/.labels.tif.cle-demo-%ld", dir, (long)getpid());
  snprintf(png_tmp, sizeof png_tmp, "%s/.labels.png.cle-demo-%ld", dir, (long)getpid());
  if (cle_tiff_write_host(tif_tmp, labels) != 0)
    return cli_fail_library();
  if (cle_png_write_host(png_tmp, labels, CLE_PNG_LABELS) != 0) {
    unlink(tif_tmp);
    return cli_fail_library();
  }
  if (rename(tif_tmp, tif) != 0 || rename(png_tmp, png) != 0) {
    int err = errno;
    unlink(tif_tmp);
    unlink(png_tmp);
    return cli_fail(CLI_FAILED, "demo: cannot write %s: %s", tif, strerror(err));
  }
  return CLI_OK;
}

int cmd_demo(int argc, char **argv, const cli_globals *g)
{
  const char *out_dir = ".";
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--out") && i + 1 < argc)
      out_dir = argv[++i];
    else if (!strncmp(argv[i], "--out=", 6))
      out_dir = argv[i] + 6;
    else
      return cli_fail(CLI_USAGE, "demo: unexpected '%s'; usage: cle demo [--out DIR]", argv[i]);
  }
  char data[PATH_MAX], input[PATH_MAX + 16];
  if (!cli_find_data("blobs.tif", data, sizeof data))
    return cli_fail(CLI_FAILED,
                    "demo: cannot find blobs.tif (looked in $CLE_DATA_DIR, %s, %s and ../share/cesperanto "
                    "next to cle); set CLE_DATA_DIR to the data/ folder",
                    CLE_SOURCE_DATA_DIR, CLE_INSTALL_DATA_DIR);
  snprintf(input, sizeof input, "%s/blobs.tif", data);
  if (cli_ensure_dir(out_dir) != 0)
    return CLI_FAILED;
  cle_device *dev = cli_device(g);
  if (!dev)
    return CLI_FAILED;

  double t0 = cli_now();
  cle_host_image img;
  if (cle_tiff_read_host(input, &img) != 0)
    return cli_fail_library();
  double t_read = cli_now() - t0;
  t0 = cli_now();
  size_t shape[3] = {img.depth, img.height, img.width};
  cle_array *arr = cle_push_nd(dev, img.data, img.dtype, img.ndim, shape + (3 - img.ndim));
  if (arr && cle_device_finish(dev) != 0) {
    cle_release(arr);
    arr = NULL;
  }
  double t_push = cli_now() - t0;
  printf("cle demo: Gaussian blur (sigma 1), Otsu threshold, connected components (box) on blobs.tif\n");
  printf("device   %s (%s, %s)\n", cle_device_name(dev), cle_device_type(dev), cle_device_version(dev));
  printf("input    %s: %zux%zu %s\n", input, img.width, img.height, cle_dtype_name(img.dtype));
  cle_host_image_free(&img);
  if (!arr)
    return cli_fail_library();

  demo_step steps[] = {
      {"gaussian_blur", {{"sigma_x", "1"}, {"sigma_y", "1"}}, 0},
      {"threshold_otsu", {{NULL, NULL}}, 0},
      {"connected_component_labeling", {{"connectivity", "box"}}, 0},
  };
  int rc = CLI_OK;
  for (size_t i = 0; i < sizeof steps / sizeof steps[0] && rc == CLI_OK; i++) {
    cle_array *next = NULL;
    rc = run_step(&steps[i], dev, arr, &next);
    cle_release(arr);
    arr = next;
  }
  if (rc != CLI_OK)
    return rc;

  cle_host_image labels = {cle_array_dtype(arr),  cle_array_ndim(arr),  cle_array_width(arr),
                           cle_array_height(arr), cle_array_depth(arr), malloc(cle_array_nbytes(arr))};
  t0 = cli_now();
  if (!labels.data || cle_pull(arr, labels.data, cle_array_nbytes(arr)) != 0) {
    cle_release(arr);
    cle_host_image_free(&labels);
    return labels.data ? cli_fail_library() : cli_fail(CLI_FAILED, "demo: out of host memory");
  }
  double t_pull = cli_now() - t0;
  cle_release(arr);
  /* labels run 1..N without gaps, so the largest is the count */
  double count = 0;
  size_t n = labels.width * labels.height * labels.depth;
  for (size_t i = 0; i < n; i++) {
    double v = labels.dtype == CLE_UINT32  ? ((uint32_t *)labels.data)[i]
               : labels.dtype == CLE_INT32 ? ((int32_t *)labels.data)[i]
                                           : ((float *)labels.data)[i];
    if (v > count)
      count = v;
  }
  t0 = cli_now();
  rc = write_outputs(out_dir, &labels);
  double t_write = cli_now() - t0;
  cle_host_image_free(&labels);
  if (rc != CLI_OK)
    return rc;
  printf("objects  %.0f\n", count);
  printf("wrote    %s/labels.tif, %s/labels.png\n", out_dir, out_dir);
  printf("times    read %.2f ms, push %.2f ms, %s %.2f ms, %s %.2f ms, %s %.2f ms, pull %.2f ms, write %.2f ms\n",
         1e3 * t_read, 1e3 * t_push, steps[0].op, 1e3 * steps[0].seconds, steps[1].op, 1e3 * steps[1].seconds,
         steps[2].op, 1e3 * steps[2].seconds, 1e3 * t_pull, 1e3 * t_write);
  printf("         (a kernel's first use includes compiling it, unless the program cache has it)\n");
  return CLI_OK;
}
