/* PolyBench/C syrk: C = alpha*A*A^T + beta*C on the lower triangle, double,
 * PolyBench's loop order (i, k, j<=i). */
#include "common.h"
#define N 800
#define M 700
static double A[N][M], C[N][N];
int main(void) {
  double alpha = 1.5, beta = 1.2;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < M; j++) A[i][j] = (double)((i * j + 1) % N) / N;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) C[i][j] = (double)((i * j + 2) % M) / M;
  for (int rep = 0; rep < 4; ++rep)
    for (int i = 0; i < N; i++) {
      for (int j = 0; j <= i; j++) C[i][j] *= beta;
      for (int k = 0; k < M; k++)
        for (int j = 0; j <= i; j++) C[i][j] += alpha * A[i][k] * A[j][k];
    }
  uint64_t h = 0;
  for (int i = 0; i < N; i++) h = bench_mixd(h, C[i][(i * 13) % (i + 1)] * 1e-3);
  bench_report("syrk", h);
  return 0;
}
