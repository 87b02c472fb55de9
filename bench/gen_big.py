#!/usr/bin/env python3
"""Writes a large generated C file for compile-time measurements:
N functions of mixed integer/float code with loops, switches and calls
between them, all reachable from exported entry points.
   gen_big.py N OUT.c"""
import sys

n, out = int(sys.argv[1]), sys.argv[2]
with open(out, "w") as f:
    f.write("#include <stdint.h>\n")
    for i in range(n):
        f.write(f"__attribute__((noinline)) uint32_t f{i}(uint32_t a, uint32_t b, double *p) {{\n")
        f.write(f"  uint32_t s = a * {2 * i + 1}u + b;\n  double d = p[{i % 7}];\n")
        f.write(f"  for (uint32_t k = 0; k < (a & 15); ++k) {{\n")
        f.write(f"    switch ((s + k) % 5) {{\n")
        f.write(f"    case 0: s ^= s << {i % 13 + 1}; break;\n")
        f.write(f"    case 1: s += b * k + {i}u; d += s * 0.5; break;\n")
        f.write(f"    case 2: s = (s >> 3) | (s << 29); d *= 1.0001; break;\n")
        f.write(f"    case 3: p[k & 7] += d; break;\n")
        f.write(f"    default: s -= a / (k + 1); break;\n    }}\n  }}\n")
        if i:
            f.write(f"  if (s & 1) s += f{(i * 7919) % i}(s, a, p);\n")
        f.write("  return s + (uint32_t)d;\n}\n")
    f.write("__attribute__((export_name(\"entry\"))) uint32_t entry(uint32_t a) {\n")
    f.write("  double buf[8] = {0};\n  uint32_t s = 0;\n")
    for i in range(max(0, n - 64), n):
        f.write(f"  s += f{i}(a + {i}u, s, buf);\n")
    f.write("  return s;\n}\n")
