/* PolyBench/C gesummv: y = alpha*A*x + beta*B*x, double (two matrices
 * streamed row by row). */
#include "common.h"
#define N 1300
static double A[N][N], B[N][N], tmp[N], x[N], y[N];
int main(void) {
  double alpha = 1.5, beta = 1.2;
  for (int i = 0; i < N; i++) {
    x[i] = (double)(i % N) / N;
    for (int j = 0; j < N; j++) {
      A[i][j] = (double)((i * j + 1) % N) / N;
      B[i][j] = (double)((i * j + 2) % N) / N;
    }
  }
  uint64_t h = 0;
  for (int rep = 0; rep < 240; ++rep) {
    for (int i = 0; i < N; i++) {
      tmp[i] = 0.0;
      y[i] = 0.0;
      for (int j = 0; j < N; j++) {
        tmp[i] = A[i][j] * x[j] + tmp[i];
        y[i] = B[i][j] * x[j] + y[i];
      }
      y[i] = alpha * tmp[i] + beta * y[i];
    }
    x[rep % N] = y[rep % N] * 1e-3;
    h = bench_mixd(h, y[(rep * 7) % N]);
  }
  for (int i = 0; i < N; i += 3) h = bench_mixd(h, y[i]);
  bench_report("gesummv", h);
  return 0;
}
