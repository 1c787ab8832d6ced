/* cle-gen — libyaml node helpers (see yaml_node.h). */
#include "yaml_node.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

gen_pos gen_node_pos(const yaml_node_t *node)
{
  return (gen_pos){(int)node->start_mark.line + 1, (int)node->start_mark.column + 1};
}

const char *gen_node_text(gen_yaml *y, yaml_node_t *node, const char *what)
{
  if (node->type != YAML_SCALAR_NODE) {
    gen_diag(y->file, gen_node_pos(node), "%s must be a single value, not a %s", what,
             node->type == YAML_SEQUENCE_NODE ? "list" : "mapping");
    return NULL;
  }
  return (const char *)node->data.scalar.value;
}

static bool match_any(const char *s, const char *const *words)
{
  for (; *words; words++)
    if (!strcmp(s, *words))
      return true;
  return false;
}

/* [-+]?[0-9]+ , 0x[0-9a-fA-F]+ , 0o[0-7]+ (YAML 1.2 core int). */
static bool parse_int(const char *s, double *out)
{
  const char *p = s;
  int base = 10;
  if (!strncmp(s, "0x", 2)) {
    base = 16;
    p = s + 2;
  } else if (!strncmp(s, "0o", 2)) {
    base = 8;
    p = s + 2;
  } else if (*p == '-' || *p == '+') {
    p++;
  }
  if (!*p)
    return false;
  for (const char *q = p; *q; q++) {
    int ok = base == 16  ? isxdigit((unsigned char)*q)
             : base == 8 ? (*q >= '0' && *q <= '7')
                         : isdigit((unsigned char)*q);
    if (!ok)
      return false;
  }
  if (base == 10)
    *out = strtod(s, NULL);
  else
    *out = (double)strtoull(p, NULL, base);
  return true;
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? and the non-finite spellings. */
static bool parse_float(const char *s, double *out)
{
  static const char *const pos_inf[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "inf", "+inf", NULL};
  static const char *const neg_inf[] = {"-.inf", "-.Inf", "-.INF", "-inf", NULL};
  static const char *const nans[] = {".nan", ".NaN", ".NAN", "nan", NULL};
  if (match_any(s, pos_inf)) {
    *out = INFINITY;
    return true;
  }
  if (match_any(s, neg_inf)) {
    *out = -INFINITY;
    return true;
  }
  if (match_any(s, nans)) {
    *out = NAN;
    return true;
  }
  const char *p = s;
  if (*p == '-' || *p == '+')
    p++;
  int digits = 0;
  while (isdigit((unsigned char)*p))
    p++, digits++;
  if (*p == '.') {
    p++;
    while (isdigit((unsigned char)*p))
      p++, digits++;
  }
  if (!digits)
    return false;
  if (*p == 'e' || *p == 'E') {
    p++;
    if (*p == '-' || *p == '+')
      p++;
    if (!isdigit((unsigned char)*p))
      return false;
    while (isdigit((unsigned char)*p))
      p++;
  }
  if (*p)
    return false;
  *out = strtod(s, NULL);
  return true;
}

gen_value gen_node_value(gen_yaml *y, yaml_node_t *node, const char *what)
{
  gen_value v = {0};
  v.pos = gen_node_pos(node);
  if (node->type == YAML_SEQUENCE_NODE) { /* a list of numbers: a float_list value */
    gen_buf text = {0};
    bool ok = true;
    v.type = GEN_T_FLOAT_LIST;
    gen_buf_putc(&text, '[');
    for (yaml_node_item_t *it = node->data.sequence.items.start; it < node->data.sequence.items.top; it++) {
      gen_value e = gen_node_value(y, yaml_document_get_node(y->doc, *it), what);
      if (e.present && (e.type == GEN_T_INT || e.type == GEN_T_FLOAT)) {
        *(double *)gen_push(&v.items, &v.n_items, sizeof(double)) = e.number;
        gen_buf_printf(&text, "%s%s", v.n_items > 1 ? ", " : "", e.text);
      } else if (e.present) {
        char *r = gen_value_repr(&e);
        gen_diag(y->file, e.pos, "%s must be a list of numbers, got %s in it", what, r);
        free(r);
        ok = false;
      } else
        ok = false;
      gen_value_free(&e);
    }
    gen_buf_putc(&text, ']');
    v.text = gen_buf_take(&text);
    v.present = ok;
    return v;
  }
  const char *s = gen_node_text(y, node, what);
  if (!s)
    return v;
  static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
  static const char *const trues[] = {"true", "True", "TRUE", NULL};
  static const char *const falses[] = {"false", "False", "FALSE", NULL};
  bool plain = node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
  double num;
  char text[40];
  if (plain && match_any(s, nulls)) {
    gen_diag(y->file, v.pos, "%s must have a value", what);
    return v;
  }
  v.present = true;
  if (plain && (match_any(s, trues) || match_any(s, falses))) {
    v.type = GEN_T_BOOL;
    v.number = match_any(s, trues);
    v.text = gen_strdup(v.number ? "true" : "false");
  } else if (plain && parse_int(s, &num)) {
    v.type = GEN_T_INT;
    v.number = num;
    gen_format_double(num, text);
    v.text = gen_strdup(text);
  } else if (plain && parse_float(s, &num)) {
    v.type = GEN_T_FLOAT;
    v.number = num;
    gen_format_double(num, text);
    v.text = gen_strdup(text);
  } else {
    v.type = GEN_T_STRING;
    v.text = gen_strdup(s);
  }
  return v;
}

int gen_node_int(gen_yaml *y, yaml_node_t *node, const char *what, long *out)
{
  gen_value v = gen_node_value(y, node, what);
  int rc = -1;
  if (v.present && v.type == GEN_T_INT && fabs(v.number) < 1e15) {
    *out = (long)v.number;
    rc = 0;
  } else if (v.present) {
    char *r = gen_value_repr(&v);
    gen_diag(y->file, v.pos, "%s must be an integer, got %s", what, r);
    free(r);
  }
  gen_value_free(&v);
  return rc;
}

yaml_node_item_t *gen_node_items(gen_yaml *y, yaml_node_t *node, const char *what, int *n)
{
  if (node->type != YAML_SEQUENCE_NODE) {
    gen_diag(y->file, gen_node_pos(node), "%s must be a list", what);
    *n = 0;
    return NULL;
  }
  *n = (int)(node->data.sequence.items.top - node->data.sequence.items.start);
  return node->data.sequence.items.start;
}

yaml_node_t *gen_node_get(gen_yaml *y, yaml_node_item_t item)
{
  return yaml_document_get_node(y->doc, item);
}

int gen_node_fields(gen_yaml *y, yaml_node_t *node, const char *what, const char *const *valid,
                    const char *const *required, yaml_node_t **values, gen_pos *key_pos)
{
  int n_valid = 0;
  while (valid[n_valid])
    n_valid++;
  for (int i = 0; i < n_valid; i++) {
    values[i] = NULL;
    key_pos[i] = (gen_pos){0, 0};
  }
  if (node->type != YAML_MAPPING_NODE) {
    gen_diag(y->file, gen_node_pos(node), "%s must be a mapping of keys to values", what);
    return -1;
  }
  for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
    yaml_node_t *key = yaml_document_get_node(y->doc, p->key);
    gen_pos kpos = gen_node_pos(key);
    if (key->type != YAML_SCALAR_NODE) {
      gen_diag(y->file, kpos, "keys of %s must be words", what);
      continue;
    }
    const char *k = (const char *)key->data.scalar.value;
    int idx = -1;
    for (int i = 0; i < n_valid; i++)
      if (!strcmp(valid[i], k))
        idx = i;
    if (idx < 0) {
      gen_buf list = {0};
      for (int i = 0; i < n_valid; i++)
        gen_buf_printf(&list, "%s%s", i ? ", " : "", valid[i]);
      /* {doc: Sigma along x, in pixels.} reads as two keys: say why. */
      yaml_node_t *val = yaml_document_get_node(y->doc, p->value);
      bool comma_split = node->data.mapping.style == YAML_FLOW_MAPPING_STYLE && val->type == YAML_SCALAR_NODE &&
                         val->data.scalar.length == 0 && strchr(k, ' ');
      gen_diag(y->file, kpos, "unknown key '%s' in %s; valid keys: %s%s", k, what, list.data,
               comma_split ? " (in {..} a comma ends a value: quote text that contains one)" : "");
      gen_buf_free(&list);
      continue;
    }
    if (values[idx]) {
      gen_diag(y->file, kpos, "duplicate key '%s' in %s (first at line %d)", k, what, key_pos[idx].line);
      continue;
    }
    values[idx] = yaml_document_get_node(y->doc, p->value);
    key_pos[idx] = kpos;
  }
  for (const char *const *r = required; *r; r++)
    for (int i = 0; i < n_valid; i++)
      if (!strcmp(valid[i], *r) && !values[i])
        gen_diag(y->file, gen_node_pos(node), "missing required key '%s' in %s", *r, what);
  return 0;
}

char *gen_value_repr(const gen_value *v)
{
  if (!v->present)
    return gen_strdup("nothing");
  if (v->type == GEN_T_STRING)
    return gen_printf("'%s'", v->text);
  return gen_strdup(v->text);
}

void gen_value_free(gen_value *v)
{
  free(v->text);
  v->text = NULL;
  free(v->items);
  v->items = NULL;
  v->n_items = 0;
  v->present = false;
}
