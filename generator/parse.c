/* cle-gen — spec/ops/NAME.yaml into the model.
 *
 * Reads each file with libyaml's document API (nodes keep their marks, so
 * every value has a line:col), checks the shape of the document (known
 * keys, required keys, lists vs values, YAML types) and fills gen_op.
 * Meaning across fields and files is validate.c's job.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "creator.h"
#include "diag.h"
#include "model.h"
#include "names.h"
#include "util.h"
#include "yaml_node.h"

/* The mapping's "name" value if it is a plain word, for naming it in messages. */
static const char *peek_name(gen_yaml *y, yaml_node_t *node)
{
  if (node->type != YAML_MAPPING_NODE)
    return NULL;
  for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
    yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
    yaml_node_t *v = yaml_document_get_node(y->doc, p->value);
    if (k->type == YAML_SCALAR_NODE && v->type == YAML_SCALAR_NODE && !strcmp((char *)k->data.scalar.value, "name") &&
        v->data.scalar.length > 0)
      return (const char *)v->data.scalar.value;
  }
  return NULL;
}

static char *describe(const char *kind, const char *name, int index)
{
  return name ? gen_printf("%s '%s'", kind, name) : gen_printf("%s %d", kind, index + 1);
}

/* Text of a scalar (copied), or NULL after a problem. */
static char *text_of(gen_yaml *y, yaml_node_t *node, const char *what)
{
  const char *s = gen_node_text(y, node, what);
  return s ? gen_strdup(s) : NULL;
}

/* dtypes: any | integer | float | DTYPE | [DTYPE, ...] into a mask (0 after a problem). */
static unsigned parse_dtypes(gen_yaml *y, yaml_node_t *node, const char *what, char **text)
{
  unsigned mask = 0;
  gen_buf b = {0};
  if (node->type == YAML_SCALAR_NODE) {
    const char *s = (const char *)node->data.scalar.value;
    int d;
    if (!strcmp(s, "any"))
      mask = GEN_DTYPES_ALL;
    else if (!strcmp(s, "integer"))
      mask = GEN_DTYPES_INTEGER;
    else if ((d = gen_dtype_from_name(s)) >= 0)
      mask = 1u << d;
    else
      gen_diag(y->file, gen_node_pos(node), "unknown dtype '%s' in %s; valid: any, integer, float, %s", s, what,
               gen_dtype_names_list);
    gen_buf_puts(&b, s);
  } else {
    int n;
    yaml_node_item_t *items = gen_node_items(y, node, what, &n);
    if (items && n == 0)
      gen_diag(y->file, gen_node_pos(node), "dtypes of %s must not be empty", what);
    bool ok = true;
    for (int i = 0; i < n; i++) {
      yaml_node_t *item = gen_node_get(y, items[i]);
      const char *s = gen_node_text(y, item, "a dtype");
      if (!s) {
        ok = false;
        continue;
      }
      int d = gen_dtype_from_name(s);
      if (d < 0) {
        gen_diag(y->file, gen_node_pos(item), "unknown dtype '%s' in %s; valid: %s", s, what, gen_dtype_names_list);
        ok = false;
        continue;
      }
      mask |= 1u << d;
      gen_buf_printf(&b, "%s%s", i ? ", " : "", gen_dtype_name(d));
    }
    if (!ok)
      mask = 0;
  }
  *text = b.data ? b.data : gen_strdup("");
  return mask;
}

static void parse_inputs(gen_yaml *y, gen_op *op, yaml_node_t *node)
{
  static const char *const valid[] = {"name", "doc", "dtypes", "written", "optional", NULL};
  static const char *const required[] = {"name", "doc", NULL};
  int n;
  yaml_node_item_t *items = gen_node_items(y, node, "inputs", &n);
  op->inputs_listed = node->type == YAML_SEQUENCE_NODE;
  /* inputs: [] -- an op without inputs (its output sized by shape(...); validate.c checks the rest) */
  for (int i = 0; i < n; i++) {
    yaml_node_t *item = gen_node_get(y, items[i]);
    yaml_node_t *v[5];
    gen_pos kp[5];
    char *what = describe("input", peek_name(y, item), i);
    gen_input *in = gen_push(&op->inputs, &op->n_inputs, sizeof *in);
    in->pos = gen_node_pos(item);
    in->dtypes = GEN_DTYPES_ALL;
    if (gen_node_fields(y, item, what, valid, required, v, kp) == 0) {
      if (v[0]) {
        in->name = text_of(y, v[0], "an input name");
        in->pos = gen_node_pos(v[0]);
      }
      if (v[1]) {
        in->doc = text_of(y, v[1], "a doc");
        in->doc_pos = gen_node_pos(v[1]);
      }
      if (v[2]) {
        in->dtypes = parse_dtypes(y, v[2], what, &in->dtypes_text);
        if (!in->dtypes)
          in->dtypes = GEN_DTYPES_ALL; /* already reported; keep checking the rest */
      }
      if (v[3]) {
        gen_value w = gen_node_value(y, v[3], "written");
        in->written_pos = w.pos;
        if (w.present && w.type != GEN_T_BOOL)
          gen_diag(y->file, w.pos, "written of %s must be true or false", what);
        in->written = w.present && w.type == GEN_T_BOOL && w.number != 0;
        gen_value_free(&w);
      }
      if (v[4]) {
        gen_value w = gen_node_value(y, v[4], "optional");
        in->optional_pos = w.pos;
        if (w.present && w.type != GEN_T_BOOL)
          gen_diag(y->file, w.pos, "optional of %s must be true or false", what);
        in->optional = w.present && w.type == GEN_T_BOOL && w.number != 0;
        gen_value_free(&w);
      }
    }
    if (!in->dtypes_text)
      in->dtypes_text = gen_strdup("any");
    free(what);
  }
}

