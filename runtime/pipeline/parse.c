/* Reading a pipeline's YAML and checking it against the op registry: every
 * problem is found here, before anything runs, and reported with the line
 * and column of the offending YAML node. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

#include "cle_private.h"
#include "op_suggest.h"
#include "pipeline_private.h"

/* The YAML nodes of one step, found in the first pass. */
typedef struct raw_step {
  yaml_node_t *map, *op, *inputs, *params, *as, *save;
  bool bad; /* its keys or op are wrong: its inputs and params are not checked */
} raw_step;

/* Every problem of a pipeline is reported in one run, one FILE:LINE:COL line
 * each, in the order found; after MAX_PROBLEMS the check stops (a pipeline
 * of 200000 forward references must not cost 200000 cycle searches). */
enum { MAX_PROBLEMS = 50 };

/* One --input replacement, matched to the file name it replaces. */
typedef struct override {
  const char *written; /* the name as in the pipeline (points into opts) */
  size_t written_len;
  const char *path;
} override;

/* Names to indices (open addressing): step results by name, files and saves
 * by path, so resolving a pipeline's references is linear in its length.
 * Keys are borrowed from the pipeline, which outlives the parse. */
typedef struct name_index {
  const char **keys;
  int *values;
  size_t cap, count; /* cap a power of two, or 0 */
} name_index;

typedef struct parse {
  cle_pipeline *p;
  name_index results, files, saves;
  yaml_document_t doc;
  raw_step *raw;
  const char *base_dir;
  const char *out_dir;
  override *overrides;
  int n_overrides;
  char *problems; /* the messages so far, one per line */
  size_t problems_len;
  int n_problems;
  cle_error first_code;
} parse;

