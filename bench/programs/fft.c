/* Iterative radix-2 complex FFT, forward and inverse, double. Twiddles
 * come from a table built by recurrence (no libm in the hot loop). */
#include "common.h"
#include <math.h>
#define LOGN 16
#define N (1 << LOGN)
static double re[N], im[N], wr[N / 2], wi[N / 2];
static void fft(int inverse) {
  for (int i = 1, j = 0; i < N; ++i) {
    int bit = N >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      double t = re[i]; re[i] = re[j]; re[j] = t;
      t = im[i]; im[i] = im[j]; im[j] = t;
    }
  }
  for (int len = 2; len <= N; len <<= 1) {
    int half = len >> 1, step = N / len;
    for (int i = 0; i < N; i += len)
      for (int k = 0; k < half; ++k) {
        double c = wr[k * step], s = inverse ? -wi[k * step] : wi[k * step];
        double xr = re[i + k + half] * c - im[i + k + half] * s;
        double xi = re[i + k + half] * s + im[i + k + half] * c;
        re[i + k + half] = re[i + k] - xr; im[i + k + half] = im[i + k] - xi;
        re[i + k] += xr; im[i + k] += xi;
      }
  }
  if (inverse)
    for (int i = 0; i < N; ++i) { re[i] /= N; im[i] /= N; }
}
int main(void) {
  for (int k = 0; k < N / 2; ++k) {
    wr[k] = cos(-2 * 3.141592653589793 * k / N);
    wi[k] = sin(-2 * 3.141592653589793 * k / N);
  }
  for (int i = 0; i < N; ++i) { re[i] = bench_randf() - 0.5; im[i] = 0; }
  uint64_t h = 0;
  for (int rep = 0; rep < 40; ++rep) {
    fft(0);
    h = bench_mixd(h, re[rep * 31 % N]);
    fft(1);
    re[rep] += 0.25;
  }
  for (int i = 0; i < N; i += 97) h = bench_mixd(h, re[i]);
  bench_report("fft", h);
  return 0;
}