/* One of several outputs (outputs:): name, creator, doc, dtypes, when. */
static void parse_one_of_outputs(gen_yaml *y, gen_output *out, yaml_node_t *node, int index)
{
  static const char *const valid[] = {"name", "creator", "doc", "dtypes", "when", NULL};
  static const char *const required[] = {"name", "creator", "doc", NULL};
  yaml_node_t *v[5];
  gen_pos kp[5];
  char *what = describe("output", peek_name(y, node), index);
  out->pos = gen_node_pos(node);
  out->dtypes = GEN_DTYPES_ALL;
  out->of_index = out->length_index = out->keep_dims_index = out->dtype_if_index = -1;
  if (gen_node_fields(y, node, what, valid, required, v, kp) == 0) {
    if (v[0]) {
      out->name = text_of(y, v[0], "an output name");
      out->pos = gen_node_pos(v[0]);
    }
    if (v[1])
      gen_parse_creator(y, v[1], out);
    if (v[2]) {
      out->doc = text_of(y, v[2], "a doc");
      out->doc_pos = gen_node_pos(v[2]);
    }
    if (v[3]) {
      char *text;
      out->dtypes = parse_dtypes(y, v[3], what, &text);
      free(text);
      out->dtypes_pos = gen_node_pos(v[3]);
      if (!out->dtypes)
        out->dtypes = GEN_DTYPES_ALL;
    }
    if (v[4]) {
      char *when = text_of(y, v[4], "when");
      out->when_pos = gen_node_pos(v[4]);
      if (when && !strcmp(when, "3d"))
        out->only_3d = true;
      else if (when)
        gen_diag(y->file, out->when_pos, "when '%s' of %s must be 3d", when, what);
      free(when);
    }
  }
  free(what);
}

/* outputs: a list of output maps (the op gives several images). */
static void parse_outputs(gen_yaml *y, gen_op *op, yaml_node_t *node)
{
  int n;
  op->outputs_pos = gen_node_pos(node);
  op->output.kind = GEN_OUT_MULTI;
  op->output.parsed = true;
  op->output.pos = op->outputs_pos;
  op->output.of_index = op->output.length_index = op->output.keep_dims_index = op->output.dtype_if_index = -1;
  op->output.dtype = -1;
  op->output.creator_text = gen_strdup("outputs");
  yaml_node_item_t *items = gen_node_items(y, node, "outputs", &n);
  if (items && (n < 2 || n > GEN_MAX_OUTPUTS))
    gen_diag(y->file, op->outputs_pos, "outputs must list 2 to %d images (one output is 'output:'), got %d",
             GEN_MAX_OUTPUTS, n);
  for (int i = 0; i < n; i++) {
    gen_output *out = gen_push(&op->outputs, &op->n_outputs, sizeof *out);
    parse_one_of_outputs(y, out, gen_node_get(y, items[i]), i);
  }
}

/* output_order: the outputs' names in the order the bindings return them. */
static void parse_output_order(gen_yaml *y, gen_op *op, yaml_node_t *node)
{
  int n;
  op->output_order_pos = gen_node_pos(node);
  yaml_node_item_t *items = gen_node_items(y, node, "output_order", &n);
  for (int i = 0; i < n; i++) {
    char *name = text_of(y, gen_node_get(y, items[i]), "an output name");
    if (name) {
      int k = op->n_output_order;
      *(char **)gen_push(&op->output_order_names, &k, sizeof(char *)) = name;
      *(int *)gen_push(&op->output_order, &op->n_output_order, sizeof(int)) = -1;
    }
  }
}

static void parse_output(gen_yaml *y, gen_op *op, yaml_node_t *node)
{
  static const char *const valid[] = {"name", "creator", "dtypes", "returns", "shape_check", "init", NULL};
  static const char *const required[] = {"creator", NULL};
  yaml_node_t *v[6];
  gen_pos kp[6];
  gen_output *out = &op->output;
  out->pos = gen_node_pos(node);
  out->dtypes = GEN_DTYPES_ALL;
  if (gen_node_fields(y, node, "output", valid, required, v, kp) != 0)
    return;
  if (v[0]) {
    out->name = text_of(y, v[0], "the output name");
    out->pos = gen_node_pos(v[0]);
  }
  if (v[1])
    gen_parse_creator(y, v[1], out);
  if (v[2]) {
    char *text;
    out->dtypes = parse_dtypes(y, v[2], "output", &text);
    free(text);
    out->dtypes_pos = gen_node_pos(v[2]);
    if (!out->dtypes)
      out->dtypes = GEN_DTYPES_ALL;
  }
  if (v[3]) {
    char *returns = text_of(y, v[3], "returns");
    out->returns_pos = gen_node_pos(v[3]);
    if (returns && !strcmp(returns, "list"))
      out->returns = GEN_RETURNS_LIST;
    else if (returns && !strcmp(returns, "bool"))
      out->returns = GEN_RETURNS_BOOL;
    else if (returns)
      gen_diag(y->file, out->returns_pos, "returns '%s' of the output must be list or bool", returns);
    free(returns);
  }
  if (v[4]) {
    char *check = text_of(y, v[4], "shape_check");
    out->shape_check_pos = gen_node_pos(v[4]);
    if (check && !strcmp(check, "impl"))
      out->shape_by_impl = true;
    else if (check)
      gen_diag(y->file, out->shape_check_pos, "shape_check '%s' of the output must be impl", check);
    free(check);
  }
  if (v[5]) {
    char *init = text_of(y, v[5], "init");
    out->init_pos = gen_node_pos(v[5]);
    if (init && !strcmp(init, "zeros"))
      out->init_zeros = true;
    else if (init)
      gen_diag(y->file, out->init_pos, "init '%s' of the output must be zeros", init);
    free(init);
  }
}

