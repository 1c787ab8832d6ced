/* cle-gen — operations.md: the reference of every op, grouped by category
 * (an op in several categories is listed under each; ops without one under
 * "Other"), then one section per op in name order. */
#include <stdlib.h>
#include <string.h>

#include "creator.h"
#include "emit.h"
#include "family.h"
#include "names.h"

/* Text inside a table cell: one line, '|' escaped. */
static void cell(gen_buf *b, const char *s)
{
  for (const char *p = s ? s : ""; *p; p++) {
    if (*p == '|')
      gen_buf_puts(b, "\\|");
    else if (*p == '\n' && p[1])
      gen_buf_putc(b, ' ');
    else if (*p != '\n')
      gen_buf_putc(b, *p);
  }
}

static void category_table(gen_buf *b, const gen_model *m, const char *category)
{
  gen_buf_printf(b, "\n### %s\n\n| op | tier | what it does |\n|---|---|---|\n", category);
  for (int i = 0; i < m->n_ops; i++) {
    const gen_op *op = &m->ops[i];
    bool in = false;
    for (int c = 0; c < op->n_categories; c++)
      in |= !strcmp(op->categories[c], category);
    if (!strcmp(category, "Other") && op->n_categories == 0)
      in = true;
    if (!in)
      continue;
    gen_buf_printf(b, "| [%s](#%s) | %d | ", op->name, op->name, op->tier);
    cell(b, op->brief);
    gen_buf_puts(b, " |\n");
  }
}

static void op_section(gen_buf *b, const gen_op *op)
{
  const gen_output *o = &op->output;
  gen_buf_printf(b, "\n### %s\n\n```c\n", op->name);
  gen_c_prototype(b, op);
  gen_buf_printf(b, ";\n```\n\n%s\n", op->brief);
  if (op->description && op->description[0])
    gen_buf_printf(b, "\n%s%s", op->description, op->description[strlen(op->description) - 1] == '\n' ? "" : "\n");
  if (op->n_inputs == 0)
    gen_buf_puts(b, "\nNo input images: the output is created on `device` (NULL: the output's device when one is "
                    "given, else the default device).\n");
  else
    gen_buf_puts(b, "\n| input | dtypes | |\n|---|---|---|\n");
  for (int i = 0; i < op->n_inputs; i++) {
    char *dt = gen_dtypes_words(op->inputs[i].dtypes);
    gen_buf_printf(b, "| `%s` | %s | ", op->inputs[i].name, dt);
    cell(b, op->inputs[i].doc);
    gen_buf_puts(b, op->inputs[i].written ? " Written by the op (an image the caller keeps). |\n" : " |\n");
    free(dt);
  }
  if (op->n_params) {
    gen_buf_puts(b, "\n| param | type | default | range | |\n|---|---|---|---|---|\n");
    for (int i = 0; i < op->n_params; i++) {
      const gen_param *p = &op->params[i];
      char *range = gen_range_words(p);
      gen_buf_printf(b, "| `%s` | %s | %s | ", p->name, gen_type_name(p->type),
                     p->def.present ? p->def.text : "(required)");
      cell(b, range);
      gen_buf_puts(b, " | ");
      cell(b, p->doc);
      gen_buf_puts(b, " |\n");
      free(range);
    }
  }
  char *words = gen_output_words(op);
  if (o->kind == GEN_OUT_ARRAY && o->returns == GEN_RETURNS_LIST) {
    gen_buf_printf(b,
                   "\n**Output** `%s`: `%s`, %s: a list of numbers in Python, Java and C# (no output "
                   "parameter there), the vector in C.\n",
                   o->name, o->creator_text, words);
  } else if (o->kind == GEN_OUT_ARRAY) {
    char *dt = gen_dtypes_words(o->dtypes);
    gen_buf_printf(b, "\n**Output** `%s`: `%s`, %s. Given by the caller, `%s` must have this shape; dtypes: %s.\n",
                   o->name, o->creator_text, words, o->name, dt);
    free(dt);
  } else if (o->kind == GEN_OUT_SCALAR && o->returns == GEN_RETURNS_BOOL) {
    gen_buf_printf(b, "\n**Output**: `scalar`, %s: a bool in Python, Java and C#, 1 or 0 in C.\n", words);
  } else if (o->kind == GEN_OUT_SCALAR) {
    gen_buf_printf(b, "\n**Output**: `scalar`, %s.\n", words);
  } else if (o->kind == GEN_OUT_MULTI) {
    gen_buf_puts(b, "\n| output | rule | dtypes | |\n|---|---|---|---|\n");
    for (int k = 0; k < op->n_outputs; k++) {
      const gen_output *ok = &op->outputs[k];
      char *dt = gen_dtypes_words(ok->dtypes);
      char *what = gen_output_words_of(op, ok);
      gen_buf_printf(b, "| `%s` | `%s`%s | %s | ", ok->name, ok->creator_text, ok->only_3d ? ", 3D inputs only" : "",
                     dt);
      cell(b, ok->doc);
      gen_buf_puts(b, " ");
      cell(b, what);
      gen_buf_puts(b, ". |\n");
      free(what);
      free(dt);
    }
    gen_buf_printf(b,
                   "\n**Outputs**: %s. In C each is a `cle_array **`: a given array (`*NAME`) is written, a NULL "
                   "one is created and stored there; Python returns a list, Java and C# an array; `cle %s` writes "
                   "one file per output (`OUT_NAME.EXT`).\n",
                   words, op->name);
  } else if (o->kind == GEN_OUT_TABLE) {
    gen_buf_printf(b,
                   "\n**Output**: `table`, %s: a dict of numpy arrays in Python, a `Map<String, double[]>` in Java, "
                   "a `Dictionary<string, double[]>` in C#, a CSV file on the command line.\n",
                   words);
  } else {
    gen_buf_printf(b, "\n**Output**: `%s`: %s.\n", o->creator_text, words);
  }
  free(words);
  char *fp = gen_footprint_words(op);
  gen_buf_printf(b, "\n**Footprint**: %s. **Tier**: %d. **Categories**: ", fp, op->tier);
  free(fp);
  for (int i = 0; i < op->n_categories; i++)
    gen_buf_printf(b, "%s%s", i ? ", " : "", op->categories[i]);
  if (!op->n_categories)
    gen_buf_puts(b, "none");
  gen_buf_puts(b, ". **Implementation**: ");
  switch (op->impl.kind) {
  case GEN_IMPL_KERNEL:
    gen_buf_printf(b, "kernel `%s` in `kernels/%s.cl`", op->impl.kernel_name, op->impl.kernel_file);
    break;
  case GEN_IMPL_FAMILY:
    gen_buf_printf(b, "the `%s` family", gen_family_name(op->impl.family));
    for (int f = 0; f < op->impl.n_fields; f++) {
      gen_buf_printf(b, ", %s `", op->impl.fields[f].key);
      cell(b, op->impl.fields[f].text);
      gen_buf_puts(b, "`");
    }
    break;
  case GEN_IMPL_C: gen_buf_printf(b, "C, `cle_impl_%s` in `runtime/ops/%s.c`", op->impl.c_name, op->impl.c_name); break;
  case GEN_IMPL_COMPOSITE:
    gen_buf_puts(b, "composite of ");
    for (int s = 0; s < op->impl.n_steps; s++)
      gen_buf_printf(b, "%s[%s](#%s)", s ? ", " : "", op->impl.steps[s].op, op->impl.steps[s].op);
    break;
  case GEN_IMPL_NONE: break;
  }
  int n_files;
  char **files = gen_op_kernel_files(op, &n_files);
  gen_buf_puts(b, ". **Kernels**: ");
  for (int i = 0; i < n_files; i++)
    gen_buf_printf(b, "%s`kernels/%s.cl`", i ? ", " : "", files[i]);
  if (!n_files)
    gen_buf_puts(b, "none (buffer operations)");
  gen_free_strings(files, n_files);
  gen_buf_printf(b, ". **Spec**: `%s`.\n", op->file);
  if (op->n_aliases) {
    gen_buf_puts(b, "\n**Also known as**: ");
    for (int a = 0; a < op->n_aliases; a++)
      gen_buf_printf(b, "%s`%s`%s", a ? ", " : "", op->aliases[a].name,
                     op->aliases[a].deprecated ? " (deprecated)" : "");
    gen_buf_puts(b, ".\n");
  }
  if (op->upstream_absent) {
    gen_buf_puts(b, "\n**pyclesperanto 0.25.1**: has no such op.\n");
  } else {
    gen_buf_printf(b, "\n**pyclesperanto 0.25.1**: `%s`", op->upstream_name ? op->upstream_name : op->name);
    if (!op->n_signature_differences)
      gen_buf_puts(b, ", same signature");
    for (int d = 0; d < op->n_signature_differences; d++) {
      gen_buf_printf(b, "; `%s` differs: ", op->signature_differences[d].param);
      cell(b, op->signature_differences[d].why);
    }
    for (int t = 0; t < op->n_tests; t++)
      if (op->tests[t].upstream_differs) {
        gen_buf_printf(b, "; test `%s` differs on purpose: ", op->tests[t].tag);
        cell(b, op->tests[t].upstream_differs);
      } else if (op->tests[t].upstream_why) {
        char tol[40];
        gen_format_double(op->tests[t].upstream_tolerance, tol);
        gen_buf_printf(b, "; test `%s` within %s: ", op->tests[t].tag, tol);
        cell(b, op->tests[t].upstream_why);
      }
    gen_buf_puts(b, ".\n");
  }
}

