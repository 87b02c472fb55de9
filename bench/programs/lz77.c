/* An LZ77-style compressor (hash-chain match finder, 64 KiB window) and
 * its decompressor, round-tripping a generated text-like buffer. */
#include "common.h"
#include <string.h>
#define LEN (1 << 20)
#define WIN (1 << 16)
#define HBITS 15
#define MAXCHAIN 24
static uint8_t in[LEN], comp[LEN + LEN / 8 + 16], out[LEN];
static int32_t head[1 << HBITS], prev[WIN];
static const char *words[] = {"the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ",
                              "dog ", "wasm ", "native ", "compiler ", "memory ", "\n", ", "};
static uint32_t hash3(const uint8_t *p) {
  return ((uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]) * 2654435761u >> (32 - HBITS);
}
/* format: a flag byte per 8 items; literal = 1 byte; match = 2-byte
 * distance + 1-byte (length - 3) */
static size_t compress(const uint8_t *src, size_t n, uint8_t *dst) {
  for (int i = 0; i < (1 << HBITS); ++i) head[i] = -1;
  size_t o = 0, i = 0;
  while (i < n) {
    size_t flagpos = o++;
    uint8_t flags = 0;
    for (int item = 0; item < 8 && i < n; ++item) {
      int best = 0, bestd = 0;
      if (i + 3 <= n) {
        uint32_t hv = hash3(src + i);
        int32_t cand = head[hv];
        for (int chain = 0; chain < MAXCHAIN && cand >= 0 && i - (size_t)cand < WIN; ++chain) {
          int l = 0, maxl = n - i < 258 ? (int)(n - i) : 258;
          while (l < maxl && src[cand + l] == src[i + l]) ++l;
          if (l > best) { best = l; bestd = (int)(i - cand); }
          cand = prev[cand & (WIN - 1)];
        }
        prev[i & (WIN - 1)] = head[hv];
        head[hv] = (int32_t)i;
      }
      if (best >= 3) {
        flags |= 1u << item;
        dst[o++] = (uint8_t)bestd; dst[o++] = (uint8_t)(bestd >> 8); dst[o++] = (uint8_t)(best - 3);
        for (int k = 1; k < best; ++k)
          if (i + k + 3 <= n) {
            uint32_t hv = hash3(src + i + k);
            prev[(i + k) & (WIN - 1)] = head[hv];
            head[hv] = (int32_t)(i + k);
          }
        i += best;
      } else {
        dst[o++] = src[i++];
      }
    }
    dst[flagpos] = flags;
  }
  return o;
}
static size_t decompress(const uint8_t *src, size_t n, uint8_t *dst) {
  size_t i = 0, o = 0;
  while (i < n) {
    uint8_t flags = src[i++];
    for (int item = 0; item < 8 && i < n; ++item) {
      if (flags & (1u << item)) {
        size_t d = src[i] | (size_t)src[i + 1] << 8, l = src[i + 2] + 3u;
        i += 3;
        for (size_t k = 0; k < l; ++k, ++o) dst[o] = dst[o - d];
      } else {
        dst[o++] = src[i++];
      }
    }
  }
  return o;
}
int main(void) {
  size_t n = 0;
  while (n < LEN) {
    const char *w = words[bench_rand() % 14];
    if (bench_rand() % 16 == 0) { in[n++] = (uint8_t)('A' + bench_rand() % 26); continue; }
    while (*w && n < LEN) in[n++] = (uint8_t)*w++;
  }
  uint64_t h = 0;
  for (int rep = 0; rep < 8; ++rep) {
    in[rep * 1000] ^= 0x20;
    size_t c = compress(in, LEN, comp);
    size_t d = decompress(comp, c, out);
    if (d != LEN || memcmp(in, out, LEN) != 0) { printf("lz77: round trip failed\n"); return 1; }
    h = bench_mix(h, c);
    for (size_t k = 0; k < c; k += 1023) h = bench_mix(h, comp[k]);
  }
  bench_report("lz77", h);
  return 0;
}
