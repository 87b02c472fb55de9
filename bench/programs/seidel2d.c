/* PolyBench/C seidel-2d: in-place 9-point Gauss-Seidel, double (a loop
 * carried dependence: no vectorisation, natively or in wasm). */
#include "common.h"
#define N 800
#define TSTEPS 30
static double A[N][N];
int main(void) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) A[i][j] = ((double)i * (j + 2) + 2) / N + bench_randf();
  for (int t = 0; t <= TSTEPS - 1; t++)
    for (int i = 1; i <= N - 2; i++)
      for (int j = 1; j <= N - 2; j++)
        A[i][j] = (A[i - 1][j - 1] + A[i - 1][j] + A[i - 1][j + 1] + A[i][j - 1] + A[i][j] +
                   A[i][j + 1] + A[i + 1][j - 1] + A[i + 1][j] + A[i + 1][j + 1]) / 9.0;
  uint64_t h = 0;
  for (int i = 0; i < N; i += 3) h = bench_mixd(h, A[i][(i * 7) % N]);
  bench_report("seidel2d", h);
  return 0;
}
