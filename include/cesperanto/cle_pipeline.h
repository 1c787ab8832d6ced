/* cesperanto — pipelines: a YAML list of op calls, checked against the op
 * registry before anything runs, then run step by step on one device.
 *
 *   - op: gaussian_blur
 *     inputs: {src: blobs.tif}          # a file (relative to the pipeline's folder)...
 *     params: {sigma_x: 2, sigma_y: 2}
 *     as: blurred                        # ...or the name of an earlier step's result
 *   - {op: threshold_otsu, inputs: {src: blurred}, as: binary}
 *   - {op: connected_components_labeling, inputs: {src: binary}, params: {connectivity: box}, save: labels.tif}
 *   - {op: maximum_of_all_pixels, inputs: {src: labels}}   # a scalar: printed, kept in the step
 *
 * Step keys: `op` (required), `inputs` (every input of the op, each a file or
 * an earlier `as`), `params` (any of the op's parameters; the others take
 * their defaults), `as` (a name for the result), `save` (a .tif/.tiff/.png
 * file name, or a list of them; relative to the output folder).
 *
 * Every problem found before running is one line "FILE:LINE:COLUMN: message"
 * (unknown op or key, unknown or missing input, unknown parameter with the
 * valid ones listed, wrong type, value out of range, reference to a later
 * step, a cycle, a duplicate name, a missing input file, an unwritable save).
 * Running releases each device array as soon as no later step needs it, and
 * writes saved files under temporary names, renamed only when every step has
 * succeeded: a failing pipeline leaves no output behind.
 */
#ifndef CESPERANTO_CLE_PIPELINE_H
#define CESPERANTO_CLE_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "cle.h"
#include "cle_registry.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cle_pipeline cle_pipeline;

typedef struct cle_pipeline_options {
  /* Folder for relative save targets; NULL or "" means the current folder. */
  const char *out_dir;
  /* Input file replacements: "NAME=PATH" replaces the file the pipeline names
   * NAME; a bare "PATH" replaces the pipeline's only input file. PATH is
   * relative to the current folder. */
  const char *const *inputs;
  int n_inputs;
  /* Progress per step, scalar results and the timing summary; NULL: quiet. */
  FILE *log;
  /* Called as each step starts (finished 0) and once it succeeded (finished
   * 1, before its line in log): step from 0, n_steps, the step's op name;
   * user is progress_user. NULL: not called. (`cle run` draws its progress
   * line from it.) */
  void (*progress)(void *user, int step, int n_steps, const char *op, int finished);
  void *progress_user;
  /* Tiled: every step runs through cle_tiled_invoke (cle_tiled.h), tile by tile with its halo; images
   * between steps, inputs read and results saved stay in host memory, never whole on the device. tile:
   * per axis x, y, z, 0 = chosen from the device's memory budget. A step whose op has no tiled form
   * (a global footprint without a tiled algorithm, a position-dependent result, an output of another
   * shape, an in-place op) fails the run with the reason, naming the op. */
  bool tiled;
  size_t tile[3];
} cle_pipeline_options;

/* Read and check a pipeline file. opts may be NULL. Returns NULL with the
 * error set (CLE_ERROR_INVALID_ARGUMENT for a wrong pipeline, CLE_ERROR_IO for
 * files that cannot be read); the message starts with "PATH:LINE:COLUMN: ". */
CLE_API cle_pipeline *cle_pipeline_load(const char *path, const cle_pipeline_options *opts);
/* As cle_pipeline_load from text in memory; name is used in messages, input
 * files are looked up relative to base_dir (NULL: the current folder). */
CLE_API cle_pipeline *cle_pipeline_parse(const char *text, size_t length, const char *name, const char *base_dir,
                                         const cle_pipeline_options *opts);
/* Run every step on dev (NULL: the default device). Returns 0, or -1 with the
 * error set and no saved file written. A pipeline may be run more than once. */
CLE_API int cle_pipeline_run(cle_pipeline *p, cle_device *dev);
/* Free a pipeline. NULL-safe. */
CLE_API void cle_pipeline_free(cle_pipeline *p);

/* Introspection, valid after loading; timings and results after a run. */
CLE_API int cle_pipeline_step_count(const cle_pipeline *p);
CLE_API const cle_op_desc *cle_pipeline_step_op(const cle_pipeline *p, int step);
/* Seconds the step's op took (device work included), NaN before a run. */
CLE_API double cle_pipeline_step_seconds(const cle_pipeline *p, int step);
/* The value of a scalar op's step after a run; NaN for other steps. */
CLE_API double cle_pipeline_step_scalar(const cle_pipeline *p, int step);
/* Device arrays (host images in a tiled run) the pipeline still held after
 * the step (inputs read from files and results that a later step uses); -1
 * before a run. */
CLE_API int cle_pipeline_step_held(const cle_pipeline *p, int step);

/* Parse text as a value of an op's parameter, with the parameter's type,
 * range and choices checked: float ("2", "-1.5e3", "nan", "inf"), int,
 * bool (true/false, yes/no, on/off, 1/0), string (one of the choices; *out
 * then points at the registry's copy), float list ("1,0,0,0,1,0,0,0,1",
 * commas and/or spaces, in [..] or not, or None where the param is optional;
 * the count one of its lengths): the list is allocated, free it with
 * cle_value_clear. Returns 0, or -1 with CLE_ERROR_INVALID_ARGUMENT and a
 * message such as "gaussian_blur: sigma_x must be >= 0, got -1". */
CLE_API int cle_param_parse(const cle_op_desc *op, const cle_param_desc *param, const char *text, cle_value *out);
/* Frees what cle_param_parse allocated in *v (a float list) and leaves it None;
 * nothing for other values. */
CLE_API void cle_value_clear(cle_value *v);

#ifdef __cplusplus
}
#endif
#endif /* CESPERANTO_CLE_PIPELINE_H */
