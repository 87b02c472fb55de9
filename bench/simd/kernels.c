/* SIMD benchmark kernels (bench/simd.sh builds this twice, with and without
 * -msimd128, and runs both through wasmaot). Plain C: clang's vectorisers
 * turn the loops into wasm SIMD when -msimd128 is given, and wasmaot lowers
 * that to native vector code. Each kernel's result is printed and checked
 * equal across builds, so none of the work can be optimised away.
 *
 *   blur:     3x3 box blur of a 1024x1024 8-bit image, 400 passes (the
 *             division by 3 as a multiply and shift: wasm SIMD has no
 *             integer division, and clang scalarises one)
 *   checksum: byte sum, sum of squares and xor over 32 MiB, 32 times (no
 *             per-lane variable shifts: wasm SIMD has none)
 *   saxpy:    y = a*x + y over 2^20 floats, 200 times
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define W 1024
#define H 1024

static uint8_t img[W * H], tmp[W * H];

static uint32_t blur(void) {
  for (int i = 0; i < W * H; ++i)
    img[i] = (uint8_t)(i * 2654435761u >> 24);
  for (int pass = 0; pass < 400; ++pass) {
    for (int y = 1; y < H - 1; ++y)
      for (int x = 0; x < W; ++x)
        tmp[y * W + x] = (uint8_t)(((uint32_t)img[(y - 1) * W + x] +
                                    img[y * W + x] + img[(y + 1) * W + x]) *
                                       21846u >> 16);
    for (int y = 1; y < H - 1; ++y)
      for (int x = 1; x < W - 1; ++x)
        img[y * W + x] = (uint8_t)(((uint32_t)tmp[y * W + x - 1] +
                                    tmp[y * W + x] + tmp[y * W + x + 1]) *
                                       21846u >> 16);
  }
  uint32_t s = 0;
  for (int i = 0; i < W * H; ++i)
    s = s * 31 + img[i];
  return s;
}

#define N (32u << 20)
static uint32_t checksum(void) {
  uint8_t *buf = malloc(N);
  for (uint32_t i = 0; i < N; ++i)
    buf[i] = (uint8_t)(i ^ (i >> 7));
  uint32_t total = 0;
  for (int rep = 0; rep < 32; ++rep) {
    uint32_t sum = 0, sq = 0;
    uint8_t x = 0;
    for (uint32_t i = 0; i < N; ++i) {
      sum += buf[i];
      sq += (uint32_t)buf[i] * buf[i];
      x ^= buf[i];
    }
    total = total * 33 + sum + sq * 7 + x;
    buf[rep] ^= (uint8_t)total;
  }
  free(buf);
  return total;
}

#define M (1u << 20)
static float xs[M], ys[M];
static uint32_t saxpy(void) {
  for (uint32_t i = 0; i < M; ++i) {
    xs[i] = (float)(i & 1023) * 0.5f;
    ys[i] = 1.0f;
  }
  for (int rep = 0; rep < 200; ++rep) {
    float a = 0.25f + (float)rep * 1e-6f;
    for (uint32_t i = 0; i < M; ++i)
      ys[i] = a * xs[i] + ys[i] * 0.5f;
  }
  double s = 0;
  for (uint32_t i = 0; i < M; ++i)
    s += ys[i];
  return (uint32_t)s;
}

int main(int argc, char **argv) {
  const char *which = argc > 1 ? argv[1] : "all";
  if (which[0] == 'b' || which[0] == 'a')
    printf("blur %u\n", blur());
  if (which[0] == 'c' || which[0] == 'a')
    printf("checksum %u\n", checksum());
  if (which[0] == 's' || which[0] == 'a')
    printf("saxpy %u\n", saxpy());
  return 0;
}
