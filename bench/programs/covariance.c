/* PolyBench/C covariance: column means, centring, then the symmetric
 * covariance matrix (i, j>=i, k walks down columns), double. */
#include "common.h"
#define M 900
#define N 1000
static double data[N][M], cov[M][M], mean[M];
int main(void) {
  double float_n = (double)N;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < M; j++) data[i][j] = ((double)i * j) / M;
  for (int j = 0; j < M; j++) {
    mean[j] = 0.0;
    for (int i = 0; i < N; i++) mean[j] += data[i][j];
    mean[j] /= float_n;
  }
  for (int i = 0; i < N; i++)
    for (int j = 0; j < M; j++) data[i][j] -= mean[j];
  for (int i = 0; i < M; i++)
    for (int j = i; j < M; j++) {
      cov[i][j] = 0.0;
      for (int k = 0; k < N; k++) cov[i][j] += data[k][i] * data[k][j];
      cov[i][j] /= (float_n - 1.0);
      cov[j][i] = cov[i][j];
    }
  uint64_t h = 0;
  for (int i = 0; i < M; i++) h = bench_mixd(h, cov[i][(i * 7) % M] * 1e-3);
  bench_report("covariance", h);
  return 0;
}
