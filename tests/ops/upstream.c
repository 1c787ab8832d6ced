/* The differential layer against pyclesperanto's recorded results (upstream.h). */
#include "upstream.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "sha256.h"

#ifndef CLE_UPSTREAM_DEFAULT_DIR
#error "CLE_UPSTREAM_DEFAULT_DIR must name tests/upstream"
#endif

const char *upstream_dir(void)
{
  const char *dir = getenv("CLE_UPSTREAM_DIR");
  return dir && *dir ? dir : CLE_UPSTREAM_DEFAULT_DIR;
}

/* ---- reading ------------------------------------------------------------------- */

static int base64_value(int c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decoded bytes of base64 text (padding allowed) into a new buffer; NULL if malformed. */
static unsigned char *base64_decode(const char *text, size_t *size)
{
  size_t len = strlen(text);
  unsigned char *out = malloc(len / 4 * 3 + 3);
  if (!out)
    return NULL;
  size_t n = 0;
  unsigned acc = 0;
  int bits = 0;
  for (const char *p = text; *p && *p != '='; p++) {
    int v = base64_value((unsigned char)*p);
    if (v < 0) {
      free(out);
      return NULL;
    }
    acc = (acc << 6) | (unsigned)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (unsigned char)(acc >> bits);
    }
  }
  *size = n;
  return out;
}

static int parse_dtype(const char *name, cle_dtype *out)
{
  return cle_dtype_from_name(name, out);
}

static int parse_array(char *rest, upstream_result *r, char *why, size_t size)
{
  char dtype[16], shape[96], hash[UPSTREAM_KEY_SIZE];
  int used = 0;
  if (sscanf(rest, "%15s %95s %64s %n", dtype, shape, hash, &used) < 3 || parse_dtype(dtype, &r->dtype) != 0) {
    snprintf(why, size, "malformed array line '%.80s'", rest);
    return -1;
  }
  r->ndim = 0;
  for (char *tok = strtok(shape, ","); tok && r->ndim < 3; tok = strtok(NULL, ","))
    r->shape[r->ndim++] = (size_t)strtoull(tok, NULL, 10);
  snprintf(r->sha256, sizeof r->sha256, "%s", hash);
  size_t count = 1;
  for (int d = 0; d < r->ndim; d++)
    count *= r->shape[d];
  r->nbytes = count * cle_dtype_size(r->dtype);
  char *data = rest + used;
  data[strcspn(data, " \n")] = '\0';
  if (!*data)
    return 0;
  size_t packed_size;
  unsigned char *packed = base64_decode(data, &packed_size);
  r->data = malloc(r->nbytes ? r->nbytes : 1);
  uLongf out_size = (uLongf)r->nbytes;
  if (!packed || !r->data || uncompress(r->data, &out_size, packed, (uLong)packed_size) != Z_OK ||
      out_size != r->nbytes) {
    free(packed);
    snprintf(why, size, "the data of test '%s' does not decode to %zu bytes", r->tag, r->nbytes);
    return -1;
  }
  free(packed);
  return 0;
}

