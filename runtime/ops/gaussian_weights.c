/* The Gaussian's weights, computed on the host and kept on each device.
 *
 * The kernels used to compute them per work-group with the device's exp()
 * and a local-memory sum: results then differed between devices by exp's
 * ulps, and NVIDIA's compiler spent about 100 ms of a program's ~200 ms
 * build on that code, paid by every new process's first blur. Here the
 * table is computed once per (sigma, radius) in IEEE float with the C
 * library's expf and correctly rounded division, so every device blurs
 * with the same weights. */
#include "gaussian_weights.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cle_private.h"

enum { MAX_TABLES = 16 };

typedef struct cle_gauss_table {
  struct cle_gauss_table *next;
  float sigma;
  int radius;
  cl_mem mem;
} cle_gauss_table;

static pthread_mutex_t tables_lock = PTHREAD_MUTEX_INITIALIZER;

size_t cle_gauss_weights_size(int radius)
{
  return ((size_t)radius * 2 + 4) / 4 * 4;
}

void cle_gauss_weights_fill(float *w, float sigma, int radius)
{
  const size_t taps = (size_t)radius * 2 + 1, padded = cle_gauss_weights_size(radius);
  const float norm = -2.0f * sigma * sigma;
  for (size_t t = 0; t < padded; t++) {
    const float v = (float)((long)t - radius);
    w[t] = t < taps ? expf(v * v / norm) : 0.0f;
  }
  float s[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  for (size_t c = 0; c < padded; c += 4)
    for (int j = 0; j < 4; j++)
      s[j] += w[c + j];
  const float total = (s[0] + s[1]) + (s[2] + s[3]);
  for (size_t t = 0; t < taps; t++)
    w[t] = w[t] / total;
}

static cl_mem make_table(cle_device *dev, float sigma, int radius)
{
  const size_t n = cle_gauss_weights_size(radius);
  float *w = malloc(n * sizeof *w);
  if (!w)
    return cle_fail_null(CLE_ERROR_OUT_OF_MEMORY, "gaussian_blur: out of host memory for %zu weights", n);
  cle_gauss_weights_fill(w, sigma, radius);
  cl_int err = CL_SUCCESS;
  cl_mem mem = clCreateBuffer(dev->context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, n * sizeof *w, w, &err);
  free(w);
  if (err != CL_SUCCESS) {
    cle_cl_fail("gaussian_blur", "clCreateBuffer (the weights)", err);
    return NULL;
  }
  return mem;
}

cl_mem cle_gauss_weights(cle_device *dev, float sigma, int radius)
{
  if (cle_device_ensure_queue(dev, "gaussian_blur") != 0)
    return NULL;
  pthread_mutex_lock(&tables_lock);
  cle_gauss_table **at = &dev->gauss_tables;
  while (*at && !((*at)->radius == radius && memcmp(&(*at)->sigma, &sigma, sizeof sigma) == 0))
    at = &(*at)->next;
  cle_gauss_table *table = *at;
  if (table) {
    *at = table->next; /* moved to the front below */
  } else {
    table = calloc(1, sizeof *table);
    cl_mem mem = table ? make_table(dev, sigma, radius) : NULL;
    if (!mem) {
      const int no_entry = table == NULL;
      free(table);
      pthread_mutex_unlock(&tables_lock);
      return no_entry ? cle_fail_null(CLE_ERROR_OUT_OF_MEMORY, "gaussian_blur: out of host memory") : NULL;
    }
    *table = (cle_gauss_table){.sigma = sigma, .radius = radius, .mem = mem};
  }
  table->next = dev->gauss_tables;
  dev->gauss_tables = table;
  /* Drop the least recently used beyond the bound; OpenCL keeps a released
   * buffer alive until the kernels using it have run. */
  int kept = 1;
  for (cle_gauss_table **q = &table->next; *q;) {
    if (++kept > MAX_TABLES) {
      cle_gauss_table *old = *q;
      *q = old->next;
      clReleaseMemObject(old->mem);
      free(old);
    } else {
      q = &(*q)->next;
    }
  }
  clRetainMemObject(table->mem);
  cl_mem mem = table->mem;
  pthread_mutex_unlock(&tables_lock);
  return mem;
}

void cle_gauss_tables_free(cle_gauss_table *tables)
{
  while (tables) {
    cle_gauss_table *next = tables->next;
    clReleaseMemObject(tables->mem);
    free(tables);
    tables = next;
  }
}
