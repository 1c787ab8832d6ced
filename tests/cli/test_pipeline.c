/* Pipelines (runtime/pipeline):
 * - cle_param_parse on every parameter type, with synthetic descriptions;
 * - every check done before running, each one line "bad.yaml:LINE:COL: ..."
 *   at the place written in the YAML below;
 * - running the seed workflow compared with the same ops called through the
 *   C API; arrays released as soon as no later step needs them;
 * - the progress callback: each step started and finished, in order; a
 *   failing step started only;
 * - a failing step leaves no saved file; in-place ops do not change what a
 *   later step reads; input replacements.
 * Usage: test_pipeline DATA_DIR */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cesperanto/cesperanto.h"
#include "cesperanto/cle_io.h"
#include "cesperanto/cle_pipeline.h"
#include "io_test_util.h"

static const char *tmp, *data_dir;

/* ---- cle_param_parse --------------------------------------------------------- */

static void test_param_parse(void)
{
  static const char *const choices[] = {"box", "sphere"}, *const aliases[] = {"diamond"};
  static const int alias_targets[] = {1};
  cle_op_desc op = {.name = "fake"};
  cle_param_desc pf = {.name = "sigma", .type = CLE_TYPE_FLOAT, .has_min = true, .min = 0};
  cle_param_desc pfree = {.name = "value", .type = CLE_TYPE_FLOAT};
  cle_param_desc pi = {.name = "bins", .type = CLE_TYPE_INT, .has_min = true, .min = 1, .has_max = true, .max = 10};
  cle_param_desc pb = {.name = "flag", .type = CLE_TYPE_BOOL};
  cle_param_desc ps = {.name = "conn",
                       .type = CLE_TYPE_STRING,
                       .choices = choices,
                       .n_choices = 2,
                       .choice_aliases = aliases,
                       .choice_alias_targets = alias_targets,
                       .n_choice_aliases = 1};
  cle_value v;
  CHECK(cle_param_parse(&op, &pf, "2.5", &v) == 0 && v.type == CLE_TYPE_FLOAT && v.number == 2.5, "2.5");
  CHECK(cle_param_parse(&op, &pf, "1e3", &v) == 0 && v.number == 1000, "1e3");
  struct {
    const cle_param_desc *p;
    const char *text, *says;
  } bad[] = {
      {&pf, "-1", "fake: sigma must be >= 0, got -1"},
      {&pf, "abc", "fake: sigma expects a float, got 'abc'"},
      {&pf, "", "expects a float"},
      {&pf, "2x", "expects a float"},
      {&pf, "nan", "must be a number in range"},
      {&pf, "1e400", "expects a float"},
      {&pi, "3.5", "fake: bins expects an int, got '3.5'"},
      {&pi, "11", "fake: bins must be <= 10, got 11"},
      {&pi, "0", "fake: bins must be >= 1, got 0"},
      {&pb, "maybe", "fake: flag expects a bool (true or false), got 'maybe'"},
      {&ps, "boxy", "fake: conn must be one of box, sphere (or diamond for sphere), got 'boxy'"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    int rc = cle_param_parse(&op, bad[i].p, bad[i].text, &v);
    CHECK(rc == -1 && cle_last_error() == CLE_ERROR_INVALID_ARGUMENT && strstr(cle_last_error_message(), bad[i].says),
          "'%s' for %s: rc %d, %s", bad[i].text, bad[i].p->name, rc, cle_last_error_message());
  }
  CHECK(cle_param_parse(&op, &pfree, "nan", &v) == 0 && isnan(v.number), "nan without a range");
  CHECK(cle_param_parse(&op, &ps, "diamond", &v) == 0 && v.type == CLE_TYPE_STRING && !strcmp(v.string, "sphere"),
        "a choice alias parses as the choice it stands for");
  CHECK(cle_param_parse(&op, &pfree, "-.inf", &v) == 0 && isinf(v.number) && v.number < 0, "-.inf");
  CHECK(cle_param_parse(&op, &pi, "7", &v) == 0 && v.type == CLE_TYPE_INT && v.number == 7, "int 7");
  const char *yes[] = {"true", "yes", "on", "1", "True"}, *no[] = {"false", "no", "off", "0", "FALSE"};
  for (int i = 0; i < 5; i++) {
    CHECK(cle_param_parse(&op, &pb, yes[i], &v) == 0 && v.number == 1, "%s", yes[i]);
    CHECK(cle_param_parse(&op, &pb, no[i], &v) == 0 && v.number == 0, "%s", no[i]);
  }
  CHECK(cle_param_parse(&op, &ps, "diamond", &v) == 0 && v.string == choices[1],
        "choice points at the registry's copy");
  /* float lists: commas and/or spaces, in [..] or not, None where optional; allocated, cle_value_clear frees */
  static const int lengths[] = {3, 4};
  cle_param_desc pl = {.name = "m", .type = CLE_TYPE_FLOAT_LIST, .optional = true, .lengths = lengths, .n_lengths = 2};
  CHECK(cle_param_parse(&op, &pl, "1,2.5,-3", &v) == 0 && v.type == CLE_TYPE_FLOAT_LIST && v.count == 3 &&
            v.list[0] == 1.0f && v.list[1] == 2.5f && v.list[2] == -3.0f,
        "float list 1,2.5,-3");
  cle_value_clear(&v);
  CHECK(!v.list && v.count == 0, "cle_value_clear leaves None");
  CHECK(cle_param_parse(&op, &pl, "[1, 2 3, 4]", &v) == 0 && v.count == 4 && v.list[3] == 4.0f, "[1, 2 3, 4]");
  cle_value_clear(&v);
  CHECK(cle_param_parse(&op, &pl, "None", &v) == 0 && v.type == CLE_TYPE_FLOAT_LIST && !v.list && v.count == 0, "None");
  const char *bad_lists[][2] = {{"1,2", "fake: m must have 3 or 4 numbers, got 2"},
                                {"1,x,3", "fake: m expects numbers separated by commas (or None), got '1,x,3'"},
                                {"", "expects numbers separated by commas"},
                                {"1,,3", "expects numbers separated by commas"}};
  for (size_t i = 0; i < sizeof bad_lists / sizeof bad_lists[0]; i++) {
    int rc = cle_param_parse(&op, &pl, bad_lists[i][0], &v);
    CHECK(rc == -1 && strstr(cle_last_error_message(), bad_lists[i][1]) && !v.list, "float list '%s': rc %d, %s",
          bad_lists[i][0], rc, cle_last_error_message());
  }
  CHECK(cle_param_parse(NULL, &ps, "box", &v) == -1 && strstr(cle_last_error_message(), "op"), "NULL op");
}

/* ---- checks before running --------------------------------------------------- */

typedef struct bad_case {
  const char *what, *yaml;
  int line, col; /* 0: any location */
  cle_error code;
  const char *says, *says_too;
} bad_case;

static void expect_rejected(const bad_case *c)
{
  char prefix[64];
  snprintf(prefix, sizeof prefix, "bad.yaml:%d:%d: ", c->line, c->col);
  cle_pipeline *p = cle_pipeline_parse(c->yaml, strlen(c->yaml), "bad.yaml", tmp, NULL);
  const char *msg = cle_last_error_message();
  CHECK(p == NULL, "%s: accepted", c->what);
  CHECK(cle_last_error() == c->code, "%s: error %s, wanted %s: %s", c->what, cle_error_name(cle_last_error()),
        cle_error_name(c->code), msg);
  CHECK(c->line ? strncmp(msg, prefix, strlen(prefix)) == 0 : strncmp(msg, "bad.yaml:", 9) == 0,
        "%s: message does not start with %s: %s", c->what, c->line ? prefix : "bad.yaml:", msg);
  CHECK(strstr(msg, c->says) != NULL, "%s: message lacks '%s': %s", c->what, c->says, msg);
  CHECK(!c->says_too || strstr(msg, c->says_too) != NULL, "%s: message lacks '%s': %s", c->what, c->says_too, msg);
  CHECK(strchr(msg, '\n') == NULL, "%s: message is not one line: %s", c->what, msg);
  cle_pipeline_free(p);
}

static void test_rejections(void)
{
  const cle_error BAD = CLE_ERROR_INVALID_ARGUMENT;
  const bad_case cases[] = {
      {"unknown op", "- op: gausian_blur\n  inputs: {input_image: in.tif}\n", 1, 7, BAD, "unknown op 'gausian_blur'",
       "did you mean gaussian_blur?"},
      {"wrong parameter name", "- op: gaussian_blur\n  inputs: {input_image: in.tif}\n  params: {sigma: 2}\n", 3, 12,
       BAD, "gaussian_blur has no parameter 'sigma'", "sigma_x, sigma_y, sigma_z"},
      {"type mismatch", "- op: gaussian_blur\n  inputs: {input_image: in.tif}\n  params: {sigma_x: two}\n", 3, 21, BAD,
       "type mismatch", "sigma_x expects a float, got 'two'"},
      {"quoted number", "- op: gaussian_blur\n  inputs: {input_image: in.tif}\n  params: {sigma_x: \"2\"}\n", 3, 21,
       BAD, "type mismatch", "got the string \"2\""},
      {"list for a number", "- op: gaussian_blur\n  inputs: {input_image: in.tif}\n  params: {sigma_x: [1, 2]}\n", 3,
       21, BAD, "type mismatch", "a list"},
      {"out of range", "- op: gaussian_blur\n  inputs: {input_image: in.tif}\n  params: {sigma_x: -1}\n", 3, 21, BAD,
       "gaussian_blur: sigma_x must be >= 0, got -1", NULL},
      {"int expected", "- op: histogram\n  inputs: {input_image: in.tif}\n  params: {num_bins: 2.5}\n", 3, 22, BAD,
       "num_bins expects an int", NULL},
      {"bad choice",
       "- op: connected_component_labeling\n  inputs: {input_image: in.tif}\n  params: {connectivity: boxy}\n", 3, 26,
       BAD, "must be one of box, sphere", NULL},
      {"forward reference",
       "- op: threshold_otsu\n  inputs: {input_image: blurred}\n- op: gaussian_blur\n  inputs: {input_image: in.tif}\n "
       " as: blurred\n",
       2, 25, BAD, "forward reference: 'blurred' is made later, at line 3", NULL},
      {"cycle",
       "- op: gaussian_blur\n  inputs: {input_image: b}\n  as: a\n- op: gaussian_blur\n  inputs: {input_image: a}\n  "
       "as: b\n",
       2, 25, BAD, "cycle", "'b' (made at line 4)"},
      {"self reference", "- op: gaussian_blur\n  inputs: {input_image: a}\n  as: a\n", 2, 25, BAD,
       "cycle: the step uses its own result 'a'", NULL},
      {"duplicate name",
       "- op: gaussian_blur\n  inputs: {input_image: in.tif}\n  as: x\n- op: gaussian_blur\n  inputs: {input_image: "
       "in.tif}\n  as: x\n",
       6, 7, BAD, "duplicate name 'x' (first defined by the step at line 1)", NULL},
      {"unknown input", "- op: gaussian_blur\n  inputs: {source: in.tif}\n", 2, 12, BAD,
       "gaussian_blur has no input 'source'; its inputs: input_image", NULL},
      {"missing input", "- op: subtract_images\n  inputs: {input_image0: in.tif}\n", 2, 11, BAD,
       "subtract_images: missing input 'input_image1'", NULL},
      {"no inputs at all", "- op: gaussian_blur\n  params: {sigma_x: 1}\n", 1, 3, BAD, "missing input 'input_image'",
       NULL},
      {"missing file", "- op: gaussian_blur\n  inputs: {input_image: nothere.tif}\n", 2, 25, CLE_ERROR_IO,
       "nothere.tif", "does not exist"},
      {"not an image file", "- op: gaussian_blur\n  inputs: {input_image: notes.txt}\n", 2, 25, BAD,
       "'notes.txt' is neither an earlier step's name nor an image file (.tif, .tiff, .png)", NULL},
      {"unknown key", "- op: gaussian_blur\n  inputs: {input_image: in.tif}\n  sav: x.tif\n", 3, 3, BAD,
       "unknown key 'sav'", "op, inputs, params, as, save"},
      {"duplicate key", "- op: gaussian_blur\n  op: copy\n  inputs: {input_image: in.tif}\n", 2, 3, BAD,
       "duplicate key 'op'", NULL},
      {"no op", "- inputs: {input_image: in.tif}\n", 1, 3, BAD, "step has no 'op'", NULL},
      {"number used as image",
       "- op: sum_of_all_pixels\n  inputs: {input_image: in.tif}\n  as: total\n- op: gaussian_blur\n  inputs: "
       "{input_image: total}\n",
       5, 25, BAD, "type mismatch: 'total' is the number sum_of_all_pixels gives, not an image", NULL},
      {"saving a number", "- op: sum_of_all_pixels\n  inputs: {input_image: in.tif}\n  save: total.tif\n", 3, 9, BAD,
       "sum_of_all_pixels gives a number", NULL},
      {"bad save extension", "- op: gaussian_blur\n  inputs: {input_image: in.tif}\n  save: out.jpg\n", 3, 9, BAD,
       "cannot save 'out.jpg': the name must end in .tif, .tiff or .png", NULL},
      {"save into a missing folder", "- op: gaussian_blur\n  inputs: {input_image: in.tif}\n  save: nowhere/out.tif\n",
       3, 9, CLE_ERROR_IO, "folder", "does not exist"},
      {"saved twice",
       "- op: gaussian_blur\n  inputs: {input_image: in.tif}\n  save: o.tif\n- op: copy\n  inputs: {input_image: "
       "in.tif}\n  save: o.tif\n",
       6, 9, BAD, "'o.tif' is already saved by the step at line 1", NULL},
      {"YAML syntax", "- op: gaussian_blur\n  inputs: {input_image: in.tif\n", 0, 0, BAD, "YAML syntax error", NULL},
      {"not a list", "op: gaussian_blur\n", 1, 1, BAD, "expected a list of steps", NULL},
      {"empty", "# nothing\n", 1, 1, BAD, "the pipeline is empty", NULL},
      {"step not a mapping", "- gaussian_blur\n", 1, 3, BAD, "a step must be a mapping", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    expect_rejected(&cases[i]);
  CHECK(tu_count_entries(tmp, ".tif") == 2, "checking wrote files"); /* in.tif and other.tif only */
}

/* ---- running -------------------------------------------------------------------- */

static cle_array *read_array(const char *path)
{
  cle_array *a = cle_tiff_read(NULL, path);
  CHECK(a != NULL, "read %s: %s", path, cle_last_error_message());
  return a;
}

static bool same_pixels(const cle_array *a, const cle_array *b)
{
  if (!a || !b || cle_array_dtype(a) != cle_array_dtype(b) || cle_array_nbytes(a) != cle_array_nbytes(b))
    return false;
  size_t n = cle_array_nbytes(a);
  void *x = malloc(n), *y = malloc(n);
  bool same = x && y && cle_pull(a, x, n) == 0 && cle_pull(b, y, n) == 0 && memcmp(x, y, n) == 0;
  free(x);
  free(y);
  return same;
}

static const char *seed_yaml =
    "- op: gaussian_blur\n"
    "  inputs: {input_image: blobs.tif}\n"
    "  params: {sigma_x: 1, sigma_y: 1}\n"
    "  as: blurred\n"
    "- {op: threshold_otsu, inputs: {input_image: blurred}, as: binary}\n"
    "- {op: connected_component_labeling, inputs: {input_image: binary}, params: {connectivity: box}, as: labels,\n"
    "   save: [labels.tif, labels.png]}\n"
    "- {op: maximum_of_all_pixels, inputs: {input_image: labels}}\n";

/* What the progress callback was told, as "START 1/4 gaussian_blur;DONE 1/4 gaussian_blur;..." */
typedef struct progress_log {
  char text[1024];
} progress_log;

static void record_progress(void *user, int step, int n_steps, const char *op, int finished)
{
  progress_log *log = user;
  size_t n = strlen(log->text);
  snprintf(log->text + n, sizeof log->text - n, "%s %d/%d %s;", finished ? "DONE" : "START", step + 1, n_steps, op);
}

static void test_seed_run(void)
{
  long live0 = cle_live_array_count();
  char *out = tu_make_temp_dir("pipeline-out");
  progress_log told;
  cle_pipeline_options opts = {.out_dir = out, .progress = record_progress, .progress_user = &told};
  cle_pipeline *p = cle_pipeline_parse(seed_yaml, strlen(seed_yaml), "seed.yaml", data_dir, &opts);
  CHECK(p != NULL, "seed pipeline rejected: %s", cle_last_error_message());
  if (!p)
    return;
  CHECK(cle_pipeline_step_count(p) == 4, "step count");
  CHECK(isnan(cle_pipeline_step_seconds(p, 0)) && cle_pipeline_step_held(p, 0) == -1, "results before a run");
  for (int round = 0; round < 2; round++) { /* a pipeline may run again */
    told.text[0] = 0;
    CHECK(cle_pipeline_run(p, NULL) == 0, "run: %s", cle_last_error_message());
    const char *want_told = "START 1/4 gaussian_blur;DONE 1/4 gaussian_blur;START 2/4 threshold_otsu;"
                            "DONE 2/4 threshold_otsu;START 3/4 connected_component_labeling;"
                            "DONE 3/4 connected_component_labeling;START 4/4 maximum_of_all_pixels;"
                            "DONE 4/4 maximum_of_all_pixels;";
    CHECK(!strcmp(told.text, want_told), "progress callback told '%s'", told.text);
    /* the library called directly */
    cle_array *blobs = read_array(tu_path(data_dir, "blobs.tif"));
    cle_array *blurred = cle_gaussian_blur(blobs, NULL, 1, 1, 0);
    cle_array *binary = cle_threshold_otsu(blurred, NULL);
    cle_array *labels = cle_connected_component_labeling(binary, NULL, "box");
    double count = cle_maximum_of_all_pixels(labels);
    cle_array *saved = read_array(tu_path(out, "labels.tif"));
    CHECK(labels && same_pixels(saved, labels), "labels.tif differs from the direct calls");
    CHECK(count > 0 && cle_pipeline_step_scalar(p, 3) == count, "object count %g, direct %g",
          cle_pipeline_step_scalar(p, 3), count);
    CHECK(isnan(cle_pipeline_step_scalar(p, 0)), "a non-scalar step has a scalar");
    CHECK(tu_file_exists(tu_path(out, "labels.png")), "labels.png missing");
    /* each result is held only while a later step reads it */
    int want_held[4] = {1, 1, 1, 0};
    for (int i = 0; i < 4; i++)
      CHECK(cle_pipeline_step_held(p, i) == want_held[i], "after step %d the pipeline holds %d arrays, wanted %d",
            i + 1, cle_pipeline_step_held(p, i), want_held[i]);
    CHECK(cle_pipeline_step_seconds(p, 2) >= 0, "no timing");
    cle_release(saved);
    cle_release(labels);
    cle_release(binary);
    cle_release(blurred);
    cle_release(blobs);
  }
  CHECK(tu_count_entries(out, "cle-run") == 0, "temporary files left");
  cle_pipeline_free(p);
  CHECK(cle_live_array_count() == live0, "%ld arrays leaked", cle_live_array_count() - live0);
  tu_remove_tree(out);
  free(out);
}

/* A step failing at run time: nothing saved, nothing leaked. */
static void test_failure_leaves_nothing(void)
{
  long live0 = cle_live_array_count();
  tu_write_file(tu_path(tmp, "corrupt.tif"), "II*\0 this is not really a TIFF", 30);
  const char *yaml = "- {op: gaussian_blur, inputs: {input_image: in.tif}, save: first.tif}\n"
                     "- {op: gaussian_blur, inputs: {input_image: corrupt.tif}, save: second.tif}\n";
  char *out = tu_make_temp_dir("pipeline-fail");
  progress_log told = {{0}};
  cle_pipeline_options opts = {.out_dir = out, .progress = record_progress, .progress_user = &told};
  cle_pipeline *p = cle_pipeline_parse(yaml, strlen(yaml), "fail.yaml", tmp, &opts);
  CHECK(p != NULL, "%s", cle_last_error_message());
  if (p) {
    CHECK(cle_pipeline_run(p, NULL) == -1, "a corrupt input ran");
    /* the failing step started and never finished */
    CHECK(!strcmp(told.text, "START 1/2 gaussian_blur;DONE 1/2 gaussian_blur;START 2/2 gaussian_blur;"),
          "progress callback told '%s'", told.text);
    const char *msg = cle_last_error_message();
    CHECK(!strncmp(msg, "fail.yaml:2:3: step 2 (gaussian_blur) failed: ", 45) && strstr(msg, "corrupt.tif") &&
              !strchr(msg, '\n'),
          "message: %s", msg);
    CHECK(tu_count_entries(out, "") == 0, "files left in the output folder after a failed run");
  }
  cle_pipeline_free(p);
  CHECK(cle_live_array_count() == live0, "%ld arrays leaked", cle_live_array_count() - live0);
  tu_remove_tree(out);
  free(out);
}

static double host_sum(const char *path)
{
  cle_host_image img;
  double s = 0;
  if (cle_tiff_read_host(path, &img) != 0)
    return NAN;
  for (size_t i = 0; i < img.width * img.height * img.depth; i++)
    s += ((uint8_t *)img.data)[i];
  cle_host_image_free(&img);
  return s;
}

static double run_scalar(const char *yaml, const cle_pipeline_options *opts, int step)
{
  cle_pipeline *p = cle_pipeline_parse(yaml, strlen(yaml), "t.yaml", tmp, opts);
  CHECK(p != NULL, "%s", cle_last_error_message());
  double v = NAN;
  if (p && cle_pipeline_run(p, NULL) == 0)
    v = cle_pipeline_step_scalar(p, step);
  else if (p)
    CHECK(0, "run: %s", cle_last_error_message());
  cle_pipeline_free(p);
  return v;
}

static void test_inplace_and_overrides(void)
{
  double in_sum = host_sum(tu_path(tmp, "in.tif")), other_sum = host_sum(tu_path(tmp, "other.tif"));
  char *out = tu_make_temp_dir("pipeline-inplace");
  cle_pipeline_options opts = {.out_dir = out};
  /* set overwrites its input in place; the later step must still see the original */
  const char *on_result = "- {op: copy, inputs: {input_image: in.tif}, as: a}\n"
                          "- {op: set, inputs: {input_image: a}, params: {scalar: 5}, save: set.tif}\n"
                          "- {op: sum_of_all_pixels, inputs: {input_image: a}}\n";
  CHECK(run_scalar(on_result, &opts, 2) == in_sum, "set changed a result a later step reads");
  CHECK(host_sum(tu_path(out, "set.tif")) == 5.0 * 12 * 10, "set.tif is not all 5");
  /* scatter writes its second input (output_image) in place: the later step must still see the copy's pixels */
  const char *scattered = "- {op: copy, inputs: {input_image: in.tif}, as: a}\n"
                          "- {op: scatter, inputs: {input_image: other.tif, output_image: a}, save: scattered.tif}\n"
                          "- {op: sum_of_all_pixels, inputs: {input_image: a}}\n";
  CHECK(run_scalar(scattered, &opts, 2) == in_sum, "scatter changed a result a later step reads");
  CHECK(host_sum(tu_path(out, "scattered.tif")) == other_sum, "scattered.tif is not other.tif");
  const char *on_file = "- {op: set, inputs: {input_image: in.tif}, params: {scalar: 5}}\n"
                        "- {op: sum_of_all_pixels, inputs: {input_image: in.tif}}\n";
  CHECK(run_scalar(on_file, &opts, 1) == in_sum, "set changed a file image a later step reads");
  /* replacements: bare, NAME=PATH, and their errors */
  const char *one_file = "- {op: sum_of_all_pixels, inputs: {input_image: in.tif}}\n";
  char other[4096], named[4200];
  snprintf(other, sizeof other, "%s", tu_path(tmp, "other.tif"));
  snprintf(named, sizeof named, "in.tif=%s", other);
  const char *bare[] = {other}, *by_name[] = {named};
  cle_pipeline_options o1 = {.out_dir = out, .inputs = bare, .n_inputs = 1},
                       o2 = {.out_dir = out, .inputs = by_name, .n_inputs = 1};
  CHECK(run_scalar(one_file, &o1, 0) == other_sum, "bare --input not used");
  CHECK(run_scalar(one_file, &o2, 0) == other_sum, "NAME=PATH --input not used");
  const char *two_files = "- {op: subtract_images, inputs: {input_image0: in.tif, input_image1: other.tif}}\n";
  cle_pipeline *p = cle_pipeline_parse(two_files, strlen(two_files), "t.yaml", tmp, &o1);
  CHECK(!p && strstr(cle_last_error_message(), "reads several input files; say which with NAME=PATH"),
        "ambiguous bare --input: %s", cle_last_error_message());
  cle_pipeline_free(p);
  const char *unknown[] = {"nope.tif=x.tif"};
  cle_pipeline_options o3 = {.out_dir = out, .inputs = unknown, .n_inputs = 1};
  p = cle_pipeline_parse(two_files, strlen(two_files), "t.yaml", tmp, &o3);
  CHECK(!p && strstr(cle_last_error_message(), "reads no file named 'nope.tif'"), "unknown NAME=: %s",
        cle_last_error_message());
  cle_pipeline_free(p);
  const char *missing[] = {"in.tif=/no/such/file.tif"};
  cle_pipeline_options o4 = {.out_dir = out, .inputs = missing, .n_inputs = 1};
  p = cle_pipeline_parse(one_file, strlen(one_file), "t.yaml", tmp, &o4);
  CHECK(!p && cle_last_error() == CLE_ERROR_IO && strstr(cle_last_error_message(), "/no/such/file.tif"),
        "missing replacement: %s", cle_last_error_message());
  cle_pipeline_free(p);
  tu_remove_tree(out);
  free(out);
}

static void test_load_errors(void)
{
  CHECK(!cle_pipeline_load(tu_path(tmp, "none.yaml"), NULL) && cle_last_error() == CLE_ERROR_IO &&
            strstr(cle_last_error_message(), "none.yaml"),
        "missing pipeline: %s", cle_last_error_message());
  CHECK(!cle_pipeline_load(tmp, NULL) && cle_last_error() == CLE_ERROR_IO &&
            strstr(cle_last_error_message(), "directory"),
        "directory as pipeline: %s", cle_last_error_message());
  /* files named in a pipeline file are found next to it */
  const char *yaml = "- {op: sum_of_all_pixels, inputs: {input_image: in.tif}}\n";
  tu_write_file(tu_path(tmp, "p.yaml"), yaml, strlen(yaml));
  cle_pipeline *p = cle_pipeline_load(tu_path(tmp, "p.yaml"), NULL);
  CHECK(p && cle_pipeline_run(p, NULL) == 0 && cle_pipeline_step_scalar(p, 0) == host_sum(tu_path(tmp, "in.tif")),
        "load next to the file: %s", cle_last_error_message());
  cle_pipeline_free(p);
  CHECK(cle_pipeline_run(NULL, NULL) == -1 && cle_pipeline_step_count(NULL) == -1, "NULL pipeline");
}

int main(int argc, char **argv)
{
  if (argc != 2) {
    fprintf(stderr, "usage: %s DATA_DIR\n", argv[0]);
    return 2;
  }
  data_dir = argv[1];
  char *dir = tu_make_temp_dir("pipeline");
  if (!dir)
    return 2;
  tmp = dir;
  uint8_t a[120], b[120];
  for (int i = 0; i < 120; i++)
    a[i] = (uint8_t)(i * 7 % 50), b[i] = (uint8_t)(i % 13 + 100);
  cle_host_image in = {CLE_UINT8, 2, 12, 10, 1, a}, other = {CLE_UINT8, 2, 12, 10, 1, b};
  if (cle_tiff_write_host(tu_path(tmp, "in.tif"), &in) || cle_tiff_write_host(tu_path(tmp, "other.tif"), &other))
    return 2;
  test_param_parse();
  test_rejections();
  test_seed_run();
  test_failure_leaves_nothing();
  test_inplace_and_overrides();
  test_load_errors();
  tu_remove_tree(dir);
  free(dir);
  if (tu_failures)
    fprintf(stderr, "%d check(s) failed\n", tu_failures);
  else
    printf("test_pipeline: all checks passed\n");
  return tu_failures ? 1 : 0;
}