int upstream_load(const char *op, upstream_file *file, char *why, size_t size)
{
  memset(file, 0, sizeof *file);
  snprintf(file->path, sizeof file->path, "%s/%s.golden", upstream_dir(), op);
  FILE *f = fopen(file->path, "r");
  if (!f) {
    file->missing = true;
    return 0;
  }
  size_t cap = 1 << 16;
  char *line = malloc(cap);
  int rc = line ? 0 : -1;
  upstream_result *current = NULL, *target = NULL; /* target: current or one of its written inputs */
  while (rc == 0 && fgets(line, (int)cap, f)) {
    size_t len = strlen(line);
    while (len == cap - 1 && line[len - 1] != '\n') { /* a long data line: grow and read on */
      char *bigger = realloc(line, cap * 2);
      if (!bigger) {
        rc = -1;
        break;
      }
      line = bigger;
      if (!fgets(line + len, (int)(cap * 2 - len), f))
        break;
      cap *= 2;
      len = strlen(line);
    }
    if (rc != 0 || line[0] == '#' || line[0] == '\n')
      continue;
    line[strcspn(line, "\n")] = '\0';
    if (!strncmp(line, "test ", 5)) {
      upstream_result *grown = realloc(file->results, (size_t)(file->n_results + 1) * sizeof *grown);
      if (!grown) {
        rc = -1;
        break;
      }
      file->results = grown;
      target = current = &file->results[file->n_results++];
      memset(current, 0, sizeof *current);
      if (sscanf(line + 5, "%127s %64s", current->tag, current->key) != 2) {
        snprintf(why, size, "%s: malformed line '%.80s'", file->path, line);
        rc = -1;
      }
    } else if (!current) {
      snprintf(why, size, "%s: '%.40s' before the first test line", file->path, line);
      rc = -1;
    } else if (!strncmp(line, "written ", 8)) {
      upstream_result *grown = realloc(current->written, (size_t)(current->n_written + 1) * sizeof *grown);
      if (!grown) {
        rc = -1;
        break;
      }
      current->written = grown;
      target = &current->written[current->n_written++];
      memset(target, 0, sizeof *target);
      snprintf(target->tag, sizeof target->tag, "%s", line + 8);
    } else if (!strncmp(line, "scalar ", 7)) {
      target->kind = UPSTREAM_SCALAR;
      target->scalar = strtod(line + 7, NULL);
    } else if (!strncmp(line, "array ", 6)) {
      target->kind = UPSTREAM_ARRAY;
      rc = parse_array(line + 6, target, why, size);
    } else if (!strncmp(line, "error ", 6)) {
      target->kind = UPSTREAM_ERROR;
      target->error = strdup(line + 6);
    } else {
      snprintf(why, size, "%s: unknown line '%.40s'", file->path, line);
      rc = -1;
    }
  }
  free(line);
  fclose(f);
  if (rc != 0 && !why[0])
    snprintf(why, size, "%s: out of memory", file->path);
  return rc;
}

void upstream_free(upstream_file *file)
{
  for (int i = 0; i < file->n_results; i++) {
    for (int k = 0; k < file->results[i].n_written; k++) {
      free(file->results[i].written[k].data);
      free(file->results[i].written[k].error);
    }
    free(file->results[i].written);
    free(file->results[i].data);
    free(file->results[i].error);
  }
  free(file->results);
  memset(file, 0, sizeof *file);
}

const upstream_result *upstream_find(const upstream_file *file, const char *tag)
{
  for (int i = 0; i < file->n_results; i++)
    if (!strcmp(file->results[i].tag, tag))
      return &file->results[i];
  return NULL;
}

const upstream_result *upstream_written(const upstream_result *r, const char *name)
{
  for (int i = 0; r && i < r->n_written; i++)
    if (!strcmp(r->written[i].tag, name))
      return &r->written[i];
  return NULL;
}

/* ---- the key ------------------------------------------------------------------------ */