static void parse_params(gen_yaml *y, gen_op *op, yaml_node_t *node)
{
  static const char *const valid[] = {"name", "type",           "default",  "min",     "max",     "choices",
                                      "doc",  "choice_aliases", "optional", "lengths", "aliases", NULL};
  static const char *const required[] = {"name", "type", "doc", NULL};
  int n;
  yaml_node_item_t *items = gen_node_items(y, node, "params", &n);
  for (int i = 0; i < n; i++) {
    yaml_node_t *item = gen_node_get(y, items[i]);
    yaml_node_t *v[11];
    gen_pos kp[11];
    char *what = describe("param", peek_name(y, item), i);
    gen_param *p = gen_push(&op->params, &op->n_params, sizeof *p);
    p->pos = gen_node_pos(item);
    if (gen_node_fields(y, item, what, valid, required, v, kp) == 0) {
      if (v[0]) {
        p->name = text_of(y, v[0], "a param name");
        p->pos = gen_node_pos(v[0]);
      }
      if (v[1]) {
        const char *t = gen_node_text(y, v[1], "a type");
        p->type_pos = gen_node_pos(v[1]);
        if (t && gen_type_from_name(t, &p->type))
          p->type_ok = true;
        else if (t)
          gen_diag(y->file, p->type_pos, "unknown type '%s' of %s; valid types: float, int, bool, string, float_list",
                   t, what);
      }
      if (v[2])
        p->def = gen_node_value(y, v[2], "a default");
      if (v[3])
        p->min = gen_node_value(y, v[3], "a min");
      if (v[4])
        p->max = gen_node_value(y, v[4], "a max");
      if (v[5]) {
        int nc;
        p->choices_pos = gen_node_pos(v[5]);
        yaml_node_item_t *citems = gen_node_items(y, v[5], "choices", &nc);
        for (int c = 0; c < nc; c++) {
          char *choice = text_of(y, gen_node_get(y, citems[c]), "a choice");
          if (choice)
            *(char **)gen_push(&p->choices, &p->n_choices, sizeof(char *)) = choice;
        }
        if (citems && nc == 0)
          gen_diag(y->file, p->choices_pos, "choices of %s must not be empty", what);
      }
      if (v[6]) {
        p->doc = text_of(y, v[6], "a doc");
        p->doc_pos = gen_node_pos(v[6]);
      }
      if (v[7] && v[7]->type != YAML_MAPPING_NODE)
        gen_diag(y->file, gen_node_pos(v[7]), "choice_aliases of %s must be a mapping of other spellings to choices",
                 what);
      else if (v[7]) {
        for (yaml_node_pair_t *pr = v[7]->data.mapping.pairs.start; pr < v[7]->data.mapping.pairs.top; pr++) {
          yaml_node_t *k = yaml_document_get_node(y->doc, pr->key);
          const char *alias = gen_node_text(y, k, "a choice alias");
          const char *target = gen_node_text(y, yaml_document_get_node(y->doc, pr->value), "the choice it stands for");
          if (!alias || !target)
            continue;
          gen_choice_alias *ca = gen_push(&p->choice_aliases, &p->n_choice_aliases, sizeof *ca);
          ca->alias = gen_strdup(alias);
          ca->target = gen_strdup(target);
          ca->target_index = -1;
          ca->pos = gen_node_pos(k);
        }
      }
      if (v[8]) {
        gen_value o = gen_node_value(y, v[8], "optional");
        p->optional_pos = o.pos;
        if (o.present && o.type != GEN_T_BOOL)
          gen_diag(y->file, o.pos, "optional of %s must be true or false", what);
        p->optional = o.present && o.type == GEN_T_BOOL && o.number != 0;
        gen_value_free(&o);
        if (p->optional && p->def.present)
          gen_diag(y->file, p->def.pos, "%s is optional: its default is None, leave default out", what);
        else if (p->optional) { /* None: the default in every language, CLE_NONE in C */
          p->def.present = true;
          p->def.type = GEN_T_INT;
          p->def.number = GEN_NONE;
          p->def.text = gen_strdup("None");
          p->def.pos = p->optional_pos;
        }
      }
      if (v[9]) { /* lengths: [N, ...] -- the numbers of items a float_list takes */
        int nl;
        p->lengths_pos = gen_node_pos(v[9]);
        yaml_node_item_t *litems = gen_node_items(y, v[9], "lengths", &nl);
        for (int l = 0; l < nl; l++) {
          long len;
          if (gen_node_int(y, gen_node_get(y, litems[l]), "a length", &len) == 0) {
            if (len < 1 || len > 64)
              gen_diag(y->file, gen_node_pos(gen_node_get(y, litems[l])), "lengths of %s must be in [1, 64], got %ld",
                       what, len);
            *(int *)gen_push(&p->lengths, &p->n_lengths, sizeof(int)) = (int)len;
          }
        }
        if (litems && nl == 0)
          gen_diag(y->file, p->lengths_pos, "lengths of %s must not be empty", what);
      }
      if (v[10]) { /* aliases: [OLD, ...] -- deprecated keyword names */
        int na;
        p->aliases_pos = gen_node_pos(v[10]);
        yaml_node_item_t *aitems = gen_node_items(y, v[10], "aliases", &na);
        for (int a = 0; a < na; a++) {
          char *alias = text_of(y, gen_node_get(y, aitems[a]), "a param alias");
          if (alias)
            *(char **)gen_push(&p->aliases, &p->n_aliases, sizeof(char *)) = alias;
        }
      }
      /* an optional list's None (set above as an int's): no numbers, NULL and 0 in C */
      if (p->optional && p->type_ok && p->type == GEN_T_FLOAT_LIST && p->def.type == GEN_T_INT &&
          p->def.number == GEN_NONE) {
        p->def.type = GEN_T_FLOAT_LIST;
        p->def.number = 0;
      }
    }
    free(what);
  }
}