int pl_error_at(const cle_pipeline *p, cle_error code, int line, int column, const char *fmt, ...)
{
  char what[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  return cle_set_error(code, "%s:%d:%d: %s", p->name, line, column, what);
}

#define AT(node) (int)(node)->start_mark.line + 1, (int)(node)->start_mark.column + 1

static const char *scalar(const yaml_node_t *n)
{
  return (const char *)n->data.scalar.value;
}
static bool is_scalar(const yaml_node_t *n)
{
  return n && n->type == YAML_SCALAR_NODE;
}
static bool is_plain(const yaml_node_t *n)
{
  return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

static const char *node_kind(const yaml_node_t *n)
{
  return n->type == YAML_MAPPING_NODE ? "a mapping" : n->type == YAML_SEQUENCE_NODE ? "a list" : "a single value";
}

static char *dup_string(const char *s)
{
  char *d = malloc(strlen(s) + 1);
  if (d)
    strcpy(d, s);
  return d;
}

/* dir + "/" + name, or name itself when it is absolute or dir is empty. */
static char *join(const char *dir, const char *name)
{
  if (name[0] == '/' || !dir || !*dir)
    return dup_string(name);
  size_t n = strlen(dir) + strlen(name) + 2;
  char *j = malloc(n);
  if (j)
    snprintf(j, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
  return j;
}

static int oom(parse *ps)
{
  return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory", ps->p->name);
}

/* Keep the error just set as one more problem; false when it is out of
 * memory, which ends the parse at once. */
static bool keep_problem(parse *ps)
{
  if (cle_last_error() == CLE_ERROR_OUT_OF_MEMORY)
    return false;
  if (ps->n_problems++ == 0)
    ps->first_code = cle_last_error();
  const char *msg = cle_last_error_message();
  size_t n = strlen(msg);
  char *grown = realloc(ps->problems, ps->problems_len + n + 2);
  if (!grown) {
    oom(ps);
    return false;
  }
  ps->problems = grown;
  if (ps->problems_len)
    grown[ps->problems_len++] = '\n';
  memcpy(grown + ps->problems_len, msg, n + 1);
  ps->problems_len += n;
  return true;
}

static bool has_extension(const char *path, const char *ext)
{
  size_t n = strlen(path), e = strlen(ext);
  return n > e && !strcasecmp(path + n - e, ext);
}

/* ---- name indices ---------------------------------------------------------- */

static size_t name_hash(const char *s)
{
  uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
  return (size_t)(h ^ (h >> 32));
}

/* The value stored under key, or -1. */
static int index_find(const name_index *t, const char *key)
{
  if (!t->cap)
    return -1;
  for (size_t i = name_hash(key) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
    if (!t->keys[i])
      return -1;
    if (!strcmp(t->keys[i], key))
      return t->values[i];
  }
}

/* Store key (not copied) -> value, replacing an earlier value. 0, or -1 when out of memory. */
static int index_put(name_index *t, const char *key, int value)
{
  if (2 * (t->count + 1) > t->cap) {
    size_t cap = t->cap ? 2 * t->cap : 64;
    const char **keys = calloc(cap, sizeof *keys);
    int *values = calloc(cap, sizeof *values);
    if (!keys || !values) {
      free(keys);
      free(values);
      return -1;
    }
    for (size_t o = 0; o < t->cap; o++) {
      if (!t->keys[o])
        continue;
      size_t i = name_hash(t->keys[o]) & (cap - 1);
      while (keys[i])
        i = (i + 1) & (cap - 1);
      keys[i] = t->keys[o];
      values[i] = t->values[o];
    }
    free(t->keys);
    free(t->values);
    t->keys = keys;
    t->values = values;
    t->cap = cap;
  }
  size_t i = name_hash(key) & (t->cap - 1);
  while (t->keys[i] && strcmp(t->keys[i], key) != 0)
    i = (i + 1) & (t->cap - 1);
  if (!t->keys[i])
    t->count++;
  t->keys[i] = key;
  t->values[i] = value;
  return 0;
}

static void index_free(name_index *t)
{
  free(t->keys);
  free(t->values);
  memset(t, 0, sizeof *t);
}

/* ---- suggestions ---------------------------------------------------------- */

static void list_inputs(const cle_op_desc *op, char *buf, size_t cap)
{
  snprintf(buf, cap, "%s", op->n_inputs ? "" : "none (it makes its image from its params)");
  for (int i = 0; i < op->n_inputs; i++) {
    size_t n = strlen(buf);
    snprintf(buf + n, cap - n, "%s%s", i ? ", " : "", op->inputs[i].name);
  }
}

static void list_params(const cle_op_desc *op, char *buf, size_t cap)
{
  buf[0] = 0;
  for (int i = 0; i < op->n_params; i++) {
    size_t n = strlen(buf);
    snprintf(buf + n, cap - n, "%s%s", i ? ", " : "", op->params[i].name);
  }
}

/* ---- pass 1: shape of each step, its op and its name ---------------------- */

static yaml_node_t *node(parse *ps, yaml_node_item_t id)
{
  return yaml_document_get_node(&ps->doc, id);
}

/* The step whose result is called name (among those read so far), or -1. */
static int find_as(const parse *ps, const char *name)
{
  return index_find(&ps->results, name);
}

static int read_step_keys(parse *ps, int i, yaml_node_t *map)
{
  cle_pipeline *p = ps->p;
  raw_step *r = &ps->raw[i];
  r->map = map;
  p->steps[i].line = (int)map->start_mark.line + 1;
  p->steps[i].column = (int)map->start_mark.column + 1;
  p->steps[i].last_use = -1;
  if (map->type != YAML_MAPPING_NODE)
    return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(map),
                       "a step must be a mapping (op: ..., inputs: ...), got %s", node_kind(map));
  for (yaml_node_pair_t *kv = map->data.mapping.pairs.start; kv < map->data.mapping.pairs.top; kv++) {
    yaml_node_t *k = node(ps, kv->key), *v = node(ps, kv->value);
    if (!is_scalar(k))
      return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(k), "step keys must be names");
    const char *key = scalar(k);
    yaml_node_t **slot = !strcmp(key, "op")       ? &r->op
                         : !strcmp(key, "inputs") ? &r->inputs
                         : !strcmp(key, "params") ? &r->params
                         : !strcmp(key, "as")     ? &r->as
                         : !strcmp(key, "save")   ? &r->save
                                                  : NULL;
    if (!slot)
      return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(k),
                         "unknown key '%s' in a step; expected op, inputs, params, as, save", key);
    if (*slot)
      return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(k), "duplicate key '%s' in this step", key);
    *slot = v;
  }
  /* the name first: later steps that use it are checked even when this step's op is wrong */
  if (r->as) {
    if (!is_scalar(r->as) || !*scalar(r->as) || strchr(scalar(r->as), '/'))
      return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(r->as), "as must be a name without '/'");
    int first = find_as(ps, scalar(r->as));
    if (first >= 0)
      return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(r->as),
                         "duplicate name '%s' (first defined by the step at line %d)", scalar(r->as),
                         p->steps[first].line);
    if (!(p->steps[i].as = dup_string(scalar(r->as))) || index_put(&ps->results, p->steps[i].as, i) != 0)
      return oom(ps);
  }
  if (!r->op)
    return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(map), "step has no 'op'");
  if (!is_scalar(r->op))
    return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(r->op), "op must be an operation name, got %s",
                       node_kind(r->op));
  const char *name = scalar(r->op);
  p->steps[i].op = cle_op_find(name);
  if (!p->steps[i].op) {
    const char *guess = cle_closest_op_name(name);
    if (guess)
      return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(r->op), "unknown op '%s' (did you mean %s?)", name, guess);
    return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(r->op), "unknown op '%s' (`cle list` shows them all)", name);
  }
  if (p->steps[i].op->output_kind == CLE_OUTPUT_ARRAYS) /* one result per step: its `as` names one image */
    return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(r->op),
                       "op '%s' gives %d images; a pipeline step gives one: run it as `cle %s IN OUT` (one file per "
                       "output), or use small_hessian_eigenvalue / large_hessian_eigenvalue where they fit",
                       name, p->steps[i].op->n_outputs, name);
  const cle_alias_desc *alias = cle_alias_find(name);
  if (alias && alias->deprecated && p->log)
    fprintf(p->log, "%s:%d:%d: warning: '%s' is deprecated; use '%s'\n", p->name, AT(r->op), name, alias->op);
  if (r->inputs && r->inputs->type != YAML_MAPPING_NODE)
    return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(r->inputs),
                       "inputs must be a mapping (input_image: NAME), got %s", node_kind(r->inputs));
  if (r->params && r->params->type != YAML_MAPPING_NODE)
    return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(r->params), "params must be a mapping (name: value), got %s",
                       node_kind(r->params));
  return 0;
}

