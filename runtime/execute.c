/* Running clij-dialect kernels: parameters bound by name, programs cached
 * per device. The hit path is: check params, build a short key, one locked
 * table lookup, set arguments, enqueue. No finish: the in-order queue orders
 * the work and pulls block. */
#include <ctype.h>
#include <stdatomic.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_table.h"
#include "profile.h"
#include "program_cache.h"
#include "program_source.h"
#include "program_store.h"
#include "program_table.h"

/* Kernels with more parameters than this are bound with a heap table. */
#define SMALL_PARAM_COUNT 32

cle_param cle_param_array(const char *name, cle_array *arr)
{
  return (cle_param){.name = name, .kind = CLE_PARAM_ARRAY, .array = arr};
}

cle_param cle_param_int(const char *name, int value)
{
  return (cle_param){.name = name, .kind = CLE_PARAM_INT, .i = value};
}

cle_param cle_param_float(const char *name, float value)
{
  return (cle_param){.name = name, .kind = CLE_PARAM_FLOAT, .f = value};
}

static const char *param_kind_name(cle_param_kind kind)
{
  return kind == CLE_PARAM_ARRAY ? "an array" : kind == CLE_PARAM_INT ? "an int" : "a float";
}

static const char *karg_kind_name(cle_karg_kind kind)
{
  switch (kind) {
  case CLE_KARG_IMAGE: return "an image";
  case CLE_KARG_BUFFER: return "a buffer";
  case CLE_KARG_INT: return "an int";
  case CLE_KARG_FLOAT: return "a float";
  }
  return "?";
}

static bool is_identifier(const char *s)
{
  if (!isalpha((unsigned char)*s) && *s != '_')
    return false;
  while (*++s)
    if (!isalnum((unsigned char)*s) && *s != '_')
      return false;
  return true;
}

/* ---- checks that need no kernel ---- */

static int check_params(const char *who, cle_device **dev, const cle_param *params, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    const cle_param *p = &params[i];
    if (!p->name)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: params[%zu].name is NULL", who, i);
    if (!is_identifier(p->name))
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: param name '%s' is not an identifier", who, p->name);
    if ((unsigned)p->kind > CLE_PARAM_FLOAT)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: param '%s' has unknown kind %d", who, p->name,
                           (int)p->kind);
    if (p->kind == CLE_PARAM_ARRAY && !p->array)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: param '%s' is an array param with a NULL array", who,
                           p->name);
    for (size_t j = 0; j < i; j++)
      if (strcmp(params[j].name, p->name) == 0)
        return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: param '%s' is given twice", who, p->name);
  }
  for (size_t i = 0; i < n && !*dev; i++)
    if (params[i].kind == CLE_PARAM_ARRAY)
      *dev = params[i].array->device;
  if (!*dev && !(*dev = cle_device_default())) {
    cle_error_add_context(who);
    return -1;
  }
  for (size_t i = 0; i < n; i++)
    if (params[i].kind == CLE_PARAM_ARRAY && params[i].array->device != *dev)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                           "%s: array '%s' is on device '%s' (#%d), kernel runs on '%s' (#%d)", who, params[i].name,
                           params[i].array->device->name, params[i].array->device->index, (*dev)->name, (*dev)->index);
  return 0;
}

/* "src:uc3;dst:f2;": what of the arrays the program text depends on.
 * Written into small when it fits, else malloc'ed; NULL if out of memory. */
static char *array_key(const cle_param *params, size_t n, char *small, size_t small_size)
{
  size_t need = 1;
  for (size_t i = 0; i < n; i++)
    if (params[i].kind == CLE_PARAM_ARRAY)
      need += strlen(params[i].name) + 6;
  char *key = need <= small_size ? small : malloc(need);
  if (!key)
    return NULL;
  char *w = key;
  for (size_t i = 0; i < n; i++) {
    if (params[i].kind != CLE_PARAM_ARRAY)
      continue;
    const cle_array *a = params[i].array;
    size_t len = strlen(params[i].name);
    const char *suffix = cle_dtype_cl_suffix(a->dtype);
    memcpy(w, params[i].name, len);
    w += len;
    *w++ = ':';
    *w++ = suffix[0];
    if (suffix[1])
      *w++ = suffix[1];
    *w++ = (char)('0' + cle_array_kernel_dim(a));
    *w++ = ';';
  }
  *w = '\0';
  return key;
}

/* ---- binding ---- */

