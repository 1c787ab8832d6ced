/* `cle list` and `cle help OP`: the registry as text, never written per op. */
#include <string.h>
#include <strings.h>

#include "cli.h"

static bool in_category(const cle_op_desc *op, const char *category)
{
  for (int c = 0; c < op->n_categories; c++)
    if (!strcasecmp(op->categories[c], category))
      return true;
  return false;
}

/* Every category some op has, in first-seen order, into buf. */
static void all_categories(char *buf, size_t cap)
{
  buf[0] = 0;
  for (int i = 0; i < cle_op_count(); i++) {
    const cle_op_desc *op = cle_op_info(i);
    for (int c = 0; op && c < op->n_categories; c++) {
      bool seen = false;
      for (int j = 0; j < i && !seen; j++)
        seen = in_category(cle_op_info(j), op->categories[c]);
      for (int k = 0; k < c && !seen; k++)
        seen = !strcasecmp(op->categories[k], op->categories[c]);
      if (seen)
        continue;
      size_t n = strlen(buf);
      snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", op->categories[c]);
    }
  }
}

int cmd_list(int argc, char **argv, const cli_globals *g)
{
  (void)g;
  const char *category = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--category") && i + 1 < argc)
      category = argv[++i];
    else if (!strncmp(argv[i], "--category=", 11))
      category = argv[i] + 11;
    else
      return cli_fail(CLI_USAGE, "list: unexpected '%s'; usage: cle list [--category C]", argv[i]);
  }
  int shown = 0;
  size_t width = 0;
  for (int i = 0; i < cle_op_count(); i++) {
    const cle_op_desc *op = cle_op_info(i);
    if (op && (!category || in_category(op, category)) && strlen(op->name) > width)
      width = strlen(op->name);
  }
  for (int i = 0; i < cle_op_count(); i++) {
    const cle_op_desc *op = cle_op_info(i);
    if (!op || (category && !in_category(op, category)))
      continue;
    printf("%-*s  %s\n", (int)width, op->name, op->brief);
    shown++;
  }
  if (category && shown == 0) {
    char known[2048];
    all_categories(known, sizeof known);
    return cli_fail(CLI_USAGE, "list: no op has category '%s'; categories: %s", category, known);
  }
  return CLI_OK;
}

static const char *type_word(cle_value_type t)
{
  switch (t) {
  case CLE_TYPE_FLOAT: return "FLOAT";
  case CLE_TYPE_INT: return "INT";
  case CLE_TYPE_BOOL: return "BOOL";
  case CLE_TYPE_STRING: return "CHOICE";
  case CLE_TYPE_FLOAT_LIST: return "FLOATS";
  default: return "IMAGE";
  }
}

static void dtype_list(unsigned mask, char *buf, size_t cap)
{
  if ((mask & ((1u << CLE_DTYPE_COUNT) - 1)) == (1u << CLE_DTYPE_COUNT) - 1) {
    snprintf(buf, cap, "any");
    return;
  }
  buf[0] = 0;
  for (int t = 0; t < CLE_DTYPE_COUNT; t++)
    if (mask & (1u << t)) {
      size_t n = strlen(buf);
      snprintf(buf + n, cap - n, "%s%s", n ? " " : "", cle_dtype_name((cle_dtype)t));
    }
}

static void print_usage_line(const cle_op_desc *op)
{
  printf("usage: cle %s", op->name);
  for (int i = 0; i < op->n_inputs; i++)
    printf(" %s.tif", op->inputs[i].name);
  if (op->output_kind == CLE_OUTPUT_TABLE)
    printf(" %s.csv", op->output_name);
  else if (op->output_kind == CLE_OUTPUT_ARRAYS)
    printf(" out.tif|.png");
  else if (op->output_kind != CLE_OUTPUT_SCALAR)
    printf(" %s.tif|.png", op->output_kind == CLE_OUTPUT_INPLACE ? "out" : op->output_name);
  for (int i = 0; i < op->n_params; i++) {
    char flag[128];
    cli_flag_name(op->params[i].name, flag, sizeof flag);
    if (op->params[i].type == CLE_TYPE_BOOL)
      printf(" [%s|--no-%s]", flag, flag + 2);
    else
      printf(" [%s %s]", flag, type_word(op->params[i].type));
  }
  printf("\n");
}