/* ---- references between steps ------------------------------------------- */

/* Whether step `from` needs the result of step `target`, directly or through
 * other steps (references by name, in any order): 1, 0, or -1 when out of
 * memory. Iterative, each step visited once: a chain of references as long
 * as the pipeline must not exhaust the stack. */
static int depends_on(parse *ps, int from, int target)
{
  int n = ps->p->n_steps;
  unsigned char *seen = calloc((size_t)n, 1);
  int *todo = malloc((size_t)n * sizeof *todo);
  if (!seen || !todo) {
    free(seen);
    free(todo);
    return -1;
  }
  int top = 0, found = 0;
  todo[top++] = from;
  seen[from] = 1;
  while (top > 0 && !found) {
    int s = todo[--top];
    if (s == target) {
      found = 1;
      break;
    }
    yaml_node_t *in = ps->raw[s].inputs;
    if (!in || in->type != YAML_MAPPING_NODE)
      continue;
    for (yaml_node_pair_t *kv = in->data.mapping.pairs.start; kv < in->data.mapping.pairs.top; kv++) {
      yaml_node_t *v = node(ps, kv->value);
      int j = is_scalar(v) ? find_as(ps, scalar(v)) : -1;
      if (j >= 0 && !seen[j]) {
        seen[j] = 1;
        todo[top++] = j;
      }
    }
  }
  free(seen);
  free(todo);
  return found;
}

/* ---- input files and their replacements ------------------------------------- */

static bool is_file_input(parse *ps, const yaml_node_t *v)
{
  return is_scalar(v) && find_as(ps, scalar(v)) < 0;
}

/* How many distinct file names the steps read (0, 1, or 2 meaning "more");
 * *only is the first one. */
