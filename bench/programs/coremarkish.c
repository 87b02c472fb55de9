/* A CoreMark-like mix, written here from CoreMark's description (not its
 * code): linked-list find/reverse/merge-sort, small int16 matrix kernels,
 * a number-recognising state machine, and CRC-16 over every result. */
#include "common.h"
#include <string.h>
static uint16_t crc16(uint16_t crc, uint8_t b) {
  for (int i = 0; i < 8; ++i) {
    uint16_t x = (crc ^ b) & 1;
    b >>= 1;
    crc >>= 1;
    if (x) crc ^= 0xA001;
  }
  return crc;
}
static uint16_t crc16w(uint16_t crc, uint32_t v) {
  for (int i = 0; i < 4; ++i) crc = crc16(crc, (uint8_t)(v >> (8 * i)));
  return crc;
}
/* --- list --- */
typedef struct Node { struct Node *next; int16_t data, idx; } Node;
#define NN 64
static Node pool[NN];
static Node *list_init(void) {
  for (int i = 0; i < NN; ++i) {
    pool[i].next = i + 1 < NN ? &pool[i + 1] : 0;
    pool[i].idx = (int16_t)i;
    pool[i].data = (int16_t)((i * 0x3b9 + 7) ^ (i << 3)) & 0x7fff;
  }
  return &pool[0];
}
static Node *reverse(Node *l) {
  Node *r = 0;
  while (l) { Node *n = l->next; l->next = r; r = l; l = n; }
  return r;
}
static Node *find(Node *l, int16_t data) {
  while (l && (l->data & 0xff) != data) l = l->next;
  return l;
}
static int cmp_data(const Node *a, const Node *b, int by_idx) {
  return by_idx ? a->idx - b->idx : (a->data & 0x7ff) - (b->data & 0x7ff);
}
static Node *msort(Node *l, int by_idx) {
  int insize = 1;
  for (;;) {
    Node *p = l, *tail = 0;
    l = 0;
    int merges = 0;
    while (p) {
      merges++;
      Node *q = p;
      int psize = 0;
      for (int i = 0; i < insize && q; ++i) { psize++; q = q->next; }
      int qsize = insize;
      while (psize > 0 || (qsize > 0 && q)) {
        Node *e;
        if (!psize) { e = q; q = q->next; qsize--; }
        else if (!qsize || !q || cmp_data(p, q, by_idx) <= 0) { e = p; p = p->next; psize--; }
        else { e = q; q = q->next; qsize--; }
        if (tail) tail->next = e; else l = e;
        tail = e;
      }
      p = q;
    }
    tail->next = 0;
    if (merges <= 1) return l;
    insize *= 2;
  }
}
static uint16_t bench_list(uint16_t crc, int seed) {
  Node *l = list_init();
  for (int i = 0; i < 16; ++i) {
    Node *f = find(l, (int16_t)((seed + i) & 0xff));
    crc = crc16w(crc, f ? (uint32_t)f->idx : 0xffffu);
    l = reverse(l);
    l = msort(l, 0);
    crc = crc16w(crc, (uint32_t)l->data);
    l = msort(l, 1);
  }
  return crc;
}
/* --- matrix --- */
#define MN 12
static int16_t MA[MN][MN], MB[MN][MN];
static int32_t MC[MN][MN];
static uint16_t bench_matrix(uint16_t crc, int seed) {
  for (int i = 0; i < MN; ++i)
    for (int j = 0; j < MN; ++j) {
      MA[i][j] = (int16_t)((seed * (i + 1) + j * 31) & 0xff);
      MB[i][j] = (int16_t)((seed ^ (i * 7 + j)) & 0x7f);
    }
  int16_t val = (int16_t)(seed & 0x3f);
  for (int i = 0; i < MN; ++i)
    for (int j = 0; j < MN; ++j) MA[i][j] += val;
  for (int i = 0; i < MN; ++i)
    for (int j = 0; j < MN; ++j) MC[i][j] = MA[i][j] * val;
  for (int i = 0; i < MN; ++i)
    for (int j = 0; j < MN; ++j) crc = crc16w(crc, (uint32_t)MC[i][j]);
  for (int i = 0; i < MN; ++i)
    for (int j = 0; j < MN; ++j) {
      int32_t s = 0;
      for (int k = 0; k < MN; ++k) s += MA[i][k] * MB[k][j];
      MC[i][j] = s;
    }
  int32_t tot = 0;
  for (int i = 0; i < MN; ++i)
    for (int j = 0; j < MN; ++j) {
      tot += ((MC[i][j] >> 2) & 0xf) * ((MC[i][j] >> 5) & 0x7f);
      crc = crc16w(crc, (uint32_t)MC[i][j]);
    }
  return crc16w(crc, (uint32_t)tot);
}
/* --- state machine --- */
enum { S_START, S_INT, S_FLOAT, S_EXP, S_SCI, S_INVALID, S_NSTATES };
static char text[512];
static uint16_t bench_state(uint16_t crc, int seed) {
  static const char *toks[] = {"5012", "1234", "-874", "+122", "35.54", "-0.1", ".1234",
                               "5.500e+3", "-.123e-2", "-87e+832", "+0.6e-12", "T0.3e-1F", "-T.T++Tq"};
  int n = 0;
  for (int i = 0; n < 480; ++i) {
    const char *t = toks[(seed + i * 5) % 13];
    while (*t) text[n++] = *t++;
    text[n++] = ',';
  }
  text[n] = 0;
  uint32_t counts[S_NSTATES] = {0};
  for (int pass = 0; pass < 2; ++pass) {
    const char *p = text;
    while (*p) {
      int st = S_START;
      for (; *p && *p != ','; ++p) {
        char c = *p;
        switch (st) {
        case S_START:
          st = (c >= '0' && c <= '9') ? S_INT : (c == '+' || c == '-') ? S_INT : c == '.' ? S_FLOAT : S_INVALID;
          break;
        case S_INT:
          st = (c >= '0' && c <= '9') ? S_INT : c == '.' ? S_FLOAT : (c == 'e' || c == 'E') ? S_EXP : S_INVALID;
          break;
        case S_FLOAT:
          st = (c >= '0' && c <= '9') ? S_FLOAT : (c == 'e' || c == 'E') ? S_EXP : S_INVALID;
          break;
        case S_EXP:
          st = (c == '+' || c == '-' || (c >= '0' && c <= '9')) ? S_SCI : S_INVALID;
          break;
        case S_SCI:
          st = (c >= '0' && c <= '9') ? S_SCI : S_INVALID;
          break;
        default: break;
        }
      }
      counts[st]++;
      if (*p) ++p;
    }
    if (pass == 0)
      for (int i = 0; i < n; i += 3) if (text[i] == '5') text[i] = 'x';
  }
  for (int s = 0; s < S_NSTATES; ++s) crc = crc16w(crc, counts[s]);
  return crc;
}
int main(void) {
  uint16_t crc = 0;
  uint64_t h = 0;
  for (int it = 0; it < 6000; ++it) {
    crc = bench_list(crc, it);
    crc = bench_matrix(crc, it);
    crc = bench_state(crc, it);
    if ((it & 127) == 0) h = bench_mix(h, crc);
  }
  h = bench_mix(h, crc);
  bench_report("coremarkish", h);
  return 0;
}