void gen_emit_docs(const gen_model *m, gen_buf *b)
{
  gen_buf_puts(b, "<!-- " GEN_BANNER "; refresh with: cmake --build build --target update-docs -->\n"
                  "# Operations\n\n");
  gen_buf_printf(b,
                 "%d operations, generated from `spec/ops/*.yaml` (schema: `spec/README.md`), with pyclesperanto\n"
                 "0.25.1's names, parameters and defaults. Each is `cle_NAME(inputs..., output, params...)` in C\n"
                 "(output NULL: created by the output rule), the same in Python (with `device=None` last), Java\n"
                 "(camelCase) and C# (PascalCase), and `cle NAME` on the command line. Each op's entry says how\n"
                 "it relates to pyclesperanto 0.25.1, and where its results differ on purpose.\n",
                 m->n_ops);
  gen_buf_puts(b, "\n## By category\n");
  for (int c = 0; c < gen_n_categories; c++) {
    bool used = false;
    for (int i = 0; i < m->n_ops; i++)
      for (int k = 0; k < m->ops[i].n_categories; k++)
        used |= !strcmp(m->ops[i].categories[k], gen_categories[c]);
    if (used)
      category_table(b, m, gen_categories[c]);
  }
  bool other = false;
  for (int i = 0; i < m->n_ops; i++)
    other |= m->ops[i].n_categories == 0;
  if (other)
    category_table(b, m, "Other");
  gen_buf_puts(b, "\n## Reference\n");
  for (int i = 0; i < m->n_ops; i++)
    op_section(b, &m->ops[i]);
}
