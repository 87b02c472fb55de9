/* An open-addressing hash table (linear probing, 64-bit keys): inserts,
 * lookups that hit and miss, and deletions with backward shift. */
#include "common.h"
#include <stdlib.h>
#define BITS 20
#define CAP (1u << BITS)
typedef struct { uint64_t key; uint64_t val; } Slot;
static Slot *tab;
static uint32_t count;
static inline uint32_t slot_of(uint64_t k) { return (uint32_t)((k * 0x9E3779B97F4A7C15ull) >> (64 - BITS)); }
static void insert(uint64_t k, uint64_t v) {
  uint32_t i = slot_of(k);
  while (tab[i].key && tab[i].key != k) i = (i + 1) & (CAP - 1);
  if (!tab[i].key) count++;
  tab[i].key = k; tab[i].val = v;
}
static Slot *find(uint64_t k) {
  uint32_t i = slot_of(k);
  while (tab[i].key) {
    if (tab[i].key == k) return &tab[i];
    i = (i + 1) & (CAP - 1);
  }
  return 0;
}
static void erase(uint64_t k) {
  uint32_t i = slot_of(k);
  while (tab[i].key && tab[i].key != k) i = (i + 1) & (CAP - 1);
  if (!tab[i].key) return;
  count--;
  uint32_t j = i;
  for (;;) {
    tab[i].key = 0;
    for (;;) {
      j = (j + 1) & (CAP - 1);
      if (!tab[j].key) return;
      uint32_t home = slot_of(tab[j].key);
      if (i <= j ? (i < home && home <= j) : (i < home || home <= j)) continue;
      break;
    }
    tab[i] = tab[j];
    i = j;
  }
}
int main(void) {
  tab = calloc(CAP, sizeof(Slot));
  uint64_t h = 0;
  for (int rep = 0; rep < 3; ++rep) {
    uint64_t seed = 0x1234567ull + rep;
    for (uint32_t n = 0; n < CAP / 2; ++n) {
      uint64_t k = (seed + n) * 0xD6E8FEB86659FD93ull | 1;
      insert(k, n);
    }
    uint64_t hits = 0, sum = 0;
    for (uint32_t n = 0; n < CAP; ++n) {
      uint64_t k = (seed + (n >> 1) + (n & 1) * CAP) * 0xD6E8FEB86659FD93ull | 1;
      Slot *s = find(k);
      if (s) { hits++; sum += s->val; }
    }
    for (uint32_t n = 0; n < CAP / 2; n += 2) erase((seed + n) * 0xD6E8FEB86659FD93ull | 1);
    h = bench_mix(h, hits); h = bench_mix(h, sum); h = bench_mix(h, count);
    for (uint32_t n = 1; n < CAP / 2; n += 2) erase((seed + n) * 0xD6E8FEB86659FD93ull | 1);
    h = bench_mix(h, count);
  }
  bench_report("hashtable", h);
  return 0;
}