static void print_param(const cle_param_desc *p)
{
  char flag[128], range[160] = "";
  cli_flag_name(p->name, flag, sizeof flag);
  if (p->type == CLE_TYPE_STRING) {
    size_t n = (size_t)snprintf(range, sizeof range, "one of:");
    for (int c = 0; c < p->n_choices && n < sizeof range; c++)
      n += (size_t)snprintf(range + n, sizeof range - n, " %s", p->choices[c]);
    for (int a = 0; a < p->n_choice_aliases && n < sizeof range; a++)
      n += (size_t)snprintf(range + n, sizeof range - n, " (%s = %s)", p->choice_aliases[a],
                            p->choices[p->choice_alias_targets[a]]);
  } else if (p->type == CLE_TYPE_FLOAT_LIST) { /* "9, 12 or 16 numbers, commas between" */
    size_t n = 0;
    for (int l = 0; l < p->n_lengths && n < sizeof range; l++)
      n += (size_t)snprintf(range + n, sizeof range - n, "%s%d",
                            l == 0                  ? ""
                            : l == p->n_lengths - 1 ? " or "
                                                    : ", ",
                            p->lengths[l]);
    if (n < sizeof range)
      snprintf(range + n, sizeof range - n, " numbers, commas between%s", p->optional ? ", or None" : "");
  } else if (p->has_min && p->has_max) {
    snprintf(range, sizeof range, "%g..%g", p->min, p->max);
  } else if (p->has_min) {
    snprintf(range, sizeof range, ">= %g", p->min);
  } else if (p->has_max) {
    snprintf(range, sizeof range, "<= %g", p->max);
  }
  printf("  %-22s %-6s default %s%s%s\n", flag, type_word(p->type), p->has_default ? p->default_text : "(required)",
         range[0] ? ", " : "", range);
  printf("  %-22s %s\n", "", p->doc ? p->doc : "");
}

int cmd_help(int argc, char **argv, const cli_globals *g)
{
  (void)g;
  if (argc < 2) {
    cli_usage(stdout);
    return CLI_OK;
  }
  if (argc > 2)
    return cli_fail(CLI_USAGE, "help: one op at a time; usage: cle help OP");
  const cle_op_desc *op = cle_op_find(argv[1]);
  if (!op) {
    const char *guess = cle_closest_op_name(argv[1]);
    if (guess)
      return cli_fail(CLI_USAGE, "help: unknown op '%s' (did you mean %s?)", argv[1], guess);
    return cli_fail(CLI_USAGE, "help: unknown op '%s'; `cle list` shows them all", argv[1]);
  }
  printf("%s: %s\n\n", op->name, op->brief);
  print_usage_line(op);
  if (op->description && op->description[0]) {
    printf("\n%s", op->description);
    if (op->description[strlen(op->description) - 1] != '\n')
      printf("\n");
  }
  printf("\ninputs:\n");
  for (int i = 0; i < op->n_inputs; i++) {
    char dtypes[128];
    dtype_list(op->inputs[i].dtype_mask, dtypes, sizeof dtypes);
    printf("  %-22s %s (dtypes: %s)%s\n", op->inputs[i].name, op->inputs[i].doc ? op->inputs[i].doc : "", dtypes,
           op->inputs[i].written ? "; the op writes into it: its file is written back" : "");
  }
  printf("\noutput:\n");
  if (op->output_kind == CLE_OUTPUT_SCALAR)
    printf("  a number, printed (%s)\n", op->output_creator);
  else if (op->output_kind == CLE_OUTPUT_INPLACE)
    printf("  the input, modified and written to the output file (%s)\n", op->output_creator);
  else if (op->output_kind == CLE_OUTPUT_TABLE)
    printf("  %-22s a table, written as CSV: a header of the column names, one line per row\n", op->output_name);
  else if (op->output_kind == CLE_OUTPUT_ARRAYS) {
    printf("  several images, one file each: OUT with _NAME before its extension (out_%s.tif, ...)\n",
           op->outputs[0].name);
    for (int k = 0; k < op->n_outputs; k++)
      printf("  %-22s %s%s\n", op->outputs[k].name, op->outputs[k].creator,
             op->outputs[k].only_3d ? " (3D inputs only)" : "");
  } else
    printf("  %-22s %s\n", op->output_name, op->output_creator);
  printf("\nparameters:\n");
  if (op->n_params == 0)
    printf("  (none)\n");
  for (int i = 0; i < op->n_params; i++)
    print_param(&op->params[i]);
  printf("\ncategories: ");
  for (int c = 0; c < op->n_categories; c++)
    printf("%s%s", c ? ", " : "", op->categories[c]);
  if (op->n_categories == 0)
    printf("(none)");
  printf("\ntier: %d; footprint: ", op->tier);
  if (op->footprint_global)
    printf("global (needs the whole image)\n");
  else
    printf("[%s, %s, %s]\n", op->footprint[0], op->footprint[1], op->footprint[2]);
  /* what --tile does with it (cmd_op.c, tiff_stream.c, cle_tiled.h) */
  if (op->uses_position)
    printf("--tile: refused (the result depends on the pixel's position)\n");
  else if (op->footprint_global)
    printf("--tile: the whole image in host memory, tiles on the device, where the op has an exact tiled\n"
           "  algorithm (labeling, histogram thresholds, whole-image reductions, statistics); else refused\n");
  else if (op->output_kind == CLE_OUTPUT_ARRAY && op->n_inputs > 0)
    printf("--tile: between TIFF files streamed in slabs of z planes (rows of a 2D image) with the\n"
           "  footprint's halo, never the whole image in host memory; a .png file: in host memory\n");
  else
    printf("--tile: refused (the output is not one image of the input's shape)\n");
  if (op->n_kernels) {
    printf("kernels:");
    for (int k = 0; k < op->n_kernels; k++)
      printf(" %s", op->kernels[k]);
    printf("\n");
  }
  for (int a = 0; a < op->n_aliases; a++)
    printf("also known as: %s%s\n", op->aliases[a].name, op->aliases[a].deprecated ? " (deprecated)" : "");
  return CLI_OK;
}
