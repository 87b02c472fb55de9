/* PolyBench/C bicg: s = A^T r, q = A p, double (BiCG's two products in one
 * sweep over A). */
#include "common.h"
#define M 1900
#define N 2100
static double A[N][M], s[M], q[N], p[M], r[N];
int main(void) {
  for (int i = 0; i < M; i++) p[i] = (double)(i % M) / M;
  for (int i = 0; i < N; i++) {
    r[i] = (double)(i % N) / N;
    for (int j = 0; j < M; j++) A[i][j] = (double)(i * (j + 1) % N) / N;
  }
  uint64_t h = 0;
  for (int rep = 0; rep < 100; ++rep) {
    for (int i = 0; i < M; i++) s[i] = 0;
    for (int i = 0; i < N; i++) {
      q[i] = 0.0;
      for (int j = 0; j < M; j++) {
        s[j] = s[j] + r[i] * A[i][j];
        q[i] = q[i] + A[i][j] * p[j];
      }
    }
    p[rep] += s[rep] * 1e-9;
    h = bench_mixd(h, q[rep * 5] * 1e-3);
  }
  for (int i = 0; i < M; i += 5) h = bench_mixd(h, s[i] * 1e-3);
  for (int i = 0; i < N; i += 5) h = bench_mixd(h, q[i] * 1e-3);
  bench_report("bicg", h);
  return 0;
}
