/* Text to typed op parameters, shared by pipelines and the command line. */
#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cesperanto/cle_pipeline.h"
#include "cle_private.h"

/* YAML spells infinities and NaN with a dot; strtod does not. */
static const char *yaml_special(const char *text)
{
  if (!strcasecmp(text, ".nan"))
    return "nan";
  if (!strcasecmp(text, ".inf") || !strcasecmp(text, "+.inf"))
    return "inf";
  if (!strcasecmp(text, "-.inf"))
    return "-inf";
  return text;
}

static int parse_number(const char *text, double *out)
{
  const char *t = yaml_special(text);
  if (!*t || strchr(" \t\n", *t))
    return -1;
  char *end;
  errno = 0;
  double v = strtod(t, &end);
  if (*end || (errno == ERANGE && isinf(v)))
    return -1;
  *out = v;
  return 0;
}

static int parse_bool(const char *t, double *out)
{
  static const char *yes[] = {"true", "yes", "on", "1"}, *no[] = {"false", "no", "off", "0"};
  for (int i = 0; i < 4; i++) {
    if (!strcasecmp(t, yes[i]) || !strcasecmp(t, no[i])) {
      *out = !strcasecmp(t, yes[i]);
      return 0;
    }
  }
  return -1;
}

static int check_range(const cle_op_desc *op, const cle_param_desc *p, double v, const char *text)
{
  if ((p->has_min || p->has_max) && isnan(v))
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s must be a number in range, got %s", op->name, p->name,
                         text);
  if (p->has_min && v < p->min)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s must be >= %g, got %s", op->name, p->name, p->min, text);
  if (p->has_max && v > p->max)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s must be <= %g, got %s", op->name, p->name, p->max, text);
  return 0;
}

void cle_value_clear(cle_value *v)
{
  if (v && v->type == CLE_TYPE_FLOAT_LIST) {
    free((float *)v->list);
    v->list = NULL;
    v->count = 0;
  }
}

/* "1,0,0,0,1,0,0,0,1" (commas and/or spaces, in [..] or not) into a new list; None for an optional list. */
static int parse_float_list(const cle_op_desc *op, const cle_param_desc *p, const char *text, cle_value *out)
{
  if (p->optional && (!strcmp(text, "None") || !strcmp(text, "none")))
    return 0; /* NULL, 0 */
  size_t cap = strlen(text) / 2 + 1, n = 0;
  float *list = malloc(cap * sizeof *list);
  if (!list)
    return cle_set_error(CLE_ERROR_OUT_OF_MEMORY, "%s: out of host memory for %s", op->name, p->name);
  const char *s = text;
  while (*s == ' ' || *s == '\t')
    s++;
  const bool bracket = *s == '[';
  s += bracket;
  for (;;) {
    while (*s == ' ' || *s == '\t')
      s++;
    if (!*s || (bracket && *s == ']'))
      break;
    char word[64];
    size_t len = strcspn(s, ", \t]");
    if (len == 0 || len >= sizeof word || n == cap)
      break;
    memcpy(word, s, len);
    word[len] = '\0';
    double v;
    if (parse_number(word, &v) != 0) {
      free(list);
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s expects numbers separated by commas%s, got '%s'",
                           op->name, p->name, p->optional ? " (or None)" : "", text);
    }
    list[n++] = (float)v;
    s += len;
    while (*s == ' ' || *s == '\t')
      s++;
    if (*s == ',')
      s++;
  }
  if (bracket && *s == ']')
    s++;
  while (*s == ' ' || *s == '\t')
    s++;
  if (*s || n == 0) {
    free(list);
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s expects numbers separated by commas%s, got '%s'", op->name,
                         p->name, p->optional ? " (or None)" : "", text);
  }
  bool fits = p->n_lengths == 0;
  for (int i = 0; i < p->n_lengths; i++)
    fits |= (size_t)p->lengths[i] == n;
  if (!fits) {
    char want[128] = "";
    for (int i = 0; i < p->n_lengths; i++) {
      size_t k = strlen(want);
      snprintf(want + k, sizeof want - k, "%s%d", i == 0 ? "" : i == p->n_lengths - 1 ? " or " : ", ", p->lengths[i]);
    }
    free(list);
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s must have %s numbers, got %zu", op->name, p->name, want,
                         n);
  }
  out->list = list;
  out->count = n;
  return 0;
}

int cle_param_parse(const cle_op_desc *op, const cle_param_desc *p, const char *text, cle_value *out)
{
  if (!op || !p || !text || !out)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "cle_param_parse: %s must not be NULL",
                         !op     ? "op"
                         : !p    ? "param"
                         : !text ? "text"
                                 : "out");
  memset(out, 0, sizeof *out);
  out->type = p->type;
  double v;
  switch (p->type) {
  case CLE_TYPE_FLOAT:
    if (parse_number(text, &v) != 0)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s expects a float, got '%s'", op->name, p->name, text);
    if (check_range(op, p, v, text) != 0)
      return -1;
    out->number = v;
    return 0;
  case CLE_TYPE_INT:
    if (p->has_default && p->default_text && !strcmp(p->default_text, "None") &&
        (!strcmp(text, "None") || !strcmp(text, "none"))) { /* an optional int param's None: CLE_NONE */
      out->number = CLE_NONE;
      return 0;
    }
    if (parse_number(text, &v) != 0 || v != floor(v) || fabs(v) > 2147483647.0)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s expects an int, got '%s'", op->name, p->name, text);
    if (check_range(op, p, v, text) != 0)
      return -1;
    out->number = v;
    return 0;
  case CLE_TYPE_FLOAT_LIST: return parse_float_list(op, p, text, out);
  case CLE_TYPE_BOOL:
    if (parse_bool(text, &v) != 0)
      return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s expects a bool (true or false), got '%s'", op->name,
                           p->name, text);
    out->number = v;
    return 0;
  case CLE_TYPE_STRING: {
    for (int i = 0; i < p->n_choices; i++)
      if (!strcmp(text, p->choices[i])) {
        out->string = p->choices[i];
        return 0;
      }
    for (int i = 0; i < p->n_choice_aliases; i++) /* another spelling: the choice it stands for */
      if (!strcmp(text, p->choice_aliases[i])) {
        out->string = p->choices[p->choice_alias_targets[i]];
        return 0;
      }
    char list[512] = "";
    for (int i = 0; i < p->n_choices; i++) {
      size_t n = strlen(list);
      snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", p->choices[i]);
    }
    for (int i = 0; i < p->n_choice_aliases; i++) {
      size_t n = strlen(list);
      snprintf(list + n, sizeof list - n, "%s%s for %s", i ? ", " : " (or ", p->choice_aliases[i],
               p->choices[p->choice_alias_targets[i]]);
    }
    if (p->n_choice_aliases) {
      size_t n = strlen(list);
      snprintf(list + n, sizeof list - n, ")");
    }
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s must be one of %s, got '%s'", op->name, p->name, list,
                         text);
  }
  default:
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "%s: %s has type %d, which has no text form", op->name, p->name,
                         (int)p->type);
  }
}
