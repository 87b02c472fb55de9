/* Sorting 32-bit keys: a hand-written quicksort (median of three,
 * insertion sort below 16) and a bottom-up merge sort. */
#include "common.h"
#include <stdlib.h>
#include <string.h>
#define N (1 << 20)
static uint32_t a[N], tmp[N];
static void isort(uint32_t *v, int n) {
  for (int i = 1; i < n; ++i) {
    uint32_t x = v[i];
    int j = i - 1;
    while (j >= 0 && v[j] > x) { v[j + 1] = v[j]; --j; }
    v[j + 1] = x;
  }
}
static void qsort_u32(uint32_t *v, int n) {
  while (n > 16) {
    uint32_t x = v[0], y = v[n / 2], z = v[n - 1];
    uint32_t p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    int i = 0, j = n - 1;
    for (;;) {
      while (v[i] < p) ++i;
      while (v[j] > p) --j;
      if (i >= j) break;
      uint32_t t = v[i]; v[i] = v[j]; v[j] = t;
      ++i; --j;
    }
    if (j + 1 < n - j - 1) { qsort_u32(v, j + 1); v += j + 1; n -= j + 1; }
    else { qsort_u32(v + j + 1, n - j - 1); n = j + 1; }
  }
  isort(v, n);
}
static void msort(uint32_t *v, uint32_t *t, int n) {
  for (int w = 1; w < n; w <<= 1) {
    for (int lo = 0; lo < n; lo += 2 * w) {
      int mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
      int i = lo, j = mid, k = lo;
      while (i < mid && j < hi) t[k++] = v[i] <= v[j] ? v[i++] : v[j++];
      while (i < mid) t[k++] = v[i++];
      while (j < hi) t[k++] = v[j++];
    }
    uint32_t *s = v; v = t; t = s;
    memcpy(t, v, sizeof(uint32_t) * (size_t)n);
  }
}
int main(void) {
  uint64_t h = 0;
  for (int rep = 0; rep < 4; ++rep) {
    for (int i = 0; i < N; ++i) a[i] = bench_rand();
    if (rep & 1) msort(a, tmp, N); else qsort_u32(a, N);
    for (int i = 1; i < N; ++i)
      if (a[i - 1] > a[i]) { printf("sort: not sorted\n"); return 1; }
    for (int i = 0; i < N; i += 4099) h = bench_mix(h, a[i]);
  }
  bench_report("sort", h);
  return 0;
}