static int count_written_files(parse *ps, const char **only)
{
  *only = NULL;
  for (int i = 0; i < ps->p->n_steps; i++) {
    yaml_node_t *in = ps->raw[i].inputs;
    for (yaml_node_pair_t *kv = in ? in->data.mapping.pairs.start : NULL; in && kv < in->data.mapping.pairs.top; kv++) {
      yaml_node_t *v = node(ps, kv->value);
      if (!is_file_input(ps, v))
        continue;
      if (!*only)
        *only = scalar(v);
      else if (strcmp(*only, scalar(v)))
        return 2;
    }
  }
  return *only ? 1 : 0;
}

static bool written_anywhere(parse *ps, const char *name, size_t len)
{
  for (int i = 0; i < ps->p->n_steps; i++) {
    yaml_node_t *in = ps->raw[i].inputs;
    for (yaml_node_pair_t *kv = in ? in->data.mapping.pairs.start : NULL; in && kv < in->data.mapping.pairs.top; kv++) {
      yaml_node_t *v = node(ps, kv->value);
      if (is_file_input(ps, v) && strlen(scalar(v)) == len && !strncmp(scalar(v), name, len))
        return true;
    }
  }
  return false;
}

static const override *find_override(parse *ps, const char *written, size_t len)
{
  for (int k = 0; k < ps->n_overrides; k++)
    if (len == ps->overrides[k].written_len && !strncmp(written, ps->overrides[k].written, len))
      return &ps->overrides[k];
  return NULL;
}

/* "NAME=PATH" when NAME is a file the pipeline reads, else a bare PATH for its only file. */
static int match_overrides(parse *ps, const cle_pipeline_options *opts)
{
  if (!opts || opts->n_inputs <= 0)
    return 0;
  ps->overrides = calloc((size_t)opts->n_inputs, sizeof *ps->overrides);
  if (!ps->overrides)
    return oom(ps);
  for (int k = 0; k < opts->n_inputs; k++) {
    const char *arg = opts->inputs[k];
    if (!arg || !*arg)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: input replacement %d is empty", ps->p->name, k);
    const char *eq = strchr(arg, '=');
    override o;
    if (eq && eq != arg && written_anywhere(ps, arg, (size_t)(eq - arg))) {
      o = (override){arg, (size_t)(eq - arg), eq + 1};
    } else {
      const char *only;
      int n = count_written_files(ps, &only);
      if (eq && n != 1)
        return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                             "%s: input replacement '%s': the pipeline reads no file named '%.*s'", ps->p->name, arg,
                             (int)(eq - arg), arg);
      if (n != 1)
        return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                             "%s: input replacement '%s': the pipeline reads %s input files; say which with NAME=PATH",
                             ps->p->name, arg, n == 0 ? "no" : "several");
      o = (override){only, strlen(only), arg};
    }
    if (!*o.path)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: input replacement '%s' has no path", ps->p->name, arg);
    if (find_override(ps, o.written, o.written_len))
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: input '%.*s' is replaced twice", ps->p->name,
                           (int)o.written_len, o.written);
    ps->overrides[ps->n_overrides++] = o;
  }
  return 0;
}

/* The file index for an input file, added on first use; -1 with the error set. */
static int add_file(parse *ps, yaml_node_t *v, int step)
{
  cle_pipeline *p = ps->p;
  const char *written = scalar(v);
  const override *o = find_override(ps, written, strlen(written));
  char *path = o ? dup_string(o->path) : join(ps->base_dir, written);
  if (!path)
    return oom(ps);
  if (!has_extension(path, ".tif") && !has_extension(path, ".tiff") && !has_extension(path, ".png")) {
    pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(v),
                "'%s' is neither an earlier step's name nor an image file (.tif, .tiff, .png)", o ? path : written);
    free(path);
    return -1;
  }
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
    pl_error_at(p, CLE_ERROR_IO, AT(v), "input file '%s' %s", path,
                stat(path, &st) != 0 ? "does not exist" : "is not a regular file");
    free(path);
    return -1;
  }
  int known = index_find(&ps->files, path);
  if (known >= 0) {
    free(path);
    p->files[known].last_use = step;
    return known;
  }
  pl_file *grown = realloc(p->files, (size_t)(p->n_files + 1) * sizeof *grown);
  if (!grown) {
    free(path);
    return oom(ps);
  }
  p->files = grown;
  p->files[p->n_files] = (pl_file){.path = path, .last_use = step, .image = NULL};
  int f = p->n_files++; /* path is the pipeline's now */
  if (index_put(&ps->files, path, f) != 0)
    return oom(ps);
  return f;
}