/* Pair every kernel parameter with the param of its name: bound[k] = index in params. */
static int bind(const char *who, const char *kernel_name, const cle_kernel_signature *sig, const cle_param *params,
                size_t n, int *bound)
{
  for (int k = 0; k < sig->n_args; k++) {
    const cle_karg *arg = &sig->args[k];
    size_t i = 0;
    while (i < n && strcmp(params[i].name, arg->name) != 0)
      i++;
    if (i == n)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                           "%s: kernel '%s' parameter '%s' is not bound (no param named '%s')", who, kernel_name,
                           arg->name, arg->name);
    const cle_param *p = &params[i];
    cle_param_kind want = arg->kind == CLE_KARG_INT     ? CLE_PARAM_INT
                          : arg->kind == CLE_KARG_FLOAT ? CLE_PARAM_FLOAT
                                                        : CLE_PARAM_ARRAY;
    if (p->kind != want)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: kernel '%s' parameter '%s' is %s, got %s", who, kernel_name,
                           arg->name, karg_kind_name(arg->kind), param_kind_name(p->kind));
    if (arg->kind == CLE_KARG_BUFFER && arg->buffer_dtype >= 0 && arg->buffer_dtype != (int)p->array->dtype)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: kernel '%s' parameter '%s' points to %s, got a %s array",
                           who, kernel_name, arg->name, cle_dtype_cl_name((cle_dtype)arg->buffer_dtype),
                           cle_dtype_name(p->array->dtype));
    bound[k] = (int)i;
  }
  if ((size_t)sig->n_args == n)
    return 0;
  /* Names are unique on both sides, so some param matched nothing. */
  for (size_t i = 0; i < n; i++) {
    int k = 0;
    while (k < sig->n_args && strcmp(sig->args[k].name, params[i].name) != 0)
      k++;
    if (k == sig->n_args) {
      char list[512];
      cle_kernel_signature_list(sig, list, sizeof list);
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: kernel '%s' has no parameter '%s' (its parameters: %s)",
                           who, kernel_name, params[i].name, list);
    }
  }
  return 0;
}

static int set_args(const char *who, const char *kernel_name, cl_kernel kernel, const cle_kernel_signature *sig,
                    const cle_param *params, const int *bound)
{
  for (int k = 0; k < sig->n_args; k++) {
    const cle_karg *arg = &sig->args[k];
    const cle_param *p = &params[bound[k]];
    cl_int err = CL_SUCCESS;
    switch (arg->kind) {
    case CLE_KARG_IMAGE: {
      const cle_array *a = p->array;
      cl_int4 shape = {{(cl_int)a->width, (cl_int)a->height, (cl_int)a->depth, 0}};
      err = clSetKernelArg(kernel, arg->arg_index, sizeof shape, &shape);
      if (err == CL_SUCCESS)
        err = clSetKernelArg(kernel, arg->arg_index + 1, sizeof(cl_mem), &a->mem);
      break;
    }
    case CLE_KARG_BUFFER: err = clSetKernelArg(kernel, arg->arg_index, sizeof(cl_mem), &p->array->mem); break;
    case CLE_KARG_INT: {
      cl_int v = p->i;
      err = clSetKernelArg(kernel, arg->arg_index, sizeof v, &v);
      break;
    }
    case CLE_KARG_FLOAT: {
      cl_float v = p->f;
      err = clSetKernelArg(kernel, arg->arg_index, sizeof v, &v);
      break;
    }
    }
    if (err != CL_SUCCESS)
      return cle_set_error(CLE_ERROR_DEVICE, "%s: kernel '%s': setting parameter '%s' failed: %s (%d)", who,
                           kernel_name, arg->name, cle_cl_error_name(err), (int)err);
  }
  return 0;
}

/* ---- cache miss ---- */

/* Parse, check the params against the signature (before any compiling),
 * build (or wait for the program another thread builds), and insert. On
 * success the device lock is held again. mode: what to do when the program
 * has to be compiled (cle_program_get). */
