/* String / JSON-style parsing: generate a JSON document of records, then
 * tokenise and parse it repeatedly (numbers, escaped strings, nesting),
 * summing what it finds. */
#include "common.h"
#include <stdlib.h>
#include <string.h>
#define CAP (4 << 20)
static char doc[CAP];
static size_t len;
static void put(const char *s) { while (*s) doc[len++] = *s++; }
static void putnum(long v) {
  char t[24]; int n = 0;
  if (v < 0) { doc[len++] = '-'; v = -v; }
  do { t[n++] = (char)('0' + v % 10); v /= 10; } while (v);
  while (n) doc[len++] = t[--n];
}
typedef struct { const char *p; uint64_t h; long nums; long strs; int depth, maxdepth; } P;
static void ws(P *s) { while (*s->p == ' ' || *s->p == '\n' || *s->p == '\t') s->p++; }
static int value(P *s);
static int string(P *s) {
  uint32_t hv = 2166136261u;
  s->p++;
  while (*s->p != '"') {
    char c = *s->p++;
    if (c == '\\') {
      c = *s->p++;
      if (c == 'n') c = '\n'; else if (c == 't') c = '\t';
      else if (c == 'u') { int v = 0; for (int k = 0; k < 4; ++k) { char x = *s->p++; v = v * 16 + (x <= '9' ? x - '0' : (x | 32) - 'a' + 10); } c = (char)v; }
    }
    hv = (hv ^ (uint8_t)c) * 16777619u;
  }
  s->p++;
  s->strs++;
  s->h = bench_mix(s->h, hv);
  return 1;
}
static int number(P *s) {
  int neg = 0;
  if (*s->p == '-') { neg = 1; s->p++; }
  long ip = 0; double frac = 0, scale = 1;
  while (*s->p >= '0' && *s->p <= '9') ip = ip * 10 + (*s->p++ - '0');
  if (*s->p == '.') { s->p++; while (*s->p >= '0' && *s->p <= '9') { frac = frac * 10 + (*s->p++ - '0'); scale *= 10; } }
  double v = (double)ip + frac / scale;
  s->nums++;
  s->h = bench_mixd(s->h, neg ? -v : v);
  return 1;
}
static int value(P *s) {
  ws(s);
  char c = *s->p;
  if (c == '{' || c == '[') {
    char close = c == '{' ? '}' : ']';
    if (++s->depth > s->maxdepth) s->maxdepth = s->depth;
    s->p++; ws(s);
    if (*s->p == close) { s->p++; s->depth--; return 1; }
    for (;;) {
      if (c == '{') { ws(s); if (*s->p != '"' || !string(s)) return 0; ws(s); if (*s->p++ != ':') return 0; }
      if (!value(s)) return 0;
      ws(s);
      if (*s->p == ',') { s->p++; continue; }
      if (*s->p == close) { s->p++; s->depth--; return 1; }
      return 0;
    }
  }
  if (c == '"') return string(s);
  if (c == '-' || (c >= '0' && c <= '9')) return number(s);
  if (!strncmp(s->p, "true", 4)) { s->p += 4; s->h = bench_mix(s->h, 1); return 1; }
  if (!strncmp(s->p, "false", 5)) { s->p += 5; s->h = bench_mix(s->h, 2); return 1; }
  if (!strncmp(s->p, "null", 4)) { s->p += 4; s->h = bench_mix(s->h, 3); return 1; }
  return 0;
}
int main(void) {
  static const char *names[] = {"alpha", "beta", "gamma", "delta\\n", "eps\\u0041lon", "zeta\\\"q"};
  put("[");
  for (int r = 0; len < CAP - 512; ++r) {
    if (r) put(",\n");
    put("{\"id\": "); putnum(r);
    put(", \"name\": \""); put(names[bench_rand() % 6]); put("\"");
    put(", \"score\": "); putnum((long)(bench_rand() % 200000) - 100000); put(".");
    putnum(bench_rand() % 1000);
    put(", \"tags\": [\"x\", \"y\", {\"deep\": [true, false, null, ");
    putnum(bench_rand() % 100); put("]}], \"ok\": true}");
  }
  put("]");
  doc[len] = 0;
  uint64_t h = 0;
  for (int rep = 0; rep < 48; ++rep) {
    P s = {doc, (uint64_t)rep, 0, 0, 0, 0};
    if (!value(&s)) { printf("json: parse error at %ld\n", (long)(s.p - doc)); return 1; }
    h = bench_mix(h, s.h);
    h = bench_mix(h, (uint64_t)s.nums << 32 | (uint64_t)s.strs);
    h = bench_mix(h, s.maxdepth);
  }
  bench_report("json", h);
  return 0;
}
