/* Shared helpers for the benchmark programs: a deterministic generator and
 * a checksum mixer. Every program prints one line "NAME checksum HEX" that
 * bench/run.sh compares across engines. No I/O besides that line, no
 * arguments (so the WASI surface stays tiny: fd_write and proc_exit). */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H
#include <stdint.h>
#include <stdio.h>

static uint64_t bench_rng_state = 0x9E3779B97F4A7C15ull;

static inline uint32_t bench_rand(void) {
  /* xorshift64*: fast, and the same on every engine */
  uint64_t x = bench_rng_state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  bench_rng_state = x;
  return (uint32_t)((x * 0x2545F4914F6CDD1Dull) >> 32);
}

static inline double bench_randf(void) { return (bench_rand() >> 8) * (1.0 / 16777216.0); }

static inline uint64_t bench_mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  return h;
}

/* Doubles are checksummed through a rounded fixed-point value so that a
 * last-bit difference (libm, evaluation order) cannot fail the comparison. */
static inline uint64_t bench_mixd(uint64_t h, double d) {
  return bench_mix(h, (uint64_t)(int64_t)(d * 1e6));
}

static inline void bench_report(const char *name, uint64_t h) {
  printf("%s checksum %016llx\n", name, (unsigned long long)h);
}
#endif