static void parse_footprint(gen_yaml *y, gen_op *op, yaml_node_t *node)
{
  op->has_footprint = true;
  op->footprint_at = gen_node_pos(node);
  if (node->type == YAML_SCALAR_NODE) {
    if (!strcmp((const char *)node->data.scalar.value, "global"))
      op->footprint_global = true;
    else
      gen_diag(y->file, op->footprint_at, "footprint must be 'global' or a list of 3 expressions (x, y, z), got '%s'",
               (const char *)node->data.scalar.value);
    return;
  }
  int n;
  yaml_node_item_t *items = gen_node_items(y, node, "footprint", &n);
  if (!items)
    return;
  if (n != 3) {
    gen_diag(y->file, op->footprint_at, "footprint must have 3 entries (x, y, z), got %d%s", n,
             n > 3 && node->data.sequence.style == YAML_FLOW_SEQUENCE_STYLE
                 ? " (in [..] a comma separates entries: quote an expression that contains one)"
                 : "");
    return;
  }
  for (int i = 0; i < 3; i++) {
    yaml_node_t *item = gen_node_get(y, items[i]);
    op->footprint[i] = text_of(y, item, "a footprint entry");
    op->footprint_pos[i] = gen_node_pos(item);
  }
}

static void parse_step(gen_yaml *y, gen_step *st, yaml_node_t *node, int index)
{
  static const char *const valid[] = {"op", "args", "as", NULL};
  static const char *const required[] = {"op", NULL};
  yaml_node_t *v[3];
  gen_pos kp[3];
  char *what = gen_printf("composite step %d", index + 1);
  st->pos = gen_node_pos(node);
  if (gen_node_fields(y, node, what, valid, required, v, kp) == 0) {
    if (v[0]) {
      st->op = text_of(y, v[0], "a step's op");
      st->op_pos = gen_node_pos(v[0]);
    }
    if (v[1] && v[1]->type != YAML_MAPPING_NODE)
      gen_diag(y->file, gen_node_pos(v[1]), "args of %s must be a mapping of argument names to values", what);
    else if (v[1]) {
      for (yaml_node_pair_t *p = v[1]->data.mapping.pairs.start; p < v[1]->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
        const char *key = gen_node_text(y, k, "an argument name");
        if (!key)
          continue;
        bool dup = false;
        for (int a = 0; a < st->n_args; a++)
          if (!strcmp(st->args[a].name, key)) {
            gen_diag(y->file, gen_node_pos(k), "duplicate argument '%s' in %s (first at line %d)", key, what,
                     st->args[a].pos.line);
            dup = true;
          }
        if (dup)
          continue;
        gen_arg *arg = gen_push(&st->args, &st->n_args, sizeof *arg);
        arg->name = gen_strdup(key);
        arg->pos = gen_node_pos(k);
        arg->value = gen_node_value(y, yaml_document_get_node(y->doc, p->value), "an argument");
      }
    }
    if (v[2]) {
      st->as = text_of(y, v[2], "a step's 'as'");
      st->as_pos = gen_node_pos(v[2]);
    }
  }
  free(what);
}

/* impl: {family: NAME, KEY: TEXT, ...}: the keys are the family's (checked in family.c). */
static void parse_family(gen_yaml *y, gen_impl *im, yaml_node_t *node)
{
  im->kind = GEN_IMPL_FAMILY;
  im->family = -1;
  for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
    yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
    yaml_node_t *v = yaml_document_get_node(y->doc, p->value);
    const char *key = gen_node_text(y, k, "an impl key");
    if (!key)
      continue;
    if (!strcmp(key, "family")) {
      im->value_pos = gen_node_pos(v);
      im->family_name = text_of(y, v, "a family name");
      continue;
    }
    bool dup = false;
    for (int f = 0; f < im->n_fields; f++)
      if (!strcmp(im->fields[f].key, key)) {
        gen_diag(y->file, gen_node_pos(k), "duplicate key '%s' in impl (first at line %d)", key,
                 im->fields[f].pos.line);
        dup = true;
      }
    char *text = dup ? NULL : text_of(y, v, "a family rule");
    if (!text)
      continue;
    gen_family_field *fld = gen_push(&im->fields, &im->n_fields, sizeof *fld);
    fld->key = gen_strdup(key);
    fld->text = text;
    fld->pos = gen_node_pos(v);
  }
}

static void parse_impl(gen_yaml *y, gen_op *op, yaml_node_t *node)
{
  static const char *const valid[] = {"kernel", "kernel_name", "c", "composite", "kernels", NULL};
  static const char *const none[] = {NULL};
  yaml_node_t *v[5];
  gen_pos kp[5];
  gen_impl *im = &op->impl;
  im->pos = gen_node_pos(node);
  im->family = -1;
  if (node->type == YAML_MAPPING_NODE) {
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
      yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
      if (k->type == YAML_SCALAR_NODE && !strcmp((const char *)k->data.scalar.value, "family")) {
        parse_family(y, im, node);
        return;
      }
    }
  }
  if (gen_node_fields(y, node, "impl", valid, none, v, kp) != 0)
    return;
  int kinds = (v[0] != NULL) + (v[2] != NULL) + (v[3] != NULL);
  if (kinds != 1) {
    gen_diag(y->file, im->pos, "impl must have exactly one of family, kernel, c, composite; got %d", kinds);
    return;
  }
  if (v[1] && !v[0])
    gen_diag(y->file, kp[1], "kernel_name is only valid with impl kernel");
  if (v[4] && !v[2])
    gen_diag(y->file, kp[4], "kernels lists the kernel files of an impl c; a kernel or composite impl names its own");
  if (v[4] && v[2]) {
    int n;
    im->kernels_pos = gen_node_pos(v[4]);
    yaml_node_item_t *items = gen_node_items(y, v[4], "kernels", &n);
    for (int i = 0; i < n; i++) {
      yaml_node_t *item = gen_node_get(y, items[i]);
      char *file = text_of(y, item, "a kernel file name");
      if (!file)
        continue;
      int at = im->n_kernels;
      *(char **)gen_push(&im->kernels, &at, sizeof(char *)) = file;
      *(gen_pos *)gen_push(&im->kernel_pos, &im->n_kernels, sizeof(gen_pos)) = gen_node_pos(item);
    }
  }
  if (v[0]) {
    im->kind = GEN_IMPL_KERNEL;
    im->kernel_file = text_of(y, v[0], "a kernel file name");
    im->value_pos = gen_node_pos(v[0]);
    if (v[1]) {
      im->kernel_name = text_of(y, v[1], "a kernel name");
      im->kernel_name_pos = gen_node_pos(v[1]);
    } else if (im->kernel_file) {
      im->kernel_name = gen_strdup(im->kernel_file);
      im->kernel_name_pos = im->value_pos;
    }
  } else if (v[2]) {
    im->kind = GEN_IMPL_C;
    im->c_name = text_of(y, v[2], "an impl function name");
    im->value_pos = gen_node_pos(v[2]);
  } else {
    im->kind = GEN_IMPL_COMPOSITE;
    im->value_pos = gen_node_pos(v[3]);
    int n;
    yaml_node_item_t *items = gen_node_items(y, v[3], "composite", &n);
    if (items && n == 0)
      gen_diag(y->file, im->value_pos, "composite must list at least one step");
    for (int i = 0; i < n; i++) {
      gen_step *st = gen_push(&im->steps, &im->n_steps, sizeof *st);
      parse_step(y, st, gen_node_get(y, items[i]), i);
    }
  }
}

