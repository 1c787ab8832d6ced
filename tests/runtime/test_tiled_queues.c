/* The tiled engine's two queues (runtime/tiled/tiled_invoke.c): the pushes and pulls on the
 * device's transfer queue, the kernels on its queue, against the one-queue path
 * (CLE_TILED_QUEUES=1) and the untiled op, bit for bit.
 *
 *   test_runtime_tiled_queues paths     a Gaussian, two composites with temporaries
 *                                       (difference_of_gaussian, top_hat) and a 2-input op
 *                                       (add_images_weighted), 2D and 3D, odd tiles, through one
 *                                       queue then two; the transfer queue exists only after the second
 *   test_runtime_tiled_queues stress    hundreds of tiles of the composites (their temporaries go back
 *                                       to the pool while their kernels are queued), new data each
 *                                       run: a kernel that started before its push landed, or a pull
 *                                       that ran before the kernels, gives another tile's bytes
 *   test_runtime_tiled_queues threads   4 threads tiling at once on the device (one transfer queue, one
 *                                       pool): each result equals its untiled op
 *   test_runtime_tiled_queues fallback  the driver refuses the second queue (clCreateCommandQueue,
 *                                       defined here, forwards only the first call): the one-queue
 *                                       path, the same bytes, no error left behind */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <CL/cl.h>

#include "cesperanto/cesperanto.h"
#include "cesperanto/cle_tiled.h"
#include "cle_internal.h" /* cle_device.transfer_queue: which path ran */
#include "test_util.h"
#include "untiled.h"

static bool refuse_second_queue;
static int queues_created;

/* The runtime is linked statically, so its calls bind here (ENABLE_EXPORTS); the real one is the driver's. */
cl_command_queue clCreateCommandQueue(cl_context context, cl_device_id device, cl_command_queue_properties properties,
                                      cl_int *errcode_ret)
{
  static __typeof__(&clCreateCommandQueue) real;
  if (!real)
    real = (__typeof__(&clCreateCommandQueue))dlsym(RTLD_NEXT, "clCreateCommandQueue");
  if (refuse_second_queue && queues_created >= 1) {
    if (errcode_ret)
      *errcode_ret = CL_OUT_OF_RESOURCES;
    return NULL;
  }
  cl_command_queue q = real(context, device, properties, errcode_ret);
  if (q)
    queues_created++;
  return q;
}

static cle_host_image random_image(int ndim, const size_t size[3], unsigned seed)
{
  cle_host_image img = {.dtype = CLE_FLOAT32, .ndim = ndim, .width = size[0], .height = size[1], .depth = size[2]};
  const size_t n = size[0] * size[1] * size[2];
  img.data = malloc(n * sizeof(float));
  unsigned long long s = 0x9e3779b97f4a7c15ull ^ ((unsigned long long)seed * 0x100000001b3ull);
  for (size_t i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    ((float *)img.data)[i] = (float)(s >> 40) / (float)(1u << 24);
  }
  return img;
}

/* The op's defaults, then each float param named in names set to value. */
static void params_for(const cle_op_desc *op, cle_value *params, double value)
{
  for (int p = 0; p < op->n_params; p++) {
    params[p] = op->params[p].default_value;
    if (op->params[p].type == CLE_TYPE_FLOAT && value > 0)
      params[p].number = value;
  }
}

static int compared;

/* Tiled by tile equals want; false (and the failure reported) otherwise. */
static bool tiled_equals(const cle_op_desc *op, cle_host_image *const *inputs, const cle_value *params,
                         const size_t tile[3], const cle_host_image *want, const char *path)
{
  cle_tiled_result got;
  const cle_tile_options options = {.tile = {tile[0], tile[1], tile[2]}};
  if (cle_tiled_invoke(op->name, (const cle_host_image *const *)inputs, params, &got, &options) != 0) {
    CHECK(false, "%s (%s): [%s] %s", op->name, path, cle_error_name(cle_last_error()), cle_last_error_message());
    return false;
  }
  const cle_host_image *g = &got.image;
  bool ok = g->dtype == want->dtype && g->width == want->width && g->height == want->height &&
            g->depth == want->depth && g->ndim == want->ndim;
  CHECK(ok, "%s (%s): tiled gives %s %zux%zux%zu, untiled %s %zux%zux%zu", op->name, path, cle_dtype_name(g->dtype),
        g->width, g->height, g->depth, cle_dtype_name(want->dtype), want->width, want->height, want->depth);
  if (ok) {
    const size_t elem = cle_dtype_size(want->dtype), n = want->width * want->height * want->depth;
    size_t first = n, count = 0;
    for (size_t i = 0; i < n; i++)
      if (memcmp((char *)g->data + i * elem, (char *)want->data + i * elem, elem) && count++ == 0)
        first = i;
    ok = count == 0;
    CHECK(ok, "%s (%s, %zux%zux%zu, tile %zux%zux%zu): %zu pixels differ, the first at x=%zu y=%zu z=%zu", op->name,
          path, want->width, want->height, want->depth, tile[0], tile[1], tile[2], count, first % want->width,
          first / want->width % want->height, first / want->width / want->height);
  }
  compared++;
  cle_tiled_result_free(&got);
  return ok;
}