/* ---- pass 2: inputs, params and saves of each step ------------------------------ */

static int read_inputs(parse *ps, int i)
{
  cle_pipeline *p = ps->p;
  pl_step *s = &p->steps[i];
  const cle_op_desc *op = s->op;
  yaml_node_t *in = ps->raw[i].inputs;
  char valid[512];
  list_inputs(op, valid, sizeof valid);
  s->inputs = calloc((size_t)(op->n_inputs ? op->n_inputs : 1), sizeof *s->inputs);
  bool *given = calloc((size_t)(op->n_inputs ? op->n_inputs : 1), sizeof *given);
  if (!s->inputs || !given) {
    free(given);
    return oom(ps);
  }
  int rc = 0;
  for (yaml_node_pair_t *kv = in ? in->data.mapping.pairs.start : NULL;
       rc == 0 && in && kv < in->data.mapping.pairs.top; kv++) {
    yaml_node_t *k = node(ps, kv->key), *v = node(ps, kv->value);
    int slot = -1;
    for (int a = 0; is_scalar(k) && a < op->n_inputs; a++)
      if (!strcmp(scalar(k), op->inputs[a].name))
        slot = a;
    if (slot < 0) {
      rc = pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(k), "%s has no input '%s'; its inputs: %s", op->name,
                       is_scalar(k) ? scalar(k) : "?", valid);
      break;
    }
    if (given[slot]) {
      rc = pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(k), "input '%s' given twice", op->inputs[slot].name);
      break;
    }
    given[slot] = true;
    if (!is_scalar(v) || !*scalar(v)) {
      rc = pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(v), "input '%s' must name an earlier result or an image file",
                       op->inputs[slot].name);
      break;
    }
    int j = find_as(ps, scalar(v));
    if (j == i) {
      rc = pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(v), "cycle: the step uses its own result '%s'", scalar(v));
    } else if (j > i) {
      int cycle = depends_on(ps, j, i);
      if (cycle < 0) {
        rc = oom(ps);
        break;
      }
      if (cycle)
        rc = pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(v),
                         "cycle: '%s' (made at line %d) depends on the result of this step, which needs it", scalar(v),
                         p->steps[j].line);
      else
        rc = pl_error_at(
            p, CLE_ERROR_INVALID_ARGUMENT, AT(v),
            "forward reference: '%s' is made later, at line %d; steps run in order and may use only earlier results",
            scalar(v), p->steps[j].line);
    } else if (j >= 0) {
      if (p->steps[j].op && p->steps[j].op->output_kind == CLE_OUTPUT_SCALAR)
        rc = pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(v),
                         "type mismatch: '%s' is the number %s gives, not an image", scalar(v), p->steps[j].op->name);
      else if (p->steps[j].op && p->steps[j].op->output_kind == CLE_OUTPUT_TABLE)
        rc = pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(v),
                         "type mismatch: '%s' is the table %s gives, not an image (save it as a .csv file)", scalar(v),
                         p->steps[j].op->name);
      s->inputs[slot] = (pl_source){PL_FROM_STEP, j};
      p->steps[j].last_use = i;
    } else {
      int f = add_file(ps, v, i);
      if (f < 0)
        rc = -1;
      s->inputs[slot] = (pl_source){PL_FROM_FILE, f};
    }
  }
  for (int a = 0; rc == 0 && a < op->n_inputs; a++)
    if (!given[a])
      rc = pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(in ? in : ps->raw[i].map),
                       "%s: missing input '%s' (inputs: %s)", op->name, op->inputs[a].name, valid);
  free(given);
  return rc;
}