static cle_cached_kernel *build_entry(const char *who, cle_device *dev, const cle_program_key *key, const char *file,
                                      const cle_param *params, size_t n, int *bound, const char *defines,
                                      cle_program_mode mode, bool *pending)
{
  *pending = false;
  cle_kernel_signature sig;
  if (cle_kernel_signature_parse(who, key->source, key->source_len, key->kernel_name, &sig) != 0)
    return NULL;
  if (bind(who, key->kernel_name, &sig, params, n, bound) != 0) {
    cle_kernel_signature_free(&sig);
    return NULL;
  }
  cle_source_origin origin = {.first_line = 0}; /* the preamble: nowhere until cle_program_source says */
  if (file)
    snprintf(origin.name, sizeof origin.name, "kernels/%s.cl", file);
  else
    snprintf(origin.name, sizeof origin.name, "%s.cl", key->kernel_name);
  size_t len = 0;
  /* Only the kernel it runs: a program per kernel compiled its file's every kernel (NVIDIA: a build
   * costs about 60 ms plus its code; connected_component_labeling's two builds compiled four kernels each). */
  char *only = cle_source_only_kernel(key->source, key->source_len, key->kernel_name);
  char *full = cle_program_source(who, params, n, defines, only ? only : key->source, key->source_len, &origin, &len);
  free(only);
  cl_program program = full ? cle_program_get(dev, who, key->kernel_name, full, len, &origin, mode, pending) : NULL;
  free(full);
  if (!program) {
    cle_kernel_signature_free(&sig);
    return NULL;
  }
  cl_int err = CL_SUCCESS;
  cl_kernel kernel = clCreateKernel(program, key->kernel_name, &err);
  if (err != CL_SUCCESS) {
    clReleaseProgram(program);
    cle_kernel_signature_free(&sig);
    cle_set_error(err == CL_INVALID_KERNEL_NAME ? CLE_ERROR_INVALID_ARGUMENT : cle_cl_error_code(err),
                  "%s: creating kernel '%s' failed: %s (%d)", who, key->kernel_name, cle_cl_error_name(err), (int)err);
    return NULL;
  }
  pthread_mutex_lock(&dev->lock);
  cle_cached_kernel *e = cle_program_cache_insert(dev, key, program, kernel, &sig);
  if (!e)
    pthread_mutex_unlock(&dev->lock);
  return e;
}

/* ---- the one path both entry points take ---- */

/* The global range against what the device can enqueue: every size and
 * their product (the number of work items, each with a linear id) must fit
 * the device's size_t (CL_DEVICE_ADDRESS_BITS) and the host's. Some drivers
 * accept more and then skip the kernel silently or abort the process (pocl:
 * (2^31, 2^31, 2^31) never ran, (1, 2^33, 2^33) failed an assertion). */
static int check_range(const char *who, const cle_device *dev, const char *kernel_name, const size_t range[3])
{
  cl_uint bits = 64;
  if (clGetDeviceInfo(dev->id, CL_DEVICE_ADDRESS_BITS, sizeof bits, &bits, NULL) != CL_SUCCESS || bits == 0 ||
      bits > 64)
    bits = 32; /* the smallest OpenCL allows */
  const unsigned long long device_max = bits >= 64 ? ULLONG_MAX : (1ull << bits) - 1;
  const unsigned long long max = device_max < SIZE_MAX ? device_max : SIZE_MAX;
  unsigned long long items = 1;
  bool overflow = false;
  for (int i = 0; i < 3; i++) {
    unsigned long long g = range[i] ? range[i] : 1;
    if (g > max)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                           "%s: global_range[%d] of kernel '%s' is %zu, beyond what device '%s' can address (%llu)",
                           who, i, kernel_name, range[i], dev->name, max);
    overflow |= __builtin_mul_overflow(items, g, &items);
  }
  if (overflow || items > max)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "%s: global_range (%zu, %zu, %zu) of kernel '%s' is more work items than device '%s' can "
                         "address (%llu)%s",
                         who, range[0], range[1], range[2], kernel_name, dev->name, max,
                         overflow ? "; their product overflows 64 bits" : "");
  return 0;
}

/* The cache key of a call and the scratch it needs (array_key's text, the parameter binding). */
typedef struct call_key {
  cle_program_key key;
  char key_small[256];
  char *akey;
  int bound_small[SMALL_PARAM_COUNT];
  int *bound;
} call_key;

static void call_key_free(call_key *c)
{
  if (c->akey != c->key_small)
    free(c->akey);
  if (c->bound != c->bound_small)
    free(c->bound);
}

/* Checks the call (after which dev may be the params' device; the global range too where ranged:
 * cle_kernel_ready has none) and makes its key; 0 or -1 with the error set. */