static void parse_test_input(gen_yaml *y, gen_test_input *ti, yaml_node_t *node, const char *what)
{
  static const char *const valid[] = {"shape", "dtype", "fill", NULL};
  static const char *const required[] = {"dtype", NULL};
  yaml_node_t *v[3];
  gen_pos kp[3];
  ti->dtype = -1;
  if (gen_node_fields(y, node, what, valid, required, v, kp) != 0)
    return;
  if (v[0]) {
    int n;
    ti->shape_pos = gen_node_pos(v[0]);
    yaml_node_item_t *items = gen_node_items(y, v[0], "a test shape", &n);
    if (items && (n < 1 || n > 3))
      gen_diag(y->file, ti->shape_pos, "shape of %s must have 1 to 3 sizes (numpy order z, y, x), got %d", what, n);
    else if (items) {
      ti->ndim = n;
      for (int i = 0; i < n; i++) {
        yaml_node_t *item = gen_node_get(y, items[i]);
        long size = 0;
        if (gen_node_int(y, item, "a shape size", &size) != 0)
          ti->ndim = -1;
        else if (size < 1 || size > 65536) {
          gen_diag(y->file, gen_node_pos(item), "sizes in the shape of %s must be in [1, 65536], got %ld", what, size);
          ti->ndim = -1;
        } else
          ti->shape[i] = size;
      }
    }
  }
  if (v[1]) {
    const char *d = gen_node_text(y, v[1], "a dtype");
    ti->dtype_pos = gen_node_pos(v[1]);
    if (d && (ti->dtype = gen_dtype_from_name(d)) < 0)
      gen_diag(y->file, ti->dtype_pos, "unknown dtype '%s' of %s; valid: %s", d, what, gen_dtype_names_list);
  }
  if (v[2]) {
    ti->fill = text_of(y, v[2], "a fill");
    ti->fill_pos = gen_node_pos(v[2]);
  } else {
    ti->fill = gen_strdup("random");
  }
  /* blobs brings its own shape; a shape given with it is the one expected. */
  if (!v[0] && ti->fill && strcmp(ti->fill, "blobs") != 0) {
    gen_diag(y->file, gen_node_pos(node), "missing required key 'shape' in %s (only fill blobs may leave it out)",
             what);
    ti->ndim = -1;
  }
}

