/* The checked form of a pipeline, shared by its parser and its runner (not installed). */
#ifndef CESPERANTO_PIPELINE_PRIVATE_H
#define CESPERANTO_PIPELINE_PRIVATE_H

#include <stdbool.h>
#include "cesperanto/cle_io.h"
#include "cesperanto/cle_pipeline.h"

/* Where an op input comes from. */
typedef enum pl_source_kind { PL_FROM_FILE, PL_FROM_STEP } pl_source_kind;

typedef struct pl_source {
  pl_source_kind kind;
  int index; /* into files or steps */
} pl_source;

typedef struct pl_save {
  char *path;     /* as it will be written: out_dir applied */
  char *tmp_path; /* during a run */
} pl_save;

typedef struct pl_step {
  int line, column; /* 1-based, of the step */
  const cle_op_desc *op;
  char *as;          /* NULL when unnamed */
  pl_source *inputs; /* op->n_inputs, in the op's order */
  cle_value *params; /* op->n_params, spec order, defaults filled in */
  pl_save *saves;
  int n_saves;
  int last_use; /* last step using this result; -1: none */
  /* results of the last run */
  double seconds, scalar;
  int held;
} pl_step;

typedef struct pl_file {
  char *path;          /* as opened */
  int last_use;        /* last step reading it */
  cle_array *image;    /* while loaded */
  cle_host_image host; /* tiled runs: while loaded (data non-NULL) */
} pl_file;

struct cle_pipeline {
  char *name; /* for messages */
  FILE *log;
  void (*progress)(void *user, int step, int n_steps, const char *op, int finished);
  void *progress_user;
  bool tiled; /* cle_pipeline_options.tiled, .tile */
  size_t tile[3];
  pl_step *steps;
  int n_steps;
  pl_file *files;
  int n_files;
};

/* Set a located error "name:line:column: message"; returns -1. */
int pl_error_at(const cle_pipeline *p, cle_error code, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Build p's steps and files from YAML text (parse.c). */
int pl_build(cle_pipeline *p, const char *text, size_t length, const char *base_dir, const cle_pipeline_options *opts);

#endif