static int read_params(parse *ps, int i)
{
  cle_pipeline *p = ps->p;
  pl_step *s = &p->steps[i];
  const cle_op_desc *op = s->op;
  yaml_node_t *pm = ps->raw[i].params;
  s->params = calloc((size_t)(op->n_params ? op->n_params : 1), sizeof *s->params);
  bool *given = calloc((size_t)(op->n_params ? op->n_params : 1), sizeof *given);
  if (!s->params || !given) {
    free(given);
    return oom(ps);
  }
  char valid[1024];
  list_params(op, valid, sizeof valid);
  int rc = 0;
  for (yaml_node_pair_t *kv = pm ? pm->data.mapping.pairs.start : NULL;
       rc == 0 && pm && kv < pm->data.mapping.pairs.top; kv++) {
    yaml_node_t *k = node(ps, kv->key), *v = node(ps, kv->value);
    int slot = -1;
    for (int a = 0; is_scalar(k) && a < op->n_params; a++)
      if (!strcmp(scalar(k), op->params[a].name))
        slot = a;
    if (slot < 0) {
      if (op->n_params == 0)
        rc = pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(k), "%s takes no parameters, got '%s'", op->name,
                         is_scalar(k) ? scalar(k) : "?");
      else
        rc = pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(k), "%s has no parameter '%s'; its parameters: %s", op->name,
                         is_scalar(k) ? scalar(k) : "?", valid);
      break;
    }
    const cle_param_desc *d = &op->params[slot];
    if (given[slot]) {
      rc = pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(k), "parameter '%s' given twice", d->name);
      break;
    }
    given[slot] = true;
    if (d->type == CLE_TYPE_FLOAT_LIST && v->type == YAML_SEQUENCE_NODE) { /* [1, 0, 2]: its numbers, joined */
      char text[1024] = "";
      bool ok = true;
      for (yaml_node_item_t *it = v->data.sequence.items.start; ok && it < v->data.sequence.items.top; it++) {
        yaml_node_t *e = node(ps, *it);
        size_t n = strlen(text);
        ok = is_scalar(e) && is_plain(e) && n + strlen(scalar(e)) + 2 < sizeof text;
        if (ok)
          snprintf(text + n, sizeof text - n, "%s%s", n ? "," : "", scalar(e));
      }
      if (!ok)
        rc = pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(v), "type mismatch: %s: %s expects a list of numbers",
                         op->name, d->name);
      else if (cle_param_parse(op, d, text, &s->params[slot]) != 0)
        rc = pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(v), "%s", cle_last_error_message());
      if (rc != 0)
        break;
      continue;
    }
    if (!is_scalar(v)) {
      rc = pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(v), "type mismatch: %s: %s expects a single value, got %s",
                       op->name, d->name, node_kind(v));
      break;
    }
    if (d->type != CLE_TYPE_STRING && d->type != CLE_TYPE_FLOAT_LIST && !is_plain(v)) { /* "2" is a string in YAML */
      rc = pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(v),
                       "type mismatch: %s: %s expects a %s, got the string \"%s\"", op->name, d->name,
                       d->type == CLE_TYPE_BOOL  ? "bool"
                       : d->type == CLE_TYPE_INT ? "int"
                                                 : "float",
                       scalar(v));
      break;
    }
    if (cle_param_parse(op, d, scalar(v), &s->params[slot]) != 0) {
      bool range = strstr(cle_last_error_message(), " must be ") != NULL;
      rc = pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(v), "%s%s",
                       range ? "" : "type mismatch: ", cle_last_error_message());
    }
  }
  for (int a = 0; rc == 0 && a < op->n_params; a++) {
    if (given[a])
      continue;
    if (!op->params[a].has_default)
      rc = pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(pm ? pm : ps->raw[i].map),
                       "%s: missing parameter '%s' (it has no default)", op->name, op->params[a].name);
    else
      s->params[a] = op->params[a].default_value;
  }
  free(given);
  return rc;
}

