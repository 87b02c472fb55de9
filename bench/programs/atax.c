/* PolyBench/C atax: y = A^T (A x), double: a row walk and a column-order
 * update of y in the same i loop. */
#include "common.h"
#define M 1900
#define N 2100
static double A[M][N], x[N], y[N], tmp[M];
int main(void) {
  double fn = (double)N;
  for (int i = 0; i < N; i++) x[i] = 1 + (i / fn);
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) A[i][j] = (double)((i + j) % N) / (5 * M);
  uint64_t h = 0;
  for (int rep = 0; rep < 100; ++rep) {
    for (int i = 0; i < N; i++) y[i] = 0;
    for (int i = 0; i < M; i++) {
      tmp[i] = 0.0;
      for (int j = 0; j < N; j++) tmp[i] = tmp[i] + A[i][j] * x[j];
      for (int j = 0; j < N; j++) y[j] = y[j] + A[i][j] * tmp[i];
    }
    x[rep] += y[rep] * 1e-9;
    h = bench_mixd(h, y[rep * 3] * 1e-3);
  }
  for (int i = 0; i < N; i += 5) h = bench_mixd(h, y[i] * 1e-3);
  bench_report("atax", h);
  return 0;
}
