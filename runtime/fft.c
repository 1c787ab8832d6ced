/* Fast Fourier transforms with VkFFT's OpenCL backend (see fft.h).
 *
 * Plans. initializeVkFFT generates and compiles the kernels of one transform
 * size (forward and inverse): seconds on pocl, so a plan is kept per device
 * and shape, as compiled programs are, in a most-recently-used list of at
 * most CLE_FFT_MAX_PLANS per device (a plan holds VkFFT's lookup tables and,
 * for sizes it pads (Bluestein), its own buffers). VkFFT keeps pointers to
 * the cl_mem handles it is given and reads them at every launch, so a plan
 * owns slots (the spectrum, `buffer`, the real image, `input`, a convolution
 * kernel's spectrum, `kernel`) that each call fills before it launches,
 * under the plan's lock.
 *
 * Two ways through. Real-to-complex (VkFFT's R2C/C2R, out of place: the real
 * image is read, the spectrum written), for every width VkFFT 1.2.26 supports
 * there; and complex-to-complex for the rest (width 1, and odd widths too long
 * for one pass of its R2C): the image becomes complex, the full spectrum is
 * transformed and its first w / 2 + 1 columns kept; the inverse rebuilds the
 * full spectrum from its Hermitian half and keeps the real part
 * (kernels/fft.cl). CLE_FFT_PATH=c2c forces the second, for its tests.
 *
 * Fused convolution (cle_fft_convolve): VkFFT's convolution mode, a plan of
 * its own (PLAN_CONVOLVE) with the kernel's spectrum made by another
 * (PLAN_KERNEL, forward only) in the layout it reads; the correlation is the
 * convolution with the conjugate spectrum rather than a third plan (VkFFT's
 * conjugateConvolution), so a Richardson-Lucy compiles 9 kernels, not 15. */
#define VKFFT_BACKEND 3 /* OpenCL */

#include "fft.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vkFFT.h>

#include "cle_internal.h"
#include "settings.h"

enum { CLE_FFT_MAX_PLANS = 16 };

/* What a plan computes (VkFFT's configurations for one size). */
typedef enum {
  PLAN_R2C,      /* real-to-complex forward and complex-to-real inverse */
  PLAN_C2C,      /* complex-to-complex over the full spectrum */
  PLAN_KERNEL,   /* a convolution kernel's spectrum, in the layout of the two below */
  PLAN_CONVOLVE, /* forward, times the kernel's spectrum, inverse: one application */
} plan_kind;

typedef struct cle_fft_plan {
  struct cle_fft_plan *next;
  size_t n[3]; /* the real image's width, height, depth */
  plan_kind kind;
  int has_app; /* 0: every axis has size 1, nothing to transform */
  int users;   /* calls using the plan now (not evicted meanwhile) */
  pthread_mutex_t lock;
  /* What VkFFT's configuration points at: stable for the plan's life. */
  cl_device_id device;
  cl_context context;
  cl_command_queue queue;
  cl_mem buffer, input, kernel;
  uint64_t buffer_size, input_size;
  VkFFTApplication app;
} cle_fft_plan;

static pthread_mutex_t plans_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_long plans_made;

long cle_fft_plan_count(void)
{
  return atomic_load(&plans_made);
}

static const char *vkfft_error_name(VkFFTResult r)
{
  switch (r) {
  case VKFFT_ERROR_MALLOC_FAILED: return "out of host memory";
  case VKFFT_ERROR_UNSUPPORTED_RADIX: return "unsupported radix";
  case VKFFT_ERROR_UNSUPPORTED_FFT_LENGTH: return "unsupported transform length";
  case VKFFT_ERROR_UNSUPPORTED_FFT_LENGTH_R2C: return "unsupported real-to-complex length";
  case VKFFT_ERROR_FAILED_TO_ALLOCATE: return "a buffer could not be allocated";
  case VKFFT_ERROR_FAILED_TO_CREATE_PROGRAM: return "creating a program failed";
  case VKFFT_ERROR_FAILED_TO_COMPILE_PROGRAM: return "compiling a program failed";
  case VKFFT_ERROR_FAILED_TO_SET_KERNEL_ARG: return "setting a kernel argument failed";
  case VKFFT_ERROR_FAILED_TO_LAUNCH_KERNEL: return "launching a kernel failed";
  default: return "VkFFT error";
  }
}