static int call_key_make(call_key *c, const char *who, cle_device **dev, const char *source, size_t source_len,
                         const char *file, const char *kernel_name, const cle_param *params, size_t n,
                         const char *defines, bool ranged, const size_t *global_range)
{
  c->akey = c->key_small;
  c->bound = c->bound_small;
  if (!kernel_name || !*kernel_name)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: kernel_name is %s", who, kernel_name ? "empty" : "NULL");
  if (n > 0 && !params)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: params is NULL but n_params is %zu", who, n);
  if (ranged && !global_range)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: global_range is NULL", who);
  if (check_params(who, dev, params, n) != 0 || (ranged && check_range(who, *dev, kernel_name, global_range) != 0) ||
      cle_device_ensure_queue(*dev, who) != 0)
    return -1;
  c->akey = array_key(params, n, c->key_small, sizeof c->key_small);
  c->bound = n <= SMALL_PARAM_COUNT ? c->bound_small : malloc(n * sizeof *c->bound);
  if (!c->akey || !c->bound) {
    call_key_free(c);
    c->akey = c->key_small;
    c->bound = c->bound_small;
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory", who);
  }
  c->key = (cle_program_key){.source = source,
                             .source_len = source_len,
                             .embedded = file != NULL,
                             .kernel_name = kernel_name,
                             .array_key = c->akey,
                             .defines = defines ? defines : ""};
  cle_program_key_hash(&c->key);
  return 0;
}

/* file: the embedded kernel file source comes from, NULL for a caller's source. */
static int run(const char *who, cle_device *dev, const char *source, size_t source_len, const char *file,
               const char *kernel_name, const cle_param *params, size_t n, const size_t global_range[3],
               const size_t *local_range, const char *defines)
{
  call_key c;
  if (call_key_make(&c, who, &dev, source, source_len, file, kernel_name, params, n, defines, true, global_range) !=
      0) {
    call_key_free(&c);
    return -1;
  }
  int *bound = c.bound;
  int rc = -1;
  pthread_mutex_lock(&dev->lock);
  cle_cached_kernel *e = cle_program_cache_find(dev, &c.key);
  if (!e) {
    pthread_mutex_unlock(&dev->lock);
    bool pending;
    e = build_entry(who, dev, &c.key, file, params, n, bound, c.key.defines, CLE_PROGRAM_WAIT, &pending);
  }
  if (e) {
    /* Arguments and enqueue under one lock hold: a cl_kernel's arguments are shared. */
    if (bind(who, kernel_name, &e->sig, params, n, bound) == 0 &&
        set_args(who, kernel_name, e->kernel, &e->sig, params, bound) == 0) {
      size_t global[3];
      for (int i = 0; i < 3; i++)
        global[i] = global_range[i] ? global_range[i] : 1;
      const bool profile = cle_profile_enabled();
      const double t0 = profile && clFinish(dev->queue) == CL_SUCCESS ? cle_profile_now() : 0;
      cl_int err = clEnqueueNDRangeKernel(dev->queue, e->kernel, 3, NULL, global, local_range, 0, NULL, NULL);
      if (profile && err == CL_SUCCESS && clFinish(dev->queue) == CL_SUCCESS)
        cle_profile_record(file, kernel_name, cle_profile_now() - t0);
      /* Drivers may allocate buffers at first use: free the idle pooled memory and try once more. */
      if (cle_cl_error_code(err) == CLE_ERROR_OUT_OF_MEMORY && cle_buffer_pool_drop(dev) > 0)
        err = clEnqueueNDRangeKernel(dev->queue, e->kernel, 3, NULL, global, local_range, 0, NULL, NULL);
      if (err == CL_SUCCESS)
        rc = 0;
      else if (cle_cl_error_code(err) == CLE_ERROR_OUT_OF_MEMORY)
        cle_set_error(CLE_ERROR_OUT_OF_MEMORY,
                      "%s: running kernel '%s' over %zux%zux%zu failed, the device ran out of memory: %s (%d)", who,
                      kernel_name, global[0], global[1], global[2], cle_cl_error_name(err), (int)err);
      else
        cle_set_error(CLE_ERROR_DEVICE, "%s: running kernel '%s' over %zux%zux%zu failed: %s (%d)", who, kernel_name,
                      global[0], global[1], global[2], cle_cl_error_name(err), (int)err);
    }
    pthread_mutex_unlock(&dev->lock);
  }
  call_key_free(&c);
  return rc;
}

/* cle_kernel_ready and cle_kernel_prepare: whether the kernel's program is built (or now loaded from
 * the disk cache); mode says what else to do when it is not. */
