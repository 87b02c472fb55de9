/* Memory bandwidth: memcpy / memmove / memset over buffers larger than the
 * caches, plus a byte-wise checksum pass. */
#include "common.h"
#include <stdlib.h>
#include <string.h>
#define SZ (8u << 20)
int main(void) {
  uint8_t *a = malloc(SZ), *b = malloc(SZ);
  for (uint32_t i = 0; i < SZ; i += 4) *(uint32_t *)(a + i) = bench_rand();
  uint64_t h = 0;
  for (int rep = 0; rep < 80; ++rep) {
    memcpy(b, a, SZ);
    memmove(b + 1 + rep, b, SZ - 64);
    memset(a + rep * 4096, rep, SZ / 2);
    memcpy(a + SZ / 2, b + rep, SZ / 2 - 64);
    uint32_t s = 0;
    for (uint32_t i = 0; i < SZ; i += 64) s = s * 33 + a[i] + b[i + 7];
    h = bench_mix(h, s);
  }
  bench_report("memops", h);
  return 0;
}
