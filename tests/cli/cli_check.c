/* Checks what the `cle` command wrote against the library called directly
 * through its C API (cle_gaussian_blur, ...), and writes the hostile files
 * the command-line tests feed it. Exit 0 when the check holds.
 *
 *   cli_check tiff-equals FILE OP INPUT [ARGS]   FILE == OP(INPUT) for:
 *       blur SX SY | otsu | ccl CONNECTIVITY | mip | copy
 *   cli_check scalar TEXTFILE OP INPUT           the number printed == OP(INPUT): max | sum
 *   cli_check seed DIR DATA_DIR [STDOUT]         DIR/labels.tif and DIR/labels.png of the seed
 *                                                workflow on blobs; the count printed in STDOUT
 *   cli_check seed-of DIR INPUT [STDOUT]         the same on another input
 *   cli_check background DIR DATA_DIR STDOUT     examples/background_subtraction.yaml's outputs
 *   cli_check mip DIR DATA_DIR                   examples/head_projection.yaml's outputs
 *   cli_check list TEXTFILE [CATEGORY]           `cle list` shows exactly the registry's ops
 *   cli_check help TEXTFILE OP                   `cle help OP` shows every input, flag, default, category
 *   cli_check forge FILE                         write a TIFF whose header claims 100000^3 pixels
 *   cli_check make FILE DTYPE W H D SEED         write pseudo-random pixels (D 1: a 2D image)
 *   cli_check maxrss CMD [ARGS]                  run CMD; print its peak resident memory in KiB
 */
#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cesperanto/cesperanto.h"
#include "cesperanto/cle_io.h"
#include "io_test_util.h"

static cle_array *load(const char *path)
{
  cle_array *a = cle_tiff_read(NULL, path);
  CHECK(a != NULL, "%s", cle_last_error_message());
  return a;
}

/* Bit-identical: same dtype, shape and bytes. */
static bool same(const cle_array *a, const cle_array *b, const char *what)
{
  bool ok = a && b && cle_array_dtype(a) == cle_array_dtype(b) && cle_array_width(a) == cle_array_width(b) &&
            cle_array_height(a) == cle_array_height(b) && cle_array_depth(a) == cle_array_depth(b);
  if (ok) {
    size_t n = cle_array_nbytes(a);
    void *x = malloc(n), *y = malloc(n);
    ok = x && y && !cle_pull(a, x, n) && !cle_pull(b, y, n) && !memcmp(x, y, n);
    free(x);
    free(y);
  }
  CHECK(ok, "%s differs from the library's result", what);
  return ok;
}

static cle_array *compute(const char *op, cle_array *in, char **args)
{
  if (!strcmp(op, "blur"))
    return cle_gaussian_blur(in, NULL, (float)atof(args[0]), (float)atof(args[1]), 0);
  if (!strcmp(op, "otsu"))
    return cle_threshold_otsu(in, NULL);
  if (!strcmp(op, "ccl"))
    return cle_connected_component_labeling(in, NULL, args[0]);
  if (!strcmp(op, "mip"))
    return cle_maximum_z_projection(in, NULL, false);
  if (!strcmp(op, "copy"))
    return cle_copy(in, NULL);
  fprintf(stderr, "cli_check: unknown op %s\n", op);
  return NULL;
}

/* The number on the last line that has one ("= N" or "objects N" or just N). */
static double printed_number(const char *file, const char *key)
{
  char *text = tu_read_file(file, NULL);
  double v = NAN;
  for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n")) {
    char *at = key ? strstr(line, key) : line;
    if (at) {
      char *end;
      double x = strtod(at + (key ? strlen(key) : 0), &end);
      if (end != at + (key ? strlen(key) : 0))
        v = x;
    }
  }
  free(text);
  return v;
}

