/* PolyBench/C trmm: B = alpha * A^T B with A unit lower triangular, double,
 * PolyBench's loop order (i, j, k > i). */
#include "common.h"
#define M 700
#define N 800
static double A[M][M], B[M][N];
int main(void) {
  double alpha = 1.5;
  for (int i = 0; i < M; i++) {
    for (int j = 0; j < i; j++) A[i][j] = (double)((i + j) % M) / M;
    A[i][i] = 1.0;
    for (int j = 0; j < N; j++) B[i][j] = (double)((N + (i - j)) % N) / N;
  }
  for (int rep = 0; rep < 2; ++rep) {
    for (int i = 0; i < M; i++)
      for (int j = 0; j < N; j++) {
        for (int k = i + 1; k < M; k++) B[i][j] += A[k][i] * B[k][j];
        B[i][j] = alpha * B[i][j] * 1e-3;
      }
  }
  uint64_t h = 0;
  for (int i = 0; i < M; i++) h = bench_mixd(h, B[i][(i * 11) % N] * 1e3);
  bench_report("trmm", h);
  return 0;
}