static int add_save(parse *ps, int i, yaml_node_t *v)
{
  cle_pipeline *p = ps->p;
  pl_step *s = &p->steps[i];
  if (!is_scalar(v) || !*scalar(v))
    return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(v), "save must be a file name or a list of file names");
  const char *name = scalar(v);
  if (s->op->output_kind == CLE_OUTPUT_SCALAR)
    return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(v), "%s gives a number, not an image to save as '%s'",
                       s->op->name, name);
  if (s->op->output_kind == CLE_OUTPUT_TABLE && !has_extension(name, ".csv"))
    return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(v), "cannot save '%s': %s gives a table, saved as a .csv file",
                       name, s->op->name);
  if (s->op->output_kind != CLE_OUTPUT_TABLE && !has_extension(name, ".tif") && !has_extension(name, ".tiff") &&
      !has_extension(name, ".png"))
    return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(v),
                       "cannot save '%s': the name must end in .tif, .tiff or .png", name);
  char *path = join(ps->out_dir, name);
  if (!path)
    return oom(ps);
  int j = index_find(&ps->saves, path);
  if (j >= 0) {
    free(path);
    return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(v), "'%s' is already saved by the step at line %d", name,
                       p->steps[j].line);
  }
  /* the folder must exist now, so a run cannot fail at its end for want of it */
  char *slash = strrchr(path, '/');
  struct stat st;
  if (slash) {
    *slash = 0;
    bool ok = stat(slash == path ? "/" : path, &st) == 0 && S_ISDIR(st.st_mode);
    if (!ok) {
      int rc = pl_error_at(p, CLE_ERROR_IO, AT(v), "cannot save '%s': folder '%s' does not exist", name, path);
      free(path);
      return rc;
    }
    *slash = '/';
  }
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    int rc = pl_error_at(p, CLE_ERROR_IO, AT(v), "cannot save '%s': '%s' is a folder", name, path);
    free(path);
    return rc;
  }
  pl_save *grown = realloc(s->saves, (size_t)(s->n_saves + 1) * sizeof *grown);
  if (!grown) {
    free(path);
    return oom(ps);
  }
  s->saves = grown;
  s->saves[s->n_saves++] = (pl_save){.path = path, .tmp_path = NULL};
  if (index_put(&ps->saves, path, i) != 0)
    return oom(ps);
  return 0;
}

static int read_saves(parse *ps, int i)
{
  yaml_node_t *sv = ps->raw[i].save;
  if (!sv)
    return 0;
  if (sv->type != YAML_SEQUENCE_NODE)
    return add_save(ps, i, sv);
  for (yaml_node_item_t *it = sv->data.sequence.items.start; it < sv->data.sequence.items.top; it++)
    if (add_save(ps, i, node(ps, *it)) != 0)
      return -1;
  return 0;
}

/* ---- the whole document ------------------------------------------------------- */

/* Line and column (1-based, columns in characters as libyaml counts them)
 * of a byte offset: libyaml's reader errors (invalid UTF-8, control
 * characters) give only the offset. */
static void line_col_of_offset(const char *text, size_t length, size_t offset, int *line, int *col)
{
  *line = 1;
  *col = 1;
  if (offset > length)
    offset = length;
  for (size_t i = 0; i < offset; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c == '\n' || (c == '\r' && (i + 1 >= length || text[i + 1] != '\n'))) {
      ++*line;
      *col = 1;
    } else if ((c & 0xc0) != 0x80 && c != '\r') {
      ++*col; /* a character starts here (continuation bytes do not) */
    }
  }
}