/* labels.png: every pixel the lookup-table colour of its label (2D labels). */
static void check_label_png(const char *path, const cle_array *labels)
{
  png_image image;
  memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  CHECK(png_image_begin_read_from_file(&image, path), "cannot read %s", path);
  image.format = PNG_FORMAT_RGB;
  size_t n = cle_array_size(labels);
  unsigned char *rgb = malloc(PNG_IMAGE_SIZE(image));
  uint32_t *l = malloc(n * sizeof *l);
  CHECK(rgb && l && png_image_finish_read(&image, NULL, rgb, 0, NULL), "cannot decode %s", path);
  CHECK(image.width == cle_array_width(labels) && image.height == cle_array_height(labels), "%s: %ux%u", path,
        image.width, image.height);
  if (rgb && l && !cle_pull(labels, l, n * sizeof *l) && image.width * image.height == n) {
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
      uint8_t c[3];
      cle_label_color(l[i], c);
      bad += memcmp(rgb + 3 * i, c, 3) != 0;
    }
    CHECK(bad == 0, "%s: %zu pixels not in their label's colour", path, bad);
  }
  free(rgb);
  free(l);
}

static int check_seed(const char *dir, const char *input, const char *stdout_file)
{
  cle_array *src = load(input);
  cle_array *blurred = cle_gaussian_blur(src, NULL, 1, 1, 0);
  cle_array *binary = cle_threshold_otsu(blurred, NULL);
  cle_array *labels = cle_connected_component_labeling(binary, NULL, "box");
  double count = cle_maximum_of_all_pixels(labels);
  cle_array *saved = load(tu_path(dir, "labels.tif"));
  same(saved, labels, "labels.tif");
  if (labels)
    check_label_png(tu_path(dir, "labels.png"), labels);
  if (stdout_file) {
    double shown = printed_number(stdout_file, "objects");
    if (isnan(shown))
      shown = printed_number(stdout_file, "maximum_of_all_pixels = ");
    CHECK(shown == count, "the command printed %g objects, the library counts %g", shown, count);
  }
  if (!tu_failures)
    printf("cli_check: %g objects, labels.tif and labels.png match the library\n", count);
  cle_release(saved);
  cle_release(labels);
  cle_release(binary);
  cle_release(blurred);
  cle_release(src);
  return 0;
}

static void check_background(const char *dir, const char *data, const char *stdout_file)
{
  cle_array *src = load(tu_path(data, "blobs.tif"));
  cle_array *bg = cle_gaussian_blur(src, NULL, 10, 10, 0);
  cle_array *fg = cle_subtract_images(src, bg, NULL);
  cle_array *brighter = cle_greater_constant(fg, NULL, 0);
  double sum = cle_sum_of_all_pixels(fg);
  cle_array *a = load(tu_path(dir, "foreground.tif")), *b = load(tu_path(dir, "brighter.tif"));
  same(a, fg, "foreground.tif");
  same(b, brighter, "brighter.tif");
  CHECK(tu_file_exists(tu_path(dir, "brighter.png")), "brighter.png missing");
  double shown = printed_number(stdout_file, "sum_of_all_pixels = ");
  CHECK(fabs(shown - sum) <= 1e-9 * fabs(sum), "printed sum %.10g, library %.10g", shown, sum);
  cle_release(a);
  cle_release(b);
  cle_release(brighter);
  cle_release(fg);
  cle_release(bg);
  cle_release(src);
}

static void check_mip(const char *dir, const char *data)
{
  cle_array *src = load(tu_path(data, "mini-t1-head.tif"));
  CHECK(src && cle_array_depth(src) == 32, "mini-t1-head.tif is not a 32-slice stack");
  cle_array *mip = cle_maximum_z_projection(src, NULL, false);
  cle_array *saved = load(tu_path(dir, "head_mip.tif"));
  same(saved, mip, "head_mip.tif");
  CHECK(tu_file_exists(tu_path(dir, "head_mip.png")), "head_mip.png missing");
  cle_release(saved);
  cle_release(mip);
  cle_release(src);
}