typedef struct op_case {
  const char *name;
  double value; /* every float param (0: the defaults) */
} op_case;

static const op_case cases[] = {
    {"gaussian_blur", 1.5}, {"difference_of_gaussian", 0}, {"top_hat", 2}, {"add_images_weighted", 0.75}};
#define N_CASES (sizeof cases / sizeof cases[0])

/* Each case on new data (seed), untiled, then tiled through one queue and/or two. */
static void run_cases(int ndim, const size_t size[3], const size_t tile[3], unsigned seed, bool one, bool two)
{
  for (size_t c = 0; c < N_CASES; c++) {
    const cle_op_desc *op = cle_op_find(cases[c].name);
    CHECK(op != NULL, "no op %s", cases[c].name);
    if (!op)
      continue;
    cle_value params[16];
    params_for(op, params, cases[c].value);
    cle_host_image images[2], *inputs[2];
    for (int i = 0; i < op->n_inputs; i++) {
      images[i] = random_image(ndim, size, seed * 16 + (unsigned)(c * 2 + i));
      inputs[i] = &images[i];
    }
    cle_host_image want = {0};
    if (untiled(op, inputs, params, &want) != 0)
      CHECK(false, "%s untiled: [%s] %s", op->name, cle_error_name(cle_last_error()), cle_last_error_message());
    else {
      if (one) {
        setenv("CLE_TILED_QUEUES", "1", 1);
        tiled_equals(op, inputs, params, tile, &want, "one queue");
        unsetenv("CLE_TILED_QUEUES");
      }
      if (two)
        tiled_equals(op, inputs, params, tile, &want, "two queues");
    }
    cle_host_image_free(&want);
    for (int i = 0; i < op->n_inputs; i++)
      cle_host_image_free(&images[i]);
  }
}

static void paths(void)
{
  cle_device *dev = cle_device_default();
  CHECK_OK(dev != NULL);
  if (!dev)
    return;
  const size_t s2[3] = {45, 38, 1}, t2[3] = {13, 9, 0}, s3[3] = {23, 19, 17}, t3[3] = {9, 7, 5};
  run_cases(2, s2, t2, 1, true, false);
  run_cases(3, s3, t3, 2, true, false);
  CHECK(dev->transfer_queue == NULL, "CLE_TILED_QUEUES=1 created the transfer queue");
  run_cases(2, s2, t2, 1, false, true);
  run_cases(3, s3, t3, 2, false, true);
  CHECK(dev->transfer_queue != NULL, "the two-queue path did not create the transfer queue on '%s'",
        cle_device_name(dev));
  /* one tile (one set of buffers), and a 1D image */
  const size_t s1[3] = {301, 1, 1}, t1[3] = {41, 0, 0}, whole[3] = {64, 64, 64};
  run_cases(1, s1, t1, 3, true, true);
  run_cases(2, s2, whole, 4, true, true);
}

static void stress(void)
{
  /* 3D: 7 x 6 x 8 = 336 tiles a run; 2D: larger boxes (longer pushes), 5 x 5 tiles */
  const size_t s3[3] = {47, 41, 37}, t3[3] = {7, 7, 5}, s2[3] = {700, 610, 1}, t2[3] = {149, 131, 0};
  const char *const names[] = {"difference_of_gaussian", "top_hat"};
  for (unsigned rep = 0; rep < 3; rep++)
    for (int k = 0; k < 2; k++) {
      const cle_op_desc *op = cle_op_find(names[k]);
      cle_value params[16];
      params_for(op, params, k == 0 ? 1 : 1.5);
      for (int d = 0; d < 2; d++) {
        const int ndim = d == 0 ? 3 : 2;
        cle_host_image img = random_image(ndim, d == 0 ? s3 : s2, 100 + rep * 4 + (unsigned)(k * 2 + d));
        cle_host_image *inputs[1] = {&img};
        cle_host_image want = {0};
        if (untiled(op, inputs, params, &want) != 0)
          CHECK(false, "%s untiled: [%s] %s", op->name, cle_error_name(cle_last_error()), cle_last_error_message());
        else
          tiled_equals(op, inputs, params, d == 0 ? t3 : t2, &want, "two queues, stress");
        cle_host_image_free(&want);
        cle_host_image_free(&img);
      }
    }
  cle_device *dev = cle_device_default();
  CHECK(dev && dev->transfer_queue != NULL, "the stress ran without the transfer queue");
}

