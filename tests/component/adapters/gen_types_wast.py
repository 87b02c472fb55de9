#!/usr/bin/env python3
"""Writes types.wast: one component exercising every WIT type the compiled
Canonical ABI adapters handle, for the differential test (README.md here).
The build runs it (tests/component/CMakeLists.txt); by hand:

  python3 tests/component/adapters/gen_types_wast.py [OUT.wast]

For each type T the component exports
  rt-N: func(x: T, p0..p15: u64) -> T   the 17+ flat params spill, so the
        core function gets a pointer to the stored tuple: it returns that
        pointer (T stored at offset 0) or loads T's one flat value from it:
        lower into memory (store) then lift from memory (load/lift_flat)
  fl-N: func(x: T) -> list<u8>          (flat(T) <= 16) the core function
        dumps its flat params, 8 bytes each: lower_flat, compared
  ld-N: func(p: u32) -> T               lifts T from any address: the traps
plus poke (write a u64), set-mode (realloc misbehaves), heap (the bytes
realloc handed out), pr-count (post-return calls), reset.
"""
import sys

def prim(n): return ('prim', n)
U8, U16, U32, U64 = prim('u8'), prim('u16'), prim('u32'), prim('u64')
S8, S16, S32, S64 = prim('s8'), prim('s16'), prim('s32'), prim('s64')
F32, F64, BOOL, CHAR, STR = prim('f32'), prim('f64'), prim('bool'), prim('char'), prim('string')
def lst(t): return ('list', t)
def rec(name, fields): return ('record', name, fields)
def tup(*ts): return ('tuple', list(ts))
def var(name, cases): return ('variant', name, cases)
def enum(name, labels): return ('enum', name, labels)
def opt(t): return ('option', t)
def res(ok, err): return ('result', ok, err)
def flags(name, labels): return ('flags', name, labels)

POINT = rec('point', [('x', F64), ('y', S16)])
SMALL = rec('small', [('a', U8), ('b', U32), ('c', U16)])
PERSON = rec('person', [('name', STR), ('tags', lst(STR)), ('score', F64), ('ok', BOOL)])
SHAPE = var('shape', [('circle', F32), ('named', STR), ('none', None), ('big', U64), ('pt', POINT)])
JOIN = var('join', [('f', F32), ('i', U32), ('d', F64), ('l', S64), ('e', None)])
COLOR = enum('color', ['red', 'green', 'blue'])
PERMS = flags('perms', ['read', 'write', 'exec'])
F32S = flags('f-thirty-two', ['b%d' % i for i in range(32)])
ONE = rec('one', [('v', U32)])
NESTED = rec('nested', [('people', lst(PERSON)), ('shapes', lst(SHAPE)), ('grid', lst(lst(U16)))])

TYPES = [
    BOOL, S8, U8, S16, U16, S32, U32, S64, U64, F32, F64, CHAR, STR,
    lst(U8), lst(U32), lst(U64), lst(S16), lst(F32), lst(F64), lst(CHAR), lst(BOOL), lst(STR),
    lst(lst(U16)), lst(lst(STR)), SMALL, POINT, ONE, PERSON, tup(U8, STR, F32),
    SHAPE, JOIN, COLOR, PERMS, F32S, opt(U8), opt(opt(STR)), opt(F64), res(U32, STR),
    res(None, None), res(None, U8), res(STR, None), lst(SMALL), lst(POINT), lst(SHAPE),
    lst(opt(U32)), lst(res(STR, U8)), lst(COLOR), lst(PERMS), NESTED, tup(CHAR, lst(U8), SHAPE, opt(STR)),
]

def named(t): return t[0] in ('record', 'variant', 'enum', 'flags')

def ref(t):
    k = t[0]
    if k == 'prim': return t[1]
    if named(t): return '$' + t[1]
    if k == 'list': return '(list %s)' % ref(t[1])
    if k == 'tuple': return '(tuple%s)' % ''.join(' ' + ref(e) for e in t[1])
    if k == 'option': return '(option %s)' % ref(t[1])
    if k == 'result':
        s = '(result'
        if t[1]: s += ' ' + ref(t[1])
        if t[2]: s += ' (error %s)' % ref(t[2])
        return s + ')'
    raise ValueError(t)

