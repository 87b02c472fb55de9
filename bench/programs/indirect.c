/* Indirect-call-heavy code: a table of small operations picked by data,
 * called through function pointers (call_indirect in wasm), plus a
 * vtable-style object walk. */
#include "common.h"
typedef uint32_t (*op_fn)(uint32_t, uint32_t);
static uint32_t op_add(uint32_t a, uint32_t b) { return a + b; }
static uint32_t op_sub(uint32_t a, uint32_t b) { return a - b; }
static uint32_t op_xor(uint32_t a, uint32_t b) { return a ^ b; }
static uint32_t op_mul(uint32_t a, uint32_t b) { return a * (b | 1); }
static uint32_t op_rot(uint32_t a, uint32_t b) { return a << (b & 31) | a >> ((32 - b) & 31); }
static uint32_t op_min(uint32_t a, uint32_t b) { return a < b ? a : b; }
static uint32_t op_max(uint32_t a, uint32_t b) { return a > b ? a : b; }
static uint32_t op_avg(uint32_t a, uint32_t b) { return (a & b) + ((a ^ b) >> 1); }
static op_fn table[8] = {op_add, op_sub, op_xor, op_mul, op_rot, op_min, op_max, op_avg};
typedef struct Shape Shape;
typedef struct { double (*area)(const Shape *); double (*perim)(const Shape *); } VT;
struct Shape { const VT *vt; double a, b; };
static double rect_area(const Shape *s) { return s->a * s->b; }
static double rect_perim(const Shape *s) { return 2 * (s->a + s->b); }
static double tri_area(const Shape *s) { return 0.5 * s->a * s->b; }
static double tri_perim(const Shape *s) { return s->a + s->b + (s->a > s->b ? s->a : s->b); }
static double circ_area(const Shape *s) { return 3.14159 * s->a * s->a; }
static double circ_perim(const Shape *s) { return 6.28318 * s->a; }
static const VT vts[3] = {{rect_area, rect_perim}, {tri_area, tri_perim}, {circ_area, circ_perim}};
#define NS 4096
static Shape shapes[NS];
static uint8_t sel[1 << 16];
int main(void) {
  for (int i = 0; i < (1 << 16); ++i) sel[i] = (uint8_t)(bench_rand() & 7);
  for (int i = 0; i < NS; ++i) shapes[i] = (Shape){&vts[bench_rand() % 3], bench_randf() + 0.1, bench_randf() + 0.1};
  uint32_t acc = 1;
  for (int rep = 0; rep < 400; ++rep)
    for (int i = 0; i < (1 << 16); ++i) acc = table[sel[i]](acc, (uint32_t)i + rep);
  double tot = 0;
  for (int rep = 0; rep < 600; ++rep)
    for (int i = 0; i < NS; ++i) tot += shapes[i].vt->area(&shapes[i]) - 0.1 * shapes[i].vt->perim(&shapes[i]);
  uint64_t h = bench_mix(acc, 0);
  h = bench_mixd(h, tot);
  bench_report("indirect", h);
  return 0;
}