static int load_yaml(parse *ps, const char *text, size_t length)
{
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser))
    return oom(ps);
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, length);
  int ok = yaml_parser_load(&parser, &ps->doc);
  int rc = 0;
  if (!ok && parser.error == YAML_READER_ERROR) {
    int line, col;
    line_col_of_offset(text, length, parser.problem_offset, &line, &col);
    const char *problem = parser.problem ? parser.problem : "unreadable text";
    int v = parser.problem_value;
    if (v >= 0 && (strstr(problem, "octet") || strstr(problem, "length")))
      rc = pl_error_at(ps->p, CLE_ERROR_INVALID_ARGUMENT, line, col, "cannot read YAML: %s 0x%02x (byte offset %zu)",
                       problem, (unsigned)v & 0xffu, parser.problem_offset);
    else if (v >= 0)
      rc = pl_error_at(ps->p, CLE_ERROR_INVALID_ARGUMENT, line, col, "cannot read YAML: %s U+%04X (byte offset %zu)",
                       problem, (unsigned)v, parser.problem_offset);
    else
      rc = pl_error_at(ps->p, CLE_ERROR_INVALID_ARGUMENT, line, col, "cannot read YAML: %s (byte offset %zu)", problem,
                       parser.problem_offset);
    memset(&ps->doc, 0, sizeof ps->doc);
  } else if (!ok) {
    rc = pl_error_at(ps->p, CLE_ERROR_INVALID_ARGUMENT, (int)parser.problem_mark.line + 1,
                     (int)parser.problem_mark.column + 1, "YAML syntax error: %s%s%s",
                     parser.problem ? parser.problem : "unreadable", parser.context ? " " : "",
                     parser.context ? parser.context : "");
    memset(&ps->doc, 0, sizeof ps->doc);
  }
  yaml_parser_delete(&parser);
  return rc;
}

static int build(parse *ps, const char *text, size_t length, const cle_pipeline_options *opts)
{
  cle_pipeline *p = ps->p;
  if (load_yaml(ps, text, length) != 0)
    return -1;
  yaml_node_t *root = yaml_document_get_root_node(&ps->doc);
  if (!root)
    return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, 1, 1,
                       "the pipeline is empty; expected a list of steps (- op: ...)");
  if (root->type != YAML_SEQUENCE_NODE)
    return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(root), "expected a list of steps (- op: ...), got %s",
                       node_kind(root));
  int n = (int)(root->data.sequence.items.top - root->data.sequence.items.start);
  if (n == 0)
    return pl_error_at(p, CLE_ERROR_INVALID_ARGUMENT, AT(root), "the pipeline has no steps");
  p->steps = calloc((size_t)n, sizeof *p->steps);
  ps->raw = calloc((size_t)n, sizeof *ps->raw);
  if (!p->steps || !ps->raw)
    return oom(ps);
  p->n_steps = n;
  for (int i = 0; i < n; i++) {
    p->steps[i].last_use = -1;
    p->steps[i].held = -1;
    p->steps[i].seconds = NAN;
    p->steps[i].scalar = NAN;
  }
  for (int i = 0; i < n && ps->n_problems < MAX_PROBLEMS; i++)
    if (read_step_keys(ps, i, node(ps, root->data.sequence.items.start[i])) != 0) {
      ps->raw[i].bad = true;
      if (!keep_problem(ps))
        return -1;
    }
  if (ps->n_problems < MAX_PROBLEMS && match_overrides(ps, opts) != 0 && !keep_problem(ps))
    return -1;
  for (int i = 0; i < n && ps->n_problems < MAX_PROBLEMS; i++) {
    if (ps->raw[i].bad)
      continue;
    if (read_inputs(ps, i) != 0 && !keep_problem(ps))
      return -1;
    if (read_params(ps, i) != 0 && !keep_problem(ps))
      return -1;
    if (read_saves(ps, i) != 0 && !keep_problem(ps))
      return -1;
  }
  if (ps->n_problems == 0)
    return 0;
  if (ps->n_problems >= MAX_PROBLEMS)
    return cle_set_error(ps->first_code, "%s\n%s: stopped after %d problems", ps->problems, p->name, MAX_PROBLEMS);
  return cle_set_error(ps->first_code, "%s", ps->problems);
}

int pl_build(cle_pipeline *p, const char *text, size_t length, const char *base_dir, const cle_pipeline_options *opts)
{
  parse ps = {.p = p, .base_dir = base_dir, .out_dir = opts ? opts->out_dir : NULL};
  int rc = build(&ps, text, length, opts);
  yaml_document_delete(&ps.doc);
  free(ps.raw);
  free(ps.overrides);
  free(ps.problems);
  index_free(&ps.results);
  index_free(&ps.files);
  index_free(&ps.saves);
  return rc;
}