static void hash_text(cle_sha256_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void hash_text(cle_sha256_ctx *ctx, const char *fmt, ...)
{
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  cle_sha256_update(ctx, buf, n < 0 ? 0 : (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

void upstream_key(const cle_spec_test *t, const ref_image *inputs, char key[UPSTREAM_KEY_SIZE])
{
  cle_sha256_ctx ctx;
  cle_sha256_init(&ctx);
  hash_text(&ctx, "op %s\nupstream %s\ntag %s\n", t->op, t->upstream ? t->upstream : "", t->tag);
  for (int i = 0; i < t->n_params; i++) {
    const cle_value *v = &t->params[i];
    if (v->type == CLE_TYPE_FLOAT_LIST) { /* the numbers as float32 writes them exactly */
      hash_text(&ctx, "param %d float_list %zu\n", i, v->list ? v->count : 0);
      for (size_t e = 0; v->list && e < v->count; e++)
        hash_text(&ctx, " %.9g", (double)v->list[e]);
    } else if (v->type == CLE_TYPE_STRING)
      hash_text(&ctx, "param %d string %s\n", i, v->string);
    else
      hash_text(&ctx, "param %d %d %.17g\n", i, (int)v->type, v->number);
  }
  for (int k = 0; k < t->n_inputs; k++) {
    const ref_image *img = &inputs[k];
    hash_text(&ctx, "input %s %s %d %zu %zu %zu\n", t->inputs[k].name, cle_dtype_name(img->dtype), img->ndim,
              img->depth, img->height, img->width);
    cle_sha256_update(&ctx, img->data, ref_image_size(img) * cle_dtype_size(img->dtype));
  }
  unsigned char digest[CLE_SHA256_SIZE];
  cle_sha256_final(&ctx, digest);
  cle_sha256_hex(digest, key);
}

/* ---- comparing ----------------------------------------------------------------------- */

/* "(7, 33, 47)" of an image's numpy shape. */
static void shape_text(int ndim, const size_t *numpy_shape, char *out, size_t size)
{
  int n = snprintf(out, size, "(");
  for (int d = 0; d < ndim; d++)
    n += snprintf(out + n, size - (size_t)n, "%s%zu", d ? ", " : "", numpy_shape[d]);
  snprintf(out + n, size - (size_t)n, ")");
}

static void numpy_shape(const ref_image *img, size_t shape[3])
{
  const size_t xyz[3] = {img->depth, img->height, img->width};
  for (int d = 0; d < img->ndim; d++)
    shape[d] = xyz[3 - img->ndim + d];
}

/* Whether our array equals upstream's as the test asks; what was found into why. */
static bool same_array(const cle_spec_test *t, const upstream_result *r, const ref_image *got, char *why, size_t size)
{
  size_t shape[3];
  numpy_shape(got, shape);
  char ours[64], theirs[64];
  shape_text(got->ndim, shape, ours, sizeof ours);
  shape_text(r->ndim, r->shape, theirs, sizeof theirs);
  if (got->dtype != r->dtype || strcmp(ours, theirs) != 0) {
    snprintf(why, size, "result is %s %s, pyclesperanto's %s %s", cle_dtype_name(got->dtype), ours,
             cle_dtype_name(r->dtype), theirs);
    return false;
  }
  const size_t n = ref_image_size(got), nbytes = n * cle_dtype_size(got->dtype);
  const double tolerance = t->upstream_tolerance >= 0 ? t->upstream_tolerance : t->tolerance;
  const bool exact = t->upstream_tolerance < 0 && t->exact;
  if (exact) {
    unsigned char digest[CLE_SHA256_SIZE];
    char hex[UPSTREAM_KEY_SIZE];
    cle_sha256(got->data, nbytes, digest);
    cle_sha256_hex(digest, hex);
    if (!strcmp(hex, r->sha256)) {
      snprintf(why, size, "equal to pyclesperanto's (sha256 %.12s)", hex);
      return true;
    }
    if (!r->data) {
      snprintf(why, size, "differs from pyclesperanto's (sha256 %.12s, theirs %.12s; too large to be recorded)", hex,
               r->sha256);
      return false;
    }
  }
  if (!r->data) {
    snprintf(why, size, "pyclesperanto's pixels were not recorded; record again (scripts/record-upstream.py)");
    return false;
  }
  ref_image theirs_img = {.dtype = r->dtype,
                          .ndim = got->ndim,
                          .width = got->width,
                          .height = got->height,
                          .depth = got->depth,
                          .data = r->data};
  /* NaN matches NaN whatever its bits (devices differ in NaN's sign and
   * payload); exact also tells -0 from +0 */
  double max_diff = 0;
  size_t worst = 0;
  bool zero_signs_differ = false;
  for (size_t i = 0; i < n; i++) {
    double a = ref_get(got, i), b = ref_get(&theirs_img, i);
    if (isnan(a) && isnan(b))
      continue;
    double d = isnan(a) || isnan(b) ? INFINITY : a == b ? 0 : fabs(a - b);
    if (a == 0 && b == 0 && signbit(a) != signbit(b) && !zero_signs_differ) {
      zero_signs_differ = true;
      if (max_diff == 0)
        worst = i;
    }
    if (d > max_diff) {
      max_diff = d;
      worst = i;
    }
  }
  bool ok = exact ? max_diff == 0 && !zero_signs_differ : max_diff <= tolerance;
  if (ok)
    snprintf(why, size, "within %.3g of pyclesperanto's (largest difference %.3g)", exact ? 0.0 : tolerance, max_diff);
  else
    snprintf(why, size, "differs from pyclesperanto's by up to %.6g (tolerance %.3g) at pixel %zu: %.9g, theirs %.9g",
             max_diff, exact ? 0.0 : tolerance, worst, ref_get(got, worst), ref_get(&theirs_img, worst));
  return ok;
}

bool upstream_compare(const cle_spec_test *t, const upstream_result *r, const ref_image *got, double got_scalar,
                      bool scalar_op, char *why, size_t size)
{
  bool same;
  char found[512];
  if (r->kind == UPSTREAM_ERROR) {
    same = false;
    snprintf(found, sizeof found, "pyclesperanto raised: %s", r->error ? r->error : "?");
  } else if (scalar_op != (r->kind == UPSTREAM_SCALAR)) {
    same = false;
    snprintf(found, sizeof found, "pyclesperanto gave %s", r->kind == UPSTREAM_SCALAR ? "a number" : "an array");
  } else if (scalar_op) {
    const double tolerance = t->upstream_tolerance >= 0 ? t->upstream_tolerance : t->tolerance;
    const bool exact = t->upstream_tolerance < 0 && t->exact;
    same = (isnan(got_scalar) && isnan(r->scalar)) ||
           (exact ? got_scalar == r->scalar : fabs(got_scalar - r->scalar) <= tolerance);
    snprintf(found, sizeof found, "%.17g, pyclesperanto's %.17g", got_scalar, r->scalar);
  } else {
    same = same_array(t, r, got, found, sizeof found);
  }
  if (t->upstream_differs) {
    snprintf(why, size, "%s: %s (declared: %s)",
             same ? "declared to differ from pyclesperanto, but" : "differs as declared", found, t->upstream_differs);
    return !same;
  }
  snprintf(why, size, "%s", found);
  return same;
}

/* ---- writing inputs for the recorder -------------------------------------------------- */

int upstream_write_npy(const char *path, const ref_image *img)
{
  static const char *const descr[] = {"|i1", "|u1", "<i2", "<u2", "<i4", "<u4", "<f4"};
  size_t shape[3];
  numpy_shape(img, shape);
  char dims[96];
  int n = 0;
  for (int d = 0; d < img->ndim; d++)
    n += snprintf(dims + n, sizeof dims - (size_t)n, "%zu,%s", shape[d], img->ndim > 1 && d < img->ndim - 1 ? " " : "");
  char header[256];
  int len = snprintf(header, sizeof header, "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }",
                     descr[img->dtype], dims);
  /* magic (6) + version (2) + header length (2) + header, padded with spaces to 64 bytes, ending in '\n' */
  while ((10 + len + 1) % 64 != 0)
    header[len++] = ' ';
  header[len++] = '\n';
  FILE *f = fopen(path, "wb");
  if (!f)
    return -1;
  const unsigned char preamble[10] = {
      0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)(len & 0xff), (unsigned char)(len >> 8)};
  const size_t bytes = ref_image_size(img) * cle_dtype_size(img->dtype);
  int ok = fwrite(preamble, 1, 10, f) == 10 && fwrite(header, 1, (size_t)len, f) == (size_t)len &&
           fwrite(img->data, 1, bytes, f) == bytes;
  return fclose(f) == 0 && ok ? 0 : -1;
}
