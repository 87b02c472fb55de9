#!/usr/bin/env python3
"""Writes deep.wasm (argv[1]), a valid component whose export is an
instance nested N deep (default 50,000): instance k exports instance k-1
as "a", instance 0 a function, so `wasmaot compile` names that function
"x#a#a#...#a#f". Written as binary here (no toolchain needed). Planning
it must take neither deep recursion nor quadratic copies
(run_hostile.sh: component-deep-instances); it took 618 MB at 20,000 when
each level copied its path."""
import sys

def leb(n):
    out = bytearray()
    while True:
        b = n & 0x7f
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)

def name(s):
    return leb(len(s)) + s.encode()

def section(i, body):
    return bytes([i]) + leb(len(body)) + body

def vec(items):
    return leb(len(items)) + b''.join(items)

n = int(sys.argv[2]) if len(sys.argv) > 2 else 50000
core = (b'\0asm\1\0\0\0'
        + section(1, vec([b'\x60\x00\x00']))                 # type () -> ()
        + section(3, vec([leb(0)]))                          # func 0: type 0
        + section(7, vec([name('f') + b'\x00' + leb(0)]))    # export "f"
        + section(10, vec([b'\x02\x00\x0b'])))               # body: end
out = b'\0asm\x0d\x00\x01\x00'
out += section(1, core)                                      # core module
out += section(2, vec([b'\x00' + leb(0) + vec([])]))         # instantiate
out += section(7, vec([b'\x40' + vec([]) + b'\x01\x00']))    # func type
out += section(6, vec([b'\x00\x00\x01' + leb(0) + name('f')]))  # alias core func
out += section(8, vec([b'\x00\x00' + leb(0) + vec([]) + leb(0)]))  # canon lift
insts = [b'\x01' + vec([b'\x00' + name('f') + b'\x01' + leb(0)])]
insts += [b'\x01' + vec([b'\x00' + name('a') + b'\x05' + leb(k - 1)])
          for k in range(1, n + 1)]
out += section(5, vec(insts))
out += section(11, vec([b'\x00' + name('x') + b'\x05' + leb(n) + b'\x00']))
open(sys.argv[1], 'wb').write(out)