static bool has_category(const cle_op_desc *op, const char *c)
{
  for (int i = 0; i < op->n_categories; i++)
    if (!strcasecmp(op->categories[i], c))
      return true;
  return false;
}

/* Every op (of the category) starts a line, and no other line does. */
static void check_list(const char *file, const char *category)
{
  char *text = tu_read_file(file, NULL);
  CHECK(text != NULL, "cannot read %s", file);
  int lines = 0, expected = 0;
  for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n")) {
    lines++;
    char name[256];
    sscanf(line, "%255s", name);
    const cle_op_desc *op = cle_op_find(name);
    CHECK(op && (!category || has_category(op, category)), "listed '%s' is not a registered op%s%s", name,
          category ? " of category " : "", category ? category : "");
    CHECK(!op || strstr(line, op->brief), "%s: brief missing", name);
  }
  for (int i = 0; i < cle_op_count(); i++)
    expected += !category || has_category(cle_op_info(i), category);
  CHECK(lines == expected && expected > 0, "%d lines listed, %d ops registered", lines, expected);
  free(text);
}

static void check_help(const char *file, const char *name)
{
  char *text = tu_read_file(file, NULL);
  const cle_op_desc *op = cle_op_find(name);
  CHECK(text && op, "no help text or no op %s", name);
  if (!text || !op)
    return;
  CHECK(strstr(text, op->brief) != NULL, "brief missing");
  CHECK(strstr(text, op->output_creator) != NULL, "output rule missing");
  for (int i = 0; i < op->n_inputs; i++)
    CHECK(strstr(text, op->inputs[i].name) != NULL, "input %s missing", op->inputs[i].name);
  for (int i = 0; i < op->n_params; i++) {
    char flag[128], with_default[256];
    snprintf(flag, sizeof flag, "--%s", op->params[i].name);
    for (char *c = flag; *c; c++)
      if (*c == '_')
        *c = '-';
    CHECK(strstr(text, flag) != NULL, "flag %s missing", flag);
    snprintf(with_default, sizeof with_default, "default %s", op->params[i].default_text);
    CHECK(strstr(text, with_default) != NULL, "'%s' missing", with_default);
  }
  for (int i = 0; i < op->n_categories; i++)
    CHECK(strstr(text, op->categories[i]) != NULL, "category %s missing", op->categories[i]);
  free(text);
}

/* One little-endian page of 100000x100000 uint8, described as 100000 ImageJ slices. */
static int forge(const char *path)
{
  static const char desc[] = "ImageJ=1.54f\nimages=100000\nslices=100000\n";
  unsigned char b[512] = {'I', 'I', 42, 0, 8, 0, 0, 0};
  uint16_t n = 9;
  uint32_t tail = 8 + 2 + 12 * n + 4, pix = tail + (uint32_t)sizeof desc;
  struct {
    uint16_t tag, type;
    uint32_t count, value;
  } e[9] = {{256, 4, 1, 100000},         {257, 4, 1, 100000}, {258, 3, 1, 8},      {259, 3, 1, 1}, {262, 3, 1, 1},
            {270, 2, sizeof desc, tail}, {273, 4, 1, pix},    {278, 4, 1, 100000}, {279, 4, 1, 64}};
  b[8] = (unsigned char)n;
  for (int i = 0; i < n; i++) {
    unsigned char *p = b + 10 + 12 * i;
    p[0] = (unsigned char)e[i].tag, p[1] = (unsigned char)(e[i].tag >> 8);
    p[2] = (unsigned char)e[i].type;
    for (int k = 0; k < 4; k++)
      p[4 + k] = (unsigned char)(e[i].count >> (8 * k));
    for (int k = 0; k < 4; k++)
      p[8 + k] = (unsigned char)(e[i].value >> (8 * k));
  }
  memcpy(b + tail, desc, sizeof desc);
  return tu_write_file(path, b, pix + 64);
}