static void parse_test(gen_yaml *y, gen_test *t, yaml_node_t *node, int index)
{
  static const char *const valid[] = {"tag", "inputs", "params", "expect", "upstream", NULL};
  static const char *const required[] = {"tag", "inputs", "expect", NULL};
  static const char *const expect_valid[] = {"exact", "tolerance", NULL};
  static const char *const upstream_valid[] = {"differs", "tolerance", "why", NULL};
  static const char *const none[] = {NULL};
  yaml_node_t *v[5];
  gen_pos kp[5];
  t->pos = gen_node_pos(node);
  t->exact = true;
  char *what = gen_printf("test %d", index + 1);
  if (gen_node_fields(y, node, what, valid, required, v, kp) != 0) {
    free(what);
    return;
  }
  if (v[0]) {
    t->tag = text_of(y, v[0], "a test tag");
    t->tag_pos = gen_node_pos(v[0]);
    if (t->tag) {
      free(what);
      what = gen_printf("test '%s'", t->tag);
    }
  }
  if (v[1] && v[1]->type != YAML_MAPPING_NODE)
    gen_diag(y->file, gen_node_pos(v[1]), "inputs of %s must be a mapping of input names to images", what);
  else if (v[1]) {
    t->inputs_pos = gen_node_pos(v[1]);
    for (yaml_node_pair_t *p = v[1]->data.mapping.pairs.start; p < v[1]->data.mapping.pairs.top; p++) {
      yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
      const char *key = gen_node_text(y, k, "an input name");
      if (!key)
        continue;
      gen_test_input *ti = gen_push(&t->inputs, &t->n_inputs, sizeof *ti);
      ti->name = gen_strdup(key);
      ti->pos = gen_node_pos(k);
      char *iwhat = gen_printf("input '%s' of %s", key, what);
      parse_test_input(y, ti, yaml_document_get_node(y->doc, p->value), iwhat);
      free(iwhat);
    }
  }
  if (v[2] && v[2]->type != YAML_MAPPING_NODE)
    gen_diag(y->file, gen_node_pos(v[2]), "params of %s must be a mapping of param names to values", what);
  else if (v[2]) {
    for (yaml_node_pair_t *p = v[2]->data.mapping.pairs.start; p < v[2]->data.mapping.pairs.top; p++) {
      yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
      const char *key = gen_node_text(y, k, "a param name");
      if (!key)
        continue;
      gen_test_param *tp = gen_push(&t->params, &t->n_params, sizeof *tp);
      tp->name = gen_strdup(key);
      tp->pos = gen_node_pos(k);
      tp->value = gen_node_value(y, yaml_document_get_node(y->doc, p->value), "a param value");
    }
  }
  if (v[3]) {
    yaml_node_t *ev[2];
    gen_pos ekp[2];
    t->expect_pos = gen_node_pos(v[3]);
    char *ewhat = gen_printf("expect of %s", what);
    if (gen_node_fields(y, v[3], ewhat, expect_valid, none, ev, ekp) == 0) {
      if ((ev[0] != NULL) == (ev[1] != NULL))
        gen_diag(y->file, t->expect_pos, "%s must have exactly one of exact: true, tolerance: X", ewhat);
      if (ev[0]) {
        gen_value e = gen_node_value(y, ev[0], "exact");
        if (e.present && !(e.type == GEN_T_BOOL && e.number == 1))
          gen_diag(y->file, e.pos, "exact in %s must be true (use tolerance: X otherwise)", ewhat);
        gen_value_free(&e);
      } else if (ev[1]) {
        gen_value tol = gen_node_value(y, ev[1], "tolerance");
        t->exact = false;
        if (tol.present && (tol.type == GEN_T_INT || tol.type == GEN_T_FLOAT) && tol.number >= 0 && tol.number < 1e300)
          t->tolerance = tol.number;
        else if (tol.present) {
          char *r = gen_value_repr(&tol);
          gen_diag(y->file, tol.pos, "tolerance in %s must be a finite number >= 0, got %s", ewhat, r);
          free(r);
        }
        gen_value_free(&tol);
      }
    }
    free(ewhat);
  }
  if (v[4]) {
    yaml_node_t *uv[3];
    gen_pos ukp[3];
    t->upstream_pos = gen_node_pos(v[4]);
    char *uwhat = gen_printf("upstream of %s", what);
    if (gen_node_fields(y, v[4], uwhat, upstream_valid, none, uv, ukp) == 0) {
      if ((uv[0] != NULL) == (uv[1] != NULL))
        gen_diag(y->file, t->upstream_pos, "%s must have exactly one of differs: WHY, tolerance: X (with why: WHY)",
                 uwhat);
      else if (uv[1] && !uv[2])
        gen_diag(y->file, t->upstream_pos, "%s gives a tolerance: say why with why: TEXT", uwhat);
      else if (uv[0] && uv[2])
        gen_diag(y->file, ukp[2], "%s: why goes with tolerance; differs: says why itself", uwhat);
      if (uv[2])
        t->upstream_why = text_of(y, uv[2], "why the tolerance against pyclesperanto");
      if (uv[0])
        t->upstream_differs = text_of(y, uv[0], "why the result differs from pyclesperanto's");
      if (uv[1]) {
        gen_value tol = gen_node_value(y, uv[1], "tolerance");
        if (tol.present && (tol.type == GEN_T_INT || tol.type == GEN_T_FLOAT) && tol.number >= 0 &&
            tol.number < 1e300) {
          t->has_upstream_tolerance = true;
          t->upstream_tolerance = tol.number;
        } else if (tol.present) {
          char *r = gen_value_repr(&tol);
          gen_diag(y->file, tol.pos, "tolerance in %s must be a finite number >= 0, got %s", uwhat, r);
          free(r);
        }
        gen_value_free(&tol);
      }
    }
    free(uwhat);
  }
  free(what);
}

/* aliases: [{name: OLD, deprecated: true}, ...] */
static void parse_aliases(gen_yaml *y, gen_op *op, yaml_node_t *node)
{
  static const char *const valid[] = {"name", "deprecated", NULL};
  static const char *const required[] = {"name", "deprecated", NULL};
  int n;
  op->aliases_pos = gen_node_pos(node);
  yaml_node_item_t *items = gen_node_items(y, node, "aliases", &n);
  for (int i = 0; i < n; i++) {
    yaml_node_t *item = gen_node_get(y, items[i]);
    yaml_node_t *v[2];
    gen_pos kp[2];
    char *what = describe("alias", peek_name(y, item), i);
    if (gen_node_fields(y, item, what, valid, required, v, kp) == 0 && v[0] && v[1]) {
      char *name = text_of(y, v[0], "an alias name");
      gen_value dep = gen_node_value(y, v[1], "deprecated");
      if (dep.present && dep.type != GEN_T_BOOL)
        gen_diag(y->file, dep.pos, "deprecated of %s must be true or false", what);
      if (name) {
        gen_op_alias *a = gen_push(&op->aliases, &op->n_aliases, sizeof *a);
        a->name = name;
        a->deprecated = dep.present && dep.type == GEN_T_BOOL && dep.number != 0;
        a->pos = gen_node_pos(v[0]);
      }
      gen_value_free(&dep);
    }
    free(what);
  }
}

/* upstream: none, or {name: NAME, signature: {PARAM: WHY, ...}} */
static void parse_upstream(gen_yaml *y, gen_op *op, yaml_node_t *node)
{
  static const char *const valid[] = {"name", "signature", NULL};
  static const char *const none[] = {NULL};
  op->upstream_pos = gen_node_pos(node);
  if (node->type == YAML_SCALAR_NODE) {
    if (!strcmp((const char *)node->data.scalar.value, "none"))
      op->upstream_absent = true;
    else
      gen_diag(y->file, op->upstream_pos,
               "upstream must be 'none' (pyclesperanto has no such op) or a mapping with name, signature; got '%s'",
               (const char *)node->data.scalar.value);
    return;
  }
  yaml_node_t *v[2];
  gen_pos kp[2];
  if (gen_node_fields(y, node, "upstream", valid, none, v, kp) != 0)
    return;
  if (v[0])
    op->upstream_name = text_of(y, v[0], "pyclesperanto's name of the op");
  if (v[1] && v[1]->type != YAML_MAPPING_NODE)
    gen_diag(y->file, gen_node_pos(v[1]), "upstream signature must be a mapping of parameter names to why they differ");
  else if (v[1]) {
    for (yaml_node_pair_t *p = v[1]->data.mapping.pairs.start; p < v[1]->data.mapping.pairs.top; p++) {
      yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
      const char *param = gen_node_text(y, k, "a parameter name");
      char *why = text_of(y, yaml_document_get_node(y->doc, p->value), "why the signature differs");
      if (!param || !why) {
        free(why);
        continue;
      }
      gen_signature_difference *d = gen_push(&op->signature_differences, &op->n_signature_differences, sizeof *d);
      d->param = gen_strdup(param);
      d->why = why;
      d->pos = gen_node_pos(k);
    }
  }
}