static int vkfft_fail(const char *what, const size_t n[3], VkFFTResult r)
{
  cle_error code = r == VKFFT_ERROR_MALLOC_FAILED || r == VKFFT_ERROR_FAILED_TO_ALLOCATE ? CLE_ERROR_OUT_OF_MEMORY
                                                                                         : CLE_ERROR_DEVICE;
  return cle_set_error(code, "%s of a %zu x %zu x %zu (w x h x d) transform failed: %s (VkFFT %d, error %d)", what,
                       n[0], n[1], n[2], vkfft_error_name(r), VkFFTGetVersion(), (int)r);
}

static void plan_free(cle_fft_plan *p)
{
  if (p->has_app)
    deleteVkFFT(&p->app);
  pthread_mutex_destroy(&p->lock);
  free(p);
}

void cle_fft_plans_free(struct cle_fft_plan *plans)
{
  while (plans) {
    cle_fft_plan *next = plans->next;
    plan_free(plans);
    plans = next;
  }
}

static int force_c2c(void)
{
  static const char *const paths[] = {"r2c", "c2c", NULL};
  return cle_setting_choice("CLE_FFT_PATH", paths, 0) == 1;
}

/* The buffers a plan's launch reads and writes (any valid ones of the
 * plan's sizes when it is made: VkFFT binds them at once). */
typedef struct {
  cl_mem spectrum; /* the spectrum (R2C, kernel) or the convolution's result; the full one (C2C) */
  cl_mem real;     /* the real image read (forward) or written (inverse) */
  cl_mem kernel;   /* the kernel's spectrum (PLAN_KERNEL's) */
} plan_slots;

/* Configure and build p's VkFFT application for p->kind. */
static VkFFTResult plan_build(cle_fft_plan *p)
{
  uint64_t sizes[3];
  int dim = 0;
  const int c2c = p->kind == PLAN_C2C;
  for (size_t a = 0; a < 3; a++) /* R2C always transforms x, even of size 1 (never asked: c2c then) */
    if (p->n[a] > 1 || (a == 0 && !c2c))
      sizes[dim++] = p->n[a];
  p->has_app = dim > 0;
  if (!p->has_app)
    return VKFFT_SUCCESS;
  VkFFTConfiguration c;
  memset(&c, 0, sizeof c);
  c.FFTdim = (uint64_t)dim;
  for (int a = 0; a < 3; a++)
    c.size[a] = a < dim ? sizes[a] : 1;
  c.device = &p->device;
  c.context = &p->context;
  c.commandQueue = &p->queue;
  c.buffer = &p->buffer;
  c.bufferSize = &p->buffer_size;
  c.normalize = 1; /* the inverse divides by the number of pixels, as numpy's */
  /* NVIDIA: VkFFT's default assumes 32-byte memory transactions; 64 measured faster on the
   * H200 for the padded sizes of convolve_fft/deconvolve_fft (a 540^3 R2C 1.67 -> 1.42 ms,
   * bench/results/h200-fft), and no slower for powers of two; 256 threads per group rather
   * than VkFFT's 128 (a 520^3 R2C 1.43 -> 1.35 ms, the fused convolution 2.77 -> 2.64 ms;
   * 128-byte transactions and lookup tables were slower: bench/results/h200-s10). */
  cl_uint vendor = 0;
  if (clGetDeviceInfo(p->device, CL_DEVICE_VENDOR_ID, sizeof vendor, &vendor, NULL) == CL_SUCCESS && vendor == 0x10DE) {
    c.coalescedMemory = 64;
    c.aimThreads = 256;
  }
  if (c2c)
    return initializeVkFFT(&p->app, c);
  c.performR2C = 1;
  c.isInputFormatted = 1; /* the real image is unpadded, in its own buffer */
  c.inputBuffer = &p->input;
  c.inputBufferSize = &p->input_size;
  c.inputBufferStride[0] = sizes[0];
  c.inputBufferStride[1] = sizes[0] * (dim > 1 ? sizes[1] : 1);
  c.inputBufferStride[2] = c.inputBufferStride[1] * (dim > 2 ? sizes[2] : 1);
  switch (p->kind) {
  case PLAN_KERNEL:
    c.kernelConvolution = 1;
    c.makeForwardPlanOnly = 1;
    break;
  case PLAN_CONVOLVE:
    /* The spectrum is multiplied by the kernel's inside the pass over the last axis, which
     * also starts the inverse: two passes over the spectrum fewer than forward, multiply,
     * inverse. VkFFT 1.2.26 gets the result right only in the spectrum's buffer (rows of
     * 2 (w / 2 + 1) floats), not in an unpadded output buffer, and not in 1D: measured on
     * pocl, tests/runtime/test_fft_fused.c. */
    if (dim == 1)
      return VKFFT_ERROR_UNSUPPORTED_FFT_OMIT;
    c.performConvolution = 1;
    c.kernel = &p->kernel;
    c.kernelSize = &p->buffer_size;
    break;
  default: c.inverseReturnToInputBuffer = 1; break;
  }
  return initializeVkFFT(&p->app, c);
}