def define(t):
    k, name = t[0], t[1]
    if k == 'record': body = '(record%s)' % ''.join(' (field "%s" %s)' % (l, ref(f)) for l, f in t[2])
    elif k == 'variant': body = '(variant%s)' % ''.join(' (case "%s"%s)' % (l, ' ' + ref(p) if p else '') for l, p in t[2])
    elif k == 'enum': body = '(enum%s)' % ''.join(' "%s"' % l for l in t[2])
    else: body = '(flags%s)' % ''.join(' "%s"' % l for l in t[2])
    return '  (type $%s\' %s)\n  (export $%s "%s" (type $%s\'))\n' % (name, body, name, name, name)

def children(t):
    k = t[0]
    if k in ('list', 'option'): return [t[1]]
    if k == 'tuple': return t[1]
    if k == 'record': return [f for _, f in t[2]]
    if k == 'variant': return [p for _, p in t[2] if p]
    if k == 'result': return [x for x in t[1:] if x]
    return []

def join(a, b):
    if a == b: return a
    if {a, b} == {'i32', 'f32'}: return 'i32'
    return 'i64'

def flat(t):
    k = t[0]
    if k == 'prim':
        n = t[1]
        if n in ('string',): return ['i32', 'i32']
        if n in ('u64', 's64'): return ['i64']
        if n in ('f32', 'f64'): return [n]
        return ['i32']
    if k == 'list': return ['i32', 'i32']
    if k in ('record', 'tuple'):
        return sum((flat(c) for c in children(t)), [])
    if k == 'enum': return ['i32']
    if k == 'flags': return ['i32'] * ((len(t[2]) + 31) // 32)
    cases = {'variant': lambda: [p for _, p in t[2]], 'option': lambda: [None, t[1]],
             'result': lambda: [t[1], t[2]]}[k]()
    out = []
    for p in cases:
        if p is None: continue
        for i, f in enumerate(flat(p)):
            if i < len(out): out[i] = join(out[i], f)
            else: out.append(f)
    return ['i32'] + out

def size1(t):
    """Byte size of a type whose flat form is one value (its core load)."""
    k = t[0]
    if k == 'prim':
        return {'bool': 1, 'u8': 1, 's8': 1, 'u16': 2, 's16': 2, 'u64': 8, 's64': 8, 'f64': 8}.get(t[1], 4)
    if k == 'flags': n = len(t[2]); return 1 if n <= 8 else 2 if n <= 16 else 4
    if k in ('enum', 'variant', 'option', 'result'): return 1
    if k in ('record', 'tuple'): return size1(children(t)[0])
    raise ValueError(t)

def loader(t):
    f = flat(t)
    if len(f) != 1: return 'id'
    if f[0] in ('f32', 'f64', 'i64'): return 'ld' + f[0]
    return 'ld%d' % (8 * size1(t))

out = []
w = out.append
w(';; Generated by gen_types_wast.py: do not edit.\n')
w(';; Every WIT type the compiled adapters handle, lowered and lifted (README.md).\n')
COMPONENT_START = len(out)
w('(component\n')
M_START = len(out)
w('''  (core module $M
    (memory (export "mem") 1)
    (global $heap (mut i32) (i32.const 4096))
    (global $mode (mut i32) (i32.const 0))
    (global $prs (mut i32) (i32.const 0))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (if (i32.eq (global.get $mode) (i32.const 1)) (then (return (i32.const 4097))))
      (if (i32.eq (global.get $mode) (i32.const 2)) (then (return (i32.const 0xfffffff0))))
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
        (then (drop (memory.grow (i32.add (i32.const 1) (i32.shr_u
          (i32.sub (global.get $heap) (i32.mul (memory.size) (i32.const 65536))) (i32.const 16)))))))
      (if (local.get 0)
        (then (memory.copy (local.get $p) (local.get 0)
          (select (local.get 1) (local.get 3) (i32.lt_u (local.get 1) (local.get 3))))))
      (local.get $p))
    (func (export "id") (param i32) (result i32) (local.get 0))
    (func (export "ld8") (param i32) (result i32) (i32.load8_u (local.get 0)))
    (func (export "ld16") (param i32) (result i32) (i32.load16_u (local.get 0)))
    (func (export "ld32") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "ldi64") (param i32) (result i64) (i64.load (local.get 0)))
    (func (export "ldf32") (param i32) (result f32) (f32.load (local.get 0)))
    (func (export "ldf64") (param i32) (result f64) (f64.load (local.get 0)))
    (func (export "poke") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
    (func (export "set-mode") (param i32) (global.set $mode (local.get 0)))
    (func (export "reset") (global.set $heap (i32.const 4096)) (global.set $mode (i32.const 0)))
    (func (export "heap") (result i32)
      (i32.store (i32.const 0) (i32.const 4096))
      (i32.store (i32.const 4) (i32.sub (global.get $heap) (i32.const 4096)))
      (i32.const 0))
    (func (export "pr") (param i32) (global.set $prs (i32.add (global.get $prs) (i32.const 1))))
    (func (export "pr-count") (result i32) (global.get $prs))
''')
sigs = {}
for t in TYPES:
    f = flat(t)
    if len(f) <= 16:
        sigs['_'.join(f) or 'none'] = f
for name, f in sorted(sigs.items()):
    w('    (func (export "dump-%s")%s (result i32)\n' % (name, ''.join(' (param %s)' % x for x in f)))
    for i, x in enumerate(f):
        w('      (%s.store (i32.const %d) (local.get %d))\n' % (x, 1024 + 8 * i, i))
    w('      (i32.store (i32.const 1016) (i32.const 1024)) (i32.store (i32.const 1020) (i32.const %d))\n' % (8 * len(f)))
    w('      (i32.const 1016))\n')
w('  )\n')
M_END = len(out)
w('  (core instance $m (instantiate $M))\n')
seen = set()
def emit_types(t):
    for c in children(t):
        emit_types(c)
    if named(t) and t[1] not in seen:
        seen.add(t[1])
        w(define(t))
for t in TYPES:
    emit_types(t)
opts = '(memory (core memory $m "mem")) (realloc (core func $m "realloc"))'
EXPORTS = []  # (name, type, kind, options) of rt-* and fl-* for lowered()
pad = ''.join(' (param "p%d" u64)' % i for i in range(16))
for i, t in enumerate(TYPES):
    w('  ;; %d: %s\n' % (i, ref(t)))
    pr = ' (post-return (core func $m "pr"))' if loader(t) == 'id' else ''
    EXPORTS.append(('rt-%d' % i, t, 'rt', opts))
    if len(flat(t)) <= 16:
        EXPORTS.append(('fl-%d' % i, t, 'fl', opts))
    w('  (func (export "rt-%d") (param "x" %s)%s (result %s)\n    (canon lift (core func $m "%s") %s%s))\n'
      % (i, ref(t), pad, ref(t), loader(t), opts, pr))
    f = flat(t)
    if len(f) <= 16:
        w('  (func (export "fl-%d") (param "x" %s) (result (list u8))\n    (canon lift (core func $m "dump-%s") %s))\n'
          % (i, ref(t), '_'.join(f) or 'none', opts))
    w('  (func (export "ld-%d") (param "p" u32) (result %s)\n    (canon lift (core func $m "%s") %s))\n'
      % (i, ref(t), loader(t), opts))
# The same string-holding types with the other two string encodings.
ENCODED = [STR, lst(STR), PERSON, opt(opt(STR)), res(U32, STR), tup(U8, STR, F32), NESTED]
ENCODINGS = [('u16', 'string-encoding=utf16'), ('l1', 'string-encoding=latin1+utf16')]
for t in ENCODED:
    i = TYPES.index(t)
    for tag, enc in ENCODINGS:
        eopts = enc + ' ' + opts
        EXPORTS.append(('rt-%d-%s' % (i, tag), t, 'rt', eopts))
        if len(flat(t)) <= 16:
            EXPORTS.append(('fl-%d-%s' % (i, tag), t, 'fl', eopts))
        w('  (func (export "rt-%d-%s") (param "x" %s)%s (result %s)\n    (canon lift (core func $m "%s") %s))\n'
          % (i, tag, ref(t), pad, ref(t), loader(t), eopts))
        if len(flat(t)) <= 16:
            w('  (func (export "fl-%d-%s") (param "x" %s) (result (list u8))\n    (canon lift (core func $m "dump-%s") %s))\n'
              % (i, tag, ref(t), '_'.join(flat(t)), eopts))
        w('  (func (export "ld-%d-%s") (param "p" u32) (result %s)\n    (canon lift (core func $m "%s") %s))\n'
          % (i, tag, ref(t), loader(t), eopts))
w('''  (func (export "poke") (param "p" u32) (param "v" u64) (canon lift (core func $m "poke")))
  (func (export "set-mode") (param "m" u32) (canon lift (core func $m "set-mode")))
  (func (export "reset") (canon lift (core func $m "reset")))
  (func (export "heap") (result (list u8)) (canon lift (core func $m "heap") %s))
  (func (export "pr-count") (result u32) (canon lift (core func $m "pr-count")))
)
''' % opts)
COMPONENT_END = len(out)

INTS = {'bool': ['true', 'false', 'true'], 'u8': ['0', '255', '7'], 's8': ['-128', '127', '-1'],
        'u16': ['65535', '0', '300'], 's16': ['-32768', '32767', '-2'],
        'u32': ['4294967295', '0', '123456'], 's32': ['-2147483648', '2147483647', '-5'],
        'u64': ['18446744073709551615', '0', '1099511627776'],
        's64': ['-9223372036854775808', '9223372036854775807', '-3'],
        'f32': ['1.5', '-0', 'inf'], 'f64': ['-2.25', '1e300', '-inf'],
        'char': ['"x"', '"\\u{10ffff}"', '"\\u{e9}"'],
        'string': ['""', '"hello"', '"h\\u{e9}llo \\u{1f600}"']}

def sample(t, k):
    kind = t[0]
    if kind == 'prim':
        n = t[1]
        head = 'str' if n == 'string' else n
        return '(%s.const %s)' % (head, INTS[n][k % 3])
    if kind == 'list':
        picks = [[], [1], [0, 2, 1]][k % 3]
        return '(list.const%s)' % ''.join(' ' + sample(t[1], j) for j in picks)
    if kind == 'tuple':
        return '(tuple.const%s)' % ''.join(' ' + sample(e, k + j) for j, e in enumerate(t[1]))
    if kind == 'record':
        parts = []
        for j, (l, f) in enumerate(t[2]):
            v = sample(f, k + j)[1:-1]  # (field "l" head args...)
            parts.append(' (field "%s" %s)' % (l, v))
        return '(record.const%s)' % ''.join(parts)
    if kind == 'variant':
        c = (k * 2 + 1) % len(t[2])
        l, p = t[2][c]
        return '(variant.const "%s"%s)' % (l, ' ' + sample(p, k) if p else '')
    if kind == 'enum':
        return '(enum.const "%s")' % t[2][k % len(t[2])]
    if kind == 'flags':
        return '(flags.const%s)' % ''.join(' "%s"' % l for j, l in enumerate(t[2]) if (j + k) % 3 != 1)
    if kind == 'option':
        return '(option.none)' if k % 3 == 0 else '(option.some %s)' % sample(t[1], k + 1)
    if kind == 'result':
        if k % 2 == 0:
            return '(result.ok%s)' % (' ' + sample(t[1], k) if t[1] else '')
        return '(result.err%s)' % (' ' + sample(t[2], k) if t[2] else '')
    raise ValueError(t)

zeros = ' (u64.const 0)' * 16
IDX = dict(char=TYPES.index(CHAR), string=TYPES.index(STR), lu8=TYPES.index(lst(U8)),
           lu32=TYPES.index(lst(U32)), shape=TYPES.index(SHAPE), color=TYPES.index(COLOR),
           resu32str=TYPES.index(res(U32, STR)), optu8=TYPES.index(opt(U8)),
           res0=TYPES.index(res(None, None)), bool=TYPES.index(BOOL), perms=TYPES.index(PERMS),
           f32s=TYPES.index(F32S), one=TYPES.index(ONE), lshape=TYPES.index(lst(SHAPE)),
           lchar=TYPES.index(lst(CHAR)), lstr=TYPES.index(lst(STR)))
w('\n(component instance $i $C)\n') if False else None
for i, t in enumerate(TYPES):
    w(';; %d: %s\n' % (i, ref(t)))
    for k in range(3):
        v = sample(t, k)
        w('(assert_return (invoke "rt-%d" %s%s) %s)\n' % (i, v, zeros, v))
        if len(flat(t)) <= 16:
            w('(invoke "fl-%d" %s)\n' % (i, v))
    w('(invoke "heap")\n(invoke "reset")\n')
for t in ENCODED:
    i = TYPES.index(t)
    w(';; %d: %s in utf16 and latin1+utf16\n' % (i, ref(t)))
    for tag, _ in ENCODINGS:
        for k in range(3):
            v = sample(t, k)
            w('(assert_return (invoke "rt-%d-%s" %s%s) %s)\n' % (i, tag, v, zeros, v))
            if len(flat(t)) <= 16:
                w('(invoke "fl-%d-%s" %s)\n' % (i, tag, v))
        w('(invoke "heap")\n(invoke "reset")\n')
# NaN payloads are canonicalised both ways (compared, not asserted).
w('(invoke "rt-%d" (f32.const nan)%s)\n(invoke "fl-%d" (list.const (f32.const nan)))\n'
  % (TYPES.index(F32), zeros, TYPES.index(lst(F32))))

TRAPS = r"""
;; Lifting from guest memory: every Canonical ABI trap, both paths alike.
(invoke "poke" (u32.const 64) (u64.const 0xd800))
(assert_trap (invoke "ld-{char}" (u32.const 64)) "invalid char")
(invoke "poke" (u32.const 64) (u64.const 0x110000))
(assert_trap (invoke "ld-{char}" (u32.const 64)) "invalid char")
(invoke "poke" (u32.const 64) (u64.const 0x10ffff))
(assert_return (invoke "ld-{char}" (u32.const 64)) (char.const "\u{{10ffff}}"))
(invoke "poke" (u32.const 72) (u64.const 0xff))
(invoke "poke" (u32.const 64) (u64.const 0x100000048))
(assert_trap (invoke "ld-{string}" (u32.const 64)) "invalid utf-8")
(invoke "poke" (u32.const 72) (u64.const 0x00a9c2))
(invoke "poke" (u32.const 64) (u64.const 0x200000048))
(assert_return (invoke "ld-{string}" (u32.const 64)) (str.const "\u{{a9}}"))
(invoke "poke" (u32.const 64) (u64.const 0x100000000fff0))
(assert_trap (invoke "ld-{string}" (u32.const 64)) "out of bounds")
(assert_trap (invoke "ld-{string}" (u32.const 66)) "unaligned")
(assert_trap (invoke "ld-{string}" (u32.const 0xfffffff8)) "out of bounds")
(invoke "poke" (u32.const 64) (u64.const 0x400000001))
(assert_trap (invoke "ld-{lu32}" (u32.const 64)) "unaligned")
(invoke "poke" (u32.const 64) (u64.const 0x4000000000000000))
(assert_trap (invoke "ld-{lu32}" (u32.const 64)) "out of bounds")
(invoke "poke" (u32.const 64) (u64.const 0x3ffffffe00000000))
(assert_trap (invoke "ld-{lu32}" (u32.const 64)) "out of bounds")
(invoke "poke" (u32.const 64) (u64.const 0x3ffffffe00000000))
(assert_trap (invoke "ld-{lu8}" (u32.const 64)) "out of bounds")
(invoke "poke" (u32.const 64) (u64.const 9))
(assert_trap (invoke "ld-{shape}" (u32.const 64)) "invalid discriminant")
(assert_trap (invoke "ld-{shape}" (u32.const 68)) "unaligned")
(assert_trap (invoke "ld-{shape}" (u32.const 0xfffffff0)) "out of bounds")
(invoke "poke" (u32.const 64) (u64.const 3))
(assert_trap (invoke "ld-{color}" (u32.const 64)) "invalid discriminant")
(assert_trap (invoke "ld-{resu32str}" (u32.const 64)) "invalid discriminant")
(invoke "poke" (u32.const 64) (u64.const 2))
(assert_trap (invoke "ld-{optu8}" (u32.const 64)) "invalid discriminant")
(assert_trap (invoke "ld-{res0}" (u32.const 64)) "invalid discriminant")
(invoke "poke" (u32.const 64) (u64.const 0x100))
(assert_return (invoke "ld-{bool}" (u32.const 64)) (bool.const false))
(invoke "poke" (u32.const 64) (u64.const 2))
(assert_return (invoke "ld-{bool}" (u32.const 64)) (bool.const true))
(invoke "poke" (u32.const 64) (u64.const 0xff))
(assert_return (invoke "ld-{perms}" (u32.const 64)) (flags.const "read" "write" "exec"))
(invoke "poke" (u32.const 64) (u64.const 0xffffffffffffffff))
(invoke "ld-{f32s}" (u32.const 64))
(invoke "ld-{one}" (u32.const 64))
;; A list of shapes whose second element has a bad discriminant.
(invoke "poke" (u32.const 128) (u64.const 2))
(invoke "poke" (u32.const 152) (u64.const 7))
(invoke "poke" (u32.const 64) (u64.const 0x200000080))
(assert_trap (invoke "ld-{lshape}" (u32.const 64)) "invalid discriminant")
;; A list of chars with an invalid one, and of strings with bad UTF-8.
(invoke "poke" (u32.const 128) (u64.const 0xdfff00000041))
(invoke "poke" (u32.const 64) (u64.const 0x200000080))
(assert_trap (invoke "ld-{lchar}" (u32.const 64)) "invalid char")
(invoke "poke" (u32.const 128) (u64.const 0x100000090))
(invoke "poke" (u32.const 136) (u64.const 0x100000091))
(invoke "poke" (u32.const 144) (u64.const 0x8041))
(invoke "poke" (u32.const 64) (u64.const 0x200000080))
(assert_trap (invoke "ld-{lstr}" (u32.const 64)) "invalid utf-8")
;; UTF-16: an unpaired surrogate, a misaligned pointer; latin1+utf16: both
;; forms of the tagged length.
(invoke "poke" (u32.const 72) (u64.const 0x0041d800))
(invoke "poke" (u32.const 64) (u64.const 0x200000048))
(assert_trap (invoke "ld-{string}-u16" (u32.const 64)) "invalid utf-16")
(invoke "poke" (u32.const 64) (u64.const 0x100000049))
(assert_trap (invoke "ld-{string}-u16" (u32.const 64)) "unaligned")
(invoke "poke" (u32.const 64) (u64.const 0x8000000200000048))
(assert_trap (invoke "ld-{string}-l1" (u32.const 64)) "invalid utf-16")
(invoke "poke" (u32.const 64) (u64.const 0x300000048))
(invoke "ld-{string}-l1" (u32.const 64))
(invoke "poke" (u32.const 64) (u64.const 0x7fffffff00000048))
(assert_trap (invoke "ld-{string}-l1" (u32.const 64)) "out of bounds")
(invoke "set-mode" (u32.const 2))
(assert_trap (invoke "fl-{string}-u16" (str.const "abc")) "out of bounds")
(assert_trap (invoke "fl-{string}-l1" (str.const "abc")) "out of bounds")
(invoke "reset")
;; realloc answering a misaligned or out-of-bounds pointer.
(invoke "set-mode" (u32.const 1))
(assert_trap (invoke "fl-{lu32}" (list.const (u32.const 1))) "unaligned")
(assert_trap (invoke "rt-{string}" (str.const "abc"){zeros}) "unaligned")
(invoke "set-mode" (u32.const 2))
(assert_trap (invoke "fl-{string}" (str.const "abc")) "out of bounds")
(assert_trap (invoke "fl-{lu8}" (list.const (u8.const 1))) "out of bounds")
(invoke "reset")
(invoke "pr-count")
""".format(zeros=zeros, **IDX)
w(TRAPS)
COMMANDS_START = COMPONENT_END


def lowered():
    """The same commands against a component that reaches every export
    through a `canon lower` (the lower adapters): the component above is
    nested as $C; core module $B imports C's rt-N and fl-N lowered into the
    outer memory and forwards its core arguments to them; the outer
    component lifts B's functions under C's names. ld-N(p) is B's rt-N
    forwarder lifted as (p: u32): the lower adapter lifts the spilled
    (T, u64 x16) tuple at p out of the outer memory, so poke makes the
    lower adapters trap as the commands expect."""
    o = []
    o.append(';; Generated by gen_types_wast.py: do not edit.\n')
    o.append(';; types.wast\'s exports reached through canon lower (README.md).\n')
    o.append('(component\n  (component $C\n')
    o.extend(out[COMPONENT_START + 1:COMPONENT_END - 1])
    o.append('  )\n  (instance $c (instantiate $C))\n')
    o.extend(out[M_START:M_END])
    o.append('  (core instance $m (instantiate $M))\n')
    seen.clear()
    body = []
    global w
    saved = w
    w = body.append
    for t in TYPES:
        emit_types(t)
    w = saved
    o.extend(body)
    OUT = 3072  # the out-pointer area of lowered results (below the heap)
    imports, funcs, inst = [], [], []
    for name, t, kind, eo in EXPORTS:
        o.append('  (alias export $c "%s" (func $c-%s))\n' % (name, name))
        o.append('  (core func $lo-%s (canon lower (func $c-%s) %s))\n' % (name, name, eo))
        f = flat(t)
        ps = ['i32'] if kind == 'rt' else f
        rs = f if kind == 'rt' else ['i32', 'i32']
        spill = len(rs) > 1
        decl = ''.join(' (param %s)' % x for x in ps + (['i32'] if spill else []))
        decl += '' if spill else ''.join(' (result %s)' % x for x in rs)
        imports.append('    (import "c" "%s" (func $i-%s%s))\n' % (name, name, decl))
        args = ''.join(' (local.get %d)' % j for j in range(len(ps)))
        if spill:
            funcs.append('    (func (export "%s")%s (result i32)\n      (call $i-%s%s (i32.const %d)) (i32.const %d))\n'
                         % (name, ''.join(' (param %s)' % x for x in ps), name, args, OUT, OUT))
        else:
            funcs.append('    (func (export "%s")%s (result %s)\n      (call $i-%s%s))\n'
                         % (name, ''.join(' (param %s)' % x for x in ps), rs[0], name, args))
        inst.append('    (export "%s" (func $lo-%s))\n' % (name, name))
    o.append('  (core module $B\n')
    o.extend(imports)
    o.extend(funcs)
    o.append('  )\n  (core instance $imps\n')
    o.extend(inst)
    o.append('  )\n  (core instance $b (instantiate $B (with "c" (instance $imps))))\n')
    for name, t, kind, eo in EXPORTS:
        if kind == 'rt':
            o.append('  (func (export "%s") (param "x" %s)%s (result %s)\n    (canon lift (core func $b "%s") %s))\n'
                     % (name, ref(t), pad, ref(t), name, eo))
            ld = 'ld' + name[2:]
            o.append('  (func (export "%s") (param "p" u32) (result %s)\n    (canon lift (core func $b "%s") %s))\n'
                     % (ld, ref(t), name, eo))
        else:
            o.append('  (func (export "%s") (param "x" %s) (result (list u8))\n    (canon lift (core func $b "%s") %s))\n'
                     % (name, ref(t), name, eo))
    o.append('''  (func (export "poke") (param "p" u32) (param "v" u64) (canon lift (core func $m "poke")))
  (func (export "set-mode") (param "m" u32) (canon lift (core func $m "set-mode")))
  (func (export "reset") (canon lift (core func $m "reset")))
  (func (export "heap") (result (list u8)) (canon lift (core func $m "heap") %s))
  (func (export "pr-count") (result u32) (canon lift (core func $m "pr-count")))
)
''' % opts)
    o.extend(out[COMMANDS_START:])
    return ''.join(o)


if len(sys.argv) > 1:
    with open(sys.argv[1], 'w') as f:
        f.write(''.join(out))
    if len(sys.argv) > 2:
        with open(sys.argv[2], 'w') as f:
            f.write(lowered())
else:
    sys.stdout.write(''.join(out))
