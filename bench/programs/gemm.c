/* PolyBench/C gemm: C = alpha*A*B + beta*C, double, PolyBench's init and
 * loop order (i, k, j), sized to run about a second natively. */
#include "common.h"
#define NI 500
#define NJ 550
#define NK 600
static double A[NI][NK], B[NK][NJ], C[NI][NJ];
int main(void) {
  double alpha = 1.5, beta = 1.2;
  for (int i = 0; i < NI; i++)
    for (int j = 0; j < NJ; j++) C[i][j] = (double)((i * j + 1) % NI) / NI;
  for (int i = 0; i < NI; i++)
    for (int j = 0; j < NK; j++) A[i][j] = (double)(i * (j + 1) % NK) / NK;
  for (int i = 0; i < NK; i++)
    for (int j = 0; j < NJ; j++) B[i][j] = (double)(i * (j + 2) % NJ) / NJ;
  for (int rep = 0; rep < 5; ++rep)
    for (int i = 0; i < NI; i++) {
      for (int j = 0; j < NJ; j++) C[i][j] *= beta;
      for (int k = 0; k < NK; k++)
        for (int j = 0; j < NJ; j++) C[i][j] += alpha * A[i][k] * B[k][j];
    }
  uint64_t h = 0;
  for (int i = 0; i < NI; i++) h = bench_mixd(h, C[i][(i * 13) % NJ] * 1e-3);
  bench_report("gemm", h);
  return 0;
}
