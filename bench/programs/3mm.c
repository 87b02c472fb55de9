/* PolyBench/C 3mm: G = (A*B)*(C*D), double, PolyBench's init and loop
 * orders (i, j, k with a scalar accumulator... as PolyBench writes it:
 * E[i][j] += A[i][k] * B[k][j] in the innermost k loop). */
#include "common.h"
#define NI 180
#define NJ 190
#define NK 200
#define NL 210
#define NM 220
static double A[NI][NK], B[NK][NJ], C[NJ][NM], D[NM][NL];
static double E[NI][NJ], F[NJ][NL], G[NI][NL];
int main(void) {
  for (int i = 0; i < NI; i++)
    for (int j = 0; j < NK; j++) A[i][j] = (double)((i * j + 1) % NI) / (5 * NI);
  for (int i = 0; i < NK; i++)
    for (int j = 0; j < NJ; j++) B[i][j] = (double)((i * (j + 1) + 2) % NJ) / (5 * NJ);
  for (int i = 0; i < NJ; i++)
    for (int j = 0; j < NM; j++) C[i][j] = (double)(i * (j + 3) % NL) / (5 * NL);
  for (int i = 0; i < NM; i++)
    for (int j = 0; j < NL; j++) D[i][j] = (double)((i * (j + 2) + 2) % NK) / (5 * NK);
  uint64_t h = 0;
  for (int rep = 0; rep < 30; ++rep) {
    for (int i = 0; i < NI; i++)
      for (int j = 0; j < NJ; j++) {
        E[i][j] = 0.0;
        for (int k = 0; k < NK; ++k) E[i][j] += A[i][k] * B[k][j];
      }
    for (int i = 0; i < NJ; i++)
      for (int j = 0; j < NL; j++) {
        F[i][j] = 0.0;
        for (int k = 0; k < NM; ++k) F[i][j] += C[i][k] * D[k][j];
      }
    for (int i = 0; i < NI; i++)
      for (int j = 0; j < NL; j++) {
        G[i][j] = 0.0;
        for (int k = 0; k < NJ; ++k) G[i][j] += E[i][k] * F[k][j];
      }
    h = bench_mixd(h, G[rep][rep + 1]);
  }
  for (int i = 0; i < NI; i++) h = bench_mixd(h, G[i][(i * 7) % NL]);
  bench_report("3mm", h);
  return 0;
}
