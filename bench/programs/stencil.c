/* 2-D 5-point heat stencil on floats, ping-pong buffers. */
#include "common.h"
#define N 768
static float U[N][N], V[N][N];
int main(void) {
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) U[i][j] = (float)bench_randf();
  for (int t = 0; t < 400; ++t) {
    for (int i = 1; i < N - 1; ++i)
      for (int j = 1; j < N - 1; ++j)
        V[i][j] = 0.2f * (U[i][j] + U[i - 1][j] + U[i + 1][j] + U[i][j - 1] + U[i][j + 1]);
    for (int i = 1; i < N - 1; ++i)
      for (int j = 1; j < N - 1; ++j)
        U[i][j] = 0.2f * (V[i][j] + V[i - 1][j] + V[i + 1][j] + V[i][j - 1] + V[i][j + 1]);
  }
  uint64_t h = 0;
  for (int i = 0; i < N; i += 3) h = bench_mixd(h, U[i][(i * 5) % N]);
  bench_report("stencil", h);
  return 0;
}