/* Pseudo-random pixels of every dtype: integers over their whole range, floats in [-100, 100). */
static int make(char **argv)
{
  cle_host_image img = {
      .width = strtoul(argv[4], NULL, 10), .height = strtoul(argv[5], NULL, 10), .depth = strtoul(argv[6], NULL, 10)};
  uint32_t state = (uint32_t)strtoul(argv[7], NULL, 10) | 1u;
  if (cle_dtype_from_name(argv[3], &img.dtype) != 0)
    return 2;
  img.ndim = img.depth > 1 ? 3 : 2;
  const size_t n = img.width * img.height * img.depth, es = cle_dtype_size(img.dtype);
  unsigned char *p = img.data = malloc(n * es > 0 ? n * es : 1);
  if (!p)
    return 1;
  for (size_t i = 0; i < n; i++) {
    uint32_t bits = tu_rand(&state);
    if (img.dtype == CLE_FLOAT32) {
      float f = (float)(bits % 200000) / 1000.0f - 100.0f;
      memcpy(p + i * es, &f, 4);
    } else {
      memcpy(p + i * es, &bits, es);
    }
  }
  int rc = cle_tiff_write_host(argv[2], &img);
  if (rc != 0)
    fprintf(stderr, "cli_check make: %s\n", cle_last_error_message());
  cle_host_image_free(&img);
  return rc ? 1 : 0;
}

static int maxrss(char **argv)
{
  pid_t pid = fork();
  if (pid == 0) {
    execvp(argv[0], argv);
    _exit(127);
  }
  int status;
  struct rusage ru;
  if (pid < 0 || waitpid(pid, &status, 0) != pid || getrusage(RUSAGE_CHILDREN, &ru) != 0)
    return 1;
  printf("%ld\n", ru.ru_maxrss);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int main(int argc, char **argv)
{
  if (argc < 3) {
    fprintf(stderr, "usage: see the comment at the top of cli_check.c\n");
    return 2;
  }
  const char *what = argv[1];
  long live0 = cle_live_array_count();
  if (!strcmp(what, "forge"))
    return forge(argv[2]) ? 1 : 0;
  if (!strcmp(what, "make") && argc == 8)
    return make(argv);
  if (!strcmp(what, "maxrss"))
    return maxrss(argv + 2);
  if (!strcmp(what, "tiff-equals") && argc >= 5) {
    cle_array *in = load(argv[4]);
    cle_array *want = in ? compute(argv[3], in, argv + 5) : NULL;
    cle_array *got = load(argv[2]);
    same(got, want, argv[2]);
    cle_release(got);
    cle_release(want);
    cle_release(in);
  } else if (!strcmp(what, "scalar") && argc == 5) {
    cle_array *in = load(argv[4]);
    double want = !strcmp(argv[3], "max") ? cle_maximum_of_all_pixels(in) : cle_sum_of_all_pixels(in);
    double got = printed_number(argv[2], NULL);
    CHECK(got == want, "printed %.10g, library %.10g", got, want);
    cle_release(in);
  } else if (!strcmp(what, "seed") && argc >= 4) {
    check_seed(argv[2], tu_path(argv[3], "blobs.tif"), argc > 4 ? argv[4] : NULL);
  } else if (!strcmp(what, "seed-of") && argc >= 4) {
    check_seed(argv[2], argv[3], argc > 4 ? argv[4] : NULL);
  } else if (!strcmp(what, "background") && argc == 5) {
    check_background(argv[2], argv[3], argv[4]);
  } else if (!strcmp(what, "mip") && argc == 4) {
    check_mip(argv[2], argv[3]);
  } else if (!strcmp(what, "list")) {
    check_list(argv[2], argc > 3 ? argv[3] : NULL);
  } else if (!strcmp(what, "help") && argc == 4) {
    check_help(argv[2], argv[3]);
  } else {
    fprintf(stderr, "cli_check: bad arguments for '%s'\n", what);
    return 2;
  }
  CHECK(cle_live_array_count() == live0, "arrays leaked");
  return tu_failures ? 1 : 0;
}