static void plan_bind(cle_fft_plan *p, const plan_slots *slots)
{
  p->buffer = slots->spectrum;
  p->input = slots->real;
  p->kernel = slots->kernel;
}

/* The device's plan of kind for a real image of size n, made if needed, with
 * its slots filled and its lock held: the caller launches, then plan_release.
 * NULL with CLE_ERROR_UNSUPPORTED when VkFFT takes no such plan of that size
 * (the caller has another way), or with another error. */
static cle_fft_plan *plan_acquire(cle_device *dev, const size_t n[3], plan_kind kind, const plan_slots *slots)
{
  if (cle_device_ensure_queue(dev, "fft") != 0)
    return NULL;
  pthread_mutex_lock(&plans_lock);
  cle_fft_plan **at = &dev->fft_plans, *p = NULL;
  int count = 0;
  for (; *at; at = &(*at)->next, count++)
    if ((*at)->n[0] == n[0] && (*at)->n[1] == n[1] && (*at)->n[2] == n[2] && (*at)->kind == kind) {
      p = *at;
      *at = p->next; /* to the front below */
      break;
    }
  if (!p) {
    p = calloc(1, sizeof *p);
    if (!p) {
      pthread_mutex_unlock(&plans_lock);
      return cle_fail_null(CLE_ERROR_OUT_OF_MEMORY, "out of host memory for an FFT plan");
    }
    memcpy(p->n, n, sizeof p->n);
    p->kind = kind;
    pthread_mutex_init(&p->lock, NULL);
    p->device = dev->id;
    p->context = dev->context;
    p->queue = dev->queue;
    const size_t pixels = n[0] * n[1] * n[2];
    p->buffer_size = (uint64_t)(kind == PLAN_C2C ? pixels : (n[0] / 2 + 1) * n[1] * n[2]) * 2 * sizeof(float);
    p->input_size = (uint64_t)pixels * sizeof(float);
    plan_bind(p, slots);
    VkFFTResult r = plan_build(p);
    if (r != VKFFT_SUCCESS) {
      p->has_app = 0; /* initializeVkFFT released what it had made */
      plan_free(p);
      pthread_mutex_unlock(&plans_lock);
      /* odd widths VkFFT's R2C cannot do in one pass: the caller takes the complex path; a
       * convolution VkFFT does not fuse for this size: the caller multiplies on its own */
      if ((r == VKFFT_ERROR_UNSUPPORTED_FFT_LENGTH_R2C && kind != PLAN_C2C) ||
          (kind >= PLAN_KERNEL && r != VKFFT_ERROR_MALLOC_FAILED && r != VKFFT_ERROR_FAILED_TO_ALLOCATE)) {
        cle_set_error(CLE_ERROR_UNSUPPORTED, "no such FFT plan");
        return NULL;
      }
      vkfft_fail("making the plan", n, r);
      return NULL;
    }
    atomic_fetch_add(&plans_made, 1);
    count++;
  }
  p->next = dev->fft_plans;
  dev->fft_plans = p;
  p->users++;
  /* Drop the least recently used plans beyond the bound (not one in use). */
  if (count > CLE_FFT_MAX_PLANS) {
    cle_fft_plan **q = &dev->fft_plans->next, **victim = NULL;
    for (; *q; q = &(*q)->next)
      if ((*q)->users == 0)
        victim = q;
    if (victim) {
      cle_fft_plan *v = *victim;
      *victim = v->next;
      plan_free(v);
    }
  }
  pthread_mutex_unlock(&plans_lock);
  pthread_mutex_lock(&p->lock);
  plan_bind(p, slots);
  return p;
}

