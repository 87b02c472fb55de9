/* Dense matrix multiply, double, i-k-j order (the loop native code
 * vectorises), repeated. */
#include "common.h"
#include <stdlib.h>
#define N 320
static double A[N][N], B[N][N], C[N][N];
int main(void) {
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) {
      A[i][j] = bench_randf() - 0.5;
      B[i][j] = bench_randf() - 0.5;
    }
  uint64_t h = 0;
  for (int rep = 0; rep < 24; ++rep) {
    for (int i = 0; i < N; ++i)
      for (int j = 0; j < N; ++j) C[i][j] = 0;
    for (int i = 0; i < N; ++i)
      for (int k = 0; k < N; ++k) {
        double a = A[i][k];
        for (int j = 0; j < N; ++j) C[i][j] += a * B[k][j];
      }
    for (int i = 0; i < N; ++i) h = bench_mixd(h, C[i][(i * 7 + rep) % N]);
    A[rep][rep] += 1.0;
  }
  bench_report("matmul", h);
  return 0;
}
