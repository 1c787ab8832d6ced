/* A glasbey-style lookup table for label images: label 0 is black and each
 * next colour is the RGB grid point farthest (in CIELAB, by its distance to
 * the nearest colour already chosen) from black and every earlier colour,
 * the construction of Glasbey et al. (2007), leaving out colours too dark to
 * see on black; computed once, deterministically. */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "cesperanto/cle_io.h"

#define LUT_SIZE 256
#define GRID_LEVELS 16 /* candidates: 16^3 RGB points, 0, 17, ..., 255 per channel */
#define GRID_STEP 17
#define MIN_LIGHTNESS 40.0 /* CIELAB L*, 0..100 */

static uint8_t lut[LUT_SIZE][3];
static pthread_once_t lut_once = PTHREAD_ONCE_INIT;

static double srgb_to_linear(double c)
{
  c /= 255.0;
  return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double lab_f(double t)
{
  const double e = 216.0 / 24389.0, k = 24389.0 / 27.0;
  return t > e ? cbrt(t) : (k * t + 16.0) / 116.0;
}

/* sRGB (D65) to CIELAB. */
static void rgb_to_lab(double r8, double g8, double b8, double lab[3])
{
  double r = srgb_to_linear(r8), g = srgb_to_linear(g8), b = srgb_to_linear(b8);
  double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
  double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
  double fx = lab_f(x), fy = lab_f(y), fz = lab_f(z);
  lab[0] = 116.0 * fy - 16.0;
  lab[1] = 500.0 * (fx - fy);
  lab[2] = 200.0 * (fy - fz);
}

static double dist2(const double a[3], const double b[3])
{
  double d0 = a[0] - b[0], d1 = a[1] - b[1], d2 = a[2] - b[2];
  return d0 * d0 + d1 * d1 + d2 * d2;
}

static void build_lut(void)
{
  enum { N = GRID_LEVELS * GRID_LEVELS * GRID_LEVELS };
  static double cand[N][3], nearest[N];
  for (int i = 0; i < N; i++) {
    int r = i / (GRID_LEVELS * GRID_LEVELS), g = (i / GRID_LEVELS) % GRID_LEVELS, b = i % GRID_LEVELS;
    rgb_to_lab(r * GRID_STEP, g * GRID_STEP, b * GRID_STEP, cand[i]);
  }
  memset(lut[0], 0, 3);
  double black[3];
  rgb_to_lab(0, 0, 0, black);
  /* Dark colours vanish against the black background: never candidates. */
  for (int i = 0; i < N; i++)
    nearest[i] = cand[i][0] < MIN_LIGHTNESS ? -1.0 : dist2(cand[i], black);
  for (int k = 1; k < LUT_SIZE; k++) {
    int best = 0; /* ties go to the lowest index, so the table is the same on every run */
    for (int i = 1; i < N; i++)
      if (nearest[i] > nearest[best])
        best = i;
    lut[k][0] = (uint8_t)(best / (GRID_LEVELS * GRID_LEVELS) * GRID_STEP);
    lut[k][1] = (uint8_t)((best / GRID_LEVELS) % GRID_LEVELS * GRID_STEP);
    lut[k][2] = (uint8_t)(best % GRID_LEVELS * GRID_STEP);
    for (int i = 0; i < N; i++) {
      double d = dist2(cand[i], cand[best]);
      if (d < nearest[i])
        nearest[i] = d;
    }
  }
}

void cle_label_color(uint32_t label, uint8_t rgb[3])
{
  pthread_once(&lut_once, build_lut);
  uint32_t k = label == 0 ? 0 : 1 + (label - 1) % (LUT_SIZE - 1);
  memcpy(rgb, lut[k], 3);
}