static void plan_release(cle_fft_plan *p)
{
  pthread_mutex_unlock(&p->lock);
  pthread_mutex_lock(&plans_lock);
  p->users--;
  pthread_mutex_unlock(&plans_lock);
}

/* Run p (forward: inverse 0) on its slots. */
static int plan_run(cle_fft_plan *p, int inverse)
{
  if (!p->has_app)
    return 0;
  VkFFTLaunchParams launch;
  memset(&launch, 0, sizeof launch);
  launch.commandQueue = &p->queue;
  VkFFTResult r = VkFFTAppend(&p->app, inverse ? 1 : -1, &launch);
  if (r != VKFFT_SUCCESS)
    return vkfft_fail(inverse ? "the inverse FFT" : "the FFT", p->n, r);
  return 0;
}

static int check_pair(const cle_array *real, const cle_array *spectrum)
{
  if (real->dtype != CLE_FLOAT32 || spectrum->dtype != CLE_FLOAT32)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "FFT buffers must be float32");
  if (spectrum->width != 2 * (real->width / 2 + 1) || spectrum->height != real->height ||
      spectrum->depth != real->depth)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT,
                         "a spectrum of %zu x %zu x %zu (w x h x d) does not fit a real image of %zu x %zu x %zu",
                         spectrum->width, spectrum->height, spectrum->depth, real->width, real->height, real->depth);
  if (real->device != spectrum->device)
    return cle_set_error(CLE_ERROR_INVALID_ARGUMENT, "FFT buffers on different devices");
  return 0;
}

/* The complex-to-complex path's helper kernels (kernels/fft.cl). */
static int run_fft_kernel(const char *kernel, cle_array *a, cle_array *b, const size_t n[3], int extra)
{
  const cle_param params[] = {cle_param_array("a", a),        cle_param_array("b", b),
                              cle_param_int("nx", (int)n[0]), cle_param_int("ny", (int)n[1]),
                              cle_param_int("nz", (int)n[2]), cle_param_int("extra", extra)};
  const size_t range[3] = {n[0], n[1], n[2]};
  return cle_run_kernel(a->device, "fft", kernel, params, 6, range, NULL, NULL);
}