/* operator: TEXT or [TEXT, ...]; the texts are read by operator.c. */
static void parse_operator(gen_yaml *y, gen_op *op, yaml_node_t *node)
{
  int n = 1;
  yaml_node_item_t *items = NULL;
  if (node->type == YAML_SEQUENCE_NODE) {
    items = gen_node_items(y, node, "operator", &n);
    if (n == 0)
      gen_diag(y->file, gen_node_pos(node), "operator must list at least one expression");
  }
  for (int i = 0; i < n; i++) {
    yaml_node_t *item = items ? gen_node_get(y, items[i]) : node;
    char *text = text_of(y, item, "an operator");
    if (!text)
      continue;
    gen_operator *o = gen_push(&op->operators, &op->n_operators, sizeof *o);
    o->text = text;
    o->pos = gen_node_pos(item);
  }
}

static void parse_op(gen_yaml *y, gen_op *op, yaml_node_t *root)
{
  static const char *const valid[] = {"name",   "tier",     "categories", "brief",        "description", "inputs",
                                      "output", "params",   "footprint",  "impl",         "aliases",     "upstream",
                                      "tests",  "operator", "outputs",    "output_order", NULL};
  /* output or outputs: checked below */
  static const char *const required[] = {"name",      "tier", "categories", "brief", "inputs",
                                         "footprint", "impl", "tests",      NULL};
  yaml_node_t *v[16];
  gen_pos kp[16];
  op->pos = gen_node_pos(root);
  const char *peek = peek_name(y, root);
  char *what = gen_printf("op '%s'", peek ? peek : op->file_stem);
  if (gen_node_fields(y, root, what, valid, required, v, kp) != 0) {
    free(what);
    return;
  }
  free(what);
  op->parsed = true;
  if (v[0]) {
    op->name = text_of(y, v[0], "the op name");
    op->name_pos = gen_node_pos(v[0]);
  }
  if (v[1]) {
    long tier;
    op->tier_pos = gen_node_pos(v[1]);
    if (gen_node_int(y, v[1], "tier", &tier) == 0) {
      if (tier < 0 || tier > 9)
        gen_diag(y->file, op->tier_pos, "tier must be in [0, 9], got %ld", tier);
      else {
        op->tier = (int)tier;
        op->has_tier = true;
      }
    }
  }
  if (v[2]) {
    int n;
    op->categories_pos = gen_node_pos(v[2]);
    yaml_node_item_t *items = gen_node_items(y, v[2], "categories", &n);
    for (int i = 0; i < n; i++) {
      yaml_node_t *item = gen_node_get(y, items[i]);
      char *c = text_of(y, item, "a category");
      if (!c)
        continue;
      int idx = op->n_categories;
      *(char **)gen_push(&op->categories, &idx, sizeof(char *)) = c;
      *(gen_pos *)gen_push(&op->category_pos, &op->n_categories, sizeof(gen_pos)) = gen_node_pos(item);
    }
  }
  if (v[3]) {
    op->brief = text_of(y, v[3], "brief");
    op->brief_pos = gen_node_pos(v[3]);
  }
  if (v[4])
    op->description = text_of(y, v[4], "description");
  if (v[5]) {
    op->inputs_pos = gen_node_pos(v[5]);
    parse_inputs(y, op, v[5]);
  }
  if (v[6] && v[14])
    gen_diag(y->file, gen_node_pos(v[14]), "an op has either output (one) or outputs (several), not both");
  else if (v[6])
    parse_output(y, op, v[6]);
  else if (v[14])
    parse_outputs(y, op, v[14]);
  else
    gen_diag(y->file, op->pos, "missing required key 'output' in op '%s' (or 'outputs', for several images)",
             peek ? peek : op->file_stem);
  if (v[15] && !v[14])
    gen_diag(y->file, gen_node_pos(v[15]), "output_order needs outputs (several images)");
  else if (v[15])
    parse_output_order(y, op, v[15]);
  if (v[7]) {
    op->params_pos = gen_node_pos(v[7]);
    parse_params(y, op, v[7]);
  }
  if (v[8])
    parse_footprint(y, op, v[8]);
  if (v[9])
    parse_impl(y, op, v[9]);
  if (v[10])
    parse_aliases(y, op, v[10]);
  if (v[11])
    parse_upstream(y, op, v[11]);
  if (v[13])
    parse_operator(y, op, v[13]);
  if (v[12]) {
    int n;
    op->tests_pos = gen_node_pos(v[12]);
    yaml_node_item_t *items = gen_node_items(y, v[12], "tests", &n);
    if (items && n == 0)
      gen_diag(y->file, op->tests_pos, "tests must list at least one test");
    for (int i = 0; i < n; i++) {
      gen_test *t = gen_push(&op->tests, &op->n_tests, sizeof *t);
      parse_test(y, t, gen_node_get(y, items[i]), i);
    }
  }
}

/* Line and column (1-based, columns in characters as libyaml counts them)
 * of byte offset in text: libyaml's reader errors give only the offset. */
static gen_pos pos_of_offset(const char *text, size_t len, size_t offset)
{
  gen_pos pos = {1, 1};
  if (offset > len)
    offset = len;
  for (size_t i = 0; i < offset; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c == '\n' || (c == '\r' && (i + 1 >= len || text[i + 1] != '\n'))) {
      pos.line++;
      pos.col = 1;
    } else if ((c & 0xc0) != 0x80 && c != '\r') {
      pos.col++; /* a character starts here (continuation bytes do not) */
    }
  }
  return pos;
}

