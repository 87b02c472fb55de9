/* Recursion-heavy code: naive Fibonacci, Ackermann and Takeuchi, with the
 * arguments read from a volatile so nothing folds at compile time. */
#include "common.h"
static volatile int args[4] = {36, 3, 10, 4};
static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static uint32_t ack(uint32_t m, uint32_t n) {
  while (m) {
    n = n ? ack(m, n - 1) : 1;
    m--;
  }
  return n + 1;
}
static int tak(int x, int y, int z) {
  return y < x ? tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y)) : z;
}
int main(void) {
  uint64_t h = 0;
  h = bench_mix(h, fib(args[0]));
  h = bench_mix(h, ack(args[1], args[2]));
  h = bench_mix(h, tak(20 + args[3], 12, 6));
  bench_report("recursion", h);
  return 0;
}