static bool kernel_available(cle_device *dev, const char *file, const char *kernel, const cle_param *params,
                             size_t n_params, const char *defines, cle_program_mode mode)
{
  const cle_embedded_kernel *k = file ? cle_embedded_kernel_find(file) : NULL;
  if (!k || cle_stand_in_policy_get() == CLE_STAND_IN_OFF)
    return true; /* cle_run_kernel reports what is wrong, or builds and waits */
  const char *who = "cle_kernel_ready";
  call_key c;
  bool ready = true;
  if (call_key_make(&c, who, &dev, k->source, k->length, file, kernel, params, n_params, defines, false, NULL) == 0) {
    pthread_mutex_lock(&dev->lock);
    cle_cached_kernel *e = cle_program_cache_find(dev, &c.key);
    pthread_mutex_unlock(&dev->lock);
    if (!e) {
      bool pending = false;
      e = build_entry(who, dev, &c.key, file, params, n_params, c.bound, c.key.defines, mode, &pending);
      if (e)
        pthread_mutex_unlock(&dev->lock);
      ready = !pending; /* built, loaded, or failed: the call itself then reports the error */
    }
  }
  call_key_free(&c);
  cle_clear_error();
  return ready;
}

bool cle_kernel_ready(cle_device *dev, const char *file, const char *kernel, const cle_param *params, size_t n_params,
                      const char *defines)
{
  return kernel_available(dev, file, kernel, params, n_params, defines, CLE_PROGRAM_CACHED);
}

void cle_kernel_prepare(cle_device *dev, const char *file, const char *kernel, const cle_param *params, size_t n_params,
                        const char *defines)
{
  if (cle_stand_in_policy_get() == CLE_STAND_IN_BACKGROUND)
    kernel_available(dev, file, kernel, params, n_params, defines, CLE_PROGRAM_BACKGROUND);
}

static atomic_int stand_ins_suspended;

void cle_stand_in_suspend(int delta)
{
  atomic_fetch_add(&stand_ins_suspended, delta);
}

/* The answers given within this thread's outermost composite (cle_stand_in_scope):
 * a few ops at most; beyond that an op is answered afresh. */
enum { SCOPE_ANSWERS = 8 };
static _Thread_local int scope_depth;
static _Thread_local int n_scope_answers;
static _Thread_local struct {
  const cle_device *dev;
  const char *op;
  bool answer;
} scope_answers[SCOPE_ANSWERS];

void cle_stand_in_scope(int delta)
{
  scope_depth += delta;
  if (scope_depth <= 0) {
    scope_depth = 0;
    n_scope_answers = 0;
  }
}

static bool stand_in_answer(cle_device *dev, const char *op)
{
  switch (cle_stand_in_policy_get()) {
  case CLE_STAND_IN_OFF: return false;
  case CLE_STAND_IN_BACKGROUND: return true;
  default: return cle_program_first_call(dev, op);
  }
}

bool cle_stand_in_call(cle_device *dev, const char *op)
{
  if (atomic_load(&stand_ins_suspended) > 0)
    return false;
  if (scope_depth == 0)
    return stand_in_answer(dev, op);
  for (int i = 0; i < n_scope_answers; i++)
    if (scope_answers[i].dev == dev && !strcmp(scope_answers[i].op, op))
      return scope_answers[i].answer;
  const bool answer = stand_in_answer(dev, op);
  if (n_scope_answers < SCOPE_ANSWERS) {
    scope_answers[n_scope_answers].dev = dev;
    scope_answers[n_scope_answers].op = op;
    scope_answers[n_scope_answers++].answer = answer;
  }
  return answer;
}

int cle_execute(cle_device *dev, const char *source, const char *kernel_name, const cle_param *params, size_t n_params,
                const size_t global_range[3])
{
  if (!source)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_execute: source is NULL");
  return run("cle_execute", dev, source, strlen(source), NULL, kernel_name, params, n_params, global_range, NULL, NULL);
}

int cle_run_kernel(cle_device *dev, const char *file, const char *kernel, const cle_param *params, size_t n_params,
                   const size_t global_range[3], const size_t *local_range, const char *defines)
{
  if (!file)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_run_kernel: file is NULL");
  const cle_embedded_kernel *k = cle_embedded_kernel_find(file);
  if (!k)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_run_kernel: no embedded kernel file '%s' (kernels/%s.cl)",
                         file, file);
  return run("cle_run_kernel", dev, k->source, k->length, file, kernel, params, n_params, global_range, local_range,
             defines);
}
