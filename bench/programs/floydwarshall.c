/* PolyBench/C floyd-warshall: all-pairs shortest paths, int, PolyBench's
 * init and its min-by-comparison inner loop. */
#include "common.h"
#define N 1000
static int path[N][N];
int main(void) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      path[i][j] = i * j % 7 + 1;
      if ((i + j) % 13 == 0 || (i + j) % 7 == 0 || (i + j) % 11 == 0) path[i][j] = 999;
    }
  for (int k = 0; k < N; k++)
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++)
        path[i][j] = path[i][j] < path[i][k] + path[k][j] ? path[i][j]
                                                         : path[i][k] + path[k][j];
  uint64_t h = 0;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j += 17) h = bench_mix(h, (uint64_t)path[i][j]);
  bench_report("floydwarshall", h);
  return 0;
}