typedef struct job {
  const cle_op_desc *op;
  cle_value params[16];
  cle_host_image image, want;
  size_t tile[3];
  int rc;
  bool same;
  char message[256];
} job;

static void *tile_job(void *arg)
{
  job *j = arg;
  const cle_host_image *inputs[1] = {&j->image};
  const cle_tile_options options = {.tile = {j->tile[0], j->tile[1], j->tile[2]}};
  for (int rep = 0; rep < 3 && j->rc == 0 && j->same; rep++) {
    cle_tiled_result got;
    j->rc = cle_tiled_invoke(j->op->name, inputs, j->params, &got, &options);
    if (j->rc != 0)
      snprintf(j->message, sizeof j->message, "%s", cle_last_error_message());
    else
      j->same = got.image.dtype == j->want.dtype &&
                !memcmp(got.image.data, j->want.data, j->want.width * j->want.height * j->want.depth * 4);
    cle_tiled_result_free(&got);
  }
  return NULL;
}

static void threads(void)
{
  enum { N = 4 };
  job jobs[N];
  pthread_t ids[N];
  const size_t s3[3] = {31, 29, 27}, t3[3] = {7, 9, 5}, s2[3] = {300, 260, 1}, t2[3] = {61, 53, 0};
  for (int k = 0; k < N; k++) {
    job *j = &jobs[k];
    memset(j, 0, sizeof *j);
    j->op = cle_op_find(k % 2 ? "top_hat" : "difference_of_gaussian");
    params_for(j->op, j->params, k % 2 ? 1.5 : 1);
    j->image = random_image(k < 2 ? 3 : 2, k < 2 ? s3 : s2, 200 + (unsigned)k);
    memcpy(j->tile, k < 2 ? t3 : t2, sizeof j->tile);
    cle_host_image *inputs[1] = {&j->image};
    CHECK_OK(untiled(j->op, inputs, j->params, &j->want) == 0);
    j->same = true;
  }
  for (int k = 0; k < N; k++)
    CHECK(pthread_create(&ids[k], NULL, tile_job, &jobs[k]) == 0, "pthread_create");
  for (int k = 0; k < N; k++) {
    pthread_join(ids[k], NULL);
    job *j = &jobs[k];
    CHECK(j->rc == 0, "thread %d, %s: %s", k, j->op->name, j->message);
    CHECK(j->same, "thread %d, %s: the tiled result differs from the untiled one", k, j->op->name);
    compared++;
    cle_host_image_free(&j->image);
    cle_host_image_free(&j->want);
  }
}

static void fallback(void)
{
  refuse_second_queue = true;
  const size_t s3[3] = {23, 19, 17}, t3[3] = {9, 7, 5};
  run_cases(3, s3, t3, 5, false, true);
  cle_device *dev = cle_device_default();
  CHECK(dev && dev->transfer_queue == NULL && dev->transfer_queue_failed,
        "the refused transfer queue is not marked as refused");
  CHECK(queues_created == 1, "%d queues created, 1 expected", queues_created);
  CHECK(cle_last_error() == CLE_OK, "an error was left behind: [%s] %s", cle_error_name(cle_last_error()),
        cle_last_error_message());
}

int main(int argc, char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "";
  if (!strcmp(mode, "paths"))
    paths();
  else if (!strcmp(mode, "stress"))
    stress();
  else if (!strcmp(mode, "threads"))
    threads();
  else if (!strcmp(mode, "fallback"))
    fallback();
  else {
    fprintf(stderr, "usage: test_runtime_tiled_queues paths|stress|threads|fallback\n");
    return 2;
  }
  printf("%s: %d tiled runs compared bit for bit\n", mode, compared);
  CHECK(compared > 0, "nothing compared");
  return test_finish(mode);
}