static void syntax_error(const char *display, const yaml_parser_t *parser, const char *text, size_t len)
{
  if (parser->error == YAML_READER_ERROR) {
    gen_pos at = pos_of_offset(text, len, parser->problem_offset);
    const char *problem = parser->problem ? parser->problem : "unreadable text";
    int v = parser->problem_value;
    bool octet = strstr(problem, "octet") || strstr(problem, "length");
    if (v >= 0 && octet)
      gen_diag(display, at, "cannot read YAML: %s 0x%02x (byte offset %zu)", problem, (unsigned)v & 0xffu,
               parser->problem_offset);
    else if (v >= 0)
      gen_diag(display, at, "cannot read YAML: %s U+%04X (byte offset %zu)", problem, (unsigned)v,
               parser->problem_offset);
    else
      gen_diag(display, at, "cannot read YAML: %s (byte offset %zu)", problem, parser->problem_offset);
    return;
  }
  gen_pos pos = {(int)parser->problem_mark.line + 1, (int)parser->problem_mark.column + 1};
  if (parser->context)
    gen_diag(display, pos, "YAML syntax error: %s (%s at line %d, column %d)", parser->problem, parser->context,
             (int)parser->context_mark.line + 1, (int)parser->context_mark.column + 1);
  else
    gen_diag(display, pos, "YAML syntax error: %s", parser->problem ? parser->problem : "malformed document");
}

static void parse_file(gen_model *m, const char *path, const char *display, const char *stem)
{
  size_t len;
  char *text = gen_read_file(path, &len);
  if (!text) {
    gen_diag(display, (gen_pos){0, 0}, "cannot read the file");
    return;
  }
  gen_op *op = gen_push(&m->ops, &m->n_ops, sizeof *op);
  op->file = gen_strdup(display);
  op->file_stem = gen_strdup(stem);

  yaml_parser_t parser;
  yaml_document_t doc;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
  if (!yaml_parser_load(&parser, &doc)) {
    syntax_error(display, &parser, text, len);
  } else {
    gen_yaml y = {&doc, display};
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root)
      gen_diag(display, (gen_pos){0, 0}, "the file is empty; a spec is a mapping with name, tier, brief, ...");
    else
      parse_op(&y, op, root);
    /* One operation per file: a second document is a mistake, not extra ops. */
    yaml_document_t next;
    if (root && yaml_parser_load(&parser, &next)) {
      yaml_node_t *next_root = yaml_document_get_root_node(&next);
      if (next_root)
        gen_diag(display, gen_node_pos(next_root), "a spec file holds one YAML document; remove this second one");
      yaml_document_delete(&next);
    } else if (root) {
      syntax_error(display, &parser, text, len);
    }
    yaml_document_delete(&doc);
  }
  yaml_parser_delete(&parser);
  free(text);
  if (!op->name)
    op->name = gen_strdup(stem); /* keeps later checks going; the missing key is reported */
}

static int ends_with(const char *s, const char *suffix)
{
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && !strcmp(s + n - k, suffix);
}

static const char *base_name(const char *path)
{
  size_t n = strlen(path);
  while (n > 1 && path[n - 1] == '/')
    n--;
  const char *end = path + n;
  const char *p = end;
  while (p > path && p[-1] != '/')
    p--;
  return p;
}

char *gen_dir_display(const char *dir)
{
  const char *b = base_name(dir);
  size_t n = strlen(b);
  while (n > 0 && b[n - 1] == '/')
    n--;
  return n ? gen_strndup(b, n) : gen_strdup(".");
}

void gen_parse_dir(gen_model *m, const char *spec_dir)
{
  m->spec_display = gen_dir_display(spec_dir);
  char *ops_dir = gen_printf("%s/ops", spec_dir);
  DIR *d = opendir(ops_dir);
  if (!d) {
    /* No ops yet is a valid (empty) spec; a missing spec dir is not. */
    struct stat st;
    if (stat(spec_dir, &st) != 0 || !S_ISDIR(st.st_mode))
      gen_diag(spec_dir, (gen_pos){0, 0}, "the spec directory does not exist");
    free(ops_dir);
    return;
  }
  char **names = NULL;
  int n = 0;
  struct dirent *e;
  /* spec/ops holds NAME.yaml files and nothing else: anything else there is
   * a mistake that would otherwise be ignored (hidden files, such as an
   * editor's swap files, excepted). */
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    char *path = gen_printf("%s/%s", ops_dir, e->d_name);
    char *display = gen_printf("%s/ops/%s", m->spec_display, e->d_name);
    struct stat st;
    bool is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    if (is_dir)
      gen_diag(display, (gen_pos){0, 0},
               "spec/ops holds one NAME.yaml file per op and no folders; move this folder out");
    else if (ends_with(e->d_name, ".yaml"))
      *(char **)gen_push(&names, &n, sizeof(char *)) = gen_strdup(e->d_name);
    else if (ends_with(e->d_name, ".yml"))
      gen_diag(display, (gen_pos){0, 0}, "spec files end in .yaml; rename this one so that it is read");
    else
      gen_diag(display, (gen_pos){0, 0},
               "spec/ops holds one NAME.yaml file per op and nothing else; move this file out");
    free(path);
    free(display);
  }
  closedir(d);
  if (n)
    qsort(names, (size_t)n, sizeof *names, gen_strcmp_ptr);
  for (int i = 0; i < n; i++) {
    char *path = gen_printf("%s/%s", ops_dir, names[i]);
    char *display = gen_printf("%s/ops/%s", m->spec_display, names[i]);
    char *stem = gen_strndup(names[i], strlen(names[i]) - 5);
    parse_file(m, path, display, stem);
    free(path);
    free(display);
    free(stem);
    free(names[i]);
  }
  free(names);
  free(ops_dir);
}