static int c2c_transform(cle_array *real, cle_array *spectrum, int inverse)
{
  const size_t n[3] = {real->width, real->height, real->depth};
  cle_array *full = cle_create(real->device, CLE_FLOAT32, 2 * n[0], n[1], n[2]);
  if (!full)
    return -1;
  int rc = inverse ? run_fft_kernel("fft_hermitian_expand", spectrum, full, n, 0)
                   : run_fft_kernel("fft_real_to_complex", real, full, n, 0);
  if (rc == 0) {
    const plan_slots slots = {full->mem, full->mem, NULL};
    cle_fft_plan *p = plan_acquire(real->device, n, PLAN_C2C, &slots);
    rc = p ? plan_run(p, inverse) : -1;
    if (p)
      plan_release(p);
  }
  if (rc == 0)
    rc = inverse ? run_fft_kernel("fft_complex_to_real", full, real, n, 0)
                 : run_fft_kernel("fft_half_spectrum", full, spectrum, n, 0);
  cle_release(full);
  return rc;
}

static int transform(cle_array *real, cle_array *spectrum, int inverse)
{
  if (check_pair(real, spectrum) != 0)
    return -1;
  const size_t n[3] = {real->width, real->height, real->depth};
  if (n[0] > 1 && !force_c2c()) {
    const plan_slots slots = {spectrum->mem, real->mem, NULL};
    cle_fft_plan *p = plan_acquire(real->device, n, PLAN_R2C, &slots);
    if (p) {
      int rc = plan_run(p, inverse);
      plan_release(p);
      return rc;
    }
    if (cle_last_error() != CLE_ERROR_UNSUPPORTED)
      return -1;
    cle_clear_error();
  }
  return c2c_transform(real, spectrum, inverse);
}

int cle_fft_forward(cle_array *real, cle_array *spectrum)
{
  return transform(real, spectrum, 0);
}

int cle_fft_inverse(cle_array *spectrum, cle_array *real)
{
  return transform(real, spectrum, 1);
}

static int fused_allowed(void)
{
  static const char *const on_off[] = {"0", "1", NULL};
  return cle_setting_choice("CLE_FFT_FUSED", on_off, 1) == 1;
}

int cle_fft_kernel_forward(cle_array *real, cle_array *spectrum, int *fused)
{
  *fused = 0;
  if (check_pair(real, spectrum) != 0)
    return -1;
  const size_t n[3] = {real->width, real->height, real->depth};
  if (n[0] > 1 && !force_c2c() && fused_allowed()) {
    /* The convolution's plan is made first (real and spectrum stand in for its buffers):
     * the kernel's layout serves only it. */
    const plan_slots slots = {spectrum->mem, real->mem, spectrum->mem};
    cle_fft_plan *p = plan_acquire(real->device, n, PLAN_CONVOLVE, &slots);
    if (p) {
      plan_release(p);
      p = plan_acquire(real->device, n, PLAN_KERNEL, &slots);
    }
    if (p) {
      int rc = plan_run(p, 0);
      plan_release(p);
      *fused = rc == 0;
      return rc;
    }
    if (cle_last_error() != CLE_ERROR_UNSUPPORTED)
      return -1;
    cle_clear_error();
  }
  return cle_fft_forward(real, spectrum);
}

int cle_fft_convolve(cle_array *real, cle_array *kernel_spectrum, cle_array *result)
{
  if (check_pair(real, kernel_spectrum) != 0 || check_pair(real, result) != 0)
    return -1;
  const size_t n[3] = {real->width, real->height, real->depth};
  const plan_slots slots = {result->mem, real->mem, kernel_spectrum->mem};
  cle_fft_plan *p = plan_acquire(real->device, n, PLAN_CONVOLVE, &slots);
  if (!p) {
    if (cle_last_error() == CLE_ERROR_UNSUPPORTED)
      cle_set_error(CLE_ERROR_DEVICE, "a fused FFT convolution of %zu x %zu x %zu (w x h x d) is no longer possible",
                    n[0], n[1], n[2]);
    return -1;
  }
  int rc = plan_run(p, 0);
  plan_release(p);
  return rc;
}
