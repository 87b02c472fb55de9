/* LU decomposition with partial pivoting, double, then a solve. */
#include "common.h"
#include <math.h>
#define N 800
static double A[N][N], b[N], x[N];
static int piv[N];
int main(void) {
  uint64_t h = 0;
  for (int rep = 0; rep < 4; ++rep) {
    for (int i = 0; i < N; ++i) {
      for (int j = 0; j < N; ++j) A[i][j] = bench_randf() - 0.5;
      A[i][i] += 4.0;
      b[i] = bench_randf();
    }
    for (int k = 0; k < N; ++k) {
      int p = k;
      double m = fabs(A[k][k]);
      for (int i = k + 1; i < N; ++i)
        if (fabs(A[i][k]) > m) { m = fabs(A[i][k]); p = i; }
      piv[k] = p;
      if (p != k)
        for (int j = 0; j < N; ++j) { double t = A[k][j]; A[k][j] = A[p][j]; A[p][j] = t; }
      double inv = 1.0 / A[k][k];
      for (int i = k + 1; i < N; ++i) {
        double f = A[i][k] * inv;
        A[i][k] = f;
        for (int j = k + 1; j < N; ++j) A[i][j] -= f * A[k][j];
      }
    }
    for (int k = 0; k < N; ++k) { double t = b[k]; b[k] = b[piv[k]]; b[piv[k]] = t; }
    for (int i = 0; i < N; ++i) {
      double s = b[i];
      for (int j = 0; j < i; ++j) s -= A[i][j] * x[j];
      x[i] = s;
    }
    for (int i = N - 1; i >= 0; --i) {
      double s = x[i];
      for (int j = i + 1; j < N; ++j) s -= A[i][j] * x[j];
      x[i] = s / A[i][i];
    }
    for (int i = 0; i < N; i += 7) h = bench_mixd(h, x[i]);
  }
  bench_report("lu", h);
  return 0;
}
