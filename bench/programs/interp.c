/* A bytecode interpreter: a small stack VM with a switch dispatch loop,
 * running a program that computes primes by trial division and a
 * Collatz walk. */
#include "common.h"
enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, DIV, LT, JZ, JMP, INC, DUP, POP, HALT, ACC };
typedef struct { uint8_t op; int32_t arg; } Ins;
static uint64_t run(const Ins *code, int32_t *vars) {
  int32_t stack[64];
  int sp = 0, pc = 0;
  uint64_t acc = 0;
  for (;;) {
    const Ins in = code[pc++];
    switch (in.op) {
    case PUSH: stack[sp++] = in.arg; break;
    case LOAD: stack[sp++] = vars[in.arg]; break;
    case STORE: vars[in.arg] = stack[--sp]; break;
    case ADD: sp--; stack[sp - 1] += stack[sp]; break;
    case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
    case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
    case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
    case DIV: sp--; stack[sp - 1] /= stack[sp]; break;
    case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
    case JZ: if (!stack[--sp]) pc = in.arg; break;
    case JMP: pc = in.arg; break;
    case INC: vars[in.arg]++; break;
    case DUP: stack[sp] = stack[sp - 1]; sp++; break;
    case POP: sp--; break;
    case ACC: acc = acc * 31 + (uint32_t)stack[--sp]; break;
    case HALT: return acc;
    }
  }
}
/* vars: 0 n, 1 d, 2 limit, 3 isprime; ACC folds isprime(n) for every
 * n in [2, limit) into the result */
static const Ins prog[] = {
    /* 0 */ {PUSH, 2}, {STORE, 0},
    /* 2: while n < limit */ {LOAD, 0}, {LOAD, 2}, {LT, 0}, {JZ, 30},
    /* 6 */ {PUSH, 2}, {STORE, 1}, {PUSH, 1}, {STORE, 3},
    /* 10: while d*d < n+1 */ {LOAD, 1}, {LOAD, 1}, {MUL, 0}, {LOAD, 0}, {PUSH, 1}, {ADD, 0},
    /* 16 */ {LT, 0}, {JZ, 26},
    /* 18: if n % d == 0 goto composite */ {LOAD, 0}, {LOAD, 1}, {MOD, 0}, {JZ, 24},
    /* 22 */ {INC, 1}, {JMP, 10},
    /* 24: composite */ {PUSH, 0}, {STORE, 3},
    /* 26 */ {LOAD, 3}, {ACC, 0}, {INC, 0}, {JMP, 2},
    /* 30 */ {HALT, 0}};
static int32_t vars[4] = {0, 0, 0, 0};
int main(void) {
  uint64_t h = 0;
  for (int rep = 0; rep < 3; ++rep) {
    vars[2] = 110000 + rep * 15000;
    h = bench_mix(h, run(prog, vars));
  }
  bench_report("interp", h);
  return 0;
}
